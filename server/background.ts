import type { Env } from "../config/env";
import type { Database } from "../db/client";
import { startScheduler } from "../jobs/scheduler";
import { announceFirstRun } from "./first-run";

export interface Background {
  stop(): Promise<void>;
}

/**
 * Work that runs beside the web server in the same process: the scheduler (unless
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
    const scheduler = await startScheduler({ database: opts.database, env: opts.env, log: opts.log });
    stops.push(() => scheduler.stop());
    opts.log.log(`Scheduler on: pulling Interpol's red notices on "${opts.env.PULL_CRON}" (UTC).`);
  }
  return {
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => {});
    },
  };
}
