// Act as a role in tests: a user and a valid session cookie header for calling loaders directly.
import { createSession } from "../../db/queries/sessions";
import { createUser, type Role, type UserRow } from "../../db/queries/users";
import type { Database } from "../../db/client";
import { hashPassword } from "../../lib/security/password";
import { randomToken } from "../../lib/security/tokens";

export const TEST_PASSWORD = "correct horse battery staple 7";
let cachedHash: Promise<string> | undefined;

/** Cookie name used when PUBLIC_URL is not https (as in testContext). */
export const SESSION_COOKIE = "a3_session";

export async function createUserWithSession(
  database: Database,
  role: Role,
  opts: { email?: string; name?: string; now?: Date } = {},
): Promise<{ user: UserRow; cookie: string }> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const user = await createUser(database.db, {
    email: opts.email ?? `${role}-${randomToken().slice(0, 8).toLowerCase()}@example.org`,
    name: opts.name ?? `Test ${role}`,
    role,
    passwordHash: await cachedHash,
  });
  return { user, cookie: await sessionCookieFor(database, user.id, opts.now) };
}

/** Another session for an existing user (a second browser). */
export async function sessionCookieFor(database: Database, userId: string, now = new Date()): Promise<string> {
  const { token } = await createSession(database.db, {
    userId,
    now,
    limits: { idleMinutes: 60, maxHours: 12 },
  });
  return `${SESSION_COOKIE}=${token}`;
}
