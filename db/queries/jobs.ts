// Background jobs: requests from pages, the queue as pages see it, run records for every job,
// schedules, and the per-job locks the runner holds (docs/decisions/005).
//
// The queue is pg-boss's (schema `pgboss`). Pages ask for work through `requestJob`, which sends
// with pg-boss's own `send` over this database's connection, so app/ never imports jobs/ or
// pg-boss, and a web-only process (SCHEDULER=off) can ask while a worker elsewhere runs it. The
// reads below select from pg-boss's `job` table (schema version 24: id, name, state, data,
// created_on, start_after, started_on, retry_count, retry_limit, singleton_key).
import { randomUUID } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { JobId, JobMessage, JobRunStatus, JobTrigger, QueuedJobState } from "../../lib/jobs";
import { BOSS_SCHEMA, bossSender } from "../boss";
import type { Database, Db } from "../client";
import { rowsOf } from "../client";
import { jobRuns, jobSchedules } from "../schema/jobs";

const bossJob = sql.raw(`${BOSS_SCHEMA}.job`);

// ---- The queue ----

export interface QueuedJob {
  id: string;
  jobId: string;
  state: QueuedJobState;
  trigger: JobTrigger;
  requestedBy: string | null;
  input: Record<string, unknown>;
  key: string | null;
  /** When it was asked for. */
  createdAt: Date;
  /** Not before this (a retry's back-off). */
  startAfter: Date;
  startedAt: Date | null;
  /** Attempts already made (0 while the first waits). */
  retryCount: number;
  retryLimit: number;
}

interface BossJobRow {
  id: string;
  name: string;
  state: QueuedJobState;
  data: JobMessage | null;
  singleton_key: string | null;
  created_on: Date | string;
  start_after: Date | string;
  started_on: Date | string | null;
  retry_count: number;
  retry_limit: number;
}

const toDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

function toQueued(r: BossJobRow): QueuedJob {
  return {
    id: r.id,
    jobId: r.name,
    state: r.state,
    trigger: r.data?.trigger ?? "manual",
    requestedBy: r.data?.requestedBy ?? null,
    input: r.data?.input ?? {},
    key: r.singleton_key,
    createdAt: toDate(r.created_on),
    startAfter: toDate(r.start_after),
    startedAt: r.started_on ? toDate(r.started_on) : null,
    retryCount: Number(r.retry_count),
    retryLimit: Number(r.retry_limit),
  };
}

const queuedColumns = sql`id, name, state::text as state, data, singleton_key, created_on, start_after, started_on,
  retry_count, retry_limit`;

/**
 * The job of this kind (and key) waiting or running now, if any: what "Pull now" shows as
 * "requested, waiting for the worker" or "running". Running first, then the oldest waiting.
 */
export async function pendingJob(db: Db, jobId: string, key: string | null = null): Promise<QueuedJob | null> {
  const rows = rowsOf<BossJobRow>(
    await db.execute(sql`
      select ${queuedColumns} from ${bossJob}
      where name = ${jobId} and state in ('created', 'retry', 'active')
        and coalesce(singleton_key, '') = ${key ?? ""}
      order by (state = 'active') desc, created_on, id
      limit 1`),
  );
  return rows[0] ? toQueued(rows[0]) : null;
}

/** Every job waiting or running, oldest first (for admin pages). */
export async function listQueuedJobs(db: Db, { limit = 50 } = {}): Promise<QueuedJob[]> {
  const rows = rowsOf<BossJobRow>(
    await db.execute(sql`
      select ${queuedColumns} from ${bossJob}
      where state in ('created', 'retry', 'active') and name not like '\\_\\_pgboss%'
      order by created_on, id
      limit ${limit}`),
  );
  return rows.map(toQueued);
}

/**
 * Ask for a job: the Runs page's "Pull now", a digest's "send again". Returns the job already
 * waiting or running for the same kind and key instead of queueing a second one.
 */
