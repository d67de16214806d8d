// `npm run bench -- dashboard`: the dashboard loader at 100,000 cases and 1,000,000 notice events
// (BENCH_CASES, BENCH_EVENTS to change), on PostgreSQL and PGlite: p50 and p95 unfiltered and with
// two filters, as a viewer (whose visibility includes the shares subquery) and as an admin, each as
// a ratio to one indexed count measured in the same process; then the dashboard page's client
// JavaScript (total and gzip) beside the sign-in page's, from the build's route manifest.
import { readdirSync, readFileSync, mkdtempSync, rmSync, existsSync } from "node:fs";
import { execSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { loader } from "../../app/routes/dashboard";
import { openDatabase, type Database } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { indexedCount } from "../../db/queries/dashboard";
import { ALERT_STATUSES, EXTRADITION_OUTCOMES, LIBERTY_STATUSES, MOTIVES, OUTCOMES, PROTECTION_STATUSES, TACTICS } from "../../lib/taxonomy";
import { createUserWithSession } from "../support/auth";
import { loaderArgs } from "../support/remix";

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const NOTICES = Number(process.env.BENCH_NOTICES ?? 60_000);
const RUNS_OF_PULLS = 400;
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const PG = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const arr = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(",")}]`;
const COUNTRIES = ["RU", "CN", "TR", "TJ", "BY", "EG", "AE", "IN", "VE", "KZ", "RW", "BH", "AZ", "UZ", "IR", "SA", "PK", "BD", "NG", "UA"];
const HOSTS = ["FR", "DE", "GB", "US", "PL", "ES", "IT", "SE", "NL", "CY", "MT", "LI", "CA", "AU", "CH"];

/** Fill the store in SQL (generate_series with a fixed seed): fast on both drivers, the same data each run. */
async function seed(database: Database) {
  const run = (q: string) => database.db.execute(sql.raw(q));
  await run(`select setseed(0.42)`);
  const pickOne = (list: readonly string[]) => `(${arr(list)})[1 + floor(random() * ${list.length})::int]`;
  const pickSome = (list: readonly string[], max: number) =>
    `(select coalesce(array_agg(distinct x), '{}') from (select ${pickOne(list)} as x from generate_series(1, floor(random() * ${max + 1})::int) where g > 0) s)`;
  await run(`insert into cases (reference, key, title, subject_name, requesting_country, host_countries, motives, tactics,
      alert_status, liberty_status, extradition_outcome, protection_status, monitoring_status, visibility, year_from, year_to)
    select 'A3-B-' || g, 'b-' || g, 'Case ' || g, 'Subject ' || g,
      case when random() < 0.05 then null else ${pickOne(COUNTRIES)} end,
      ${pickSome(HOSTS, 2)}, ${pickSome(MOTIVES.keys, 3)}, ${pickSome(TACTICS.keys, 4)},
      ${pickOne(ALERT_STATUSES.keys)}, ${pickOne(LIBERTY_STATUSES.keys)}, ${pickOne(EXTRADITION_OUTCOMES.keys)}, ${pickOne(PROTECTION_STATUSES.keys)},
      ${pickOne(["open", "watching", "closed"])}, ${pickOne(["public", "internal", "internal", "restricted"])},
      y, case when random() < 0.5 then y + floor(random() * 4)::int end
    from (select g, 2000 + floor(random() * 26)::int as y from generate_series(1, ${CASES}) g) s`);
  await run(`insert into decisions (citation, forum, outcome, requesting_country, decided_on, decided_sort, case_id, visibility)
    select 'B ' || g, 'extradition_court', ${pickOne(OUTCOMES.keys)}, case when random() < 0.5 then ${pickOne(COUNTRIES)} end,
      null, make_date(2005 + floor(random() * 21)::int, 1 + floor(random() * 12)::int, 1), 1 + floor(random() * ${CASES})::int,
      ${pickOne(["public", "internal", "restricted"])}
    from generate_series(1, ${Math.round(CASES / 10)}) g`);
  await run(`insert into crawl_runs (status, trigger, started_at, finished_at)
    select 'succeeded', 'schedule', timestamptz '2025-01-01' + (g || ' hours')::interval * 12, timestamptz '2025-01-01' + (g || ' hours')::interval * 12 + interval '20 minutes'
    from generate_series(0, ${RUNS_OF_PULLS - 1}) g`);
  await run(`insert into notices (entity_id, warrant_countries, fields, content_hash, status, first_seen_at, last_seen_at)
    select '2020/' || g, case when random() < 0.1 then array[${pickOne(COUNTRIES)}, ${pickOne(COUNTRIES)}] else array[${pickOne(COUNTRIES)}] end,
      '{}'::jsonb, md5(g::text), case when random() < 0.8 then 'active' else 'removed' end, now(), now()
    from generate_series(1, ${NOTICES}) g`);
  // The first pull's additions are the baseline; later pulls add, change, remove and bring back.
  await run(`insert into notice_events (entity_id, run_id, kind, occurred_at, baseline)
    select '2020/' || g, 1, 'added', r.started_at, true from generate_series(1, ${NOTICES}) g, crawl_runs r where r.id = 1`);
  const rest = Math.max(0, EVENTS - NOTICES);
  const batch = 200_000;
  for (let done = 0; done < rest; done += batch) {
    const n = Math.min(batch, rest - done);
    await run(`insert into notice_events (entity_id, run_id, kind, occurred_at, baseline)
      select '2020/' || (1 + floor(random() * ${NOTICES})::int), r, k, timestamptz '2025-01-01' + ((r - 1) || ' hours')::interval * 12, false
      from (select 2 + floor(random() * ${RUNS_OF_PULLS - 1})::int as r,
                   case when random() < 0.7 then 'changed' when random() < 0.5 then 'added' when random() < 0.8 then 'removed' else 'reappeared' end as k
            from generate_series(1, ${n})) s`);
  }
  await run(`insert into case_alerts (case_id, kind, entity_id, visibility)
    select 1 + floor(random() * ${CASES})::int, 'red_notice', '2020/' || (1 + floor(random() * ${NOTICES})::int), ${pickOne(["public", "internal", "restricted"])}
    from generate_series(1, ${Math.round(CASES / 5)})`);
  await run(`analyze`);
}

function quantiles(times: number[]) {
  const s = [...times].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95) };
}

async function timed(fn: () => Promise<unknown>) {
  await fn(); // warm caches and plans
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return quantiles(times);
}

async function benchOn(label: string, database: Database) {
  try {
    await migrateDatabase(database);
    const t0 = performance.now();
    await seed(database);
    const [c] = await database.rows<{ n: number }>(sql`select count(*)::int as n from cases`);
    const [e] = await database.rows<{ n: number }>(sql`select count(*)::int as n from notice_events`);
    console.log(`\n${label}: ${c!.n.toLocaleString("en")} cases, ${e!.n.toLocaleString("en")} notice events (seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s); ${RUNS} runs each`);
    const viewer = await createUserWithSession(database, "viewer");
    const admin = await createUserWithSession(database, "admin");
    const base = await timed(() => indexedCount(database.db, "RU"));
    console.log(`  ${"".padEnd(44)}${"p50 ms".padStart(9)}${"p95 ms".padStart(9)}${"p50 ×".padStart(9)}${"p95 ×".padStart(9)}`);
    const row = (name: string, r: { p50: number; p95: number }) =>
      console.log(`  ${name.padEnd(44)}${r.p50.toFixed(1).padStart(9)}${r.p95.toFixed(1).padStart(9)}${(r.p50 / base.p50).toFixed(0).padStart(8)}x${(r.p95 / base.p50).toFixed(0).padStart(8)}x`);
    row("indexed count (cases of one country)", base);
    const call = (who: { cookie: string }, query: string) => () => loader(loaderArgs(database, `/dashboard${query}`, { headers: { cookie: who.cookie } }));
    row("loader, viewer, unfiltered", await timed(call(viewer, "")));
    row("loader, viewer, requesting_country + motive", await timed(call(viewer, "?requesting_country=RU&motive=political_opposition")));
    row("loader, admin, unfiltered", await timed(call(admin, "")));
    row("loader, admin, host_country + from/to", await timed(call(admin, "?host_country=FR&from=2010&to=2015")));
  } finally {
    await database.close();
  }
}

/** The client JavaScript a page loads: the entry, the root and the route modules with their imports. */
function pageScripts(manifest: { entry: { module: string; imports: string[] }; routes: Record<string, { module: string; imports?: string[] }> }, routeId: string) {
  const files = new Set<string>([manifest.entry.module, ...manifest.entry.imports]);
  for (const id of ["root", routeId]) {
    const r = manifest.routes[id]!;
    files.add(r.module);
    for (const i of r.imports ?? []) files.add(i);
  }
  let total = 0;
  let gzip = 0;
  for (const f of files) {
    const bytes = readFileSync(path.join("build/client", f));
    total += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { total, gzip, files: files.size };
}

function clientWeights() {
  execSync("npx tsx scripts/ensure-build.ts", { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  const dir = "build/client/assets";
  const file = readdirSync(dir).find((f) => /^manifest-.*\.js$/.test(f));
  if (!file || !existsSync(path.join(dir, file))) throw new Error("no route manifest in build/client/assets");
  const text = readFileSync(path.join(dir, file), "utf8");
  const manifest = JSON.parse(text.slice(text.indexOf("=") + 1).replace(/;\s*$/, ""));
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`\nClient JavaScript (from ${path.join(dir, file)}):`);
  for (const [name, id] of [["dashboard (/dashboard)", "routes/dashboard"], ["sign-in page (/login)", "routes/login"]] as const) {
    const w = pageScripts(manifest, id);
    console.log(`  ${name.padEnd(26)}${kb(w.total).padStart(11)} total${kb(w.gzip).padStart(11)} gzip  (${w.files} files)`);
  }
}

console.log("Dashboard benchmark");
const drivers = (process.env.BENCH_DRIVERS ?? "postgres,pglite").split(",");
if (drivers.includes("postgres")) {
  const name = `a3_bench_dash_${process.pid}`;
  let admin: ReturnType<typeof postgres> | undefined;
  try {
    admin = postgres(PG, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
  } catch (e) {
    console.log(`\nPostgreSQL: skipped (${e instanceof Error ? e.message : e}); set BENCH_DATABASE_URL.`);
    await admin?.end();
    admin = undefined;
  }
  if (admin) {
    const u = new URL(PG);
    u.pathname = `/${name}`;
    try {
      await benchOn(`PostgreSQL (${u.host})`, await openDatabase({ url: u.toString() }));
    } finally {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  }
}
if (drivers.includes("pglite")) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "a3-bench-dash-"));
  try {
    await benchOn("PGlite (embedded, on disk)", await openDatabase({ dataDir: dir }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (process.env.BENCH_JS !== "0") clientWeights();
