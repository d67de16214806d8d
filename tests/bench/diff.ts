// The store side of a pull at 100,000 notices (BENCH_NOTICES to change), on PGlite and on
// PostgreSQL: the first load, a re-run with nothing changed, and a re-run with 1% changed,
// each as notices per second and as a ratio to a plain bulk insert of the same rows into a
// table of the same shape (same indexes), measured in the same run.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { loadNoticeIndex } from "../../db/queries/notice-store";
import { createRun } from "../../db/queries/runs";
import { notices } from "../../db/schema";
import { storeSweep, type Fetched } from "../../jobs/tasks/store-sweep";
import { contentHash, normalizeNotice, type NormalizedNotice } from "../../jobs/interpol/normalize";
import { generateNotices } from "../fake-interpol/generate";
import type { FakeNotice } from "../fake-interpol/server";
import postgres from "postgres";
import { idToSlug } from "../../lib/notice-id";

const N = Number(process.env.BENCH_NOTICES ?? 100_000);
const PG = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function toFetched(n: FakeNotice): Fetched {
  const { pictures: _p, unlisted: _u, ...detail } = n as FakeNotice & { pictures?: unknown; unlisted?: unknown };
  const body = Buffer.from(JSON.stringify({ ...detail, _embedded: { links: [] }, _links: {} }));
  const json = JSON.parse(body.toString());
  const fields = normalizeNotice(json);
  const now = new Date();
  return {
    fields,
    json,
    raw: {
      request: { method: "GET", url: `https://ws-public.interpol.int/notices/v1/red/${idToSlug(n.entity_id)}`, headers: {} },
      status: 200,
      statusText: "OK",
      headers: { "content-type": "application/json" },
      rawHeaders: [],
      body,
      startedAt: now,
      endedAt: now,
      attempt: 1,
    } as unknown as Fetched["raw"],
  };
}

function changeOnePercent(list: FakeNotice[]): FakeNotice[] {
  return list.map((n, i) => (i % 100 === 7 ? { ...n, weight: (n.weight ?? 70) + 1 } : n));
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [(performance.now() - t) / 1000, r];
}

async function storePass(database: Database, set: Map<string, Fetched>) {
  const runId = await createRun(database.db, { trigger: "cli" });
  const index = await loadNoticeIndex(database.db);
  return storeSweep(database, {
    runId,
    now: new Date(),
    index,
    observations: new Map([...set].map(([id, f]) => [id, { listed: true, answer: { kind: "ok" as const, fields: f.fields } }])),
    fetched: set,
  });
}