export async function requestJob(
  database: Database,
  p: { id: JobId; requestedBy: string | null; input?: Record<string, unknown>; key?: string | null },
): Promise<{ job: QueuedJob; created: boolean }> {
  const key = p.key ?? null;
  const existing = await pendingJob(database.db, p.id, key);
  if (existing) return { job: existing, created: false };
  const message: JobMessage = { trigger: "manual", requestedBy: p.requestedBy, input: p.input ?? {} };
  const id = await bossSender(database).send(p.id, message as unknown as object, key ? { singletonKey: key } : {});
  // null: another request won a race (the queue keeps one waiting job per kind and key).
  const job = await pendingJob(database.db, p.id, key);
  if (job) return { job, created: id !== null && job.id === id };
  if (id === null) throw new Error(`No queue for job "${p.id}": the runner creates queues at start (npm start or npm run worker).`);
  throw new Error(`Job ${id} was queued but is not visible`);
}

/**
 * Job kinds (among `names`) with work due now, so that one poll asks once for all kinds. A waiting
 * job of a one-at-a-time kind whose twin is running is not due: fetching it would only fail on
 * pg-boss's unique index (and fill PostgreSQL's log) until the running one ends.
 */
export async function dueJobNames(db: Db, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`
      select distinct name from ${bossJob} j
      where state in ('created', 'retry') and start_after < now()
        and name in (${sql.join(
          names.map((n) => sql`${n}`),
          sql`, `,
        )})
        and not (coalesce(policy, '') in ('singleton', 'stately') and exists (
          select 1 from ${bossJob} a
          where a.name = j.name and a.state = 'active' and coalesce(a.singleton_key, '') = coalesce(j.singleton_key, '')))`),
  );
  return rows.map((r) => r.name);
}

/** Jobs marked active since before `before`: candidates for "its process died" (the runner checks their lock). */
export async function activeJobsStartedBefore(db: Db, names: readonly string[], before: Date): Promise<QueuedJob[]> {
  if (names.length === 0) return [];
  const rows = rowsOf<BossJobRow>(
    await db.execute(sql`
      select ${queuedColumns} from ${bossJob}
      where state = 'active' and started_on < ${before.toISOString()}::timestamptz
        and name in (${sql.join(
          names.map((n) => sql`${n}`),
          sql`, `,
        )})`),
  );
  return rows.map(toQueued);
}

// ---- Run records ----

export type JobRunRow = typeof jobRuns.$inferSelect;

/**
 * Record that an attempt started. A queued job keeps one row across its attempts (keyed by
 * pg-boss's id); a command-line run gets a row of its own.
 */
export async function startJobRun(
  db: Db,
  p: {
    jobId: string;
    queueJobId?: string | null;
    trigger: JobTrigger;
    requestedBy?: string | null;
    scheduledFor?: Date | null;
    input?: Record<string, unknown>;
    attempt?: number;
    maxAttempts?: number;
    now?: Date;
  },
): Promise<number> {
  const now = p.now ?? new Date();
  const values = {
    jobId: p.jobId,
    queueJobId: p.queueJobId ?? null,
    trigger: p.trigger,
    requestedBy: p.requestedBy ?? null,
    scheduledFor: p.scheduledFor ?? null,
    input: p.input ?? {},
    status: "running" as const,
    attempts: p.attempt ?? 1,
    maxAttempts: p.maxAttempts ?? 1,
    startedAt: now,
    attemptStartedAt: now,
    heartbeatAt: now,
  };
  const [row] = p.queueJobId
    ? await db
        .insert(jobRuns)
        .values(values)
        .onConflictDoUpdate({
          target: jobRuns.queueJobId,
          set: {
            status: "running",
            attempts: values.attempts,
            maxAttempts: values.maxAttempts,
            attemptStartedAt: now,
            heartbeatAt: now,
            finishedAt: null,
            nextAttemptAt: null,
          },
        })
        .returning({ id: jobRuns.id })
    : await db.insert(jobRuns).values(values).returning({ id: jobRuns.id });
  await db.update(jobSchedules).set({ lastStartedAt: now }).where(eq(jobSchedules.id, p.jobId));
  return row!.id;
}

