// A throw-away PostgreSQL database for one bench run: created beside the one BENCH_DATABASE_URL (or
// TEST_DATABASE_URL) names, dropped afterwards; when the server cannot be reached, one line says the
// PostgreSQL half is skipped.
import postgres from "postgres";

export const BENCH_PG_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export async function onScratchPostgres(prefix: string, run: (url: string, host: string) => Promise<void>): Promise<void> {
  const name = `${prefix}_${process.pid}`;
  let admin: ReturnType<typeof postgres> | undefined;
  try {
    admin = postgres(BENCH_PG_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
  } catch (e) {
    console.log(`\nPostgreSQL: skipped (${e instanceof Error ? e.message : e}); set BENCH_DATABASE_URL.`);
    await admin?.end();
    return;
  }
  const u = new URL(BENCH_PG_URL);
  u.pathname = `/${name}`;
  try {
    await run(u.toString(), u.host);
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}
