import { and, desc, eq, gt, isNull, lt, ne, sql } from "drizzle-orm";
import { hashToken, looksLikeToken, newId, randomToken } from "../../lib/security/tokens";
import type { Db } from "../client";
import { sessions, users } from "../schema/auth";
import type { UserRow } from "./users";

/**
 * Sessions live in the database so revocation is immediate in every process. Each function
 * takes `now` so tests can move the clock instead of sleeping.
 */
export interface SessionLimits {
  idleMinutes: number;
  maxHours: number;
}

/** A second-factor step must follow the password within this time. */
export const PENDING_TOTP_MINUTES = 10;
/** `last_seen_at` is written at most this often, to keep page views from all being writes. */
const TOUCH_EVERY_MS = 60_000;

export type SessionRow = typeof sessions.$inferSelect;

export async function createSession(
  db: Db,
  input: { userId: string; ip?: string; userAgent?: string; stage?: "active" | "pending_totp"; now: Date; limits: SessionLimits },
): Promise<{ token: string; session: SessionRow }> {
  const token = randomToken();
  const lifetimeMs =
    input.stage === "pending_totp" ? PENDING_TOTP_MINUTES * 60_000 : input.limits.maxHours * 3_600_000;
  const [session] = await db
    .insert(sessions)
    .values({
      id: newId(),
      tokenHash: hashToken(token),
      userId: input.userId,
      stage: input.stage ?? "active",
      createdAt: input.now,
      lastSeenAt: input.now,
      expiresAt: new Date(input.now.getTime() + lifetimeMs),
      ip: input.ip?.slice(0, 100) ?? null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    })
    .returning();
  return { token, session: session! };
}

/**
 * The session and its user for a cookie value, or null when the token is unknown, revoked,
 * past its absolute end, idle too long, or its user is deactivated. Slides `last_seen_at`.
 */
export async function validateSession(
  db: Db,
  token: string | null | undefined,
  opts: { now: Date; limits: SessionLimits; stage?: "active" | "pending_totp" },
): Promise<{ session: SessionRow; user: UserRow } | null> {
  if (!looksLikeToken(token)) return null;
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, hashToken(token)));
  if (!row) return null;
  const { session, user } = row;
  const now = opts.now.getTime();
  if (session.stage !== (opts.stage ?? "active")) return null;
  if (session.revokedAt || !user.active) return null;
  if (session.expiresAt.getTime() <= now) return null;
  if (session.stage === "active" && now - session.lastSeenAt.getTime() >= opts.limits.idleMinutes * 60_000) return null;
  if (now - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: opts.now }).where(eq(sessions.id, session.id));
  }
  return { session, user };
}

export async function revokeSessionByToken(db: Db, token: string, reason: string, now: Date): Promise<SessionRow | null> {
  if (!looksLikeToken(token)) return null;
  const [row] = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt)))
    .returning();
  return row ?? null;
}

export async function revokeSessionById(db: Db, id: string, userId: string, reason: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(sessions.id, id), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Ends every open session of a user, except `exceptId` when given; returns how many. */
export async function revokeUserSessions(
  db: Db,
  userId: string,
  reason: string,
  now: Date,
  exceptId?: string,
): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), exceptId ? ne(sessions.id, exceptId) : undefined))
    .returning({ id: sessions.id });
  return rows.length;
}

/** A user's sessions that could still be used, newest first, for the admin and profile pages. */
export async function listOpenSessions(db: Db, userId: string, opts: { now: Date; limits: SessionLimits }) {
  const idleCutoff = new Date(opts.now.getTime() - opts.limits.idleMinutes * 60_000);
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        eq(sessions.stage, "active"),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, opts.now),
        gt(sessions.lastSeenAt, idleCutoff),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt));
}

/**
 * Has this user fully signed in from `ip` since `since`? Sign-in throttling treats such an
 * address as familiar: failures by others elsewhere (or behind the same proxy) do not slow it.
 */
export async function signedInFrom(db: Db, userId: string, ip: string, since: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.ip, ip.slice(0, 100)), eq(sessions.stage, "active"), gt(sessions.createdAt, since)))
    .limit(1);
  return Boolean(row);
}

/** Promotes a pending session after the second factor: a fresh token, so the half-way one dies. */
export async function promotePendingSession(
  db: Db,
  pending: SessionRow,
  opts: { now: Date; limits: SessionLimits },
): Promise<{ token: string; session: SessionRow }> {
  await db.update(sessions).set({ revokedAt: opts.now, revokedReason: "second factor given" }).where(eq(sessions.id, pending.id));
  return createSession(db, {
    userId: pending.userId,
    ip: pending.ip ?? undefined,
    userAgent: pending.userAgent ?? undefined,
    now: opts.now,
    limits: opts.limits,
  });
}

/** Housekeeping: sessions that ended more than `days` ago carry no value. */
export async function deleteOldSessions(db: Db, now: Date, days = 30): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date(now.getTime() - days * 86_400_000)));
}
