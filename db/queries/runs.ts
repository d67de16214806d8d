// Pull runs (crawl_runs): the pull's own detailed record. Jobs, their queue and run records for
// every job are in db/queries/jobs.ts.
import { desc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { crawlRuns, type CrawlRunRow } from "../schema/notices";

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

/** Progress as the run goes; also its heartbeat. */
export async function updateRun(db: Db, id: number, patch: RunPatch) {
  await db
    .update(crawlRuns)
    .set({ ...patch, heartbeatAt: new Date() })
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
