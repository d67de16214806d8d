import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { BOSS_SCHEMA, BOSS_SCHEMA_VERSION, installBoss } from "./boss";
import type { Database } from "./client";
import { refreshNameSearchKeys } from "./queries/notice-search-keys";
import { syncDecisionSearchTerms } from "./queries/decisions";

/**
 * The committed migrations. Found by walking up from this module, because it also runs
 * bundled inside build/server (for /healthz), where the relative path differs.
 */
export const migrationsFolder = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    for (const candidate of [path.join(dir, "migrations"), path.join(dir, "db", "migrations")]) {
      if (existsSync(path.join(candidate, "meta", "_journal.json"))) return candidate;
    }
    dir = path.dirname(dir);
  }
  return path.resolve("db/migrations");
})();

/** Extensions that search relies on; PGlite has them loaded at creation (see client). */
const EXTENSIONS = ["pg_trgm", "unaccent"];

/**
 * Apply every committed migration not yet applied. Safe to call from several processes at
 * once on PostgreSQL: an advisory lock makes the others wait, then find nothing to do.
 */
export async function migrateDatabase(database: Database): Promise<void> {
  const { db } = database;
  const run = async () => {
    for (const ext of EXTENSIONS) await db.execute(sql.raw(`create extension if not exists ${ext}`));
    if (database.kind === "pglite") {
      await migratePglite(db as unknown as PgliteDatabase<Record<string, never>>, { migrationsFolder });
    } else {
      await migratePostgres(db as unknown as PostgresJsDatabase<Record<string, never>>, { migrationsFolder });
    }
    // The job queue's tables (schema `pgboss`), created and migrated by pg-boss itself.
    await installBoss(database);
    // Search keys computed in TypeScript (lib/name-search.ts) for rows a migration cannot fill.
    await refreshNameSearchKeys(db);
    // The words vocabulary keys and countries are searched by (precedents), from lib/.
    await syncDecisionSearchTerms(db);
  };
  if (database.kind === "pglite") return run();
  // Blocking lock so a second process waits for the first rather than skipping.
  await database.rows(sql`select pg_advisory_lock(hashtextextended('article3:migrate', 0))`);
  try {
    await run();
  } finally {
    await database.rows(sql`select pg_advisory_unlock(hashtextextended('article3:migrate', 0))`);
  }
}

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

export function readJournal(): Journal {
  return JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, "utf8")) as Journal;
}

export interface MigrationStatus {
  current: boolean;
  applied: number;
  expected: number;
  pending: string[];
}

/** Whether every committed migration has been applied (for /healthz). */
export async function migrationStatus(database: Database): Promise<MigrationStatus> {
  const journal = readJournal();
  let appliedAt = new Set<number>();
  try {
    const rows = await database.rows<{ created_at: string | number }>(
      sql`select created_at from drizzle.__drizzle_migrations`,
    );
    appliedAt = new Set(rows.map((r) => Number(r.created_at)));
  } catch {
    // No migrations table yet: nothing applied.
  }
  const missing = journal.entries.filter((e) => !appliedAt.has(e.when)).map((e) => e.tag);
  const pending = [...missing];
  let bossVersion: number | null = null;
  try {
    const [row] = await database.rows<{ version: number | string }>(sql.raw(`select version from ${BOSS_SCHEMA}.version`));
    bossVersion = row ? Number(row.version) : null;
  } catch {
    // pg-boss not installed yet.
  }
  if (bossVersion !== BOSS_SCHEMA_VERSION) pending.push(`${BOSS_SCHEMA} schema ${BOSS_SCHEMA_VERSION}`);
  return {
    current: pending.length === 0,
    applied: journal.entries.length - missing.length,
    expected: journal.entries.length,
    pending,
  };
}
