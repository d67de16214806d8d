// Two-factor secrets at rest: sealed with AES-256-GCM, never in clear in the database; clear ones
// from before are sealed at start; rotating the key keeps every code working, even for a server
// that was running during the rotation.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as login from "../../app/routes/login";
import * as twoFactor from "../../app/routes/profile.two-factor";
import { parseEnv } from "../../config/env";
import { enableTotp, getUser, resealTotpSecrets } from "../../db/queries/users";
import { rotateTotpKey } from "../../jobs/commands/secrets";
import { keyring, newKeyBytes, sealedKeyId, toKey, type Keyring } from "../../lib/security/secret-box";
import { loadTotpKeys, totpKeyFile } from "../../lib/security/totp-key";
import { newTotpSecret, totpCode } from "../../lib/security/totp";
import { callAction, createUserWithSession, sessionFrom, TEST_PASSWORD } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";

let database: TestDatabase;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "a3-totp-"));
  dirs.push(d);
  return d;
};
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Every text value of the users table, as the database holds it. */
async function usersTableText(db: TestDatabase = database): Promise<string> {
  return JSON.stringify(await db.rows(sql`select * from users`));
}

async function enrolThroughPage(cookie: string, totpKeys: Keyring, now: Date, db: TestDatabase = database): Promise<string> {
  const database = db;
  const started = await callAction(twoFactor.action, { database, path: "/profile/two-factor", cookie, totpKeys, form: { intent: "start", current: TEST_PASSWORD } });
  const secret = (started.data as { pending: { secret: string } }).pending.secret;
  const done = await callAction(twoFactor.action, { database, path: "/profile/two-factor", cookie, totpKeys, now: () => now, form: { intent: "confirm", code: totpCode(secret, now) } });
  expect(done.status).toBe(302);
  return secret;
}

let ipN = 0;
async function signInWithCode(email: string, secret: string, totpKeys: Keyring, now: Date, db: TestDatabase = database): Promise<number> {
  const database = db;
  const ip = `10.9.0.${++ipN}`;
  const step1 = await callAction(login.action, { database, path: "/login", ip, totpKeys, form: { email, password: TEST_PASSWORD } });
  const pending = sessionFrom(step1, "a3_pending");
  expect(pending, "password step").toBeDefined();
  const step2 = await callAction(login.action, { database, path: "/login", ip, totpKeys, cookie: pending, now: () => now, form: { intent: "code", code: totpCode(secret, now) } });
  return step2.status;
}

const step = (n: number) => new Date(Math.floor(Date.now() / 30_000) * 30_000 + n * 30_000);

describe(`TOTP secrets at rest (${testDbKind()})`, () => {
  it("are stored sealed: the database never holds the clear secret, pending or active, and codes work", async () => {
    const ring = keyring(toKey(newKeyBytes()));
    const { user, cookie } = await createUserWithSession(database, "viewer");
    const started = await callAction(twoFactor.action, { database, path: "/profile/two-factor", cookie, totpKeys: ring, form: { intent: "start", current: TEST_PASSWORD } });
    const secret = (started.data as { pending: { secret: string } }).pending.secret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await usersTableText()).not.toContain(secret); // pending
    const done = await callAction(twoFactor.action, { database, path: "/profile/two-factor", cookie, totpKeys: ring, now: () => step(-4), form: { intent: "confirm", code: totpCode(secret, step(-4)) } });
    expect(done.status).toBe(302);
    const row = (await getUser(database.db, user.id))!;
    expect(row.totpSecret).toMatch(/^a3s1:[0-9a-f]{12}:/);
    expect(sealedKeyId(row.totpSecret!)).toBe(ring.current.id);
    expect(await usersTableText()).not.toContain(secret);
    expect(await signInWithCode(user.email, secret, ring, step(0))).toBe(302);
    // Another key cannot read it: the second step fails rather than accepting anything.
    expect(await signInWithCode(user.email, secret, keyring(toKey(newKeyBytes())), step(1))).toBe(400);
  });

  it("a sealed secret copied into another user's row does not open there", async () => {
    const ring = keyring(toKey(newKeyBytes()));
    const { user: a, cookie } = await createUserWithSession(database, "viewer");
    const { user: b } = await createUserWithSession(database, "viewer");
    const secret = await enrolThroughPage(cookie, ring, step(-2));
    const sealed = (await getUser(database.db, a.id))!.totpSecret!;
    await enableTotp(database.db, b.id, sealed, 0);
    expect(await signInWithCode(b.email, secret, ring, step(0))).toBe(400);
  });

  it("clear secrets from before are sealed at start, and keep working", async () => {
    const ring = keyring(toKey(newKeyBytes()));
    const { user } = await createUserWithSession(database, "editor");
    const clear = newTotpSecret();
    await enableTotp(database.db, user.id, clear, 0); // as the old code stored it
    expect(await usersTableText()).toContain(clear);
    const report = await resealTotpSecrets(database.db, ring);
    expect(report.sealedClear).toBeGreaterThanOrEqual(1);
    expect(await usersTableText()).not.toContain(clear);
    expect((await resealTotpSecrets(database.db, ring)).sealedClear).toBe(0); // idempotent
    expect(await signInWithCode(user.email, clear, ring, step(0))).toBe(302);
  });

  it("keeps the key in DATA_DIR/secrets/totp.key, readable by the server's user only", () => {
    const dataDir = tempDir();
    const first = loadTotpKeys({ DATA_DIR: dataDir }, { create: true });
    expect(first.created).toBe(true);
    const file = totpKeyFile(dataDir);
    expect(first.file).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const again = loadTotpKeys({ DATA_DIR: dataDir }, { create: true });
    expect(again.created).toBe(false);
    expect(again.ring.current.id).toBe(first.ring.current.id);
    expect(() => loadTotpKeys({ DATA_DIR: tempDir() })).toThrow(/TOTP_KEY/);
  });

});

