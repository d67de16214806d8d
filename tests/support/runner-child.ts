// A worker process for the job runner's tests: it runs `test-hang`, which never returns, until
// the test kills it (SIGKILL), as a crash or the OOM killer would.
import { parseEnv } from "../../config/env";
import { openDatabase } from "../../db/client";
import { defineTask, startRunner } from "../../jobs/runner";

export const hangTask = defineTask({
  cron: null,
  singleton: true,
  retry: { limit: 2, delaySeconds: 0, backoff: false },
  timeoutSeconds: 600,
  async handler(ctx) {
    ctx.progress({ step: "hanging" });
    process.stdout.write(`running attempt ${ctx.attempt}\n`);
    await new Promise(() => {});
  },
});

if (process.argv[1]?.endsWith("runner-child.ts")) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is required");
  const database = await openDatabase({ url, max: 3 });
  await startRunner({
    database,
    env: parseEnv({ DATABASE_URL: url }),
    tasks: { "test-hang": hangTask },
    log: { log: () => {}, error: (...a: unknown[]) => process.stderr.write(`${a.join(" ")}\n`) },
    pollMs: 100,
    schedules: false,
  });
  process.stdout.write("ready\n");
}
