// The notices page's reads at the demo's size (7,000 notices, BENCH_NOTICES to change), on PGlite
// and PostgreSQL, each as the median of several runs and as a ratio to a plain `count(*)` over
// notices measured in the same run: the facet query (one pass) against the two DISTINCT scans it
// replaced, the placeholder's suggestion, and searches of each kind. The store is filled by a real
// pull from the fake Interpol, so the search keys are the ones production writes.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { onScratchPostgres } from "./scratch-postgres";
import { openDatabase, type Database } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { computeNoticeFacets, computeSearchSuggestion, noticeFacets, searchNotices, searchSuggestion } from "../../db/queries/notices";
import { generateNotices } from "../fake-interpol/generate";
import { startFakeInterpol } from "../fake-interpol/server";
import { pullFrom } from "../support/pull";

const N = Number(process.env.BENCH_NOTICES ?? 7_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm caches and plans
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** What noticeFacetCodes did before: two DISTINCT unnest scans, no counts. */
async function oldFacets(database: Database) {
  await Promise.all([
    database.rows(sql`select distinct unnest(warrant_countries) as code from notices order by 1`),
    database.rows(sql`select distinct unnest(nationalities) as code from notices order by 1`),
  ]);
}

async function benchOn(label: string, database: Database, fakeUrl: string) {
  try {
    await migrateDatabase(database);
    const run = await pullFrom(database, fakeUrl);
    const [{ n }] = await database.rows<{ n: number }>(sql`select count(*)::int as n from notices`);
    console.log(`\n${label}: ${n.toLocaleString("en")} notices (pull ${run.status}), median of ${RUNS} runs`);
    console.log(`  ${"".padEnd(40)}${"ms".padStart(9)}${"vs count(*)".padStart(13)}`);
    const base = await median(() => database.rows(sql`select count(*)::int from notices`));
    const row = (name: string, ms: number) => console.log(`  ${name.padEnd(40)}${ms.toFixed(2).padStart(9)}${`${(ms / base).toFixed(1)}x`.padStart(13)}`);
    row("count(*) (baseline)", base);
    const db = database.db;
    row("facets before: two DISTINCT scans", await median(() => oldFacets(database)));
    row("facets now: one grouped pass, counts", await median(() => computeNoticeFacets(db)));
    row("facets now, cached until the next pull", await median(() => noticeFacets(db)));
    row("placeholder suggestion", await median(() => computeSearchSuggestion(db)));
    row("placeholder suggestion, cached", await median(() => searchSuggestion(db)));
    row("list, no search (name order)", await median(() => searchNotices(db, {})));
    row('search "Ivanov Sergey" (best match)', await median(() => searchNotices(db, { q: "Ivanov Sergey" })));
    row('search "Петров" (transliterated)', await median(() => searchNotices(db, { q: "Петров" })));
    row('search "мошенничество" (charges)', await median(() => searchNotices(db, { q: "мошенничество" })));
    row('search "Ivanov" + nationality RU', await median(() => searchNotices(db, { q: "Ivanov", nationality: "RU" })));
  } finally {
    await database.close();
  }
}

console.log("Notices page reads benchmark");
const fake = await startFakeInterpol({ notices: generateNotices({ count: N, seed: 42 }) });
const drivers = (process.env.BENCH_DRIVERS ?? "pglite,postgres").split(",");
try {
  if (drivers.includes("pglite")) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "a3-bench-search-"));
    try {
      await benchOn("PGlite (embedded, on disk)", await openDatabase({ dataDir: dir }), fake.url);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (drivers.includes("postgres")) {
    await onScratchPostgres("a3_bench_search", async (url, host) => {
      await benchOn(`PostgreSQL (${host})`, await openDatabase({ url }), fake.url);
    });
  }
} finally {
  await fake.close();
}
