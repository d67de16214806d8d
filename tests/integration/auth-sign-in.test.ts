// Sign-in: one answer whether or not the account exists, throttling that slows attackers but
// never locks the real user out, two-factor codes usable once and counted per account, and
// passwords that never come back in responses, logs or the audit log.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as dashboard from "../../app/routes/dashboard";
import * as login from "../../app/routes/login";
import * as logout from "../../app/routes/logout";
import * as profile from "../../app/routes/profile._index";
import * as twoFactor from "../../app/routes/profile.two-factor";
import * as settings from "../../app/routes/admin.settings";
import { listAudit } from "../../db/queries/audit";
import { getUser } from "../../db/queries/users";
import { totpCode } from "../../lib/security/totp";
import { ADDRESS_RULE, CODE_RULE, PAIR_RULE } from "../../app/sign-in.server";
import { callAction, callLoader, createUserWithSession, sessionFrom, TEST_PASSWORD, type Outcome } from "../support/auth";
import { createTestDatabase, type TestDatabase } from "../support/db";

// Count the password verifications: equal work at sign-in is checked by counting, not timing.
const argon = vi.hoisted(() => ({ verified: [] as string[] }));
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof import("@node-rs/argon2")>();
  return {
    ...real,
    verify: (hash: string, password: string) => {
      argon.verified.push(hash);
      return real.verify(hash, password);
    },
  };
});

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
const visible = (o: Outcome) => ({ status: o.status, data: o.data, cookies: o.cookies, location: o.location });
const MIN = 60_000;
const later = (t0: Date, ms: number) => () => new Date(t0.getTime() + ms);
const message = (o: Outcome) => (o.data as { formError?: string } | null)?.formError ?? "";

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

  it("does the same work for an unknown e-mail as for a wrong password: one argon2id verification at the same cost", async () => {
    const { user } = await createUserWithSession(database, "viewer");
    const costOf = (hash: string) => hash.split("$").slice(1, 4).join("$"); // argon2id$v=19$m=…,t=…,p=…
    argon.verified.length = 0;
    await signIn(user.email, "a wrong password for this");
    const known = [...argon.verified];
    argon.verified.length = 0;
    await signIn("nobody-at-all@example.org", "a wrong password for this");
    const unknown = [...argon.verified];
    expect(known).toHaveLength(1);
    expect(unknown).toHaveLength(1);
    expect(costOf(unknown[0]!)).toBe(costOf(known[0]!));
    expect(costOf(known[0]!)).toBe("argon2id$v=19$m=19456,t=2,p=1");
  });
});

describe("after sign-in", () => {
  it("returns to the page asked for, but never to another site", async () => {
    const { user } = await createUserWithSession(database, "viewer");
    const go = async (redirectTo: string) =>
      (await callAction(login.action, { database, path: "/login", ip: freshIp(), form: { email: user.email, password: TEST_PASSWORD, redirectTo } })).location;
    expect(await go("/cases?page=2")).toBe("/cases?page=2");
    expect(await go("/notices?q=x#history")).toBe("/notices?q=x#history");
    // Browsers drop tabs and newlines and read "\" as "/": each of these would land on evil.example.
    for (const evil of [
      "//evil.example/x",
      "https://evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example/phish",
      "/\n/evil.example",
      "/\r\n/evil.example",
      " //evil.example",
      "/x/..//evil.example",
      "javascript:alert(1)",
      "http://localhost:3000@evil.example/",
    ]) {
      expect(await go(evil), JSON.stringify(evil)).toBe("/");
    }
  });

  it("answers any redirectTo with a valid single-line Location, never a 500 (newlines, non-Latin-1)", async () => {
    const { user, cookie } = await createUserWithSession(database, "viewer");
    // Signed in already: the sign-in page sends on at once.
    for (const [query, location] of [
      ["%0a", "/"],
      ["%0d%0aSet-Cookie:%20x=1", "/"],
      ["%2F%0d%0aSet-Cookie:%20x=1", "/Set-Cookie:%20x=1"],
      ["%2Fnotices%2F%E2%80%AE", "/notices/%E2%80%AE"],
      ["%2F%C3%A9t%C3%A9%3Fq%3D%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2", "/%C3%A9t%C3%A9?q=%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2"],
      ["%2F%09%2Fevil.example%2Fphish", "/"],
    ] as const) {
      const res = await callLoader(login.loader, { database, path: `/login?redirectTo=${query}`, cookie });
      expect(res.status, query).toBe(302);
      expect(res.location, query).toBe(location);
    }
    // And through the form, the same.
    const res = await callAction(login.action, {
      database,
      path: "/login",
      ip: freshIp(),
      form: { email: user.email, password: TEST_PASSWORD, redirectTo: "/caf\u00e9\u2028\n" },
    });
    expect(res.location).toBe("/caf%C3%A9%E2%80%A8");
  });
});

