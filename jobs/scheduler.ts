// The scheduler: node-cron fires jobs on their UTC schedule, and a short poll picks up work that
// pages asked for (job_requests). A PostgreSQL advisory lock per job guarantees one runner
// across processes, whatever node-cron does.
import cron, { type ScheduledTask } from "node-cron";
import type { Env } from "../config/env";
import type { Database } from "../db/client";
import {
  PULL_JOB_ID,
  claimJobRequest,
  failInterruptedRuns,
  ensureSchedule,
  finishJobRequest,
  finishJobRun,
  releaseStaleJobRequests,
  startJobRun,
} from "../db/queries/runs";
import { housekeeping } from "./tasks/housekeeping";
import { PULL_LOCK, pullNotices, type PullSummary } from "./tasks/pull-notices";

export const PULL_JOB = PULL_JOB_ID;
export const HOUSEKEEPING_JOB = "housekeeping";
const HOUSEKEEPING_CRON = "17 3 * * *";

export interface Scheduler {
  /** Resolves when the running job (if any) has stopped. */
  stop(): Promise<void>;
  /** For tests and the CLI: run the pull now as the scheduler would. */
  runPull(trigger: "schedule" | "manual", requestedBy?: string | null, requestId?: number): Promise<PullSummary>;
}

export interface SchedulerOptions {
  database: Database;
  env: Env;
  log?: Pick<Console, "log" | "error">;
  /** How often to look for requests from pages. */
  pollMs?: number;
  pullOverrides?: Partial<Parameters<typeof pullNotices>[0]>;
}

export async function startScheduler(opts: SchedulerOptions): Promise<Scheduler> {
  const { database, env } = opts;
  const log = opts.log ?? console;
  const { db } = database;
  const controller = new AbortController();
  let running: Promise<unknown> | null = null;
  let stopped = false;

  await ensureSchedule(db, { id: PULL_JOB, cron: env.PULL_CRON });
  await ensureSchedule(db, { id: HOUSEKEEPING_JOB, cron: HOUSEKEEPING_CRON });
  // A run left "running" by a process that died is failed now, unless a pull really is running
  // elsewhere (then the lock is taken and that run is alive).
  const swept = await database.withAdvisoryLock(PULL_LOCK, () => failInterruptedRuns(db));
  if (swept.acquired && swept.result.length) {
    log.log(`[scheduler] marked ${swept.result.length} interrupted run(s) as failed: ${swept.result.join(", ")}`);
  }
  // Requests claimed by a process that died an hour ago will never finish there.
  await releaseStaleJobRequests(db, new Date(Date.now() - 60 * 60_000));

  async function runPull(trigger: "schedule" | "manual", requestedBy: string | null = null, requestId?: number) {
    const jobRunId = await startJobRun(db, { jobId: PULL_JOB, trigger });
    const summary = await pullNotices({
      database,
      env,
      trigger,
      requestedBy,
      signal: controller.signal,
      ...opts.pullOverrides,
    });
    await finishJobRun(db, jobRunId, {
      jobId: PULL_JOB,
      status: summary.status,
      detail: { runId: summary.runId, message: summary.message ?? null },
    });
    if (requestId !== undefined) await finishJobRequest(db, requestId, { runId: summary.runId, outcome: summary.status });
    log.log(
      `[scheduler] pull ${summary.status}${summary.runId ? ` (run ${summary.runId})` : ""}: ` +
        `${summary.added} added, ${summary.changed} changed, ${summary.removed} removed, ${summary.reappeared} reappeared`,
    );
    return summary;
  }

  function launch(fn: () => Promise<unknown>) {
    if (running || stopped) return false;
    running = fn()
      .catch((e) => log.error("[scheduler] job failed:", e instanceof Error ? e.message : e))
      .finally(() => {
        running = null;
      });
    return true;
  }

  const task: ScheduledTask = cron.schedule(env.PULL_CRON, () => void launch(() => runPull("schedule")), {
    timezone: "UTC",
    name: PULL_JOB,
    noOverlap: true,
  });

  const housekeepingTask: ScheduledTask = cron.schedule(
    HOUSEKEEPING_CRON,
    async () => {
      const locked = await database.withAdvisoryLock(`article3:${HOUSEKEEPING_JOB}`, async () => {
        const id = await startJobRun(db, { jobId: HOUSEKEEPING_JOB, trigger: "schedule" });
        try {
          await housekeeping({ database });
          await finishJobRun(db, id, { jobId: HOUSEKEEPING_JOB, status: "succeeded" });
        } catch (e) {
          await finishJobRun(db, id, { jobId: HOUSEKEEPING_JOB, status: "failed", detail: { error: String(e) } });
        }
      });
      if (!locked.acquired) log.log("[scheduler] housekeeping already running elsewhere");
    },
    { timezone: "UTC", name: HOUSEKEEPING_JOB, noOverlap: true },
  );

  // "Pull now" from the Runs page: claimed only when this process is free to run it.
  const poll = setInterval(() => {
    if (running || stopped) return;
    launch(async () => {
      const request = await claimJobRequest(db, PULL_JOB);
      if (request) await runPull("manual", request.requestedBy, request.id);
    });
  }, opts.pollMs ?? 2000);
  poll.unref();

  return {
    runPull,
    async stop() {
      stopped = true;
      clearInterval(poll);
      for (const t of [task, housekeepingTask]) {
        await t.stop();
        await t.destroy();
      }
      controller.abort();
      await running;
    },
  };
}
