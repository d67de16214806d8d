import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import type { Role } from "../../lib/roles";
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

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

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
    .values({ id: newId(), email: normalizeEmail(input.email), name: input.name.trim(), role: input.role, passwordHash: input.passwordHash })
    .returning();
  return row!;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, normalizeEmail(email)));
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