describe("throttling: slow for an attacker, never a lock-out for the real user", () => {
  it("makes one address guessing one account wait longer and longer, then lets the right password in", async () => {
    const { user } = await createUserWithSession(database, "editor");
    const ip = freshIp();
    const t0 = new Date();
    for (let i = 0; i < PAIR_RULE.free; i++) expect((await signIn(user.email, "wrong password number x", { ip, now: () => t0 })).status).toBe(400);
    const fifth = await signIn(user.email, "wrong password number x", { ip, now: () => t0 });
    expect(fifth.status).toBe(429);
    expect(message(fifth)).toMatch(/try again in 30 seconds \(after \d\d:\d\d:\d\d UTC\)/);
    // During the wait nothing is looked at, not even the right password.
    argon.verified.length = 0;
    expect((await signIn(user.email, TEST_PASSWORD, { ip, now: later(t0, 10_000) })).status).toBe(429);
    expect(argon.verified).toHaveLength(0);
    // Each further failure doubles the wait.
    expect(message(await signIn(user.email, "wrong password number x", { ip, now: later(t0, 31_000) }))).toMatch(/try again in 60 seconds/);
    expect(message(await signIn(user.email, "wrong password number x", { ip, now: later(t0, 92_000) }))).toMatch(/try again in 2 minutes/);
    // Once the wait is over, the right password works.
    const ok = await signIn(user.email, TEST_PASSWORD, { ip, now: later(t0, 92_000 + 2 * MIN + 1000) });
    expect(ok.status).toBe(302);
    expect(sessionFrom(ok)).toBeDefined();
  });

  it("lets the real user in from a clean address however many failures an attacker piles on the account", async () => {
    const { user } = await createUserWithSession(database, "viewer");
    const t0 = new Date();
    // Five wrong passwords every 15 minutes from one address (what kept accounts locked), then a spray from many.
    const attacker = freshIp();
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 5; i++) await signIn(user.email, "attacker guess 12345", { ip: attacker, now: later(t0, round * 15 * MIN) });
    }
    for (let i = 0; i < 20; i++) await signIn(user.email, "attacker guess 12345", { ip: freshIp(), now: later(t0, 60 * MIN) });
    const real = await signIn(user.email, TEST_PASSWORD, { ip: freshIp(), now: later(t0, 60 * MIN + 30_000) });
    expect(real.status).toBe(302);
    // Brute force stays slow: an address with failures of its own now waits on the account as a whole.
    const sprayer = freshIp();
    await signIn("someone-else@example.org", "a guess for another one", { ip: sprayer, now: later(t0, 62 * MIN) });
    expect((await signIn(user.email, "attacker guess 99999", { ip: sprayer, now: later(t0, 62 * MIN) })).status).toBe(429);
  });

  it("behind one proxy address (TRUST_PROXY off), others' failures do not stop a user who signed in from there before", async () => {
    const proxy = freshIp();
    const t0 = new Date();
    const { user } = await createUserWithSession(database, "viewer");
    expect((await signIn(user.email, TEST_PASSWORD, { ip: proxy, now: () => t0 })).status).toBe(302);
    for (let i = 0; i < ADDRESS_RULE.free + 10; i++) {
      await signIn(`colleague-${i}@example.org`, "Spring2024 password", { ip: proxy, now: later(t0, MIN) });
    }
    expect((await signIn(user.email, TEST_PASSWORD, { ip: proxy, now: later(t0, MIN + 30_000) })).status).toBe(302);
    // The address itself is slowed for accounts never signed in from it (password spraying).
    const { user: stranger } = await createUserWithSession(database, "viewer");
    expect((await signIn(stranger.email, TEST_PASSWORD, { ip: proxy, now: later(t0, MIN + 30_000) })).status).toBe(429);
    expect((await signIn(stranger.email, TEST_PASSWORD, { ip: freshIp(), now: later(t0, MIN + 30_000) })).status).toBe(302);
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
    // The current password first; the new key is shown in that answer only.
    const started = await callAction(twoFactor.action, { database, path: "/profile/two-factor", cookie, form: { intent: "start", current: TEST_PASSWORD } });
    const { secret, qr } = (started.data as { pending: { secret: string; qr: string } }).pending;
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
  it("counts wrong codes per account, and a correct password does not reset the count", async () => {
    const t0 = new Date(Math.floor(Date.now() / 30_000) * 30_000);
    const { user, cookie } = await createUserWithSession(database, "viewer");
    const secret = await enrol(cookie, new Date(t0.getTime() - 10 * MIN));
    const wrongFor = (now: Date) => (totpCode(secret, now) === "000000" ? "111111" : "000000");
    // Password right, two wrong codes; again and again, each time from a new address.
    let last: Outcome | undefined;
    for (let round = 0; round < 3; round++) {
      const pending = sessionFrom(await signIn(user.email, TEST_PASSWORD), "a3_pending")!;
      for (let i = 0; i < 2; i++) {
        last = await callAction(login.action, { database, path: "/login", cookie: pending, ip: freshIp(), form: { intent: "code", code: wrongFor(t0) }, now: () => t0 });
      }
    }
    // Past the free four wrong codes, so now even the right code waits.
    expect(last!.status).toBe(429);
    const pending = sessionFrom(await signIn(user.email, TEST_PASSWORD), "a3_pending")!;
    const blocked = await callAction(login.action, { database, path: "/login", cookie: pending, form: { intent: "code", code: totpCode(secret, t0) }, now: () => t0 });
    expect(blocked.status).toBe(429);
    expect(message(blocked)).toMatch(/Too many wrong two-factor codes\. .*try again in/);
    // After the wait the right code works, and the count starts again.
    const after = new Date(t0.getTime() + CODE_RULE.maxMs + 30_000);
    const fresh = sessionFrom(await signIn(user.email, TEST_PASSWORD, { now: () => after }), "a3_pending")!;
    const ok = await callAction(login.action, { database, path: "/login", cookie: fresh, form: { intent: "code", code: totpCode(secret, after) }, now: () => after });
    expect(ok.status).toBe(302);
  });

  it("ends the half-way session once the code is given: its cookie is good for nothing after", async () => {
    const t0 = new Date(Math.floor(Date.now() / 30_000) * 30_000);
    const { user, cookie } = await createUserWithSession(database, "viewer");
    const secret = await enrol(cookie, new Date(t0.getTime() - 10 * MIN));
    const pending = sessionFrom(await signIn(user.email, TEST_PASSWORD), "a3_pending")!;
    const ok = await callAction(login.action, { database, path: "/login", cookie: pending, form: { intent: "code", code: totpCode(secret, t0) }, now: () => t0 });
    expect(ok.status).toBe(302);
    expect(ok.cookies.some((c) => /^a3_pending=;.*Max-Age=0/.test(c))).toBe(true);
    // The pending cookie kept by a thief: no code step any more, and no way to use a fresh code with it.
    expect((await callLoader(login.loader, { database, path: "/login", cookie: pending })).data).toEqual({ step: "password" });
    const next = new Date(t0.getTime() + 30_000);
    const reuse = await callAction(login.action, { database, path: "/login", cookie: pending, form: { intent: "code", code: totpCode(secret, next) }, now: () => next });
    expect(reuse.status).toBe(400);
    expect(message(reuse)).toMatch(/took too long/);
  });

  it("asks for the current password before turning two-factor on or off", async () => {
    const now = new Date();
    const { user, cookie } = await createUserWithSession(database, "viewer");
    const page = "/profile/two-factor";
    // No password, or a wrong one: no key is made or shown.
    for (const current of [undefined, "not my password at all"]) {
      const res = await callAction(twoFactor.action, { database, path: page, cookie, form: { intent: "start", ...(current ? { current } : {}) } });
      expect(res.status).toBe(400);
      expect((res.data as { errors: { current?: string } }).errors.current).toBeTruthy();
      expect((res.data as { pending?: unknown }).pending).toBeUndefined();
      expect((await getUser(database.db, user.id))!.totpPendingSecret).toBeNull();
    }
    // A plain page load never shows a key, even during enrolment.
    const secret = await enrol(cookie, now);
    expect(JSON.stringify((await callLoader(twoFactor.loader, { database, path: page, cookie })).data)).not.toContain(secret);
    // Turning it off: the code alone is not enough.
    const later2 = new Date(now.getTime() + 60_000);
    const noPassword = await callAction(twoFactor.action, { database, path: page, cookie, form: { intent: "disable", code: totpCode(secret, later2) }, now: () => later2 });
    expect(noPassword.status).toBe(400);
    expect((await getUser(database.db, user.id))!.totpSecret).not.toBeNull();
    const off = await callAction(twoFactor.action, { database, path: page, cookie, form: { intent: "disable", current: TEST_PASSWORD, code: totpCode(secret, later2) }, now: () => later2 });
    expect(off.status).toBe(302);
    expect((await getUser(database.db, user.id))!.totpSecret).toBeNull();
  });

  it("lets a user whose two-factor set-up is forced still sign out", async () => {
    const { cookie: adminCookie } = await createUserWithSession(database, "admin");
    await enrol(adminCookie, new Date());
    await callAction(settings.action, { database, path: "/admin/settings", cookie: adminCookie, form: { intent: "save", requireTwoFactor: "on" } });
    try {
      const { cookie } = await createUserWithSession(database, "viewer");
      expect((await callLoader(dashboard.loader, { database, path: "/", cookie })).location).toBe("/profile/two-factor?required=1");
      expect((await callLoader(logout.loader, { database, path: "/logout", cookie })).status).toBe(200);
      const out = await callAction(logout.action, { database, path: "/logout", cookie });
      expect(out.location).toBe("/login");
      expect((await callLoader(dashboard.loader, { database, path: "/", cookie })).location).toBe("/login");
    } finally {
      await callAction(settings.action, { database, path: "/admin/settings", cookie: adminCookie, form: { intent: "save" } });
    }
  });
});
