// What the outside attack and the hand mutations found in accounts: feed links that outlived a
// password change or a deactivation, forms that crashed on a JSON body, internationalised e-mail
// addresses refused, names that could carry bidi overrides, and session checks no test pinned.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as dashboard from "../../app/routes/dashboard";
import * as adminUser from "../../app/routes/admin.users.$id";
import * as adminUsers from "../../app/routes/admin.users._index";
import * as changes from "../../app/routes/changes._index";
import * as feed from "../../app/routes/changes[.]atom";
import * as invite from "../../app/routes/invite.$token";
import * as login from "../../app/routes/login";
import * as profile from "../../app/routes/profile._index";
import * as setup from "../../app/routes/setup.$token";
import { createSetupToken } from "../../db/queries/invites";
import { findUserByEmail, getUser, updateUser } from "../../db/queries/users";
import { sessions } from "../../db/schema/auth";
import { hashToken } from "../../lib/security/tokens";
import { callAction, callLoader, createUserWithSession, sessionCookieFor, sessionFrom, TEST_PASSWORD } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";
import { testContext, TEST_ORIGIN } from "../support/remix";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

const MIN = 60_000;
const GOOD = "granite heron violin 27";
const signedIn = async (cookie: string, now?: () => Date) =>
  (await callLoader(dashboard.loader, { database, path: "/", cookie, now })).status === 200;

