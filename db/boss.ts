// pg-boss on either driver: the queue underneath the job runner (docs/decisions/005). Its tables
// live in their own PostgreSQL schema, created and migrated by pg-boss itself with the rest of
// the database (db/migrate.ts), so every migrated database, test templates included, has them.
import PgBoss from "pg-boss";
import type { Database } from "./client";

/** pg-boss's schema. */
export const BOSS_SCHEMA = "pgboss";
/** The schema version pg-boss 10.x installs; migrationStatus compares against it. */
export const BOSS_SCHEMA_VERSION = 24;

export type BossOptions = Omit<PgBoss.ConstructorOptions, "db" | "schema" | "schedule" | "migrate">;

/**
 * A pg-boss instance that talks through this database's own connection (PGlite's one, or the
 * postgres.js pool). pg-boss's own cron is off: node-cron is the clock (jobs/runner.ts).
 * Sending needs no `start()`; the runner starts its instance for maintenance.
 */
export function createBoss(database: Database, options: BossOptions = {}): PgBoss {
  return makeBoss(database, { migrate: false, supervise: false, ...options });
}

function makeBoss(database: Database, options: Omit<PgBoss.ConstructorOptions, "db">) {
  return new PgBoss({
    ...options,
    db: { executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values) },
    schema: BOSS_SCHEMA,
    schedule: false,
  });
}

/** Create or migrate pg-boss's schema (idempotent; safe from several processes at once). */
export async function installBoss(database: Database): Promise<void> {
  // start() with `migrate` applies pg-boss's own plans under its own advisory lock; with
  // supervision and the cron off, nothing else starts.
  const installer = makeBoss(database, { migrate: true, supervise: false });
  await installer.start();
  await installer.stop({ graceful: false, close: false });
}

const senders = new WeakMap<Database, PgBoss>();

/** The sending side only (pages asking for work): no polling, no maintenance. */
export function bossSender(database: Database): PgBoss {
  let boss = senders.get(database);
  if (!boss) {
    boss = createBoss(database);
    senders.set(database, boss);
  }
  return boss;
}
