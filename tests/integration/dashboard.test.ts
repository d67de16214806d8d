// The dashboard: every chart's CSV equals a count written directly in SQL here, for the same
// filters, as a viewer, as a viewer a restricted case is shared with, and as an admin, on a
// database where restricted and deleted cases exist. The filters in the URL reach every chart.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as csvRoute from "../../app/routes/dashboard.$chart[.]csv";
import * as page from "../../app/routes/dashboard";
import * as home from "../../app/routes/_index";
import { rowsOf } from "../../db/client";
import { noticeEvents } from "../../db/schema";
import { CHART_IDS, type ChartId } from "../../lib/dashboard/charts";
import { parseCsv } from "../../lib/csv";
import { makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol } from "../fake-interpol/server";
import { callLoader, createUserWithSession } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";
import { pullFrom } from "../support/pull";
import { loaderArgs } from "../support/remix";
import { insertAlert, insertCase, seedDecisions, seedVariedCases, shareCase } from "../support/seed-cases";

let database: TestDatabase;
let fake: FakeInterpol;
type Who = { label: string; id: string; cookie: string; role: "viewer" | "admin" };
const people: Who[] = [];
let sharedCaseId = 0;

const warrant = (c: string) => ({ issuing_country_id: c, charge: "Fraud", charge_translation: null });

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const ids = await seedVariedCases(db, 160, 3);
  // A restricted case shared with one viewer: counted for them and for admins, not other viewers.
  sharedCaseId = await insertCase(db, {
    requestingCountry: "TJ",
    hostCountries: ["PL"],
    motives: ["political_opposition"],
    tactics: ["red_notice", "relative_detained"],
    visibility: "restricted",
    yearFrom: 2016,
    extraditionOutcome: "refused_by_court",
  });
  await seedDecisions(db, [...ids, sharedCaseId], 60, 5);
  fake = await startFakeInterpol({
    notices: [
      makeNotice({ entity_id: "2020/1", arrest_warrants: [warrant("RU")] }),
      makeNotice({ entity_id: "2020/2", arrest_warrants: [warrant("RU"), warrant("BY")] }),
      makeNotice({ entity_id: "2020/3", arrest_warrants: [warrant("TJ")] }),
      makeNotice({ entity_id: "2020/4", arrest_warrants: [warrant("TR")] }),
    ],
    now: new Date("2026-11-01T00:00:00Z"),
  });
  const first = await pullFrom(database, fake.url);
  await db.update(noticeEvents).set({ baseline: true }).where(sql`${noticeEvents.runId} = ${first.runId!} and ${noticeEvents.kind} = 'added'`);
  fake.update((list) => [
    ...list.filter((n) => n.entity_id !== "2020/3"),
    makeNotice({ entity_id: "2020/5", arrest_warrants: [warrant("TJ")] }),
    makeNotice({ entity_id: "2020/6", arrest_warrants: [warrant("RU")] }),
  ]);
  await pullFrom(database, fake.url);
  // Alerts link cases to notices: the shared restricted case to 2020/3 and 2020/5, a public one to 2020/1.
  // The alerts carry their own level (internal); the case's restricted level still governs who counts them.
  await insertAlert(db, { caseId: sharedCaseId, entityId: "2020/3", visibility: "internal" });
  await insertAlert(db, { caseId: sharedCaseId, entityId: "2020/5", visibility: "internal" });
  const publicCase = await insertCase(db, { requestingCountry: "RU", hostCountries: ["FR"], motives: ["journalism_media"], visibility: "public", yearFrom: 2020 });
  await insertAlert(db, { caseId: publicCase, entityId: "2020/1", visibility: "public" });

  for (const [label, role] of [["viewer", "viewer"], ["shared viewer", "viewer"], ["admin", "admin"]] as const) {
    const u = await createUserWithSession(database, role);
    people.push({ label, id: u.user.id, cookie: u.cookie, role });
  }
  await shareCase(db, sharedCaseId, people[1]!.id);
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
});

// ---- the expected counts, written directly in SQL ------------------------------------------

type F = Partial<Record<"requesting_country" | "host_country" | "motive" | "tactic" | "from" | "to" | "visibility", string>>;

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const yr = (v: string) => Number(v.slice(0, 4));
const startDay = (v: string) => (v.length === 4 ? `${v}-01-01` : v);
const endDay = (v: string) => (v.length === 4 ? `${v}-12-31` : v);

function seen(who: Who, alias: string, type: string) {
  if (who.role === "admin") return `${alias}.deleted_at is null`;
  return `${alias}.deleted_at is null and (${alias}.visibility in ('public','internal') or exists (select 1 from record_shares s where s.record_type = '${type}' and s.record_id = ${alias}.id and s.user_id = ${q(who.id)}))`;
}

