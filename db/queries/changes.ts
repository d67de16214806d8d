// Personal feed tokens for the Atom feed of changes. (The changes themselves are read in events.ts.)
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { users } from "../schema/auth";
import { feedTokens } from "../schema/feeds";

// ---- Feed tokens ----

export async function createFeedToken(db: Db, p: { userId: string; tokenHash: string }) {
  // One live token per user: a new one replaces the old.
  await db
    .update(feedTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(feedTokens.userId, p.userId), isNull(feedTokens.revokedAt)));
  await db.insert(feedTokens).values({ tokenHash: p.tokenHash, userId: p.userId });
}

export async function revokeFeedTokens(db: Db, userId: string) {
  await db
    .update(feedTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(feedTokens.userId, userId), isNull(feedTokens.revokedAt)));
}

export async function hasFeedToken(db: Db, userId: string) {
  const [row] = await db
    .select({ createdAt: feedTokens.createdAt, lastUsedAt: feedTokens.lastUsedAt })
    .from(feedTokens)
    .where(and(eq(feedTokens.userId, userId), isNull(feedTokens.revokedAt)));
  return row ?? null;
}

/** The active user a feed token belongs to, or null (unknown, revoked, or user deactivated). */
export async function userForFeedToken(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ id: users.id, email: users.email, role: users.role })
    .from(feedTokens)
    .innerJoin(users, eq(users.id, feedTokens.userId))
    .where(and(eq(feedTokens.tokenHash, tokenHash), isNull(feedTokens.revokedAt), eq(users.active, true)));
  if (row) await db.update(feedTokens).set({ lastUsedAt: new Date() }).where(eq(feedTokens.tokenHash, tokenHash));
  return row ?? null;
}
