import type { Env } from "../config/env";
import type { Database } from "../db/client";

export interface Background {
  stop(): Promise<void>;
}

/**
 * Work that runs beside the web server in the same process: the scheduler (unless
 * SCHEDULER=off) and first-run messages. Each part registers here.
 */
export async function startBackground(_opts: {
  env: Env;
  database: Database;
  log: Pick<Console, "log" | "error">;
}): Promise<Background> {
  const stops: (() => Promise<void>)[] = [];
  return {
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => {});
    },
  };
}