function caseSql(who: Who, f: F, opts: { period?: boolean } = {}) {
  const w = [seen(who, "c", "case")];
  if (f.requesting_country) w.push(`c.requesting_country = ${q(f.requesting_country)}`);
  if (f.host_country) w.push(`${q(f.host_country)} = any(c.host_countries)`);
  if (f.motive) w.push(`${q(f.motive)} = any(c.motives)`);
  if (f.tactic) w.push(`${q(f.tactic)} = any(c.tactics)`);
  if (f.visibility) w.push(`c.visibility = ${q(f.visibility)}`);
  if (opts.period !== false) {
    if (f.from) w.push(`coalesce(c.year_to, c.year_from) >= ${yr(f.from)}`);
    if (f.to) w.push(`c.year_from <= ${yr(f.to)}`);
  }
  return w.join(" and ");
}

/** Notice ids the filters reach: issuer = requesting country; case-only filters through visible alerts. */
function noticeSql(who: Who, f: F, col: string) {
  const w: string[] = [];
  if (f.requesting_country) w.push(`exists (select 1 from notices n2 where n2.entity_id = ${col} and ${q(f.requesting_country)} = any(n2.warrant_countries))`);
  if (f.host_country || f.motive || f.tactic || f.visibility) {
    w.push(`${col} in (select a.entity_id from case_alerts a join cases c on c.id = a.case_id where ${seen(who, "a", "case_alert")} and ${caseSql(who, { ...f, requesting_country: undefined }, { period: false })})`);
  }
  return w.length ? w.join(" and ") : "true";
}

async function query(text: string): Promise<Record<string, unknown>[]> {
  return rowsOf<Record<string, unknown>>(await database.db.execute(sql.raw(text)));
}

/** key → the CSV's numbers (count and series columns), as strings of numbers. */
async function expected(id: ChartId, who: Who, f: F): Promise<Map<string, Record<string, number>>> {
  const W = caseSql(who, f);
  const out = new Map<string, Record<string, number>>();
  const put = (key: string, col: string, n: number) => {
    const r = out.get(key) ?? {};
    r[col] = (r[col] ?? 0) + n;
    out.set(key, r);
  };
  const simple = async (text: string) => {
    for (const r of await query(text)) put(String(r.key), "count", Number(r.n));
  };
  switch (id) {
    case "cases-by-requesting-country":
      await simple(`select c.requesting_country as key, count(*) n from cases c where ${W} and c.requesting_country is not null group by 1`);
      break;
    case "cases-by-alert-status":
    case "cases-by-liberty-status":
    case "cases-by-extradition-outcome":
    case "cases-by-protection-status": {
      const col = { "cases-by-alert-status": "alert_status", "cases-by-liberty-status": "liberty_status", "cases-by-extradition-outcome": "extradition_outcome", "cases-by-protection-status": "protection_status" }[id];
      await simple(`select c.${col} as key, count(*) n from cases c where ${W} group by 1`);
      break;
    }
    case "cases-by-motive":
      await simple(`select m as key, count(*) n from cases c cross join lateral unnest(c.motives) m where ${W} group by 1`);
      break;
    case "cases-by-tactic":
      await simple(`select t as key, count(*) n from cases c cross join lateral unnest(c.tactics) t where ${W} group by 1`);
      break;
    case "country-pairs":
      await simple(`select c.requesting_country || '-' || h as key, count(*) n from cases c cross join lateral unnest(c.host_countries) h where ${W} and c.requesting_country is not null group by 1`);
      break;
    case "cases-over-time":
      for (const r of await query(`select c.year_from::text as key, c.extradition_outcome s, count(*) n from cases c where ${W} and c.year_from is not null group by 1, 2`)) {
        put(String(r.key), "count", Number(r.n));
        put(String(r.key), String(r.s), Number(r.n));
      }
      break;
    case "decisions-over-time": {
      const w = [seen(who, "d", "decision")];
      if (f.visibility) w.push(`d.visibility = ${q(f.visibility)}`);
      if (f.requesting_country) w.push(`coalesce(d.requesting_country, (select c.requesting_country from cases c where c.id = d.case_id)) = ${q(f.requesting_country)}`);
      if (f.host_country || f.motive || f.tactic)
        w.push(`d.case_id in (select c.id from cases c where ${caseSql(who, { host_country: f.host_country, motive: f.motive, tactic: f.tactic }, { period: false })})`);
      if (f.from) w.push(`d.decided_sort >= '${startDay(f.from)}'`);
      if (f.to) w.push(`d.decided_sort <= '${endDay(f.to)}'`);
      for (const r of await query(`select extract(year from d.decided_sort)::int::text as key, d.outcome s, count(*) n from decisions d where ${w.join(" and ")} and d.decided_sort is not null group by 1, 2`)) {
        put(String(r.key), "count", Number(r.n));
        put(String(r.key), String(r.s), Number(r.n));
      }
      break;
    }
    case "notices-over-time": {
      // Active after run r: notices whose latest event up to r is not a removal (a different route to the same number).
      const runs = await query(`select id, coalesce(finished_at, started_at) at from crawl_runs where status in ('succeeded','partial') order by id`);
      for (const run of runs) {
        if (f.from && new Date(String(run.at)) < new Date(`${startDay(f.from)}T00:00:00Z`)) continue;
        if (f.to && new Date(String(run.at)) >= new Date(Date.parse(`${endDay(f.to)}T00:00:00Z`) + 86_400_000)) continue;
        const [r] = await query(`select count(*) n from (
            select distinct on (e.entity_id) e.entity_id, e.kind from notice_events e
            where e.run_id <= ${run.id} and e.kind <> 'changed' and ${noticeSql(who, f, "e.entity_id")}
            order by e.entity_id, e.run_id desc, e.id desc) last where last.kind <> 'removed'`);
        put(String(run.id), "count", Number(r!.n));
      }
      break;
    }
    case "notice-changes-by-country": {
      const w = [`(e.kind = 'removed' or (e.kind = 'added' and not e.baseline))`, noticeSql(who, f, "e.entity_id")];
      if (f.requesting_country) w.push(`c = ${q(f.requesting_country)}`);
      if (f.from) w.push(`e.occurred_at >= '${startDay(f.from)}'::date`);
      if (f.to) w.push(`e.occurred_at < '${endDay(f.to)}'::date + 1`);
      for (const r of await query(`select to_char(date_trunc('week', e.occurred_at at time zone 'UTC'), 'YYYY-MM-DD') || ':' || c as key, e.kind, count(*) n
          from notice_events e join notices n on n.entity_id = e.entity_id cross join lateral unnest(n.warrant_countries) c
          where ${w.join(" and ")} group by 1, 2`)) {
        put(String(r.key), "added", 0);
        put(String(r.key), "removed", 0);
        put(String(r.key), String(r.kind), Number(r.n));
      }
      break;
    }
  }
  return out;
}

