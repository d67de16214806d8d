import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { normalizeEmail } from "../../lib/email";
import { hashToken, looksLikeToken, newId, randomToken } from "../../lib/security/tokens";
import type { Db } from "../client";
import { invites, setupTokens, users } from "../schema/auth";
import type { Role } from "./users";

/** Invitation and first-run links: random tokens, only their hashes kept, single use, expiring. */
export const INVITE_TTL_HOURS = 72;
export const SETUP_TTL_HOURS = 24;

export type InviteRow = typeof invites.$inferSelect;

export async function createInvite(
  db: Db,
  input: { email: string; role: Role; createdBy: string; now: Date },
): Promise<{ token: string; invite: InviteRow }> {
  const token = randomToken();
  const [invite] = await db
    .insert(invites)
    .values({
      id: newId(),
      tokenHash: hashToken(token),
      email: normalizeEmail(input.email),
      role: input.role,
      createdBy: input.createdBy,
      createdAt: input.now,
      expiresAt: new Date(input.now.getTime() + INVITE_TTL_HOURS * 3_600_000),
    })
    .returning();
  return { token, invite: invite! };
}

export async function findValidInvite(db: Db, token: string | undefined, now: Date): Promise<InviteRow | null> {
  if (!looksLikeToken(token)) return null;
  const [row] = await db
    .select()
    .from(invites)
    .where(and(eq(invites.tokenHash, hashToken(token)), isNull(invites.usedAt), isNull(invites.revokedAt), gt(invites.expiresAt, now)));
  return row ?? null;
}

/** Marks the invite used; false when someone else used it first (two tabs, a replay). */
export async function consumeInvite(db: Db, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(invites)
    .set({ usedAt: now })
    .where(and(eq(invites.id, id), isNull(invites.usedAt), isNull(invites.revokedAt), gt(invites.expiresAt, now)))
    .returning({ id: invites.id });
  return rows.length === 1;
}

export async function markInviteUsedBy(db: Db, id: string, userId: string): Promise<void> {
  await db.update(invites).set({ usedBy: userId }).where(eq(invites.id, id));
}

/** Unused, unrevoked, unexpired invitations, with who created them; newest first. */
function pendingInvites(db: Db, now: Date, email?: string) {
  const pending = and(isNull(invites.usedAt), isNull(invites.revokedAt), gt(invites.expiresAt, now));
  return db
    .select({
      id: invites.id,
      email: invites.email,
      role: invites.role,
      createdAt: invites.createdAt,
      expiresAt: invites.expiresAt,
      createdByName: users.name,
    })
    .from(invites)
    .leftJoin(users, eq(users.id, invites.createdBy))
    .where(email === undefined ? pending : and(pending, eq(invites.email, email.trim().toLowerCase())))
    .orderBy(desc(invites.createdAt));
}

export async function listPendingInvites(db: Db, now: Date) {
  return pendingInvites(db, now);
}

/** The pending (unused, unrevoked, unexpired) invitation for an address, if any: one per address. */
export async function findPendingInvite(db: Db, email: string, now: Date) {
  const [row] = await pendingInvites(db, now, email).limit(1);
  return row ?? null;
}

/** Revokes every pending invitation for an address (before sending a new link); returns their ids. */
export async function revokePendingInvites(db: Db, email: string, now: Date): Promise<string[]> {
  const rows = await db
    .update(invites)
    .set({ revokedAt: now })
    .where(and(eq(invites.email, email.trim().toLowerCase()), isNull(invites.usedAt), isNull(invites.revokedAt)))
    .returning({ id: invites.id });
  return rows.map((r) => r.id);
}

export async function revokeInvite(db: Db, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(invites)
    .set({ revokedAt: now })
    .where(and(eq(invites.id, id), isNull(invites.usedAt), isNull(invites.revokedAt)))
    .returning({ id: invites.id });
  return rows.length === 1;
}

/**
 * A new first-run token. Earlier ones stay valid until they expire (several web processes may
 * each print one); all of them die as soon as the first user exists.
 */
export async function createSetupToken(db: Db, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + SETUP_TTL_HOURS * 3_600_000);
  await db.insert(setupTokens).values({ id: newId(), tokenHash: hashToken(token), createdAt: now, expiresAt });
  return { token, expiresAt };
}

export async function isValidSetupToken(db: Db, token: string | undefined, now: Date): Promise<boolean> {
  if (!looksLikeToken(token)) return false;
  const [row] = await db
    .select({ id: setupTokens.id })
    .from(setupTokens)
    .where(and(eq(setupTokens.tokenHash, hashToken(token)), isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, now)));
  return Boolean(row);
}

/** Uses the token up, atomically: true for exactly one caller. */
export async function consumeSetupToken(db: Db, token: string, now: Date): Promise<boolean> {
  if (!looksLikeToken(token)) return false;
  const rows = await db
    .update(setupTokens)
    .set({ usedAt: now })
    .where(and(eq(setupTokens.tokenHash, hashToken(token)), isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, now)))
    .returning({ id: setupTokens.id });
  return rows.length === 1;
}
