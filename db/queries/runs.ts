// Pull runs (crawl_runs): the pull's own detailed record. Jobs, their queue and run records for
// every job are in db/queries/jobs.ts.
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { users } from "../schema/auth";
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

/** The runs list: what the page shows, without the stored errors and failed queries (JSON). */
export async function listRuns(db: Db, { limit = 50, offset = 0 } = {}) {
  return db
    .select({
      id: crawlRuns.id,
      status: crawlRuns.status,
      trigger: crawlRuns.trigger,
      requestedBy: crawlRuns.requestedBy,
      requestedByName: users.name,
      phase: crawlRuns.phase,
      startedAt: crawlRuns.startedAt,
      finishedAt: crawlRuns.finishedAt,
      queriesPlanned: crawlRuns.queriesPlanned,
      queriesDone: crawlRuns.queriesDone,
      detailsTotal: crawlRuns.detailsTotal,
      detailsFetched: crawlRuns.detailsFetched,
      requests: crawlRuns.requests,
      seen: crawlRuns.seen,
      reportedTotal: crawlRuns.reportedTotal,
      coverage: crawlRuns.coverage,
      added: crawlRuns.added,
      changed: crawlRuns.changed,
      removed: crawlRuns.removed,
      reappeared: crawlRuns.reappeared,
      errorCount: crawlRuns.errorCount,
      /** Of `added`, how many were already published when watching began (not news). */
      baselineAdded: sql<number>`(select count(*) from notice_events e where e.run_id = crawl_runs.id and e.baseline)::int`,
    })
    .from(crawlRuns)
    .leftJoin(users, eq(users.id, crawlRuns.requestedBy))
    .orderBy(desc(crawlRuns.id))
    .limit(limit)
    .offset(offset);
}

/** One run for its page, with who asked for it and how many of its additions were the baseline. */
export async function getRunForPage(db: Db, id: number) {
  const [row] = await db
    .select({
      run: crawlRuns,
      requestedByName: users.name,
      baselineAdded: sql<number>`(select count(*) from notice_events e where e.run_id = crawl_runs.id and e.baseline)::int`,
    })
    .from(crawlRuns)
    .leftJoin(users, eq(users.id, crawlRuns.requestedBy))
    .where(eq(crawlRuns.id, id));
  return row ? { ...row.run, requestedByName: row.requestedByName, baselineAdded: row.baselineAdded } : null;
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
