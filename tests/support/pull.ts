// Pull from a fake Interpol quickly: same code path as production (the job runner's lock, its
// recovery and run record, as the CLI runs it), faster pace and back-off.
import { parseEnv } from "../../config/env";
import type { Database } from "../../db/client";
import { pullNow } from "../../jobs/commands/pull";
import type { PullOptions } from "../../jobs/tasks/pull-notices";

export function fakeEnv(baseUrl: string) {
  return parseEnv({
    INTERPOL_API_BASE: baseUrl,
    INTERPOL_COUNTRIES_URL: `${baseUrl}/en/notices/data/countries`,
    INTERPOL_RPS: "100",
    INTERPOL_CONCURRENCY: "8",
    INTERPOL_TIMEOUT_MS: "2000",
  });
}

export function pullFrom(database: Database, baseUrl: string, extra: Partial<PullOptions> = {}) {
  const { database: _d, env: _e, trigger: _t, requestedBy: _r, ...options } = extra;
  return pullNow(database, fakeEnv(baseUrl), {
    // Unthrottled against the local fake; back-off short so retries take milliseconds.
    clientOverrides: { rps: 10_000, backoffBaseMs: 2, backoffMaxMs: 10, timeoutMs: 1500 },
    ...options,
  });
}