async function feedStatus(feedUrl: string): Promise<number> {
  try {
    const res = (await feed.loader({ request: new Request(feedUrl), params: {}, context: testContext(database) })) as Response;
    return res.status;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}

async function newFeedUrl(cookie: string): Promise<string> {
  const res = await callAction(changes.action, { database, path: "/changes", cookie, form: { intent: "create-feed-token" } });
  const url = (res.data as { feedUrl: string }).feedUrl;
  expect(await feedStatus(url)).toBe(200);
  return url;
}

/** Calls an action with a raw body, as a script (not our form) would send it. */
async function rawAction(action: (a: never) => unknown, path: string, body: BodyInit, contentType: string | null, cookie?: string) {
  const headers = new Headers({ origin: TEST_ORIGIN });
  if (contentType) headers.set("content-type", contentType);
  if (cookie) headers.set("cookie", cookie);
  try {
    const out = await (action as (a: unknown) => Promise<unknown>)({
      request: new Request(new URL(path, TEST_ORIGIN), { method: "POST", body, headers }),
      params: {},
      context: testContext(database),
    });
    return { status: out instanceof Response ? out.status : 200, message: "" };
  } catch (e) {
    if (!(e instanceof Response)) throw e;
    return { status: e.status, message: String(((await e.json().catch(() => ({}))) as { message?: string }).message ?? "") };
  }
}

describe(`feed links end with the credentials they were made under (${testDbKind()})`, () => {
  it("a password change revokes the feed link", async () => {
    const { cookie } = await createUserWithSession(database, "viewer");
    const url = await newFeedUrl(cookie);
    const res = await callAction(profile.action, {
      database,
      path: "/profile",
      cookie,
      form: { intent: "password", current: TEST_PASSWORD, password: "amber quarry lantern 93", confirm: "amber quarry lantern 93" },
    });
    expect(res.status).toBe(302);
    expect(await feedStatus(url)).toBe(404);
  });

  it("deactivation revokes it, and reactivation does not bring it back", async () => {
    const { cookie: adminCookie } = await createUserWithSession(database, "admin");
    const { user, cookie } = await createUserWithSession(database, "viewer");
    const url = await newFeedUrl(cookie);
    const as = { database, path: `/admin/users/${user.id}`, params: { id: user.id }, cookie: adminCookie };
    await callAction(adminUser.action, { ...as, form: { intent: "deactivate" } });
    expect(await feedStatus(url)).toBe(404);
    await callAction(adminUser.action, { ...as, form: { intent: "reactivate" } });
    expect(await feedStatus(url)).toBe(404);
  });

  it("reactivating someone deactivated before this fix also ends a feed link they kept", async () => {
    const { cookie: adminCookie } = await createUserWithSession(database, "admin");
    const { user, cookie } = await createUserWithSession(database, "viewer");
    const url = await newFeedUrl(cookie);
    await updateUser(database.db, user.id, { active: false }); // as the old code left it: token not revoked
    await callAction(adminUser.action, { database, path: `/admin/users/${user.id}`, params: { id: user.id }, cookie: adminCookie, form: { intent: "reactivate" } });
    expect(await feedStatus(url)).toBe(404);
  });
});

describe("bodies that are not our forms answer 400 with a message, never a 500", () => {
  it("sign-in with a JSON body, a broken multipart body, or none", async () => {
    const json = await rawAction(login.action, "/login", JSON.stringify({ email: "a@example.org", password: "x" }), "application/json");
    expect(json.status).toBe(400);
    expect(json.message).toMatch(/form submissions only/);
    const broken = await rawAction(login.action, "/login", '--b\r\nContent-Disposition: form-data; name="email"\r\n\r\nx', "multipart/form-data; boundary=b");
    expect(broken.status).toBe(400);
    expect(broken.message).toMatch(/could not be read/);
    const none = await rawAction(login.action, "/login", "email=a", null);
    expect(none.status).toBe(400);
  });

  it("the same for a signed-in form (profile)", async () => {
    const { cookie } = await createUserWithSession(database, "viewer");
    const res = await rawAction(profile.action, "/profile", "{}", "application/json", cookie);
    expect(res.status).toBe(400);
  });
});

describe("internationalised e-mail addresses", () => {
  it("are accepted at invitation and sign-in, stored once (NFC, lower-case, Unicode domain), found by any spelling", async () => {
    const { cookie } = await createUserWithSession(database, "admin");
    const invited = await callAction(adminUsers.action, { database, cookie, path: "/admin/users", form: { intent: "invite", email: "Анна@Пример.РФ", role: "viewer" } });
    expect(invited.status).toBe(200);
    expect((invited.data as { email: string }).email).toBe("анна@пример.рф");
    const token = (invited.data as { url: string }).url.split("/invite/")[1]!;
    const accepted = await callAction(invite.action, { database, path: `/invite/${token}`, params: { token }, form: { name: "Анна Петрова", password: GOOD, confirm: GOOD } });
    expect(accepted.status).toBe(302);
    expect((await findUserByEmail(database.db, "анна@пример.рф"))!.email).toBe("анна@пример.рф");
    for (const spelling of ["анна@пример.рф", "АННА@ПРИМЕР.РФ", "анна@xn--e1afmkfd.xn--p1ai", " анна@пример.рф "]) {
      const res = await callAction(login.action, { database, path: "/login", ip: "10.8.0.1", form: { email: spelling, password: GOOD } });
      expect(res.status, spelling).toBe(302);
    }
    // The same address again, in another spelling: already a user.
    const twice = await callAction(adminUsers.action, { database, cookie, path: "/admin/users", form: { intent: "invite", email: "анна@xn--e1afmkfd.xn--p1ai", role: "viewer" } });
    expect(twice.status).toBe(400);
    expect(JSON.stringify(twice.data)).toMatch(/already has an account/);
  });

  it("still refuses what is not an address", async () => {
    const { cookie } = await createUserWithSession(database, "admin");
    for (const email of ["анна", "анна@", "a b@example.org", "a@localhost", "a\u202E@example.org", "a@exa mple.org"]) {
      const res = await callAction(adminUsers.action, { database, cookie, path: "/admin/users", form: { intent: "invite", email, role: "viewer" } });
      expect(res.status, email).toBe(400);
    }
  });
});

describe("names people type lose bidi overrides and invisible characters", () => {
  const tricky = "Ada\u202E ecalevoL\u200B \u2066x\u2069";
  const clean = "Ada ecalevoL x";

  it("at setup, invitation acceptance and on the profile", async () => {
    const fresh = await createTestDatabase();
    try {
      const { token } = await createSetupToken(fresh.db, new Date());
      const res = await callAction(setup.action, { database: fresh, path: `/setup/${token}`, params: { token }, form: { name: tricky, email: "first@example.org", password: GOOD, confirm: GOOD } });
      expect(res.status).toBe(302);
      expect((await findUserByEmail(fresh.db, "first@example.org"))!.name).toBe(clean);
    } finally {
      await fresh.close();
    }
    const { cookie: adminCookie } = await createUserWithSession(database, "admin");
    const invited = await callAction(adminUsers.action, { database, cookie: adminCookie, path: "/admin/users", form: { intent: "invite", email: "bidi@example.org", role: "viewer" } });
    const token = (invited.data as { url: string }).url.split("/invite/")[1]!;
    await callAction(invite.action, { database, path: `/invite/${token}`, params: { token }, form: { name: tricky, password: GOOD, confirm: GOOD } });
    expect((await findUserByEmail(database.db, "bidi@example.org"))!.name).toBe(clean);

    const { user, cookie } = await createUserWithSession(database, "viewer");
    await callAction(profile.action, { database, path: "/profile", cookie, form: { intent: "name", name: tricky } });
    expect((await getUser(database.db, user.id))!.name).toBe(clean);
    // Nothing left once cleaned: refused like an empty name.
    const empty = await callAction(profile.action, { database, path: "/profile", cookie, form: { intent: "name", name: "\u202E\u200B " } });
    expect(empty.status).toBe(400);
  });
});

describe(`session checks pinned (${testDbKind()})`, () => {
  it("a deactivated user's session stops working even if it was not revoked", async () => {
    const { user, cookie } = await createUserWithSession(database, "viewer");
    expect(await signedIn(cookie)).toBe(true);
    await updateUser(database.db, user.id, { active: false });
    expect(await signedIn(cookie)).toBe(false);
    await updateUser(database.db, user.id, { active: true });
  });

  it("ending a session from one user's admin page cannot end another user's session", async () => {
    const { cookie: adminCookie } = await createUserWithSession(database, "admin");
    const { user: a } = await createUserWithSession(database, "viewer");
    const { cookie: bCookie } = await createUserWithSession(database, "viewer");
    const bSession = (await database.db.select().from(sessions).where(eq(sessions.tokenHash, hashToken(bCookie.split("=")[1]!))))[0]!;
    await callAction(adminUser.action, { database, path: `/admin/users/${a.id}`, params: { id: a.id }, cookie: adminCookie, form: { intent: "revoke-session", session: bSession.id } });
    expect(await signedIn(bCookie)).toBe(true);
  });

  it("idle sessions are not listed as open", async () => {
    const t0 = new Date();
    const { cookie: adminCookie } = await createUserWithSession(database, "admin", { now: t0 });
    const { user } = await createUserWithSession(database, "viewer", { now: new Date(t0.getTime() - 90 * MIN) });
    await sessionCookieFor(database, user.id, new Date(t0.getTime() - 5 * MIN));
    const page = await callLoader(adminUser.loader, { database, path: `/admin/users/${user.id}`, params: { id: user.id }, cookie: adminCookie, now: () => t0 });
    const listed = (page.data as { sessions: { lastSeenAt: Date }[] }).sessions;
    expect(listed).toHaveLength(1);
    expect(new Date(listed[0]!.lastSeenAt).getTime()).toBe(t0.getTime() - 5 * MIN);
  });

  it("sign-out through the one helper ends this session only and drops the cookie", async () => {
    const { user, cookie } = await createUserWithSession(database, "viewer");
    const other = await sessionCookieFor(database, user.id);
    const { signOut } = await import("../../app/auth.server");
    const res = await signOut({ request: new Request(`${TEST_ORIGIN}/logout`, { method: "POST", headers: { cookie } }), context: testContext(database) });
    expect(res.headers.get("location")).toBe("/login");
    expect(res.headers.getSetCookie()[0]).toMatch(/^a3_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await signedIn(cookie)).toBe(false);
    expect(await signedIn(other)).toBe(true);
    expect(sessionFrom({ status: 302, location: null, headers: res.headers, data: null, cookies: res.headers.getSetCookie() })).toBeUndefined();
  });
});
