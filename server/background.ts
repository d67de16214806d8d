import type { Env } from "../config/env";
import type { Database } from "../db/client";
import { prepareJobs, startRunner } from "../jobs/runner";
import { tasks } from "../jobs/tasks/index";
import { announceFirstRun } from "./first-run";

export interface Background {
  /** Stop taking jobs and wait for the running one (aborted after JOBS_STOP_GRACE_SECONDS). */
  stop(): Promise<void>;
}

/**
 * Work that runs beside the web server in the same process: the job runner (unless
 * SCHEDULER=off) and first-run messages. Each part registers here.
 */
export async function startBackground(opts: {
  env: Env;
  database: Database;
  log: Pick<Console, "log" | "error">;
}): Promise<Background> {
  const stops: (() => Promise<void>)[] = [];
  await announceFirstRun(opts);
  if (opts.env.SCHEDULER === "on") {
    const runner = await startRunner({ database: opts.database, env: opts.env, tasks, log: opts.log });
    stops.push(() => runner.stop());
    opts.log.log(`Jobs on: pulling Interpol's red notices on "${opts.env.PULL_CRON}" (UTC), and running what pages ask for.`);
  } else {
    // Pages still ask for jobs ("Pull now"); a worker elsewhere runs them. The queues must exist.
    await prepareJobs(opts.database, { env: opts.env, tasks });
  }
  return {
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => {});
    },
  };
}
