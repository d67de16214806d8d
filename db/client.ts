import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { lockDataDir } from "./data-dir-lock";
import { DatabaseOpenError, postgresOpenError } from "./open-errors";
import * as schema from "./schema/index";

export { DataDirInUseError } from "./data-dir-lock";
export { DatabaseOpenError } from "./open-errors";

export type Schema = typeof schema;
/** The drizzle database, whichever driver is underneath. Query functions take this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DbKind = "pglite" | "postgres";

export interface Database {
  db: Db;
  kind: DbKind;
  /** Raw rows for a SQL query, the same shape on both drivers. */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /**
   * Run `fn` only if this process can take the named PostgreSQL advisory lock; otherwise
   * return `{ acquired: false }` at once. Used so that one pull runs at a time across processes.
   */
  withAdvisoryLock<T>(name: string, fn: () => Promise<T>): Promise<{ acquired: true; result: T } | { acquired: false }>;
  /**
   * Raw SQL text for pg-boss (its `db` option): `$1…` parameters, rows as `{ rows }` on both drivers.
   * Parameterless `BEGIN; …; COMMIT;` scripts (pg-boss's migrations and maintenance) run as one
   * transaction that is rolled back if any statement fails, so a failed script never leaves the
   * connection inside an aborted transaction (PGlite's one connection, or a pooled one).
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
  /** PGlite only: the data folder as a tarball (a migrated template for tests). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; when absent the embedded PGlite database is used. */
  url?: string;
  /** PGlite data folder; `memory://` for a throwaway in-memory database. */
  dataDir?: string;
  /** PGlite only: start from a dumped data folder (tests use a migrated template). */
  loadDataDir?: Blob | File;
  /** postgres.js pool size. */
  max?: number;
  /**
   * PGlite only: who takes the data folder's lock, named to a second opener
   * ("server", "worker", "cli pull"…). Defaults to the script's name.
   */
  holder?: string;
  /** PGlite only: the holder's web address, recorded in the lock (the server's). */
  holderUrl?: string;
}

const drizzleOptions = { schema, casing: "snake_case" as const };

/** Rows from either driver's result: postgres.js returns an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown }).rows;
  if (Array.isArray(rows)) return rows as T[];
  throw new Error("unrecognised query result shape");
}

/** A stable 64-bit lock key from a name, computed by the database so both drivers agree. */
const lockKey = (name: string) => sql`hashtextextended(${name}, 0)`;

/** postgres.js sends plain objects as text "[object Object]"; pg-boss's jsonb parameters need JSON. */
const jsonParam = (v: unknown) =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date) && !Buffer.isBuffer(v) ? JSON.stringify(v) : v;

/** pg-boss's transactional scripts: `BEGIN; …; COMMIT;` with nothing else around them. */
const SCRIPT = /^\s*BEGIN\s*;([\s\S]*);\s*COMMIT\s*;?\s*$/i;

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options.max) : openPglite(options);
}

/**
 * For process entries: open, or print the one-line reason (a data folder in use, an unreachable or
 * missing database) and exit 1.
 */