async function csvOf(id: ChartId, who: Who, f: F) {
  const search = new URLSearchParams(f as Record<string, string>).toString();
  const path = `/dashboard/${id}.csv${search ? `?${search}` : ""}`;
  const res = (await csvRoute.loader(loaderArgs(database, path, { headers: { cookie: who.cookie }, params: { chart: id } }))) as Response;
  expect(res.status, `${id} ${search}`).toBe(200);
  return parseCsv(await res.text());
}

/** The CSV's numeric columns (all but key, label and the extra key columns), by key. */
function numbersOf(csv: ReturnType<typeof parseCsv>) {
  const skip = new Set(["key", "label", "requesting_country", "host_country", "week", "country"]);
  const out = new Map<string, Record<string, number>>();
  for (const r of csv.rows) {
    const nums: Record<string, number> = {};
    for (const c of csv.columns) if (!skip.has(c) && (c === "count" || Number(r.values[c]) !== 0)) nums[c] = Number(r.values[c]);
    if (csv.columns.includes("added")) {
      nums.added = Number(r.values.added);
      nums.removed = Number(r.values.removed);
    }
    out.set(r.values.key!, nums);
  }
  return out;
}

const FILTERS: F[] = [
  {},
  { requesting_country: "RU" },
  { host_country: "FR", motive: "political_opposition" },
  { from: "2012", to: "2018-06-30" },
  { tactic: "red_notice", visibility: "restricted" },
  { requesting_country: "TJ", host_country: "PL" },
];

