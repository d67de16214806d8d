import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** The schedule: one row per job, with a stable id. Cron expressions are UTC. */
export const jobSchedules = pgTable("job_schedules", {
  id: text().primaryKey(),
  cron: text().notNull(),
  enabled: boolean().notNull().default(true),
  lastStartedAt: timestamp({ withTimezone: true }),
  lastFinishedAt: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Work asked for from a page ("Pull now") or the CLI. Pages only insert here; the scheduler,
 * in whichever process runs it, claims requests within seconds. That keeps app/ and jobs/ apart.
 */
export const jobRequests = pgTable(
  "job_requests",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    jobId: text().notNull(),
    requestedBy: text(),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    claimedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    /** The run it produced (crawl_runs.id for pulls). */
    runId: integer(),
    outcome: text(),
  },
  (t) => [index("job_requests_pending_idx").on(t.jobId).where(sql`claimed_at is null`)],
);

/** A record of each execution of any job, whatever started it. */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    jobId: text().notNull(),
    trigger: text().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    status: text({ enum: ["running", "succeeded", "partial", "failed", "skipped"] }).notNull().default("running"),
    detail: jsonb().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index("job_runs_job_idx").on(t.jobId, t.startedAt)],
);