export async function openDatabaseOrExit(options: OpenOptions): Promise<Database> {
  try {
    return await openDatabase(options);
  } catch (e) {
    if (!(e instanceof DatabaseOpenError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}

async function openPglite(options: OpenOptions): Promise<Database> {
  const dataDir = options.dataDir ?? "./data";
  let target: string | undefined = dataDir;
  // One process per data folder (docs/decisions/009); an in-memory database is nobody else's.
  let lock: { release(): void } | undefined;
  if (dataDir === "memory://") target = undefined;
  else {
    try {
      lock = lockDataDir(dataDir, {
        holder: options.holder ?? path.basename(process.argv[1] ?? "node", ".ts"),
        url: options.holderUrl,
      });
    } catch (e) {
      if (e instanceof DatabaseOpenError) throw e;
      throw new DatabaseOpenError(`The data folder ${dataDir} cannot be used: ${(e as Error).message}`, { cause: e });
    }
    target = path.resolve(dataDir, "pglite");
  }
  let client: PGlite;
  try {
    // PGlite fails obscurely when the parent folder does not exist.
    if (target) mkdirSync(target, { recursive: true });
    client = await PGlite.create(target, {
      extensions: { pg_trgm, unaccent },
      loadDataDir: options.loadDataDir,
    });
  } catch (e) {
    lock?.release();
    const reason = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new DatabaseOpenError(`The embedded database in ${dataDir} could not be opened: ${reason}`, { cause: e });
  }
  const db = drizzlePglite(client, drizzleOptions) as unknown as Db;
  // PGlite is one connection: a session advisory lock taken twice in this process would
  // succeed twice, so the in-process guard does the job and the SQL lock is kept for parity.
  const held = new Set<string>();
  let closed = false;
  return {
    db,
    kind: "pglite",
    rows: async (q) => rowsOf(await db.execute(q)),
    async withAdvisoryLock(name, fn) {
      if (held.has(name)) return { acquired: false };
      held.add(name);
      try {
        const [row] = rowsOf<{ ok: boolean }>(await db.execute(sql`select pg_try_advisory_lock(${lockKey(name)}) as ok`));
        if (!row?.ok) return { acquired: false };
        try {
          return { acquired: true, result: await fn() };
        } finally {
          await db.execute(sql`select pg_advisory_unlock(${lockKey(name)})`).catch(() => {});
        }
      } finally {
        held.delete(name);
      }
    },
    async executeSql(text, values) {
      if (values?.length) return { rows: (await client.query(text, values)).rows };
      // PGlite's transaction() holds its lock for the whole script and rolls back on error.
      const script = SCRIPT.exec(text);
      if (script) return { rows: (await client.transaction((tx) => tx.exec(script[1]!))).at(-1)?.rows ?? [] };
      return { rows: (await client.exec(text)).at(-1)?.rows ?? [] };
    },
    dumpDataDir: () => client.dumpDataDir("none"),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

async function openPostgres(url: string, max = 10): Promise<Database> {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    // int8 comes back as a string from postgres.js and as a number from PGlite: query
    // functions cast counts to int in SQL (or use mapWith(Number)) so both agree.
    transform: { undefined: null },
  });
  const db = drizzlePostgres(client, drizzleOptions) as unknown as Db;
  try {
    await client`select 1`;
  } catch (e) {
    await client.end({ timeout: 0 }).catch(() => {});
    throw postgresOpenError(url, e);
  }
  return {
    db,
    kind: "postgres",
    rows: async (q) => rowsOf(await db.execute(q)),
    async withAdvisoryLock(name, fn) {
      // Session-level locks belong to one connection, so hold one connection for the duration.
      const conn = await client.reserve();
      try {
        const [row] = await conn`select pg_try_advisory_lock(hashtextextended(${name}, 0)) as ok`;
        if (!row?.ok) return { acquired: false };
        try {
          return { acquired: true, result: await fn() };
        } finally {
          await conn`select pg_advisory_unlock(hashtextextended(${name}, 0))`.catch(() => {});
        }
      } finally {
        conn.release();
      }
    },
    async executeSql(text, values) {
      if (values?.length) return { rows: [...(await client.unsafe(text, values.map(jsonParam) as never[]))] };
      if (!SCRIPT.test(text)) return { rows: [...(await client.unsafe(text))] };
      // A failed multi-statement script leaves its connection in an aborted transaction: run it
      // on a reserved connection and roll back there before handing the connection back.
      const conn = await client.reserve();
      try {
        await conn.unsafe(text).simple();
        return { rows: [] };
      } catch (e) {
        await conn.unsafe("rollback").catch(() => {});
        throw e;
      } finally {
        conn.release();
      }
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}
