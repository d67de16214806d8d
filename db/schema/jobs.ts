import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { JOB_RUN_STATUSES, JOB_TRIGGERS } from "../../lib/jobs";

/**
 * The schedule: one row per scheduled job, with its stable id (lib/jobs.ts). Cron expressions are
 * UTC. The runner writes it at start from its registry; pages read it.
 */
export const jobSchedules = pgTable("job_schedules", {
  id: text().primaryKey(),
  cron: text().notNull(),
  enabled: boolean().notNull().default(true),
  lastStartedAt: timestamp({ withTimezone: true }),
  lastFinishedAt: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * A record of each run of any job, whatever started it: one row per queued job (pg-boss's job id)
 * across its attempts, or per command-line run. Waiting work lives in pg-boss's own tables
 * (schema `pgboss`, docs/decisions/005); this is the history pages read.
 */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    jobId: text().notNull(),
    /** pg-boss's job id; null for command-line runs, which do not go through the queue. */
    queueJobId: uuid(),
    trigger: text({ enum: JOB_TRIGGERS }).notNull(),
    /** The user who asked (manual runs). */
    requestedBy: text(),
    /** The schedule slot a scheduled run belongs to. */
    scheduledFor: timestamp({ withTimezone: true }),
    /** What the job was asked to do (e.g. `{ "week": "2026-W48" }`). */
    input: jsonb().notNull().default(sql`'{}'::jsonb`),
    status: text({ enum: JOB_RUN_STATUSES }).notNull().default("running"),
    attempts: integer().notNull().default(1),
    maxAttempts: integer().notNull().default(1),
    /** The last attempt's error, in words. */
    error: text(),
    /** What the job last reported while running. */
    progress: jsonb(),
    /** The job's result (for pulls, the summary with the crawl run's id). */
    detail: jsonb().notNull().default(sql`'{}'::jsonb`),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When the current attempt started. */
    attemptStartedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    heartbeatAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    /** When a failed attempt will be tried again. */
    nextAttemptAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("job_runs_job_idx").on(t.jobId, t.startedAt),
    uniqueIndex("job_runs_queue_job_idx").on(t.queueJobId),
  ],
);

/**
 * Leases that stand in for PostgreSQL's session advisory locks on PGlite, whose one connection
 * makes every advisory lock re-entrant: a row per held lock, renewed while its holder runs and
 * free once `expires_at` passes (a holder that died).
 */
export const jobLocks = pgTable("job_locks", {
  name: text().primaryKey(),
  holder: text().notNull(),
  acquiredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
});
