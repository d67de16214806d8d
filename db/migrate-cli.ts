// `npm run db:migrate`: apply committed migrations to the configured database and exit.
import { loadEnvOrExit } from "../config/env";
import { openDatabaseOrExit } from "./client";
import { migrateDatabase, migrationStatus } from "./migrate";

const env = loadEnvOrExit();
const database = await openDatabaseOrExit({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, holder: "db:migrate" });
try {
  await migrateDatabase(database);
  const status = await migrationStatus(database);
  console.log(`Migrated ${database.kind} database: ${status.applied} of ${status.expected} migrations applied.`);
} finally {
  await database.close();
}