/** What a running job reports; also its heartbeat. */
export async function reportJobProgress(db: Db, id: number, progress: Record<string, unknown>) {
  await db.update(jobRuns).set({ progress, heartbeatAt: new Date() }).where(eq(jobRuns.id, id));
}

/**
 * The end of an attempt. `retrying` leaves the run open with the time of the next attempt;
 * any other status closes it.
 */
export async function finishJobRun(
  db: Db,
  id: number,
  p: {
    status: Exclude<JobRunStatus, "running">;
    error?: string | null;
    detail?: Record<string, unknown>;
    nextAttemptAt?: Date | null;
    now?: Date;
  },
) {
  const now = p.now ?? new Date();
  const final = p.status !== "retrying";
  const [row] = await db
    .update(jobRuns)
    .set({
      status: p.status,
      error: p.error ?? null,
      ...(p.detail ? { detail: p.detail } : {}),
      heartbeatAt: now,
      finishedAt: final ? now : null,
      nextAttemptAt: final ? null : (p.nextAttemptAt ?? null),
    })
    .where(eq(jobRuns.id, id))
    .returning({ jobId: jobRuns.jobId });
  if (final && row) await db.update(jobSchedules).set({ lastFinishedAt: now }).where(eq(jobSchedules.id, row.jobId));
}

export async function getJobRunForQueueJob(db: Db, queueJobId: string) {
  const [row] = await db.select().from(jobRuns).where(eq(jobRuns.queueJobId, queueJobId));
  return row ?? null;
}

/** Run records, newest first, for one job or all. */
export async function listJobRuns(db: Db, { jobId, limit = 50, offset = 0 }: { jobId?: string; limit?: number; offset?: number } = {}) {
  return db
    .select()
    .from(jobRuns)
    .where(jobId ? eq(jobRuns.jobId, jobId) : undefined)
    .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id))
    .limit(limit)
    .offset(offset);
}

/**
 * Command-line runs of a job still marked running. Called under the job's lock, so none of them
 * is alive: their process died. Returns the run ids it closed.
 */
export async function failInterruptedJobRuns(db: Db, jobId: string, message: string, now = new Date()) {
  const rows = await db
    .update(jobRuns)
    .set({ status: "failed", error: message, finishedAt: now, heartbeatAt: now })
    .where(and(eq(jobRuns.jobId, jobId), isNull(jobRuns.queueJobId), eq(jobRuns.status, "running")))
    .returning({ id: jobRuns.id });
  return rows.map((r) => r.id);
}

/** Queued runs still marked running whose job pg-boss no longer holds active (it expired them). */
export async function failRunsWithoutActiveJob(db: Db, startedBefore: Date, message: string, now = new Date()) {
  const rows = rowsOf<{ id: number }>(
    await db.execute(sql`
      update job_runs set status = 'failed', error = ${message}, finished_at = ${now.toISOString()}::timestamptz
      where status = 'running' and queue_job_id is not null
        and attempt_started_at < ${startedBefore.toISOString()}::timestamptz
        and not exists (select 1 from ${bossJob} j where j.id = job_runs.queue_job_id and j.state = 'active')
      returning id`),
  );
  return rows.map((r) => Number(r.id));
}

// ---- Schedules ----

export async function ensureSchedule(db: Db, p: { id: string; cron: string }) {
  await db
    .insert(jobSchedules)
    .values({ id: p.id, cron: p.cron })
    .onConflictDoUpdate({ target: jobSchedules.id, set: { cron: p.cron, updatedAt: new Date() } });
}

export async function listSchedules(db: Db) {
  return db.select().from(jobSchedules).orderBy(jobSchedules.id);
}

