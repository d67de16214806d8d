import { eq, inArray, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "../client";
import { signInThrottle } from "../schema/auth";

/**
 * Failed-attempt counting per key, in the database so all processes agree. Progressive delay,
 * never a lock: the first `free` failures cost nothing; after that each failure makes the next
 * attempt on the key wait `baseMs`, then twice as long, up to `maxMs`. The count is forgotten
 * once the latest failure is `memoryMs` old. Which keys apply to an attempt is decided by the
 * caller (app/sign-in.server.ts).
 */
export interface ThrottleRule {
  free: number;
  baseMs: number;
  maxMs: number;
  memoryMs: number;
}

export interface ThrottleState {
  /** Failures still remembered at `now` (0 when none or forgotten). */
  failures: number;
  /** When the next attempt on this key will be looked at; null when it may be tried now. */
  waitUntil: Date | null;
}

/** The state of each key at `now` (every key present in the answer). */
export async function throttleState(
  db: Db,
  keys: Record<string, { key: string; rule: ThrottleRule }>,
  now: Date,
): Promise<Record<string, ThrottleState>> {
  const list = Object.values(keys).map((k) => k.key);
  const rows = list.length ? await db.select().from(signInThrottle).where(inArray(signInThrottle.key, list)) : [];
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const out: Record<string, ThrottleState> = {};
  for (const [name, { key, rule }] of Object.entries(keys)) {
    const r = byKey.get(key);
    const last = r ? (r.lastFailureAt ?? r.windowStartedAt) : null;
    const remembered = r && last && now.getTime() - last.getTime() < rule.memoryMs;
    out[name] = {
      failures: remembered ? r.failures : 0,
      waitUntil: remembered && r.blockedUntil && r.blockedUntil > now ? r.blockedUntil : null,
    };
  }
  return out;
}

/** Counts one failure for `key`, atomically, and returns the wait it now imposes (if any). */
export async function recordFailure(db: Db, key: string, rule: ThrottleRule, now: Date): Promise<Date | null> {
  // ISO strings with casts: both drivers then bind the same way.
  const at = sql`${now.toISOString()}::timestamptz`;
  const forgetBefore = sql`${new Date(now.getTime() - rule.memoryMs).toISOString()}::timestamptz`;
  const t = sql.raw('"sign_in_throttle"');
  const stale = sql`coalesce(${t}.last_failure_at, ${t}.window_started_at) <= ${forgetBefore}`;
  const count = sql`(case when ${stale} then 1 else ${t}.failures + 1 end)`;
  // base · 2^(n − free − 1), capped; the exponent is capped too so power() cannot overflow.
  const waitAfter = (n: SQL) =>
    sql`case when ${n} > ${rule.free}::int then ${at} + least(${rule.maxMs}::float8, ${rule.baseMs}::float8 * power(2, least(${n} - ${rule.free}::int - 1, 40))) * interval '1 millisecond' else null end`;
  const result = await db.execute(sql`
    insert into sign_in_throttle (key, failures, window_started_at, last_failure_at, blocked_until)
    values (${key}, 1, ${at}, ${at}, ${waitAfter(sql`1`)})
    on conflict (key) do update set
      failures = ${count},
      window_started_at = case when ${stale} then ${at} else ${t}.window_started_at end,
      last_failure_at = ${at},
      blocked_until = ${waitAfter(count)}
    returning blocked_until`);
  const [row] = rowsOf<{ blocked_until: Date | string | null }>(result);
  const until = row?.blocked_until ? new Date(row.blocked_until) : null;
  return until && until > now ? until : null;
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
}

/** Housekeeping: counts whose latest failure and wait both lapsed a day ago carry no value. */
export async function pruneThrottle(db: Db, now: Date): Promise<void> {
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  await db.execute(sql`
    delete from sign_in_throttle
    where coalesce(last_failure_at, window_started_at) < ${dayAgo}::timestamptz
      and (blocked_until is null or blocked_until < ${dayAgo}::timestamptz)`);
}
