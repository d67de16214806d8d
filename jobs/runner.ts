// The job runner: every background job (jobs/tasks/index.ts) runs through here, whatever started
// it (its schedule, a page, the command line). It owns the schedules (node-cron sends a job per
// slot), the lock per job, the run records, retries with back-off and requests from pages
// (pg-boss's queue underneath). See docs/decisions/005-job-runner.md.
import { createHash } from "node:crypto";
import cron, { type ScheduledTask } from "node-cron";
import type PgBoss from "pg-boss";
import type { Env } from "../config/env";
import { bossSender, createBoss } from "../db/boss";
import type { Database } from "../db/client";
import {
  activeJobsStartedBefore,
  dueJobNames,
  ensureSchedule,
  failInterruptedJobRuns,
  failRunsWithoutActiveJob,
  finishJobRun,
  getJobRunForQueueJob,
  isJobLockHeld,
  reportJobProgress,
  startJobRun,
  withJobLock,
} from "../db/queries/jobs";
import type { JobMessage, JobRunStatus, JobTrigger } from "../lib/jobs";

export type Logger = Pick<Console, "log" | "error">;

/** Thrown by a handler when trying again cannot help (bad input, a record that is gone). */
export class PermanentJobError extends Error {}

export interface TaskContext<I = Record<string, unknown>, O = unknown> {
  database: Database;
  env: Env;
  input: I;
  trigger: JobTrigger;
  requestedBy: string | null;
  /** The schedule slot, for scheduled runs. */
  scheduledFor: Date | null;
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
  /** Aborted on shutdown (after the grace period) and at the task's timeout. Handlers stop at the next safe point. */
  signal: AbortSignal;
  /** Record what the job is doing (written at most every few seconds). */
  progress(p: Record<string, unknown>): void;
  log: Logger;
  /** Process-level options for this task (the CLI's progress printer, tests' faster pace). */
  options: O | undefined;
}

export interface TaskDefinition<I = Record<string, unknown>, R = unknown, O = unknown> {
  /**
   * The job itself: a plain async function, idempotent (run twice, it leaves what one run
   * leaves). A result with `status: "failed"` (and a `message`) counts as a failure,
   * `"partial"` and `"skipped"` are recorded as such; anything else is success.
   */
  handler(ctx: TaskContext<I, O>): Promise<R>;
  /** Default schedule (cron, UTC), or null for on-demand jobs. */
  cron: string | null | ((env: Env) => string | null);
  /** Input for a scheduled run (a digest's week from its slot). */
  scheduledInput?: (slot: Date) => I;
  /** Validate input from a request; throwing fails the job without retrying. */
  parseInput?: (raw: Record<string, unknown>) => I;
  /** Attempts after the first, and the delay before the first retry (doubled each time with `backoff`). */
  retry: { limit: number; delaySeconds: number; backoff: boolean };
  /** One run at a time across every process (a lock per job kind), and one request waiting. */
  singleton: boolean;
  /** The run is told to stop after this long. */
  timeoutSeconds: number;
  /** Lock name (default the job id), for locks that predate the runner. */
  lock?: string;
  /**
   * Put right what a run killed midway left behind. Called under the job's lock (so no run of
   * this job is alive anywhere) when the runner starts and before each run. Singleton jobs only.
   */
  recover?: (ctx: { database: Database; log: Logger }) => Promise<void>;
}

// The registry holds tasks of every input, result and option type.
export type AnyTask = TaskDefinition<any, any, any>;
export type TaskRegistry = Record<string, AnyTask>;

/** Keeps a task's types together where it is declared. */
export function defineTask<I = Record<string, unknown>, R = unknown, O = unknown>(def: TaskDefinition<I, R, O>) {
  return def;
}

export type FinalStatus = Exclude<JobRunStatus, "running" | "retrying">;

export interface AttemptOutcome<R = unknown> {
  /** False when another run of the job held its lock: nothing ran. */
  acquired: boolean;
  status: FinalStatus;
  error: string | null;
  retryable: boolean;
  result: R | undefined;
  jobRunId: number | null;
}

