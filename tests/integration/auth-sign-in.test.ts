// Sign-in: one answer whether or not the account exists, throttling that recovers, two-factor
// codes usable once, and passwords that never come back in responses, logs or the audit log.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as dashboard from "../../app/routes/_index";
import * as login from "../../app/routes/login";
import * as profile from "../../app/routes/profile._index";
import * as twoFactor from "../../app/routes/profile.two-factor";
import * as settings from "../../app/routes/admin.settings";
import { listAudit } from "../../db/queries/audit";
import { getUser } from "../../db/queries/users";
import { totpCode } from "../../lib/security/totp";
import { ACCOUNT_RULE, IP_RULE } from "../../app/sign-in.server";
import { callAction, callLoader, createUserWithSession, sessionFrom, TEST_PASSWORD, type Outcome } from "../support/auth";
import { createTestDatabase, type TestDatabase } from "../support/db";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());
afterEach(() => vi.restoreAllMocks());

let ipCounter = 0;
const freshIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;
const signIn = (email: string, password: string, extra: { ip?: string; now?: () => Date } = {}) =>
  callAction(login.action, { database, path: "/login", form: { email, password }, ip: extra.ip ?? freshIp(), now: extra.now });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const visible = (o: Outcome) => ({ status: o.status, data: o.data, cookies: o.cookies, location: o.location });

