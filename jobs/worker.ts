// `npm run worker`: a process that only runs background jobs, for deployments whose web
// processes run with SCHEDULER=off. Any number may run: each job kind runs once at a time and
// each schedule slot once, whatever the number of workers (docs/decisions/005).
import { loadEnvOrExit } from "../config/env";
import { openDatabaseOrExit } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { startRunner } from "./runner";
import { tasks } from "./tasks/index";

const env = loadEnvOrExit();
const database = await openDatabaseOrExit({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, holder: "worker" });
await migrateDatabase(database);
const runner = await startRunner({ database, env, tasks });
console.log(`Article 3 worker: pulling on "${env.PULL_CRON}" (UTC), and running what pages ask for.`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received: finishing the running job, then stopping.`);
  // Grace for the running job, then its abort, then the database must close in time.
  setTimeout(() => process.exit(1), env.JOBS_STOP_GRACE_SECONDS * 1000 + 10_000).unref();
  await runner.stop();
  await database.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