const SKIPPED_MESSAGE = "Another run of this job was in progress, so this one did not start.";
const INTERRUPTED_MESSAGE = "Interrupted: the process running it stopped before it finished.";

export function cronFor(task: AnyTask, env: Env): string | null {
  return typeof task.cron === "function" ? task.cron(env) : task.cron;
}

/** The lock a run holds: one per job kind for singletons, one per queued job otherwise. */
export function lockName(id: string, task: AnyTask, queueJobId: string | null): string {
  const base = `article3:${task.lock ?? id}`;
  if (task.singleton) return base;
  return `${base}:${queueJobId ?? `cli-${process.pid}-${Date.now()}-${Math.random()}`}`;
}

/** The same id for the same job and schedule slot in every process, so a slot is queued once. */
export function slotJobId(id: string, slot: Date): string {
  const h = createHash("sha256").update(`article3:${id}@${slot.toISOString()}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** What a handler's return value says about the run. */
export function classify(result: unknown): { status: FinalStatus; error: string | null } {
  const status = result && typeof result === "object" && "status" in result ? (result as { status: unknown }).status : null;
  const message = result && typeof result === "object" && "message" in result ? (result as { message: unknown }).message : null;
  if (status === "failed") return { status: "failed", error: typeof message === "string" && message ? message : "Failed." };
  if (status === "partial" || status === "skipped") return { status, error: null };
  return { status: "succeeded", error: null };
}

function resultDetail(result: unknown): Record<string, unknown> {
  if (result === undefined || result === null) return {};
  if (typeof result === "object" && !Array.isArray(result)) return result as Record<string, unknown>;
  return { value: result };
}

/**
 * Queues for every task, with their retry policy; schedules as pages read them. Idempotent, and
 * serialised across processes: pg-boss's queue creation (a table partition per queue) deadlocks
 * when two processes create the same queues at once.
 */
export async function prepareJobs(database: Database, opts: { env?: Env; tasks: TaskRegistry }) {
  const boss = bossSender(database);
  const prepared = await withJobLock(
    database,
    "article3:prepare-jobs",
    async () => {
      for (const [id, task] of Object.entries(opts.tasks)) {
        const queue: PgBoss.Queue = {
          name: id,
          // stately: at most one waiting and one running job per kind (and key).
          policy: task.singleton ? "stately" : "standard",
          retryLimit: task.retry.limit,
          retryDelay: task.retry.delaySeconds,
          retryBackoff: task.retry.backoff,
          // pg-boss's own expiry is the backstop behind the runner's timeout and lock checks.
          expireInSeconds: Math.min(task.timeoutSeconds + 300, 23 * 3600),
        };
        const existing = await boss.getQueue(id);
        if (!existing) await boss.createQueue(id, queue);
        else if (
          existing.policy !== queue.policy ||
          existing.retryLimit !== queue.retryLimit ||
          existing.retryDelay !== queue.retryDelay ||
          existing.retryBackoff !== queue.retryBackoff ||
          existing.expireInSeconds !== queue.expireInSeconds
        ) {
          await boss.updateQueue(id, queue);
        }
        const expression = opts.env ? cronFor(task, opts.env) : null;
        if (expression) await ensureSchedule(database.db, { id, cron: expression });
      }
    },
    { waitMs: 120_000 },
  );
  if (!prepared.acquired) throw new Error("Could not prepare the job queues: another process held their lock for two minutes.");
}

interface AttemptSpec {
  id: string;
  task: AnyTask;
  trigger: JobTrigger;
  requestedBy: string | null;
  input: Record<string, unknown>;
  scheduledFor: Date | null;
  queueJobId: string | null;
  attempt: number;
  maxAttempts: number;
  /** The runner's stop signal (or the CLI's Ctrl-C). */
  signal?: AbortSignal;
  options?: unknown;
  waitMs: number;
  /** Settle the queued job while the lock is still held; returns when a retry is due. */
  settle?: (o: AttemptOutcome) => Promise<{ nextAttemptAt: Date | null }>;
}

interface Deps {
  database: Database;
  env: Env;
  log: Logger;
}

/** Under the job's lock: fail what a dead run of this job left "running". */
async function recoverKind(deps: Deps, id: string, task: AnyTask) {
  const ids = await failInterruptedJobRuns(deps.database.db, id, INTERRUPTED_MESSAGE);
  if (ids.length) deps.log.log(`[jobs] ${id}: marked ${ids.length} interrupted command-line run(s) as failed`);
  await task.recover?.({ database: deps.database, log: deps.log });
}

/** One attempt of one job: take its lock, record it, run it, settle it, record the end. */
async function runAttempt(deps: Deps, spec: AttemptSpec): Promise<AttemptOutcome> {
  const { database, log } = deps;
  const { db } = database;
  const record = {
    jobId: spec.id,
    queueJobId: spec.queueJobId,
    trigger: spec.trigger,
    requestedBy: spec.requestedBy,
    scheduledFor: spec.scheduledFor,
    input: spec.input,
    attempt: spec.attempt,
    maxAttempts: spec.maxAttempts,
  };
  const locked = await withJobLock(
    database,
    lockName(spec.id, spec.task, spec.queueJobId),
    async () => {
      if (spec.task.singleton) await recoverKind(deps, spec.id, spec.task);
      return execute(deps, spec, await startJobRun(db, record));
    },
    {
      waitMs: spec.waitMs,
      onLost: () => log.error(`[jobs] ${spec.id}: lost its lock while running (the process was blocked too long)`),
    },
  );
  if (locked.acquired) return locked.result;
  const jobRunId = await startJobRun(db, record);
  const outcome: AttemptOutcome = { acquired: false, status: "skipped", error: null, retryable: false, result: undefined, jobRunId };
  await spec.settle?.(outcome);
  await finishJobRun(db, jobRunId, { status: "skipped", detail: { message: SKIPPED_MESSAGE } });
  return outcome;
}

async function execute(deps: Deps, spec: AttemptSpec, jobRunId: number): Promise<AttemptOutcome> {
  const { database, env, log } = deps;
  const { task } = spec;
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new Error(`Timed out after ${task.timeoutSeconds} s.`)),
    task.timeoutSeconds * 1000,
  );
  timer.unref();
  const signal = spec.signal ? AbortSignal.any([timeout.signal, spec.signal]) : timeout.signal;

  // Progress goes to the run record at most every 2 s; the last report is written at the end.
  let latest: Record<string, unknown> | null = null;
  let lastWrite = 0;
  let writing: Promise<void> = Promise.resolve();
  const flush = () => {
    if (!latest) return writing;
    const p = latest;
    latest = null;
    lastWrite = Date.now();
    writing = writing.then(() => reportJobProgress(database.db, jobRunId, p)).catch(() => {});
    return writing;
  };
  const progress = (p: Record<string, unknown>) => {
    latest = p;
    if (Date.now() - lastWrite >= 2000) void flush();
  };

  let outcome: AttemptOutcome;
  try {
    const input = task.parseInput ? parsed(task, spec.input) : spec.input;
    const result = await task.handler({
      database,
      env,
      input,
      trigger: spec.trigger,
      requestedBy: spec.requestedBy,
      scheduledFor: spec.scheduledFor,
      attempt: spec.attempt,
      maxAttempts: spec.maxAttempts,
      signal,
      progress,
      log,
      options: spec.options,
    });
    outcome = { acquired: true, ...classify(result), retryable: true, result, jobRunId };
  } catch (e) {
    outcome = {
      acquired: true,
      status: "failed",
      error: e instanceof Error ? e.message : String(e),
      retryable: !(e instanceof PermanentJobError),
      result: undefined,
      jobRunId,
    };
  } finally {
    clearTimeout(timer);
  }
  if (outcome.status === "failed" && signal.aborted) {
    // Whatever the handler said on its way out, the cause was the abort.
    outcome.error = spec.signal?.aborted ? "Stopped: the process was shutting down." : `Timed out after ${task.timeoutSeconds} s.`;
  }
  await flush();
  const settled = (await spec.settle?.(outcome)) ?? { nextAttemptAt: null };
  const retrying = outcome.status === "failed" && settled.nextAttemptAt !== null;
  await finishJobRun(database.db, jobRunId, {
    status: retrying ? "retrying" : outcome.status,
    error: outcome.error,
    detail: resultDetail(outcome.result),
    nextAttemptAt: settled.nextAttemptAt,
  });
  const where = spec.queueJobId ? ` (attempt ${spec.attempt} of ${spec.maxAttempts})` : "";
  if (outcome.status === "failed") {
    log.error(`[jobs] ${spec.id} failed${where}: ${outcome.error}${retrying ? `; next attempt ${settled.nextAttemptAt!.toISOString()}` : ""}`);
  } else {
    log.log(`[jobs] ${spec.id} ${outcome.status}${where}`);
  }
  return outcome;
}

function parsed(task: AnyTask, raw: Record<string, unknown>) {
  try {
    return task.parseInput!(raw);
  } catch (e) {
    throw new PermanentJobError(`Invalid input: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Run a job here and now, under the same lock and with the same record as a queued run, but not
 * through the queue (the CLI, which prints progress and needs the result). `acquired: false`
 * when another run of the job holds the lock.
 */
export async function runTaskNow<R = unknown>(
  database: Database,
  env: Env,
  id: string,
  opts: {
    tasks: TaskRegistry;
    trigger?: JobTrigger;
    requestedBy?: string | null;
    input?: Record<string, unknown>;
    options?: unknown;
    signal?: AbortSignal;
    log?: Logger;
  },
): Promise<AttemptOutcome<R>> {
  const task = opts.tasks[id];
  if (!task) throw new Error(`Unknown job "${id}"`);
  return (await runAttempt(
    { database, env, log: opts.log ?? quiet },
    {
      id,
      task,
      trigger: opts.trigger ?? "cli",
      requestedBy: opts.requestedBy ?? null,
      input: opts.input ?? {},
      scheduledFor: null,
      queueJobId: null,
      attempt: 1,
      maxAttempts: 1,
      signal: opts.signal,
      options: opts.options,
      waitMs: 0,
    },
  )) as AttemptOutcome<R>;
}

const quiet: Logger = { log: () => {}, error: () => {} };

export interface RunnerOptions {
  database: Database;
  env: Env;
  tasks: TaskRegistry;
  log?: Logger;
  /** How often to look for queued work (default JOBS_POLL_SECONDS). */
  pollMs?: number;
  /** How often to look for jobs whose process died (default 30 s). */
  superviseMs?: number;
  /** A job marked running this long without anyone holding its lock is taken as dead (default 30 s). */
  orphanAfterMs?: number;
  /** On stop, how long the running job may go on before its signal is aborted (default JOBS_STOP_GRACE_SECONDS). */
  stopGraceMs?: number;
  /** Start node-cron schedules (default true; tests tick by hand). */
  schedules?: boolean;
  /** How long a queued job waits for its lock before it is recorded as skipped. */
  lockWaitMs?: number;
  /** Per-task process options (see TaskContext.options). */
  taskOptions?: Record<string, unknown>;
}

export interface Runner {
  /** Stop taking jobs, let the running ones finish (aborting them after the grace period). */
  stop(): Promise<void>;
  /** What node-cron calls at each slot: queue the job for that slot (once, whichever process sends it). */
  tick(id: string, slot?: Date): Promise<string | null>;
  /** Look for queued work now rather than at the next poll. */
  poll(): Promise<void>;
  /** Look for jobs whose process died now rather than at the next check. */
  supervise(): Promise<void>;
  /** Job ids running in this process. */
  running(): string[];
}

export async function startRunner(opts: RunnerOptions): Promise<Runner> {
  const { database, env, tasks } = opts;
  const log = opts.log ?? console;
  const deps: Deps = { database, env, log };
  const ids = Object.keys(tasks);
  const pollMs = opts.pollMs ?? env.JOBS_POLL_SECONDS * 1000;
  const superviseMs = opts.superviseMs ?? 30_000;
  const orphanAfterMs = opts.orphanAfterMs ?? 30_000;
  const stopGraceMs = opts.stopGraceMs ?? env.JOBS_STOP_GRACE_SECONDS * 1000;
  const lockWaitMs = opts.lockWaitMs ?? 2000;

  await prepareJobs(database, { env, tasks });
  const boss = createBoss(database, {
    // Archiving and expiry: cheap on either database, so the same pace for both.
    supervise: true,
    maintenanceIntervalSeconds: 300,
  });
  boss.on("error", (e) => log.error("[jobs] queue error:", e instanceof Error ? e.message : e));
  await boss.start();

  const stopping = new AbortController();
  /** Per job id, the work this process is doing (one job of each kind at a time here). */
  const running = new Map<string, Promise<void>>();
  /** Queued job ids this process runs (alive, whatever the lock check says). */
  const mine = new Set<string>();

  // A run killed midway left records "running": put them right now, where no run is alive. A job
  // whose lock is held (a run elsewhere, or on PGlite the lease of a process that died less than
  // a minute ago) is tried again at each supervision until it is done or a run does it.
  const unrecovered = new Set(Object.keys(tasks).filter((id) => tasks[id]!.singleton));
  async function recoverWhereFree() {
    for (const id of [...unrecovered]) {
      const task = tasks[id]!;
      const r = await withJobLock(database, lockName(id, task, null), () => recoverKind(deps, id, task)).catch((e) => {
        log.error(`[jobs] ${id}: recovery failed:`, e instanceof Error ? e.message : e);
        return null;
      });
      if (r?.acquired) unrecovered.delete(id);
    }
  }
  await recoverWhereFree();

  async function runQueued(id: string, job: PgBoss.JobWithMetadata<JobMessage>) {
    const task = tasks[id]!;
    const message = job.data ?? ({} as Partial<JobMessage>);
    mine.add(job.id);
    try {
      const outcome = await runAttempt(deps, {
        id,
        task,
        trigger: message.trigger ?? "manual",
        requestedBy: message.requestedBy ?? null,
        input: message.input ?? {},
        scheduledFor: message.scheduledFor ? new Date(message.scheduledFor) : null,
        queueJobId: job.id,
        attempt: job.retryCount + 1,
        maxAttempts: job.retryLimit + 1,
        signal: stopping.signal,
        options: opts.taskOptions?.[id],
        waitMs: lockWaitMs,
        settle: async (o) => {
          if (o.status === "failed" && o.retryable) {
            await boss.fail(id, job.id, { message: o.error });
            const after = await boss.getJobById<JobMessage>(id, job.id);
            return { nextAttemptAt: after?.state === "retry" ? new Date(after.startAfter) : null };
          }
          await boss.complete(id, job.id, { status: o.status, error: o.error });
          return { nextAttemptAt: null };
        },
      });
      // The run recovered under the lock what a dead run had left.
      if (outcome.acquired) unrecovered.delete(id);
    } finally {
      mine.delete(job.id);
    }
  }

  function launch(id: string) {
    if (running.has(id) || stopped) return;
    const work = (async () => {
      const [job] = await boss.fetch<JobMessage>(id, { includeMetadata: true });
      if (job) await runQueued(id, job);
    })()
      .catch((e) => log.error(`[jobs] ${id}:`, e instanceof Error ? e.message : e))
      .finally(() => {
        running.delete(id);
        // More may be waiting (a request that came in while this ran).
        if (!stopped) void poll();
      });
    running.set(id, work);
  }

  let polling = false;
  let stopped = false;
  async function poll() {
    if (polling || stopped) return;
    polling = true;
    try {
      const free = ids.filter((id) => !running.has(id));
      for (const id of await dueJobNames(database.db, free)) launch(id);
    } catch (e) {
      log.error("[jobs] poll failed:", e instanceof Error ? e.message : e);
    } finally {
      polling = false;
    }
  }

  /** Jobs marked running whose process died (no one holds their lock): fail them, so they retry. */
  let supervising = false;
  async function supervise() {
    if (supervising || stopped) return;
    supervising = true;
    try {
      if (unrecovered.size) await recoverWhereFree();
      const stale = await activeJobsStartedBefore(database.db, ids, new Date(Date.now() - orphanAfterMs));
      for (const job of stale) {
        if (mine.has(job.id)) continue;
        const task = tasks[job.jobId]!;
        if (await isJobLockHeld(database, lockName(job.jobId, task, job.id))) continue;
        await boss.fail(job.jobId, job.id, { message: INTERRUPTED_MESSAGE });
        const after = await boss.getJobById<JobMessage>(job.jobId, job.id);
        const run = await getJobRunForQueueJob(database.db, job.id);
        const retry = after?.state === "retry";
        if (run && run.status === "running") {
          await finishJobRun(database.db, run.id, {
            status: retry ? "retrying" : "failed",
            error: INTERRUPTED_MESSAGE,
            nextAttemptAt: retry ? new Date(after!.startAfter) : null,
          });
        }
        log.log(`[jobs] ${job.jobId}: job ${job.id} was left running by a process that stopped; ${retry ? "it will be retried" : "marked failed"}`);
      }
      // Records of queued runs whose job pg-boss no longer holds active (expired by its maintenance).
      await failRunsWithoutActiveJob(database.db, new Date(Date.now() - orphanAfterMs), INTERRUPTED_MESSAGE);
    } catch (e) {
      log.error("[jobs] supervision failed:", e instanceof Error ? e.message : e);
    } finally {
      supervising = false;
    }
  }

  async function tick(id: string, slot: Date = new Date()) {
    const task = tasks[id];
    if (!task) throw new Error(`Unknown job "${id}"`);
    const at = new Date(Math.floor(slot.getTime() / 1000) * 1000);
    const message: JobMessage = {
      trigger: "schedule",
      requestedBy: null,
      input: (task.scheduledInput?.(at) as Record<string, unknown> | undefined) ?? {},
      scheduledFor: at.toISOString(),
    };
    // The same id in every process: the first send queues the slot, the others are no-ops.
    const queued = await boss.send(id, message as unknown as object, { id: slotJobId(id, at) });
    return queued;
  }

  const cronTasks: ScheduledTask[] = [];
  if (opts.schedules !== false) {
    for (const [id, task] of Object.entries(tasks)) {
      const expression = cronFor(task, env);
      if (!expression) continue;
      cronTasks.push(
        cron.schedule(
          expression,
          (ctx) => {
            tick(id, ctx.date).catch((e) => log.error(`[jobs] ${id}: could not queue the scheduled run:`, e instanceof Error ? e.message : e));
          },
          { timezone: "UTC", name: `article3:${id}` },
        ),
      );
    }
  }

  await supervise();
  const pollTimer = setInterval(() => void poll(), pollMs);
  pollTimer.unref();
  const superviseTimer = setInterval(() => void supervise(), superviseMs);
  superviseTimer.unref();
  void poll();

  let stopPromise: Promise<void> | null = null;
  async function stop() {
    stopped = true;
    clearInterval(pollTimer);
    clearInterval(superviseTimer);
    for (const t of cronTasks.splice(0)) {
      await t.stop();
      await t.destroy();
    }
    const inflight = [...running.values()];
    if (inflight.length) {
      const done = Promise.allSettled(inflight);
      if (!(await within(done, stopGraceMs))) {
        log.log(`[jobs] stopping: asking ${[...running.keys()].join(", ")} to stop`);
        stopping.abort(new Error("shutdown"));
        await within(done, 5000);
      }
    }
    while (polling || supervising) await sleep(20);
    await boss.stop({ graceful: false, close: false });
  }

  return {
    stop: () => (stopPromise ??= stop()),
    tick,
    poll,
    supervise,
    running: () => [...running.keys()],
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Whether `p` settles within `ms`. */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([p.then(() => true as const), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
