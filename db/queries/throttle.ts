import { eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Db } from "../client";
import { signInThrottle } from "../schema/auth";

/**
 * Failed sign-in counting, per key, in the database so all processes agree. A key is blocked
 * for `blockMs` once it reaches `limit` failures inside `windowMs`; the block then lapses on its
 * own, so a real user is never locked out for good.
 */
export interface ThrottleRule {
  limit: number;
  windowMs: number;
  blockMs: number;
}

/** The latest time any of the keys is blocked until, or null when none is blocked at `now`. */
export async function blockedUntil(db: Db, keys: string[], now: Date): Promise<Date | null> {
  if (keys.length === 0) return null;
  const rows = await db.select().from(signInThrottle).where(inArray(signInThrottle.key, keys));
  let until: Date | null = null;
  for (const r of rows) {
    if (r.blockedUntil && r.blockedUntil > now && (!until || r.blockedUntil > until)) until = r.blockedUntil;
  }
  return until;
}

/** Counts one failure for `key`, atomically, and returns the block it caused (if any). */
export async function recordFailure(db: Db, key: string, rule: ThrottleRule, now: Date): Promise<Date | null> {
  // ISO strings with casts: both drivers then bind the same way.
  const at = sql`${now.toISOString()}::timestamptz`;
  const windowStart = sql`${new Date(now.getTime() - rule.windowMs).toISOString()}::timestamptz`;
  const blockEnd = sql`${new Date(now.getTime() + rule.blockMs).toISOString()}::timestamptz`;
  const t = sql.raw('"sign_in_throttle"');
  const fresh = sql`${t}.window_started_at <= ${windowStart}`;
  const result = await db.execute(sql`
    insert into sign_in_throttle (key, failures, window_started_at, blocked_until)
    values (${key}, 1, ${at}, ${rule.limit <= 1 ? blockEnd : sql`null`})
    on conflict (key) do update set
      failures = case when ${fresh} then 1 else ${t}.failures + 1 end,
      window_started_at = case when ${fresh} then ${at} else ${t}.window_started_at end,
      blocked_until = case
        when (case when ${fresh} then 1 else ${t}.failures + 1 end) >= ${rule.limit} then ${blockEnd}
        else ${t}.blocked_until end
    returning blocked_until`);
  const [row] = rowsOf<{ blocked_until: Date | string | null }>(result);
  const until = row?.blocked_until ? new Date(row.blocked_until) : null;
  return until && until > now ? until : null;
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
}

/** Housekeeping: failure counts whose window and block both lapsed a day ago carry no value. */
export async function pruneThrottle(db: Db, now: Date): Promise<void> {
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  await db.execute(sql`
    delete from sign_in_throttle
    where window_started_at < ${dayAgo}::timestamptz
      and (blocked_until is null or blocked_until < ${dayAgo}::timestamptz)`);
}