describe(`rotating the key (${testDbKind()})`, () => {
  // A database of its own per test: secrets sealed by other tests' throwaway keys would count as unreadable.
  let rotationDb: TestDatabase;
  beforeEach(async () => {
    rotationDb = await createTestDatabase();
  });
  afterEach(() => rotationDb?.close());

  it("rotation with the key file re-seals everything with a new key, the old key is gone, and codes keep working", async () => {
    const dataDir = tempDir();
    const env = parseEnv({ NODE_ENV: "test", DATA_DIR: dataDir });
    const running = loadTotpKeys(env, { create: true }).ring; // a server started before the rotation
    const oldKeyText = readFileSync(totpKeyFile(dataDir), "utf8");
    const { user, cookie } = await createUserWithSession(rotationDb, "viewer");
    const secret = await enrolThroughPage(cookie, running, step(-6), rotationDb);
    const oldId = running.current.id;

    const result = await rotateTotpKey(rotationDb, env);
    expect(result.keyId).not.toBe(oldId);
    expect(result.resealed).toBeGreaterThanOrEqual(1);
    expect(result.unreadable).toBe(0);
    expect(readFileSync(totpKeyFile(dataDir), "utf8")).not.toBe(oldKeyText);
    expect(sealedKeyId((await getUser(rotationDb.db, user.id))!.totpSecret!)).toBe(result.keyId);
    expect(await usersTableText(rotationDb)).not.toContain(secret);

    // A fresh start reads the new key; the server that kept running follows the file.
    expect(await signInWithCode(user.email, secret, loadTotpKeys(env).ring, step(0), rotationDb)).toBe(302);
    expect(await signInWithCode(user.email, secret, running, step(1), rotationDb)).toBe(302);
    expect(running.current.id).toBe(result.keyId);
  });

  it("rotation with TOTP_KEY re-seals under the new key, reading the old one from TOTP_KEY_PREVIOUS", async () => {
    const oldKey = newKeyBytes().toString("base64");
    const newKey = newKeyBytes().toString("base64");
    const before = loadTotpKeys(parseEnv({ NODE_ENV: "test", TOTP_KEY: oldKey })).ring;
    const { user, cookie } = await createUserWithSession(rotationDb, "viewer");
    const secret = await enrolThroughPage(cookie, before, step(-6), rotationDb);
    const env = parseEnv({ NODE_ENV: "test", TOTP_KEY: newKey, TOTP_KEY_PREVIOUS: oldKey });
    const result = await rotateTotpKey(rotationDb, env);
    expect(result.source).toBe("env");
    expect(sealedKeyId((await getUser(rotationDb.db, user.id))!.totpSecret!)).toBe(result.keyId);
    const after = loadTotpKeys(parseEnv({ NODE_ENV: "test", TOTP_KEY: newKey })).ring; // TOTP_KEY_PREVIOUS dropped
    expect(await signInWithCode(user.email, secret, after, step(0), rotationDb)).toBe(302);
  });
});
