// Sessions: idle and absolute limits, sign-out, deactivation, password change and admin revocation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getUser } from "../../db/queries/users";
import { hashToken } from "../../lib/security/tokens";
import { sessions } from "../../db/schema/auth";
import { eq } from "drizzle-orm";
import * as adminUser from "../../app/routes/admin.users.$id";
import * as dashboard from "../../app/routes/dashboard";
import * as login from "../../app/routes/login";
import * as logout from "../../app/routes/logout";
import * as profile from "../../app/routes/profile._index";
import { callAction, callLoader, createUserWithSession, sessionCookieFor, sessionFrom, TEST_PASSWORD } from "../support/auth";
import { createTestDatabase, type TestDatabase } from "../support/db";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

const MIN = 60_000;
const at = (base: Date, ms: number) => () => new Date(base.getTime() + ms);
const signedIn = async (cookie: string, now?: () => Date) =>
  (await callLoader(dashboard.loader, { database, path: "/", cookie, now })).status === 200;

describe("session cookie", () => {
  it("is a fresh random 256-bit token at each sign-in, stored only as a hash, HttpOnly and SameSite=Lax", async () => {
    const { user } = await createUserWithSession(database, "viewer");
    const signIn = () => callAction(login.action, { database, path: "/login", form: { email: user.email, password: TEST_PASSWORD } });
    const [a, b] = [await signIn(), await signIn()];
    expect(a.status).toBe(302);
    const [cookieA, cookieB] = [sessionFrom(a)!, sessionFrom(b)!];
    expect(cookieA).not.toEqual(cookieB);
    const token = cookieA.split("=")[1]!;
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(a.cookies[0]).toMatch(/^a3_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    const rows = await database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows.some((r) => r.tokenHash === hashToken(token))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("is __Host- prefixed and Secure when served over HTTPS", async () => {
    const { user } = await createUserWithSession(database, "viewer");
    const res = await callAction(login.action, {
      database,
      path: "/login",
      form: { email: user.email, password: TEST_PASSWORD },
      env: { PUBLIC_URL: "https://article3.example.org" },
    });
    expect(res.cookies[0]).toMatch(/^__Host-a3_session=[\w-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
  });
});

describe("session limits (default 60 min idle, 12 h absolute)", () => {
  it("ends after 60 idle minutes, and activity keeps it alive", async () => {
    const t0 = new Date();
    const { user } = await createUserWithSession(database, "viewer");
    const idle = await sessionCookieFor(database, user.id, t0);
    expect(await signedIn(idle, at(t0, 59 * MIN))).toBe(true);
    // last seen at +59: still alive at +118, gone 60 idle minutes after that.
    expect(await signedIn(idle, at(t0, 118 * MIN))).toBe(true);
    expect(await signedIn(idle, at(t0, 179 * MIN))).toBe(false);
    const res = await callLoader(dashboard.loader, { database, path: "/cases", cookie: idle, now: at(t0, 179 * MIN) });
    expect(res.location).toBe("/login?redirectTo=%2Fcases");
    expect(res.cookies[0]).toMatch(/^a3_session=; .*Max-Age=0/);
  });

  it("ends 12 hours after sign-in however active the user is", async () => {
    const t0 = new Date();
    const { user } = await createUserWithSession(database, "viewer");
    const cookie = await sessionCookieFor(database, user.id, t0);
    for (let m = 30; m < 12 * 60; m += 30) expect(await signedIn(cookie, at(t0, m * MIN))).toBe(true);
    expect(await signedIn(cookie, at(t0, 12 * 60 * MIN))).toBe(false);
  });

  it("honours SESSION_IDLE_MINUTES and SESSION_MAX_HOURS", async () => {
    const t0 = new Date();
    const { user } = await createUserWithSession(database, "viewer");
    const env = { SESSION_IDLE_MINUTES: "5", SESSION_MAX_HOURS: "1" };
    const res = await callAction(login.action, { database, path: "/login", form: { email: user.email, password: TEST_PASSWORD }, env, now: () => t0 });
    const cookie = sessionFrom(res)!;
    const check = async (ms: number) => (await callLoader(dashboard.loader, { database, path: "/", cookie, env, now: at(t0, ms) })).status;
    expect(await check(4 * MIN)).toBe(200);
    expect(await check(8 * MIN)).toBe(200);
    expect(await check(14 * MIN)).toBe(302);
    const res2 = await callAction(login.action, { database, path: "/login", form: { email: user.email, password: TEST_PASSWORD }, env, now: () => t0 });
    const cookie2 = sessionFrom(res2)!;
    let t = 0;
    for (; t < 60 * MIN; t += 4 * MIN) {
      expect((await callLoader(dashboard.loader, { database, path: "/", cookie: cookie2, env, now: at(t0, t) })).status).toBe(200);
    }
    expect((await callLoader(dashboard.loader, { database, path: "/", cookie: cookie2, env, now: at(t0, 60 * MIN) })).status).toBe(302);
  });

  it("writes last_seen_at at most once a minute", async () => {
    const t0 = new Date();
    const { user } = await createUserWithSession(database, "viewer");
    const cookie = await sessionCookieFor(database, user.id, t0);
    const token = cookie.split("=")[1]!;
    const seen = async () => (await database.db.select().from(sessions).where(eq(sessions.tokenHash, hashToken(token))))[0]!.lastSeenAt;
    await signedIn(cookie, at(t0, 30_000));
    expect((await seen()).getTime()).toBe(t0.getTime());
    await signedIn(cookie, at(t0, 90_000));
    expect((await seen()).getTime()).toBe(t0.getTime() + 90_000);
  });
});

describe("ending sessions", () => {
  it("sign-out ends this session at once and only this one", async () => {
    const { user, cookie } = await createUserWithSession(database, "editor");
    const other = await sessionCookieFor(database, user.id);
    const res = await callAction(logout.action, { database, path: "/logout", cookie });
    expect(res.location).toBe("/login");
    expect(res.cookies[0]).toMatch(/Max-Age=0/);
    expect(await signedIn(cookie)).toBe(false);
    expect(await signedIn(other)).toBe(true);
  });

  it("deactivation by an admin ends every session of the user at once, and they cannot sign in", async () => {
    const { cookie: adminCookie } = await createUserWithSession(database, "admin");
    const { user, cookie } = await createUserWithSession(database, "viewer");
    const second = await sessionCookieFor(database, user.id);
    const res = await callAction(adminUser.action, { database, path: `/admin/users/${user.id}`, params: { id: user.id }, cookie: adminCookie, form: { intent: "deactivate" } });
    expect(res.status).toBe(302);
    expect(await signedIn(cookie)).toBe(false);
    expect(await signedIn(second)).toBe(false);
    expect((await getUser(database.db, user.id))!.active).toBe(false);
    const again = await callAction(login.action, { database, path: "/login", form: { email: user.email, password: TEST_PASSWORD } });
    expect(again.status).toBe(400);
    // Reactivation does not bring old sessions back.
    await callAction(adminUser.action, { database, path: `/admin/users/${user.id}`, params: { id: user.id }, cookie: adminCookie, form: { intent: "reactivate" } });
    expect(await signedIn(cookie)).toBe(false);
  });

  it("a password change ends every other session and keeps this browser signed in with a new one", async () => {
    const { user, cookie } = await createUserWithSession(database, "viewer");
    const other = await sessionCookieFor(database, user.id);
    const res = await callAction(profile.action, {
      database,
      path: "/profile",
      cookie,
      form: { intent: "password", current: TEST_PASSWORD, password: "amber quarry lantern 93", confirm: "amber quarry lantern 93" },
    });
    expect(res.status).toBe(302);
    const fresh = sessionFrom(res)!;
    expect(await signedIn(other)).toBe(false);
    expect(await signedIn(cookie)).toBe(false);
    expect(await signedIn(fresh)).toBe(true);
  });

  it("admins see a user's open sessions and end one of them", async () => {
    const { cookie: adminCookie } = await createUserWithSession(database, "admin");
    const { user, cookie } = await createUserWithSession(database, "editor");
    const other = await sessionCookieFor(database, user.id);
    const page = await callLoader(adminUser.loader, { database, path: `/admin/users/${user.id}`, params: { id: user.id }, cookie: adminCookie });
    const listed = (page.data as { sessions: { id: string }[] }).sessions;
    expect(listed).toHaveLength(2);
    const victim = (await database.db.select().from(sessions).where(eq(sessions.tokenHash, hashToken(cookie.split("=")[1]!))))[0]!;
    await callAction(adminUser.action, { database, path: "/x", params: { id: user.id }, cookie: adminCookie, form: { intent: "revoke-session", session: victim.id } });
    expect(await signedIn(cookie)).toBe(false);
    expect(await signedIn(other)).toBe(true);
    await callAction(adminUser.action, { database, path: "/x", params: { id: user.id }, cookie: adminCookie, form: { intent: "revoke-all" } });
    expect(await signedIn(other)).toBe(false);
  });

  it("never lets the last active administrator be demoted or deactivated", async () => {
    const db2 = await createTestDatabase();
    try {
      const { user, cookie } = await createUserWithSession(db2, "admin");
      const res = await callAction(adminUser.action, { database: db2, path: "/x", params: { id: user.id }, cookie, form: { intent: "role", role: "viewer" } });
      expect(res.status).toBe(400);
      expect((await getUser(db2.db, user.id))!.role).toBe("admin");
    } finally {
      await db2.close();
    }
  });
});
