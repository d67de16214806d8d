// `npm run db:migrate`: apply committed migrations to the configured database and exit.
import { loadEnvOrExit } from "../config/env";
import { openDatabase } from "./client";
import { migrateDatabase, migrationStatus } from "./migrate";

const env = loadEnvOrExit();
const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
try {
  await migrateDatabase(database);
  const status = await migrationStatus(database);
  console.log(`Migrated ${database.kind} database: ${status.applied} of ${status.expected} migrations applied.`);
} finally {
  await database.close();
}
