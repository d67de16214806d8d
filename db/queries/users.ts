import { and, asc, count, eq, inArray, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import { asciiDomainVariant, normalizeEmail } from "../../lib/email";
import type { Role } from "../../lib/roles";
import { isSealed, sealedKeyId, type Keyring } from "../../lib/security/secret-box";
import { cleanLine } from "../../lib/text";
import { newId } from "../../lib/security/tokens";
import type { Db } from "../client";
import { users } from "../schema/auth";

export { ROLES, type Role } from "../../lib/roles";

export type UserRow = typeof users.$inferSelect;

/** What pages may see of a user: never the password hash or the TOTP secret. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  twoFactor: boolean;
  createdAt: Date;
  lastSignInAt: Date | null;
}

export function toPublicUser(u: UserRow): PublicUser {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    active: u.active,
    twoFactor: u.totpSecret !== null,
    createdAt: u.createdAt,
    lastSignInAt: u.lastSignInAt,
  };
}

/** One stored form per address (NFC, lower-case, Unicode domain): see lib/email.ts. */
export { normalizeEmail } from "../../lib/email";

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0);
}

export async function createUser(
  db: Db,
  input: { email: string; name: string; role: Role; passwordHash: string },
): Promise<UserRow> {
  const [row] = await db
    .insert(users)
    .values({ id: newId(), email: normalizeEmail(input.email), name: cleanLine(input.name), role: input.role, passwordHash: input.passwordHash })
    .returning();
  return row!;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const canonical = normalizeEmail(email);
  // Also the punycode spelling, in case a row was stored in that form before IDN support.
  const variants = [...new Set([canonical, asciiDomainVariant(canonical)])];
  const [row] = await db.select().from(users).where(inArray(users.email, variants));
  return row ?? null;
}

export async function getUser(db: Db, id: string): Promise<UserRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function listUsers(db: Db): Promise<PublicUser[]> {
  const rows = await db.select().from(users).orderBy(asc(users.name), asc(users.email));
  return rows.map(toPublicUser);
}

/** Active administrators other than `exceptId`: the last one may not be demoted or deactivated. */
export async function countOtherActiveAdmins(db: Db, exceptId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.active, true), ne(users.id, exceptId)));
  return Number(row?.n ?? 0);
}

export async function updateUser(
  db: Db,
  id: string,
  patch: Partial<Pick<UserRow, "name" | "role" | "active" | "passwordHash" | "lastSignInAt">>,
): Promise<void> {
  await db.update(users).set({ ...patch, updatedAt: new Date() }).where(eq(users.id, id));
}

/** What a user's sealed TOTP secret is bound to: it opens only in that user's row. */
export const totpPurpose = (userId: string) => `totp:${userId}`;

/** `secret` and `enableTotp`'s secret are sealed values (Keyring.seal with `totpPurpose`). */
export async function setPendingTotp(db: Db, id: string, secret: string | null): Promise<void> {
  await db.update(users).set({ totpPendingSecret: secret, updatedAt: new Date() }).where(eq(users.id, id));
}

/** Confirms enrolment: the pending secret becomes the active one, and `step` counts as used. */
export async function enableTotp(db: Db, id: string, secret: string, step: number): Promise<void> {
  await db
    .update(users)
    .set({ totpSecret: secret, totpPendingSecret: null, totpLastStep: step, updatedAt: new Date() })
    .where(eq(users.id, id));
}

export async function disableTotp(db: Db, id: string): Promise<void> {
  await db
    .update(users)
    .set({ totpSecret: null, totpPendingSecret: null, totpLastStep: null, updatedAt: new Date() })
    .where(eq(users.id, id));
}

/**
 * Marks a TOTP step as used, atomically: of two requests racing with the same code only one
 * moves the step forward, so a code works once even across processes.
 */
export async function consumeTotpStep(db: Db, id: string, step: number): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, id), sql`(${users.totpLastStep} is null or ${users.totpLastStep} < ${step})`))
    .returning({ id: users.id });
  return rows.length === 1;
}

/** What start-up re-sealing did: see `resealTotpSecrets`. */
export interface ResealReport {
  /** Values stored in clear (before encryption at rest) now sealed. */
  sealedClear: number;
  /** Values sealed with an older key, now sealed with the current one. */
  resealed: number;
  /** Values sealed with a key this process does not hold: those users need a two-factor reset. */
  unreadable: number;
}

/**
 * Makes every stored TOTP secret (active and pending) sealed with the ring's current key: clear
 * ones from before encryption at rest, and ones sealed with an older key (a rotation). Each row
 * is updated only if it still holds what was read, so concurrent starts and enrolments are safe.
 */
export async function resealTotpSecrets(db: Db, ring: Keyring): Promise<ResealReport> {
  const report: ResealReport = { sealedClear: 0, resealed: 0, unreadable: 0 };
  const rows = await db
    .select({ id: users.id, totpSecret: users.totpSecret, totpPendingSecret: users.totpPendingSecret })
    .from(users)
    .where(or(isNotNull(users.totpSecret), isNotNull(users.totpPendingSecret)));
  for (const row of rows) {
    const purpose = totpPurpose(row.id);
    const next = (value: string | null): string | null => {
      if (value === null) return null;
      if (!isSealed(value)) {
        report.sealedClear++;
        return ring.seal(value, purpose);
      }
      if (sealedKeyId(value) === ring.current.id) return value;
      const clear = ring.open(value, purpose);
      if (clear === null) {
        report.unreadable++;
        return value;
      }
      report.resealed++;
      return ring.seal(clear, purpose);
    };
    const [secret, pending] = [next(row.totpSecret), next(row.totpPendingSecret)];
    if (secret === row.totpSecret && pending === row.totpPendingSecret) continue;
    await db
      .update(users)
      .set({ totpSecret: secret, totpPendingSecret: pending })
      .where(
        and(
          eq(users.id, row.id),
          row.totpSecret === null ? isNull(users.totpSecret) : eq(users.totpSecret, row.totpSecret),
          row.totpPendingSecret === null ? isNull(users.totpPendingSecret) : eq(users.totpPendingSecret, row.totpPendingSecret),
        ),
      );
  }
  return report;
}