describe(`dashboard (${testDbKind()})`, () => {
  it("each chart's CSV equals a direct SQL count, for each viewer and filter", async () => {
    for (const who of people) {
      for (const f of FILTERS) {
        for (const id of CHART_IDS) {
          const csv = await csvOf(id, who, f);
          const want = await expected(id, who, f);
          const drop0 = (m: Map<string, Record<string, number>>) =>
            new Map([...m].map(([k, v]) => [k, Object.fromEntries(Object.entries(v).filter(([c, n]) => n !== 0 || c === "added" || c === "removed" || c === "count"))]));
          expect(drop0(numbersOf(csv)), `${id} as ${who.label} with ${JSON.stringify(f)}`).toEqual(drop0(want));
        }
      }
    }
  });

  it("uses the issue's columns: key, label, count; series and key columns otherwise", async () => {
    const admin = people[2]!;
    expect((await csvOf("cases-by-motive", admin, {})).columns).toEqual(["key", "label", "count"]);
    expect((await csvOf("cases-by-requesting-country", admin, {})).columns).toEqual(["key", "label", "count"]);
    expect((await csvOf("country-pairs", admin, {})).columns).toEqual(["key", "label", "requesting_country", "host_country", "count"]);
    const overTime = (await csvOf("cases-over-time", admin, {})).columns;
    expect(overTime.slice(0, 3)).toEqual(["key", "label", "count"]);
    expect(overTime.length).toBeGreaterThan(3);
    expect((await csvOf("notice-changes-by-country", admin, {})).columns).toEqual(["key", "label", "week", "country", "added", "removed"]);
    const motive = await csvOf("cases-by-motive", admin, {});
    expect(motive.rows.find((r) => r.values.key === "political_opposition")?.values.label).toBe("Political opposition");
  });

  it("counts the shared restricted case only for those who may see it", async () => {
    const [viewer, shared, admin] = people as [Who, Who, Who];
    const tj = async (who: Who) => (await csvOf("country-pairs", who, { requesting_country: "TJ", host_country: "PL" })).rows.find((r) => r.values.key === "TJ-PL");
    const base = Number((await tj(viewer))?.values.count ?? 0);
    expect(Number((await tj(shared))?.values.count)).toBe(base + 1);
    expect(Number((await tj(admin))?.values.count)).toBeGreaterThanOrEqual(base + 1);
    // A restricted case's notices reach the notice charts through it only for those who see it.
    const linked = async (who: Who) => (await csvOf("notice-changes-by-country", who, { visibility: "restricted" })).rows.length;
    expect(await linked(viewer)).toBe(0);
    expect(await linked(shared)).toBeGreaterThan(0);
  });

  it("the page: URL filters reach every chart, a bad filter shows its message and no figures", async () => {
    const admin = people[2]!;
    const args = (path: string) => loaderArgs(database, path, { headers: { cookie: admin.cookie } });
    const all = (await page.loader(args("/dashboard"))) as { charts: { id: string; totalRows: number; cells: unknown[][] }[]; heads: { cases: number } };
    const ru = (await page.loader(args("/dashboard?requesting_country=RU&motive=political_opposition"))) as typeof all;
    expect(all.charts.map((c) => c.id)).toEqual([...CHART_IDS]);
    for (const id of CHART_IDS) {
      const csv = await csvOf(id, admin, { requesting_country: "RU", motive: "political_opposition" });
      const c = ru.charts.find((x) => x.id === id)!;
      // The table shows what the CSV has, row for row.
      expect(c.totalRows, id).toBe(csv.rows.length);
      expect(c.cells.map((r) => String(r[0])), id).toEqual(csv.rows.slice(0, c.cells.length).map((r) => r.values.key));
    }
    expect(ru.heads.cases).toBeLessThan(all.heads.cases);
    const bad = (await page.loader(args("/dashboard?requesting_country=Atlantis&from=2019-02-30&motive=nope"))) as unknown as { type: string; init: { status: number }; data: { errors: Record<string, string>; charts: unknown[] } };
    expect(bad.init.status).toBe(400);
    expect(Object.keys(bad.data.errors).sort()).toEqual(["from", "motive", "requesting_country"]);
    expect(bad.data.charts).toEqual([]);
    const badCsv = await callLoader(csvRoute.loader, { database, path: "/dashboard/cases-by-motive.csv?to=tomorrow", cookie: admin.cookie, params: { chart: "cases-by-motive" } });
    expect(badCsv.status).toBe(400);
    const unknown = await callLoader(csvRoute.loader, { database, path: "/dashboard/nope.csv", cookie: admin.cookie, params: { chart: "nope" } });
    expect(unknown.status).toBe(404);
  });

  it("shows a change at once: the kept counts follow the data version", async () => {
    const admin = people[2]!;
    const load = async () =>
      (await page.loader(loaderArgs(database, "/dashboard?requesting_country=KP", { headers: { cookie: admin.cookie } }))) as { heads: { cases: number }; charts: { id: string; totalRows: number }[] };
    const before = await load();
    expect((await load()).heads.cases).toBe(before.heads.cases);
    const id = await insertCase(database.db, { requestingCountry: "KP", hostCountries: ["JP"], visibility: "internal" });
    const after = await load();
    expect(after.heads.cases).toBe(before.heads.cases + 1);
    expect(after.charts.find((c) => c.id === "country-pairs")!.totalRows).toBe(1);
    await database.db.execute(sql`update cases set deleted_at = now() where id = ${id}`);
    expect((await load()).heads.cases).toBe(before.heads.cases);
  });

  it("sends signed-in people from / to the dashboard, and others to sign in", async () => {
    const viewer = people[0]!;
    const signedIn = await callLoader(home.loader, { database, path: "/", cookie: viewer.cookie });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe("/dashboard");
    const anonymous = await callLoader(home.loader, { database, path: "/" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);
    const anonCsv = await callLoader(csvRoute.loader, { database, path: "/dashboard/cases-by-motive.csv", params: { chart: "cases-by-motive" } });
    expect(anonCsv.status).toBe(302);
  });
});
