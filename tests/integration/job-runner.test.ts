// The job runner (jobs/runner.ts) on a real database: schedule slots run once whatever the number
// of runners, pages' requests run within seconds and say who asked, failures are retried with
// back-off, shutdown waits, and jobs whose process died are run again.
import { spawn, type ChildProcess } from "node:child_process";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../../config/env";
import { createBoss } from "../../db/boss";
import { openDatabase, type Database } from "../../db/client";
import { listJobRuns, listQueuedJobs, pendingJob, requestJob, takeLease, withJobLock } from "../../db/queries/jobs";
import { defineTask, PermanentJobError, prepareJobs, runTaskNow, startRunner, type Runner, type RunnerOptions, type TaskDefinition, type TaskRegistry } from "../../jobs/runner";
import { createRun, getRun } from "../../db/queries/runs";
import { tasks as registry } from "../../jobs/tasks/index";
import type { JobId } from "../../lib/jobs";
import { createUserWithSession } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";
import { hangTask } from "../support/runner-child";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const env = parseEnv({ NODE_ENV: "test" });
const quiet = { log: () => {}, error: () => {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait until `check` holds, with a generous limit (never a timing assertion). */
async function waitFor<T>(check: () => Promise<T | null | undefined | false>, what: string, limitMs = 45_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(50);
  }
}

/** A second connection to the same database, as a second process would have (PGlite has one). */
async function secondConnection(): Promise<Database> {
  return database.url ? openDatabase({ url: database.url, max: 4 }) : database;
}

function runnerFor(db: Database, tasks: TaskRegistry, extra: Partial<RunnerOptions> = {}) {
  return startRunner({ database: db, env, tasks, log: quiet, pollMs: 100, schedules: false, ...extra });
}

const request = (id: string, p: { requestedBy?: string | null; input?: Record<string, unknown>; key?: string } = {}) =>
  requestJob(database, { id: id as JobId, requestedBy: p.requestedBy ?? null, input: p.input, key: p.key });

const runsOf = (jobId: string) => listJobRuns(database.db, { jobId, limit: 500 });

/** A test job: on demand, one at a time, no retries, unless said otherwise. */
function testTask<I = Record<string, unknown>, R = unknown>(
  handler: TaskDefinition<I, R>["handler"],
  over: Partial<Omit<TaskDefinition<I, R>, "handler">> = {},
) {
  return defineTask<I, R>({ cron: null, singleton: true, retry: { limit: 0, delaySeconds: 0, backoff: false }, timeoutSeconds: 60, ...over, handler });
}

/**
 * Hold a job lock as another process would: on PostgreSQL an advisory lock on another connection,
 * on PGlite a lease row this process knows nothing of. Returns its release (the holder dying).
 */
async function holdLockElsewhere(name: string): Promise<() => Promise<void>> {
  if (database.kind === "pglite") {
    expect(await takeLease(database.db, name, "another-process:1", 60_000)).toBe(true);
    return async () => {
      await database.db.execute(sql`update job_locks set expires_at = now() - interval '1 second' where name = ${name}`);
    };
  }
  const other = await openDatabase({ url: database.url!, max: 2 });
  let release!: () => void;
  let taken!: () => void;
  const isTaken = new Promise<void>((r) => (taken = r));
  const holding = withJobLock(other, name, () => {
    taken();
    return new Promise<void>((r) => (release = r));
  });
  await isTaken;
  return async () => {
    release();
    await holding;
    await other.close();
  };
}

describe.sequential(`job runner (${testDbKind()})`, () => {
  it("a schedule slot runs once, however many runners tick it and whenever they do", async () => {
    const slots: string[] = [];
    const tasks = {
      "test-tick": testTask(async (ctx) => {
        slots.push(ctx.scheduledFor!.toISOString());
      }),
    };
    const other = await secondConnection();
    const runners: Runner[] = [];
    try {
      runners.push(await runnerFor(database, tasks), await runnerFor(other, tasks));
      const [a, b] = runners as [Runner, Runner];
      const slot = new Date("2026-11-28T06:00:00Z");
      const sent = await Promise.all([a.tick("test-tick", slot), b.tick("test-tick", slot), a.tick("test-tick", slot), b.tick("test-tick", slot)]);
      expect(sent.filter(Boolean)).toHaveLength(1);
      await waitFor(async () => (await runsOf("test-tick")).find((r) => r.status === "succeeded"), "the slot's run");
      // A process whose clock fired late sends the same slot again once it has run: still nothing.
      expect(await b.tick("test-tick", slot)).toBeNull();
      await Promise.all(runners.map((r) => r.poll()));
      await waitFor(async () => !(await pendingJob(database.db, "test-tick")) && runners.every((r) => r.running().length === 0), "idle runners");
      expect(slots).toEqual([slot.toISOString()]);
      const runs = await runsOf("test-tick");
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ trigger: "schedule", status: "succeeded", attempts: 1, requestedBy: null });
      expect(runs[0]!.scheduledFor).toEqual(slot);
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
      if (other !== database) await other.close();
    }
  });

  it("with node-cron as the clock in two runners, each slot that runs runs once", async () => {
    const slots: string[] = [];
    const tasks = {
      // Every second.
      "test-cron": testTask(async (ctx) => void slots.push(ctx.scheduledFor!.toISOString()), { cron: "* * * * * *" }),
    };
    const other = await secondConnection();
    const runners: Runner[] = [];
    try {
      runners.push(await runnerFor(database, tasks, { schedules: true }), await runnerFor(other, tasks, { schedules: true }));
      await waitFor(async () => (await runsOf("test-cron")).filter((r) => r.status === "succeeded").length >= 3, "three slots");
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
      if (other !== database) await other.close();
    }
    expect(new Set(slots).size).toBe(slots.length);
    const runs = await runsOf("test-cron");
    const recorded = runs.map((r) => r.scheduledFor!.toISOString());
    expect(new Set(recorded).size).toBe(recorded.length);
    expect(runs.every((r) => r.trigger === "schedule")).toBe(true);
  });

  it("a page's request runs within seconds, with its input, and its record says who asked", async () => {
    const { user } = await createUserWithSession(database, "admin");
    const tasks = {
      "test-echo": defineTask<{ week: string }, { status: string; week: string }>({
        cron: null,
        singleton: true,
        retry: { limit: 2, delaySeconds: 1, backoff: true },
        timeoutSeconds: 60,
        parseInput(raw) {
          if (typeof raw.week !== "string" || !/^\d{4}-W\d{2}$/.test(raw.week)) throw new Error("week must look like 2026-W48");
          return { week: raw.week };
        },
        async handler(ctx) {
          ctx.progress({ step: "composed", week: ctx.input.week });
          return { status: "succeeded", week: ctx.input.week };
        },
      }),
    };
    const runner = await runnerFor(database, tasks);
    try {
      const first = await request("test-echo", { requestedBy: user.id, input: { week: "2026-W48" } });
      expect(first.created).toBe(true);
      const record = await waitFor(async () => (await runsOf("test-echo")).find((r) => r.status === "succeeded"), "the requested run");
      expect(record).toMatchObject({
        trigger: "manual",
        requestedBy: user.id,
        input: { week: "2026-W48" },
        attempts: 1,
        error: null,
        queueJobId: first.job.id,
        progress: { step: "composed", week: "2026-W48" },
        detail: { week: "2026-W48" },
      });
      expect(record.finishedAt).toBeInstanceOf(Date);

      // Input a handler refuses fails at once: trying again could not help.
      await request("test-echo", { requestedBy: user.id, input: { week: "last week" } });
      const refused = await waitFor(async () => (await runsOf("test-echo")).find((r) => r.status === "failed"), "the refused run");
      expect(refused).toMatchObject({ attempts: 1, maxAttempts: 3 });
      expect(refused.error).toMatch(/Invalid input: week must look like 2026-W48/);
    } finally {
      await runner.stop();
    }
  });

  it("a failing job is retried with back-off, then marked failed with its error", async () => {
    const starts: number[] = [];
    const tasks = {
      "test-flaky": testTask(async (ctx) => {
        starts.push(Date.now());
        throw new Error(`SMTP server refused the connection (attempt ${ctx.attempt})`);
      }, { retry: { limit: 2, delaySeconds: 1, backoff: true } }),
    };
    const runner = await runnerFor(database, tasks);
    const seen = new Set<string>();
    try {
      await request("test-flaky");
      const final = await waitFor(async () => {
        const [run] = await runsOf("test-flaky");
        if (run) seen.add(run.status);
        return run?.status === "failed" ? run : null;
      }, "the last attempt");
      expect(final).toMatchObject({ attempts: 3, maxAttempts: 3, nextAttemptAt: null });
      expect(final.error).toBe("SMTP server refused the connection (attempt 3)");
      expect(final.finishedAt).toBeInstanceOf(Date);
    } finally {
      await runner.stop();
    }
    expect(starts).toHaveLength(3);
    expect(seen.has("retrying")).toBe(true);
    // Back-off: at least 1 s before the second attempt, at least 2 s before the third.
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(1000);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(2000);
    // A job that says it cannot succeed is not retried.
    const permanent = {
      "test-permanent": testTask(async () => {
        throw new PermanentJobError("The delivery no longer exists.");
      }, { singleton: false, retry: { limit: 3, delaySeconds: 0, backoff: false } }),
    };
    const second = await runnerFor(database, permanent);
    try {
      await request("test-permanent");
      const run = await waitFor(async () => (await runsOf("test-permanent")).find((r) => r.status === "failed"), "the permanent failure");
      expect(run).toMatchObject({ attempts: 1, error: "The delivery no longer exists." });
    } finally {
      await second.stop();
    }
  });

  it("shutdown waits for the running job to finish", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const events: string[] = [];
    const tasks = {
      "test-slow": testTask(async (ctx) => {
        events.push("started");
        await gate;
        events.push(ctx.signal.aborted ? "aborted" : "finished");
      }, { retry: { limit: 1, delaySeconds: 0, backoff: false } }),
    };
    const runner = await runnerFor(database, tasks, { stopGraceMs: 60_000 });
    await request("test-slow");
    await waitFor(async () => events.includes("started"), "the job to start");
    const stopped = runner.stop().then(() => events.push("stopped"));
    // Give a runner that does not wait every chance to show it.
    await sleep(500);
    events.push("released");
    release();
    await stopped;
    expect(events).toEqual(["started", "released", "finished", "stopped"]);
    const [run] = await runsOf("test-slow");
    expect(run).toMatchObject({ status: "succeeded", attempts: 1 });
    // Nothing was taken or left half-done after stop.
    expect(await pendingJob(database.db, "test-slow")).toBeNull();
  });

  it("after the grace period, shutdown aborts the running job through its signal; it runs again later", async () => {
    const tasks = {
      "test-long": testTask(async (ctx) => {
        if (ctx.attempt > 1) return { status: "succeeded" };
        await new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(new Error("aborted"))));
      }, { retry: { limit: 1, delaySeconds: 0, backoff: false }, timeoutSeconds: 600 }),
    };
    const first = await runnerFor(database, tasks, { stopGraceMs: 100 });
    await request("test-long");
    await waitFor(async () => first.running().includes("test-long") && (await runsOf("test-long"))[0]?.status === "running", "the job to run");
    await first.stop();
    const [stopped] = await runsOf("test-long");
    expect(stopped).toMatchObject({ status: "retrying", attempts: 1 });
    expect(stopped!.error).toBe("Stopped: the process was shutting down.");
    const second = await runnerFor(database, tasks);
    try {
      const done = await waitFor(async () => (await runsOf("test-long")).find((r) => r.status === "succeeded"), "the second attempt");
      expect(done).toMatchObject({ attempts: 2, queueJobId: stopped!.queueJobId });
    } finally {
      await second.stop();
    }
  });

  it("a job left running by a process that died (no one holds its lock) is run again", async () => {
    const attempts: number[] = [];
    const tasks = {
      "test-orphan": testTask(async (ctx) => {
        attempts.push(ctx.attempt);
      }, { retry: { limit: 2, delaySeconds: 0, backoff: false } }),
    };
    const runner = await runnerFor(database, tasks, { orphanAfterMs: 300, superviseMs: 200 });
    try {
      await runner.stop(); // queues exist; nothing is polling
      // What a process that died after taking the job leaves: the job active, no lock held.
      const { job } = await request("test-orphan", { input: { n: 1 } });
      expect((await listQueuedJobs(database.db)).filter((j) => j.jobId === "test-orphan")).toEqual([
        expect.objectContaining({ id: job.id, state: "created", trigger: "manual", input: { n: 1 }, retryCount: 0, retryLimit: 2 }),
      ]);
      const [taken] = await createBoss(database).fetch("test-orphan");
      expect(await pendingJob(database.db, "test-orphan")).toMatchObject({ id: job.id, state: "active" });
      expect(taken?.id).toBe(job.id);
    } finally {
      await runner.stop();
    }
    const second = await runnerFor(database, tasks, { orphanAfterMs: 300, superviseMs: 200 });
    try {
      const run = await waitFor(async () => (await runsOf("test-orphan")).find((r) => r.status === "succeeded"), "the orphan's retry");
      expect(run.attempts).toBe(2);
      expect(attempts).toEqual([2]);
    } finally {
      await second.stop();
    }
  });

  it.runIf(testDbKind() === "postgres")("a job whose worker process was killed (SIGKILL) is recovered by another worker", async () => {
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "tests/support/runner-child.ts"], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test", DATABASE_URL: database.url! },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    const exited = new Promise((r) => child.on("exit", r));
    try {
      await waitFor(async () => out.includes("ready"), "the child worker");
      const { job } = await request("test-hang");
      await waitFor(async () => out.includes("running attempt 1"), "the child to run the job");
      child.kill("SIGKILL");
      await exited;
      const [left] = await runsOf("test-hang");
      expect(left).toMatchObject({ status: "running", queueJobId: job.id });
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    const attempts: number[] = [];
    const tasks = {
      "test-hang": { ...hangTask, handler: async (ctx: { attempt: number }) => void attempts.push(ctx.attempt) },
    };
    const runner = await runnerFor(database, tasks, { orphanAfterMs: 500, superviseMs: 200 });
    try {
      const run = await waitFor(async () => (await runsOf("test-hang")).find((r) => r.status === "succeeded"), "the recovered job");
      expect(run.attempts).toBe(2);
      expect(attempts).toEqual([2]);
    } finally {
      await runner.stop();
    }
  });

  it("two runners sharing a queue run every job exactly once", async () => {
    const ran = new Map<string, number>();
    const tasks = {
      "test-many": testTask<{ n: number }>(async (ctx) => {
        const k = String(ctx.input.n);
        ran.set(k, (ran.get(k) ?? 0) + 1);
      }, { singleton: false }),
    };
    const other = await secondConnection();
    const runners = [await runnerFor(database, tasks), await runnerFor(other, tasks)];
    try {
      for (let n = 0; n < 30; n++) await request("test-many", { input: { n }, key: `n${n}` });
      await waitFor(async () => (await runsOf("test-many")).filter((r) => r.status === "succeeded").length === 30, "thirty runs");
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
      if (other !== database) await other.close();
    }
    expect(ran.size).toBe(30);
    expect([...ran.values()].every((c) => c === 1)).toBe(true);
    expect(await runsOf("test-many")).toHaveLength(30);
  });

  it("a job's lock is held in SQL: a holder elsewhere keeps the job from starting; a dead holder's lock is taken over", async () => {
    let ran = 0;
    const tasks = {
      "test-locked": testTask(async () => {
        ran++;
      }),
    };
    const release = await holdLockElsewhere("article3:test-locked");
    expect((await runTaskNow(database, env, "test-locked", { tasks })).acquired).toBe(false);
    // The holder dies (its connection closes, or its lease runs out): the next run takes the lock.
    await release();
    expect((await runTaskNow(database, env, "test-locked", { tasks })).acquired).toBe(true);
    expect(ran).toBe(1);
    const runs = await runsOf("test-locked");
    expect(runs.map((r) => [r.trigger, r.status])).toEqual([
      ["cli", "succeeded"],
      ["cli", "skipped"],
    ]);
  });

  it("the runner marks a pull left running by a dead process as failed, once no one holds the pull's lock", async () => {
    const stale = await createRun(database.db, { trigger: "schedule" });
    // The pull's lock is held elsewhere when the runner starts: a live pull, or a dead one's lease.
    const release = await holdLockElsewhere("article3:pull");
    const runner = await runnerFor(database, registry, { superviseMs: 100 });
    try {
      await sleep(500);
      expect(await getRun(database.db, stale)).toMatchObject({ status: "running" });
      await release();
      const row = await waitFor(async () => {
        const r = await getRun(database.db, stale);
        return r?.status === "failed" ? r : null;
      }, "the interrupted run to be marked");
      expect(row).toMatchObject({ phase: "interrupted" });
    } finally {
      await runner.stop();
    }
  });

  it("a command-line run left running by a process that died is marked failed by the next run", async () => {
    const tasks = {
      "test-cli": testTask(async () => {}),
    };
    await database.db.execute(sql`insert into job_runs (job_id, trigger, status) values ('test-cli', 'cli', 'running')`);
    await runTaskNow(database, env, "test-cli", { tasks });
    const runs = await runsOf("test-cli");
    expect(runs.map((r) => r.status).sort()).toEqual(["failed", "succeeded"]);
    expect(runs.find((r) => r.status === "failed")!.error).toMatch(/Interrupted/);
  });

  it("processes starting together on a database create its queues once, without deadlocking", async () => {
    const noop = testTask(async () => {}, { retry: { limit: 1, delaySeconds: 5, backoff: true } });
    const tasks = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`test-new-${i}`, noop]));
    const others = [await secondConnection(), await secondConnection()];
    try {
      await Promise.all([database, ...others].map((db) => prepareJobs(db, { env, tasks })));
    } finally {
      for (const o of others) if (o !== database) await o.close();
    }
    const queues = await createBoss(database).getQueues();
    for (const id of Object.keys(tasks)) {
      expect(queues.filter((q) => q.name === id)).toEqual([expect.objectContaining({ policy: "stately", retryLimit: 1, retryBackoff: true })]);
    }
  });

  it("pg-boss's transactional scripts roll back on error and leave the connection usable", async () => {
    await expect(database.executeSql("BEGIN; create table t_script (x int); select 1/0; COMMIT;")).rejects.toThrow(/division by zero/);
    // A connection left inside the aborted transaction would refuse these.
    for (let i = 0; i < 6; i++) expect((await database.executeSql("select 1 as one")).rows).toEqual([{ one: 1 }]);
    expect((await database.executeSql("select to_regclass('t_script') as t")).rows).toEqual([{ t: null }]);
    expect((await database.executeSql("select $1::jsonb as j", [{ a: [1, 2] }])).rows).toEqual([{ j: { a: [1, 2] } }]);
  });
});
