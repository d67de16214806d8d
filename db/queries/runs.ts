// Pull runs (crawl_runs), job requests from pages ("Pull now") and the job schedule.
import { and, desc, eq, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { rowsOf } from "../client";
import { jobRequests, jobRuns, jobSchedules } from "../schema/jobs";
import { crawlRuns, type CrawlRunRow } from "../schema/notices";

/** The pull job's stable id in job_schedules and job_requests. */
export const PULL_JOB_ID = "interpol-pull";

export type RunPatch = Partial<Omit<CrawlRunRow, "id" | "startedAt">>;
export const MAX_STORED_ERRORS = 200;

export async function createRun(db: Db, p: { trigger: "schedule" | "manual" | "cli"; requestedBy?: string | null; now?: Date }) {
  const now = p.now ?? new Date();
  const [row] = await db
    .insert(crawlRuns)
    .values({ trigger: p.trigger, requestedBy: p.requestedBy ?? null, startedAt: now, heartbeatAt: now })
    .returning({ id: crawlRuns.id });
  return row!.id;
}

/** Progress as the run goes; also its heartbeat (the patch may carry the caller's clock). */
export async function updateRun(db: Db, id: number, patch: RunPatch) {
  await db
    .update(crawlRuns)
    .set({ heartbeatAt: new Date(), ...patch })
    .where(eq(crawlRuns.id, id));
}

/**
 * Runs still marked running when no pull can be running (the caller holds the pull lock)
 * died with their process: mark them failed so the record is honest.
 */
export async function failInterruptedRuns(db: Db, now = new Date()) {
  const rows = await db
    .update(crawlRuns)
    .set({
      status: "failed",
      finishedAt: now,
      phase: "interrupted",
      message: "Interrupted: the process stopped before the run finished. The next run is complete regardless.",
    })
    .where(eq(crawlRuns.status, "running"))
    .returning({ id: crawlRuns.id });
  return rows.map((r) => r.id);
}

export async function listRuns(db: Db, { limit = 50, offset = 0 } = {}) {
  return db.select().from(crawlRuns).orderBy(desc(crawlRuns.id)).limit(limit).offset(offset);
}

export async function getRun(db: Db, id: number) {
  const [row] = await db.select().from(crawlRuns).where(eq(crawlRuns.id, id));
  return row ?? null;
}

export async function latestRun(db: Db, status?: CrawlRunRow["status"]) {
  const [row] = await db
    .select()
    .from(crawlRuns)
    .where(status ? eq(crawlRuns.status, status) : undefined)
    .orderBy(desc(crawlRuns.id))
    .limit(1);
  return row ?? null;
}

// ---- Requests from pages ----

/** Ask for a job. Returns the existing pending request instead of queueing a duplicate. */
export async function requestJob(db: Db, p: { jobId: string; requestedBy: string | null }) {
  const [pending] = await db
    .select()
    .from(jobRequests)
    .where(and(eq(jobRequests.jobId, p.jobId), isNull(jobRequests.finishedAt)))
    .orderBy(desc(jobRequests.id))
    .limit(1);
  if (pending) return { request: pending, created: false };
  const [row] = await db.insert(jobRequests).values({ jobId: p.jobId, requestedBy: p.requestedBy }).returning();
  return { request: row!, created: true };
}

/** Claim the oldest unclaimed request for a job; safe with several schedulers polling. */
export async function claimJobRequest(db: Db, jobId: string) {
  const result = await db.execute(sql`
    update job_requests set claimed_at = now()
    where id = (
      select id from job_requests
      where job_id = ${jobId} and claimed_at is null
      order by id limit 1
      for update skip locked)
    returning id, requested_by`);
  const [row] = rowsOf<{ id: number; requested_by: string | null }>(result);
  return row ? { id: Number(row.id), requestedBy: row.requested_by } : null;
}

export async function finishJobRequest(db: Db, id: number, p: { runId?: number | null; outcome: string }) {
  await db
    .update(jobRequests)
    .set({ finishedAt: new Date(), runId: p.runId ?? null, outcome: p.outcome })
    .where(eq(jobRequests.id, id));
}

/** Requests claimed by a process that died: release them so the next scheduler picks them up. */
export async function releaseStaleJobRequests(db: Db, olderThan: Date) {
  await db
    .update(jobRequests)
    .set({ claimedAt: null })
    .where(and(isNull(jobRequests.finishedAt), lt(jobRequests.claimedAt, olderThan)));
}

export async function pendingJobRequest(db: Db, jobId: string) {
  const [row] = await db
    .select()
    .from(jobRequests)
    .where(and(eq(jobRequests.jobId, jobId), isNull(jobRequests.finishedAt)))
    .orderBy(desc(jobRequests.id))
    .limit(1);
  return row ?? null;
}

// ---- Schedule and job run records ----

export async function ensureSchedule(db: Db, p: { id: string; cron: string }) {
  await db
    .insert(jobSchedules)
    .values({ id: p.id, cron: p.cron })
    .onConflictDoUpdate({ target: jobSchedules.id, set: { cron: p.cron, updatedAt: new Date() } });
}

export async function listSchedules(db: Db) {
  return db.select().from(jobSchedules).orderBy(jobSchedules.id);
}

export async function startJobRun(db: Db, p: { jobId: string; trigger: string }) {
  const [row] = await db.insert(jobRuns).values({ jobId: p.jobId, trigger: p.trigger }).returning({ id: jobRuns.id });
  await db.update(jobSchedules).set({ lastStartedAt: new Date() }).where(eq(jobSchedules.id, p.jobId));
  return row!.id;
}

export async function finishJobRun(
  db: Db,
  id: number,
  p: { jobId: string; status: "succeeded" | "partial" | "failed" | "skipped"; detail?: Record<string, unknown> },
) {
  await db
    .update(jobRuns)
    .set({ status: p.status, finishedAt: new Date(), detail: p.detail ?? {} })
    .where(eq(jobRuns.id, id));
  await db.update(jobSchedules).set({ lastFinishedAt: new Date() }).where(eq(jobSchedules.id, p.jobId));
}
