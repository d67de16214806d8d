// `npm run bench -- search`: Precedents at size. 50,000 synthetic decisions (BENCH_DECISIONS to
// change; summaries of 50–150 words, full texts of 2,000–10,000 words, ten languages) on PGlite and
// on PostgreSQL; p50 and p95 of each query type as the search page runs it (a page of 20 with its
// highlights, the total and every facet count), each as a ratio to a plain indexed lookup by
// citation measured in the same run. Target (issue 10): p95 under 100 ms on PostgreSQL.
// BENCH_ONLY=postgres or pglite runs one side. BENCH_PG_DATABASE=name keeps a filled PostgreSQL
// database between runs (created and filled when it has fewer decisions than asked; never dropped),
// for quicker iterations on the queries.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, type Database } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { searchDecisions, similarDecisions, type DecisionFilters } from "../../db/queries/decisions";
import { decisions } from "../../db/schema/cases";
import { syntheticDecisions } from "../../db/seed/demo-decisions";
import type { Viewer } from "../../lib/visibility";

const N = Number(process.env.BENCH_DECISIONS ?? 50_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const ONLY = process.env.BENCH_ONLY;
const PG = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const VIEWER: Viewer = { kind: "user", userId: "bench-viewer", role: "viewer" };

async function timings(fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await fn(0);
  await fn(1); // warm caches and plans
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length * 0.5)]!, p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]! };
}

async function fill(database: Database) {
  const batch = 250;
  const t = performance.now();
  const starts: number[] = [];
  for (let start = 0; start < N; start += batch) starts.push(start);
  let next = 0;
  // Three writers on PostgreSQL (the trigger's stemming is the cost); PGlite is one connection anyway.
  const writer = async () => {
    while (next < starts.length) {
      const start = starts[next++]!;
      const rows = syntheticDecisions({ count: Math.min(batch, N - start), start, seed: 1000 + start, fullTextWords: [2000, 10000], summaryWords: [50, 150] });
      await database.db.insert(decisions).values(rows);
      if ((start / batch) % 20 === 0) process.stdout.write(`  … ${start.toLocaleString("en")} decisions in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
    }
  };
  await Promise.all(Array.from({ length: database.kind === "postgres" ? 3 : 1 }, writer));
  await database.rows(sql`analyze decisions`);
  await database.rows(sql`analyze decision_search`);
  console.log(`  filled ${N.toLocaleString("en")} decisions in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}

const QUERIES: { name: string; filters: (i: number) => DecisionFilters }[] = [
  { name: "one word", filters: (i) => ({ q: ["torture", "refugee", "assurances", "embezzlement"][i % 4] }) },
  { name: "several words", filters: (i) => ({ q: ["Russia political extradition refused", "China torture assurances", "refugee status Turkey fair trial"][i % 3] }) },
  { name: "a phrase", filters: (i) => ({ q: ['"diplomatic assurances"', '"requesting state"', '"political opinions"'][i % 3] }) },
  {
    name: "text + two facets",
    filters: (i) => ({ q: ["torture", "political opinions"][i % 2], grounds: ["political_character"], requesting_country: [["RU", "CN", "TR"][i % 3]!] }),
  },
  { name: "facets only", filters: (i) => ({ forum: ["extradition_court"], requesting_country: [["RU", "TJ"][i % 2]!], year_from: 2010 }) },
];

async function benchOn(label: string, database: Database) {
  await migrateDatabase(database);
  const [have] = await database.rows<{ n: number | string }>(sql`select count(*) as n from decisions`);
  if (Number(have?.n ?? 0) < N) {
    if (Number(have?.n ?? 0) > 0) await database.rows(sql`truncate decisions cascade`);
    await fill(database);
  }
  const citations = (await database.rows<{ citation: string; id: number }>(sql`select citation, id from decisions order by random() limit 100`)).map((r) => ({
    citation: r.citation,
    id: Number(r.id),
  }));
  console.log(`\n${label}: ${N.toLocaleString("en")} decisions, ${RUNS} runs each (p50 / p95, and p95 as a multiple of the citation lookup's p95)`);
  const base = await timings((i) => database.rows(sql`select id from decisions where citation = ${citations[i % citations.length]!.citation}`));
  const row = (name: string, t: { p50: number; p95: number }, extra = "") =>
    console.log(
      `  ${name.padEnd(36)}${t.p50.toFixed(1).padStart(9)} ms${t.p95.toFixed(1).padStart(9)} ms${`${(t.p95 / base.p95).toFixed(0)}x`.padStart(9)}  ${extra}`,
    );
  row("citation lookup (baseline)", base);
  for (const q of QUERIES) {
    let total = 0;
    const t = await timings(async (i) => {
      total = (await searchDecisions(database.db, VIEWER, q.filters(i), { limit: 20 })).total;
    });
    row(q.name, t, `(${total.toLocaleString("en")} results, facets counted)`);
  }
  row("similar decisions", await timings((i) => similarDecisions(database.db, VIEWER, citations[i % citations.length]!.id)));
}

if (ONLY !== "postgres") {
  const dir = mkdtempSync(path.join(os.tmpdir(), "a3-bench-decisions-"));
  const lite = await openDatabase({ dataDir: dir });
  try {
    await benchOn("PGlite", lite);
  } finally {
    await lite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
const KEEP = process.env.BENCH_PG_DATABASE;
if (ONLY !== "pglite" && KEEP) {
  const admin = postgres(PG, { max: 1, onnotice: () => {} });
  const exists = await admin`select 1 from pg_database where datname = ${KEEP}`;
  if (!exists.length) await admin.unsafe(`create database "${KEEP}"`);
  await admin.end();
  const url = new URL(PG);
  url.pathname = `/${KEEP}`;
  const pg = await openDatabase({ url: url.toString(), max: 4 });
  try {
    await benchOn("PostgreSQL", pg);
  } finally {
    await pg.close();
  }
} else if (ONLY !== "pglite") {
  const admin = postgres(PG, { max: 1, onnotice: () => {} });
  const name = `a3_bench_decisions_${process.pid}`;
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(PG);
  url.pathname = `/${name}`;
  const pg = await openDatabase({ url: url.toString(), max: 4 });
  try {
    await benchOn("PostgreSQL", pg);
  } finally {
    await pg.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}
