// First run (setup link, CLI) and invitations: random, expiring, single-use links.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as adminUsers from "../../app/routes/admin.users._index";
import * as invite from "../../app/routes/invite.$token";
import * as setup from "../../app/routes/setup.$token";
import { parseEnv } from "../../config/env";
import { openDatabase } from "../../db/client";
import { listAudit } from "../../db/queries/audit";
import { countUsers, findUserByEmail } from "../../db/queries/users";
import { announceFirstRun } from "../../server/first-run";
import { callAction, callLoader, createUserWithSession, sessionFrom } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";

const HOUR = 3_600_000;
const GOOD = "granite heron violin 27";

describe("first-run setup link", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  it("is printed while no user exists, works once, and creates the first administrator", async () => {
    const lines: string[] = [];
    const env = parseEnv({ NODE_ENV: "test", PORT: "4321" });
    const url = await announceFirstRun({ env, database, log: { log: (s: string) => lines.push(s) } });
    expect(url).toMatch(/^http:\/\/localhost:4321\/setup\/[\w-]{43}$/);
    expect(lines.join("\n")).toContain(`First-run setup: ${url}`);
    const token = url!.split("/setup/")[1]!;
    const at = { database, path: `/setup/${token}`, params: { token } };

    expect((await callLoader(setup.loader, at)).status).toBe(200);
    expect((await callLoader(setup.loader, { ...at, params: { token: token.replace(/.$/, token.endsWith("A") ? "B" : "A") } })).status).toBe(404);
    // Expired after 24 hours.
    expect((await callLoader(setup.loader, { ...at, now: () => new Date(Date.now() + 25 * HOUR) })).status).toBe(404);

    const bad = await callAction(setup.action, { ...at, form: { name: "Ada", email: "ada@example.org", password: "password1234", confirm: "password1234" } });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ errors: { password: expect.stringMatching(/too common/) }, values: { name: "Ada", email: "ada@example.org" } });
    expect(JSON.stringify(bad.data)).not.toContain("password1234");

    const ok = await callAction(setup.action, { ...at, form: { name: "Ada", email: "Ada@Example.org", password: GOOD, confirm: GOOD } });
    expect(ok.location).toBe("/admin");
    expect(sessionFrom(ok)).toBeDefined();
    expect((await findUserByEmail(database.db, "ada@example.org"))!.role).toBe("admin");

    // Used: gone, for the same link and any other.
    expect((await callLoader(setup.loader, at)).status).toBe(404);
    expect((await callAction(setup.action, { ...at, form: { name: "Eve", email: "eve@example.org", password: GOOD, confirm: GOOD } })).status).toBe(404);
    expect(await countUsers(database.db)).toBe(1);
    expect(await announceFirstRun({ env, database, log: { log: () => {} } })).toBeNull();
    expect((await listAudit(database.db, { action: "setup.completed" })).length).toBe(1);
  });
});

describe("invitations", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  async function newInvite(cookie: string, email: string, role = "editor") {
    const res = await callAction(adminUsers.action, { database, cookie, path: "/admin/users", form: { intent: "invite", email, role } });
    expect(res.status).toBe(200);
    const url = (res.data as { url: string }).url;
    const token = url.split("/invite/")[1]!;
    return { url, token, at: { database, path: `/invite/${token}`, params: { token } } };
  }

  it("an admin's link lets the invitee choose a password once, with the invited role", async () => {
    const { cookie } = await createUserWithSession(database, "admin");
    const { url, at } = await newInvite(cookie, "Invitee@Example.org");
    expect(url).toMatch(/^http:\/\/localhost:3000\/invite\/[\w-]{43}$/);
    expect((await callLoader(invite.loader, at)).data).toMatchObject({ email: "invitee@example.org", role: "editor" });
    const res = await callAction(invite.action, { ...at, form: { name: "Ines", password: GOOD, confirm: GOOD } });
    expect(res.location).toBe("/");
    expect(sessionFrom(res)).toBeDefined();
    expect((await findUserByEmail(database.db, "invitee@example.org"))!.role).toBe("editor");
    expect((await callLoader(invite.loader, at)).status).toBe(404);
    expect((await callAction(invite.action, { ...at, form: { name: "Again", password: GOOD, confirm: GOOD } })).status).toBe(404);
  });

  it("expires after 72 hours and can be revoked", async () => {
    const { cookie } = await createUserWithSession(database, "admin");
    const { at } = await newInvite(cookie, "late@example.org");
    expect((await callLoader(invite.loader, { ...at, now: () => new Date(Date.now() + 73 * HOUR) })).status).toBe(404);
    const second = await newInvite(cookie, "revoked@example.org");
    const list = (await callLoader(adminUsers.loader, { database, cookie, path: "/admin/users" })).data as { invites: { id: string; email: string }[] };
    const id = list.invites.find((i) => i.email === "revoked@example.org")!.id;
    await callAction(adminUsers.action, { database, cookie, path: "/admin/users", form: { intent: "revoke-invite", id } });
    expect((await callLoader(invite.loader, second.at)).status).toBe(404);
  });

  it("refuses a weak password without echoing it", async () => {
    const { cookie } = await createUserWithSession(database, "admin");
    const { at } = await newInvite(cookie, "weak@example.org", "viewer");
    for (const pw of ["short", "qwertyuiop123", "weak@example.org-12"]) {
      const res = await callAction(invite.action, { ...at, form: { name: "W", password: pw, confirm: pw } });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.data)).not.toContain(pw);
    }
  });
});

describe.skipIf(testDbKind() === "postgres")("npm run -s cli -- user:create", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "a3-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (args: string[], stdin: string) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "jobs/cli.ts", "user:create", ...args], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", DATA_DIR: dir, SCHEDULER: "off" },
      });
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d));
      child.stderr.on("data", (d: Buffer) => (out += d));
      child.stdin.end(stdin);
      child.on("exit", (code) => resolve({ code, out }));
    });

  it("creates a user from a password on stdin, refuses duplicates and weak passwords, never prints it", async () => {
    const args = ["--email", "ops@example.org", "--name", "Ops", "--role", "admin", "--password-stdin"];
    const first = await run(args, `${GOOD}\n`);
    expect(first, first.out).toMatchObject({ code: 0 });
    expect(first.out).toMatch(/Created admin ops@example\.org/);
    expect((await run(args, `${GOOD}\n`)).code).toBe(3);
    const weak = await run(["--email", "b@example.org", "--name", "B", "--role", "viewer", "--password-stdin"], "password12345\n");
    expect(weak.code).toBe(2);
    expect((await run(["--email", "c@example.org", "--name", "C", "--role", "boss", "--password-stdin"], GOOD)).code).toBe(2);
    expect((await run(["--email", "c@example.org", "--name", "C", "--role", "viewer"], GOOD)).code).toBe(2);
    for (const r of [first, weak]) expect(r.out).not.toContain(GOOD);
    // Internationalised addresses are accepted and stored in one form; bidi overrides leave names.
    const idn = await run(["--email", "ВАСЯ@Пример.рф", "--name", "Vas\u202Eya\u200B", "--role", "viewer", "--password-stdin"], GOOD);
    expect(idn, idn.out).toMatchObject({ code: 0 });
    expect(idn.out).toContain("Created viewer вася@пример.рф");
    const database = await openDatabase({ dataDir: dir });
    try {
      expect((await findUserByEmail(database.db, "вася@xn--e1afmkfd.xn--p1ai"))!.name).toBe("Vasya");
    } finally {
      await database.close();
    }
  }, 120_000);
});
