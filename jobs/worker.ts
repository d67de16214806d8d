// `npm run worker`: a scheduler-only process, for deployments where web processes run with
// SCHEDULER=off. Any number may run; the advisory lock lets one pull at a time.
import { loadEnvOrExit } from "../config/env";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { startScheduler } from "./scheduler";

const env = loadEnvOrExit();
const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
await migrateDatabase(database);
const scheduler = await startScheduler({ database, env });
console.log(`Article 3 worker: pulling on "${env.PULL_CRON}" (UTC) and on request from the Runs page.`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received: stopping the scheduler.`);
  setTimeout(() => process.exit(1), 10_000).unref();
  await scheduler.stop();
  await database.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