/** The baseline: the same rows, plain multi-row INSERTs into a copy of the notices table. */
async function plainInsert(database: Database, set: Map<string, Fetched>) {
  await database.db.execute(sql`drop table if exists bench_plain`);
  await database.db.execute(sql`create table bench_plain (like notices including all)`);
  const now = new Date().toISOString();
  const rows = [...set.values()].map(({ fields: f, json }) => ({
    entity_id: f.entityId,
    name: f.name,
    forename: f.forename,
    birth_date: f.birthDate,
    birth_date_precision: f.birthDatePrecision,
    birth_year: f.birthDate ? Number(f.birthDate.slice(0, 4)) : null,
    sex: f.sex,
    nationalities: f.nationalities,
    warrant_countries: f.warrantCountries,
    charges: f.warrants.map((w) => w.charge ?? "").join("\n\n"),
    warrants: JSON.stringify(f.warrants),
    fields: JSON.stringify(f),
    raw: JSON.stringify(json),
    content_hash: contentHash(f),
    first_seen_at: now,
    last_seen_at: now,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    await database.db.execute(sql`insert into bench_plain
      (entity_id, name, forename, birth_date, birth_date_precision, birth_year, sex, nationalities, warrant_countries,
       charges, warrants, fields, raw, content_hash, first_seen_at, last_seen_at)
      values ${sql.join(
        part.map(
          (r) => sql`(${r.entity_id}, ${r.name}, ${r.forename}, ${r.birth_date}, ${r.birth_date_precision}, ${r.birth_year},
            ${r.sex}, ${sql`${`{${r.nationalities.join(",")}}`}::text[]`}, ${sql`${`{${r.warrant_countries.join(",")}}`}::text[]`},
            ${r.charges}, ${r.warrants}::jsonb, ${r.fields}::jsonb, ${r.raw}::jsonb, ${r.content_hash}, ${r.first_seen_at}::timestamptz, ${r.last_seen_at}::timestamptz)`,
        ),
        sql`, `,
      )}`);
  }
  await database.db.execute(sql`drop table bench_plain`);
}

async function benchOn(label: string, open: () => Promise<Database>, cleanup: () => Promise<void>) {
  const database = await open();
  try {
    await migrateDatabase(database);
    const list = generateNotices({ count: N, seed: 42 });
    const first = new Map(list.map((n) => [n.entity_id, toFetched(n)]));
    const changed = new Map(changeOnePercent(list).map((n) => [n.entity_id, toFetched(n)]));

    const rate = (s: number) => `${Math.round(N / s).toLocaleString("en")}/s`;
    const ratio = (s: number, base: number) => `${(s / base).toFixed(2)}x`;
    console.log(`\n${label}: ${N.toLocaleString("en")} notices`);
    console.log(`  ${"".padEnd(26)}${"seconds".padStart(9)}${"notices/s".padStart(12)}${"vs plain".padStart(10)}${"vs first".padStart(10)}`);
    const row = (name: string, s: number, plain: number, vsFirst = "") =>
      console.log(`  ${name.padEnd(26)}${s.toFixed(2).padStart(9)}${rate(s).padStart(12)}${ratio(s, plain).padStart(10)}${vsFirst.padStart(10)}`);
    // Each row prints as soon as it is measured.
    const [plain] = await time(() => plainInsert(database, first));
    row("plain bulk insert", plain, plain);
    const [load, d1] = await time(() => storePass(database, first));
    row("first load", load, plain, "1.00x");
    const [same, d2] = await time(() => storePass(database, first));
    row("re-run, nothing changed", same, plain, ratio(same, load));
    const [onePct, d3] = await time(() => storePass(database, changed));
    row("re-run, 1% changed", onePct, plain, ratio(onePct, load));
    const [{ n }] = await database.rows<{ n: number }>(sql`select count(*)::int as n from ${notices}`);
    const before = [...first.values()];
    const expectChanged = [...changed.values()].filter((f, i) => f.fields.weight !== before[i]!.fields.weight).length;
    // The numbers mean nothing if the work was not done: check it was.
    if (n !== N || d1.events.length !== N || d2.events.length !== 0 || d3.events.length !== expectChanged)
      console.warn(`  (check: stored ${n}, events ${d1.events.length}/${d2.events.length}/${d3.events.length})`);
    console.log(
      `  targets: nothing changed ≤ 2x plain (${ratio(same, plain)} ${same / plain <= 2 ? "met" : "NOT met"}); ` +
        `1% changed ≤ 0.3x first load (${ratio(onePct, load)} ${onePct / load <= 0.3 ? "met" : "NOT met"})`,
    );
  } finally {
    await database.close();
    await cleanup();
  }
}

console.log("Notice store benchmark: each driver in one process, on the same generated rows");
// PGlite on disk, as `npm start` runs it (DATA_DIR), in a throwaway folder.
const drivers = (process.env.BENCH_DRIVERS ?? "pglite,postgres").split(",");
const pgliteDir = mkdtempSync(path.join(os.tmpdir(), "a3-bench-"));
if (drivers.includes("pglite")) await benchOn("PGlite (embedded, on disk)", () => openDatabase({ dataDir: pgliteDir }), async () =>
  rmSync(pgliteDir, { recursive: true, force: true }),
);

const dbName = `a3_bench_${process.pid}`;
let admin: ReturnType<typeof postgres> | undefined;
if (drivers.includes("postgres")) try {
  admin = postgres(PG, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${dbName}"`);
} catch (e) {
  console.log(`\nPostgreSQL: skipped (${e instanceof Error ? e.message : e}); set BENCH_DATABASE_URL.`);
  admin = undefined;
}
if (admin) {
  const u = new URL(PG);
  u.pathname = `/${dbName}`;
  await benchOn(`PostgreSQL (${u.host})`, () => openDatabase({ url: u.toString() }), async () => {
    await admin!.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin!.end();
  });
}