describe("a wrong password never reveals whether the account exists", () => {
  it("answers an unknown e-mail and a wrong password with the same status, message and headers", async () => {
    const { user } = await createUserWithSession(database, "viewer", { email: "known@example.org" });
    const wrong = await signIn(user.email, "not the right password at all");
    const unknown = await signIn("known@example.org".replace("known", "unknown"), "not the right password at all");
    expect(wrong.status).toBe(400);
    const strip = (o: Outcome) => ({ ...visible(o), data: { ...(o.data as object), values: undefined } });
    expect(strip(unknown)).toEqual(strip(wrong));
    expect((wrong.data as { formError: string }).formError).toBe("The e-mail address or password is not right.");
  });

  it("takes as long for an unknown e-mail as for a wrong password (equal work, medians of several tries)", async () => {
    const users = await Promise.all([...Array(7)].map(() => createUserWithSession(database, "viewer")));
    await signIn("warm-up@example.org", "warm-up password here"); // first dummy hash is computed lazily
    const known: number[] = [];
    const unknown: number[] = [];
    for (const [i, { user }] of users.entries()) {
      let t = performance.now();
      await signIn(user.email, "a wrong password for this");
      known.push(performance.now() - t);
      t = performance.now();
      await signIn(`nobody-${i}@example.org`, "a wrong password for this");
      unknown.push(performance.now() - t);
    }
    // Without the dummy hash an unknown e-mail answers about ten times faster; noise is far below 2x.
    const ratio = median(unknown) / median(known);
    expect(ratio, `medians: unknown ${median(unknown).toFixed(1)} ms, known ${median(known).toFixed(1)} ms`).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});

describe("after sign-in", () => {
  it("returns to the page asked for, but never to another site", async () => {
    const { user } = await createUserWithSession(database, "viewer");
    const go = async (redirectTo: string) =>
      (await callAction(login.action, { database, path: "/login", ip: freshIp(), form: { email: user.email, password: TEST_PASSWORD, redirectTo } })).location;
    expect(await go("/cases?page=2")).toBe("/cases?page=2");
    for (const evil of ["//evil.example/x", "https://evil.example", "/\\evil.example", "javascript:alert(1)"]) expect(await go(evil)).toBe("/");
  });
});

describe("throttling", () => {
  it("blocks an account after 5 failures for 15 minutes, says when to retry, then lets the real user in", async () => {
    const { user } = await createUserWithSession(database, "editor");
    const t0 = new Date();
    for (let i = 0; i < ACCOUNT_RULE.limit - 1; i++) expect((await signIn(user.email, "wrong password number x", { now: () => t0 })).status).toBe(400);
    const fifth = await signIn(user.email, "wrong password number x", { now: () => t0 });
    expect(fifth.status).toBe(429);
    // Even the right password waits, from any address; the message says until when.
    const blocked = await signIn(user.email, TEST_PASSWORD, { now: () => new Date(t0.getTime() + 60_000) });
    expect(blocked.status).toBe(429);
    expect((blocked.data as { formError: string }).formError).toMatch(/try again in 14 minutes \(after \d\d:\d\d UTC\)/);
    const later = await signIn(user.email, TEST_PASSWORD, { now: () => new Date(t0.getTime() + 15 * 60_000 + 1000) });
    expect(later.status).toBe(302);
    expect(sessionFrom(later)).toBeDefined();
    // Success clears the account's count: a later typo starts from zero.
    expect((await signIn(user.email, "one typo here please", { now: () => new Date(t0.getTime() + 16 * 60_000) })).status).toBe(400);
  });

  it("blocks an address that tries many accounts, without affecting other addresses", async () => {
    const ip = "192.0.2.77";
    const t0 = new Date();
    for (let i = 0; i < IP_RULE.limit - 1; i++) await signIn(`spray-${i}@example.org`, "Spring2024 password", { ip, now: () => t0 });
    expect((await signIn("spray-last@example.org", "Spring2024 password", { ip, now: () => t0 })).status).toBe(429);
    const { user } = await createUserWithSession(database, "viewer");
    expect((await signIn(user.email, TEST_PASSWORD, { ip, now: () => t0 })).status).toBe(429);
    expect((await signIn(user.email, TEST_PASSWORD, { ip: "192.0.2.78", now: () => t0 })).status).toBe(302);
    expect((await signIn(user.email, TEST_PASSWORD, { ip, now: () => new Date(t0.getTime() + 16 * 60_000) })).status).toBe(302);
  });
});

describe("passwords stay secret", () => {
  it("never appear in responses, logs or the audit log", async () => {
    const output: string[] = [];
    for (const m of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void output.push(a.map(String).join(" ")));
    }
    const out = vi.spyOn(process.stdout, "write").mockImplementation((c) => (output.push(String(c)), true));
    const err = vi.spyOn(process.stderr, "write").mockImplementation((c) => (output.push(String(c)), true));
    const secret = "Sup3r secret phrase 4711";
    const { user, cookie } = await createUserWithSession(database, "viewer");
    const outcomes = [
      await signIn(user.email, secret),
      await signIn("nobody-here@example.org", secret),
      await signIn("not-an-email", secret),
      await callAction(profile.action, { database, path: "/profile", cookie, form: { intent: "password", current: secret, password: secret, confirm: secret } }),
      await callAction(profile.action, { database, path: "/profile", cookie, form: { intent: "password", current: TEST_PASSWORD, password: secret, confirm: `${secret}x` } }),
      await callAction(profile.action, { database, path: "/profile", cookie, form: { intent: "password", current: TEST_PASSWORD, password: "short", confirm: "short" } }),
    ];
    out.mockRestore();
    err.mockRestore();
    const audit = await listAudit(database.db, { limit: 500 });
    for (const o of outcomes) {
      expect(o.status).toBeGreaterThanOrEqual(400);
      const text = JSON.stringify(visible(o));
      expect(text).not.toContain(secret);
      expect(text).not.toContain('"short"');
    }
    expect(output.join("\n")).not.toContain(secret);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });
});

describe("two-factor sign-in", () => {
  async function enrol(cookie: string, now: Date) {
    await callAction(twoFactor.action, { database, path: "/profile/two-factor", cookie, form: { intent: "start" } });
    const page = await callLoader(twoFactor.loader, { database, path: "/profile/two-factor", cookie });
    const { secret, qr } = (page.data as { pending: { secret: string; qr: string } }).pending;
    // The enrolment QR code: an SVG image (allowed by the CSP as a data: URL), no script.
    expect(qr).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(qr.split(",")[1]!, "base64").toString();
    expect(svg).toMatch(/^<svg[^>]*>/);
    expect(svg).not.toMatch(/<script/i);
    const res = await callAction(twoFactor.action, { database, path: "/profile/two-factor", cookie, form: { intent: "confirm", code: totpCode(secret, now) }, now: () => now });
    expect(res.status).toBe(302);
    return secret;
  }

  it("asks for a code after the password, and each code works once", async () => {
    const t0 = new Date(Math.floor(Date.now() / 30_000) * 30_000 - 5 * 60_000);
    const { user, cookie } = await createUserWithSession(database, "editor");
    const secret = await enrol(cookie, t0);
    const step1 = await signIn(user.email, TEST_PASSWORD);
    expect(step1.location).toBe("/login");
    const pending = sessionFrom(step1, "a3_pending")!;
    expect(sessionFrom(step1)).toBeUndefined(); // not signed in yet
    expect(await callLoader(dashboard.loader, { database, path: "/", cookie: pending.replace("a3_pending", "a3_session") }).then((o) => o.status)).toBe(302);
    expect((await callLoader(login.loader, { database, path: "/login", cookie: pending })).data).toEqual({ step: "code" });

    const now = new Date(t0.getTime() + 60_000);
    const code = totpCode(secret, now);
    const wrong = await callAction(login.action, { database, path: "/login", cookie: pending, form: { intent: "code", code: code === "000000" ? "111111" : "000000" }, now: () => now });
    expect(wrong.status).toBe(400);
    const ok = await callAction(login.action, { database, path: "/login", cookie: pending, form: { intent: "code", code }, now: () => now });
    expect(ok.status).toBe(302);
    const session = sessionFrom(ok)!;
    expect((await callLoader(dashboard.loader, { database, path: "/", cookie: session })).status).toBe(200);

    // The same code again, even with a new password step, is refused.
    const again = sessionFrom(await signIn(user.email, TEST_PASSWORD), "a3_pending")!;
    const replay = await callAction(login.action, { database, path: "/login", cookie: again, form: { intent: "code", code }, now: () => now });
    expect(replay.status).toBe(400);
    const audit = await listAudit(database.db, { actorId: user.id, action: "auth.sign_in" });
    expect(audit[0]!.details).toEqual({ twoFactor: true });
  });

  it("when an admin requires it, users without two-factor are sent to set it up first", async () => {
    const { cookie: adminCookie } = await createUserWithSession(database, "admin");
    const { user, cookie } = await createUserWithSession(database, "viewer");
    // Refused until the admin has two-factor themselves.
    const refused = await callAction(settings.action, { database, path: "/admin/settings", cookie: adminCookie, form: { intent: "save", requireTwoFactor: "on" } });
    expect(refused.status).toBe(400);
    await enrol(adminCookie, new Date());
    await callAction(settings.action, { database, path: "/admin/settings", cookie: adminCookie, form: { intent: "save", requireTwoFactor: "on" } });
    const res = await callLoader(dashboard.loader, { database, path: "/", cookie });
    expect(res.location).toBe("/profile/two-factor?required=1");
    expect((await callLoader(twoFactor.loader, { database, path: "/profile/two-factor", cookie })).status).toBe(200);
    await enrol(cookie, new Date());
    expect((await callLoader(dashboard.loader, { database, path: "/", cookie })).status).toBe(200);
    expect((await getUser(database.db, user.id))!.totpSecret).not.toBeNull();
    await callAction(settings.action, { database, path: "/admin/settings", cookie: adminCookie, form: { intent: "save" } });
  });
});