// ---- Locks ----

export type LockResult<T> = { acquired: true; result: T } | { acquired: false };

/** PGlite leases last this long without renewal; the holder renews at a third of it. */
export const LEASE_MS = 60_000;
const processTag = randomUUID().slice(0, 8);

/**
 * Run `fn` holding the named lock, or return `{ acquired: false }` if another holder has it
 * (after waiting up to `waitMs`). On PostgreSQL a session advisory lock, released by the server
 * if the holder's connection dies; on PGlite, whose one connection makes advisory locks
 * re-entrant, a lease row in `job_locks` that each holder owns by a token of its own, renewed
 * while `fn` runs.
 */
export async function withJobLock<T>(
  database: Database,
  name: string,
  fn: () => Promise<T>,
  opts: { waitMs?: number; leaseMs?: number; onLost?: () => void } = {},
): Promise<LockResult<T>> {
  const deadline = Date.now() + (opts.waitMs ?? 0);
  for (;;) {
    const r = database.kind === "postgres" ? await database.withAdvisoryLock(name, fn) : await withLease(database.db, name, fn, opts);
    if (r.acquired || Date.now() >= deadline) return r;
    await new Promise((res) => setTimeout(res, Math.min(250, Math.max(10, deadline - Date.now()))));
  }
}

async function withLease<T>(
  db: Db,
  name: string,
  fn: () => Promise<T>,
  opts: { leaseMs?: number; onLost?: () => void },
): Promise<LockResult<T>> {
  const leaseMs = opts.leaseMs ?? LEASE_MS;
  const holder = `${processTag}:${randomUUID()}`;
  if (!(await takeLease(db, name, holder, leaseMs))) return { acquired: false };
  const renew = setInterval(() => {
    renewLease(db, name, holder, leaseMs)
      .then((held) => {
        if (!held) opts.onLost?.();
      })
      .catch(() => {});
  }, leaseMs / 3);
  renew.unref();
  try {
    return { acquired: true, result: await fn() };
  } finally {
    clearInterval(renew);
    await releaseLease(db, name, holder).catch(() => {});
  }
}

/** Take the lease if it is free or its holder stopped renewing it. */
export async function takeLease(db: Db, name: string, holder: string, leaseMs = LEASE_MS): Promise<boolean> {
  const rows = rowsOf<{ holder: string }>(
    await db.execute(sql`
      insert into job_locks (name, holder, acquired_at, expires_at)
      values (${name}, ${holder}, now(), now() + ${leaseMs} * interval '1 millisecond')
      on conflict (name) do update
        set holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
        where job_locks.expires_at <= now()
      returning holder`),
  );
  return rows[0]?.holder === holder;
}

async function renewLease(db: Db, name: string, holder: string, leaseMs: number): Promise<boolean> {
  const rows = rowsOf(
    await db.execute(sql`
      update job_locks set expires_at = now() + ${leaseMs} * interval '1 millisecond'
      where name = ${name} and holder = ${holder}
      returning name`),
  );
  return rows.length > 0;
}

async function releaseLease(db: Db, name: string, holder: string) {
  await db.execute(sql`delete from job_locks where name = ${name} and holder = ${holder}`);
}

/**
 * Whether anyone holds the named lock, without taking it (so that checking never makes a real
 * run find the lock busy). PostgreSQL: the advisory lock in pg_locks for this database.
 */
export async function isJobLockHeld(database: Database, name: string): Promise<boolean> {
  const query =
    database.kind === "postgres"
      ? sql`
        select 1 as held from pg_locks
        where locktype = 'advisory' and granted and objsubid = 1
          and database = (select oid from pg_database where datname = current_database())
          and ((classid::bigint << 32) | objid::bigint) = hashtextextended(${name}, 0)`
      : sql`select 1 as held from job_locks where name = ${name} and expires_at > now()`;
  return (await database.rows(query)).length > 0;
}
