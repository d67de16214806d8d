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
import { onScratchPostgres } from "./scratch-postgres";
import { loader } from "../../app/routes/dashboard";
import { openDatabase, type Database } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { caseFacts, chartData, computeHeadlines, indexedCount, linkedNotices, type LinkedNotices } from "../../db/queries/dashboard";
import { indicatorSlot } from "../../app/dashboard-indicators.server";
import type { DashboardQuery } from "../../lib/dashboard/filters";
import { viewerOf, type Viewer } from "../../lib/visibility";
import { seedForBench as seed } from "./dashboard-seed";
import { createUserWithSession } from "../support/auth";
import { loaderArgs } from "../support/remix";

const RUNS = Number(process.env.BENCH_RUNS ?? 20);

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
    console.log(`  ${"".padEnd(50)}${"p50 ms".padStart(9)}${"p95 ms".padStart(9)}${"p50 ×".padStart(9)}${"p95 ×".padStart(9)}`);
    const row = (name: string, r: { p50: number; p95: number }) =>
      console.log(`  ${name.padEnd(50)}${r.p50.toFixed(1).padStart(9)}${r.p95.toFixed(1).padStart(9)}${(r.p50 / base.p50).toFixed(0).padStart(8)}x${(r.p95 / base.p50).toFixed(0).padStart(8)}x`);
    row("indexed count (cases of one country)", base);
    const call = (who: { cookie: string }, query: string) => () => loader(loaderArgs(database, `/dashboard${query}`, { headers: { cookie: who.cookie } }));
    // Cold: the data version moved before each view (as after any edit or pull), so everything is counted again.
    const bump = () => database.db.execute(sql`select nextval('dashboard_version')`);
    const cold = (fn: () => Promise<unknown>) => async () => {
      await bump();
      return fn();
    };
    row("cold loader, viewer, unfiltered", await timed(cold(call(viewer, ""))));
    row("cold loader, viewer, requesting_country + motive", await timed(cold(call(viewer, "?requesting_country=RU&motive=political_opposition"))));
    row("cold loader, admin, unfiltered", await timed(cold(call(admin, ""))));
    // Kept: the data did not change since the last view (the usual case between edits and pulls).
    row("loader, viewer, unfiltered", await timed(call(viewer, "")));
    row("loader, viewer, requesting_country + motive", await timed(call(viewer, "?requesting_country=RU&motive=political_opposition")));
    row("loader, admin, unfiltered", await timed(call(admin, "")));
    row("loader, admin, host_country + from/to", await timed(call(admin, "?host_country=FR&from=2010&to=2015")));
    await breakdown(database, viewerOf(viewer.user), viewerOf(admin.user));
  } finally {
    await database.close();
  }
}

/**
 * Where a cold view's time goes: each query the loader runs, alone and one after another (the
 * loader runs them side by side), p50 of a quarter of the runs. Case facts answer all nine case charts.
 */
async function breakdown(database: Database, viewer: Viewer, admin: Viewer) {
  const db = database.db;
  const now = new Date();
  const views: Array<[string, Viewer, DashboardQuery]> = [
    ["viewer", viewer, {}],
    ["viewer RU+m", viewer, { requestingCountry: "RU", motive: "political_opposition" }],
    ["admin", admin, {}],
    ["admin FR+period", admin, { hostCountry: "FR", fromDay: "2010-01-01", toDay: "2015-12-31" }],
  ];
  const parts: Array<[string, (v: Viewer, q: DashboardQuery) => Promise<unknown>]> = [
    ["case facts (the nine case charts)", (v, q) => caseFacts(db, v, q)],
    ["decisions-over-time", (v, q) => chartData(db, v, q, "decisions-over-time")],
    ["linked notices (case-only filters)", (v, q) => linkedNotices(db, v, q)],
    ["notices-over-time (linked already found)", (v, q) => chartData(db, v, q, "notices-over-time", linked.get(q))],
    ["notice-changes-by-country (linked found)", (v, q) => chartData(db, v, q, "notice-changes-by-country", linked.get(q))],
    ["headlines kept until a change", (v, q) => computeHeadlines(db, v, q, now, "stable")],
    ["headlines counted every view", (v, q) => computeHeadlines(db, v, q, now, "live")],
    ["indicators", () => indicatorSlot(db)],
  ];
  // The loader finds the linked notices once per view and hands them to both notice charts.
  const linked = new Map<DashboardQuery, LinkedNotices>();
  for (const [, v, q] of views) linked.set(q, await linkedNotices(db, v, q));
  const runs = Math.max(3, Math.round(RUNS / 4));
  console.log(`  Per query, cold (p50 ms of ${runs}, one at a time):`);
  console.log(`  ${"".padEnd(44)}${views.map(([n]) => n.padStart(16)).join("")}`);
  for (const [name, fn] of parts) {
    const cells: string[] = [];
    for (const [, v, q] of views) {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await fn(v, q);
        times.push(performance.now() - t);
      }
      cells.push(quantiles(times).p50.toFixed(1).padStart(16));
    }
    console.log(`  ${name.padEnd(44)}${cells.join("")}`);
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
  await onScratchPostgres("a3_bench_dash", async (url, host) => {
    await benchOn(`PostgreSQL (${host})`, await openDatabase({ url }));
  });
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
