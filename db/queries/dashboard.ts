// The dashboard's counts: one grouped query per chart over cases, decisions and the notice history,
// with the viewer's visibility in the SQL of every one (db/queries/visibility.ts). Plain grouped
// queries on the existing indexes, measured by `npm run bench -- dashboard` (decision 013).
import { sql, type SQL } from "drizzle-orm";
import { CHART_IDS, chartDef, keyLabel, tacticFamily, type ChartId, type ChartRow } from "../../lib/dashboard/charts";
import { hasCaseOnlyFilter, type DashboardQuery } from "../../lib/dashboard/filters";
import { countryName } from "../../lib/countries";
import { seesAllRestricted, type Viewer } from "../../lib/visibility";
import type { Db } from "../client";
import { rowsOf } from "../client";
import { caseAlerts, cases, decisions } from "../schema/cases";
import { crawlRuns, noticeEvents, notices } from "../schema/notices";
import { visibleTo } from "./visibility";

const yearOf = (day: string) => Number(day.slice(0, 4));

/**
 * The cases a viewer may see that match the filters. The period keeps cases whose years
 * (year_from..year_to) overlap it; a case with no year recorded is left out once a period is set.
 */
export function caseWhere(viewer: Viewer, q: DashboardQuery, opts: { period?: boolean; visibility?: boolean } = {}): SQL {
  const where: SQL[] = [visibleTo(viewer, cases, "case")];
  if (q.requestingCountry) where.push(sql`${cases.requestingCountry} = ${q.requestingCountry}`);
  if (q.hostCountry) where.push(sql`${cases.hostCountries} @> array[${q.hostCountry}]::text[]`);
  if (q.motive) where.push(sql`${cases.motives} @> array[${q.motive}]::text[]`);
  if (q.tactic) where.push(sql`${cases.tactics} @> array[${q.tactic}]::text[]`);
  if (q.visibility && opts.visibility !== false) where.push(sql`${cases.visibility} = ${q.visibility}`);
  if (opts.period !== false) {
    if (q.fromDay) where.push(sql`coalesce(${cases.yearTo}, ${cases.yearFrom}) >= ${yearOf(q.fromDay)}`);
    if (q.toDay) where.push(sql`${cases.yearFrom} <= ${yearOf(q.toDay)}`);
  }
  return sql.join(where, sql` and `);
}

/** Decisions the viewer may see matching the filters (case-only filters through the decision's case). */
export function decisionWhere(viewer: Viewer, q: DashboardQuery): SQL {
  const where: SQL[] = [visibleTo(viewer, decisions, "decision")];
  if (q.visibility) where.push(sql`${decisions.visibility} = ${q.visibility}`);
  if (q.requestingCountry)
    where.push(
      sql`coalesce(${decisions.requestingCountry}, (select c.requesting_country from cases c where c.id = ${decisions.caseId})) = ${q.requestingCountry}`,
    );
  if (q.hostCountry || q.motive || q.tactic) {
    const inner = caseWhere(viewer, { hostCountry: q.hostCountry, motive: q.motive, tactic: q.tactic }, { period: false });
    where.push(sql`${decisions.caseId} in (select ${cases.id} from ${cases} where ${inner})`);
  }
  if (q.fromDay) where.push(sql`${decisions.decidedSort} >= ${q.fromDay}::date`);
  if (q.toDay) where.push(sql`${decisions.decidedSort} <= ${q.toDay}::date`);
  return sql.join(where, sql` and `);
}

/**
 * Notices the filters reach: the requesting country as the warrant's issuer; a case-only filter
 * (host country, motive, tactic, visibility) keeps the notices linked to matching cases the viewer
 * may see, through their alerts.
 */
function noticeWhere(viewer: Viewer, q: DashboardQuery, entity: SQL): SQL {
  const where: SQL[] = [];
  if (q.requestingCountry) where.push(sql`${notices.warrantCountries} @> array[${q.requestingCountry}]::text[]`);
  if (hasCaseOnlyFilter(q)) {
    const inner = caseWhere(viewer, { ...q, requestingCountry: undefined }, { period: false });
    where.push(sql`${entity} in (select ${caseAlerts.entityId} from ${caseAlerts} join ${cases} on ${cases.id} = ${caseAlerts.caseId}
      where ${caseAlerts.entityId} is not null and ${visibleTo(viewer, caseAlerts, "case_alert")} and ${inner})`);
  }
  return where.length ? sql.join(where, sql` and `) : sql`true`;
}

export interface ChartData {
  id: ChartId;
  rows: ChartRow[];
  /** How many records (cases, decisions or notices) lie behind the chart. */
  behind: number;
  /** Records left out for lack of the counted value (no requesting country, no year). */
  missing: number;
}

type Row = Record<string, unknown>;
const num = (v: unknown) => Number(v ?? 0);

async function rows(db: Db, query: SQL): Promise<Row[]> {
  return rowsOf<Row>(await db.execute(query));
}

const STATUS_COLUMNS = {
  "cases-by-alert-status": cases.alertStatus,
  "cases-by-liberty-status": cases.libertyStatus,
  "cases-by-extradition-outcome": cases.extraditionOutcome,
  "cases-by-protection-status": cases.protectionStatus,
} as const;

/** One row per key: its label from the chart's declaration; largest first, then by label. */
function oneDimensional(id: ChartId, rs: Row[], order: "count" | "vocabulary" = "count"): ChartRow[] {
  const def = chartDef(id);
  const out = rs.map((r) => ({ key: String(r.key), label: keyLabel(def, String(r.key)), count: num(r.n) }));
  if (order === "vocabulary" && def.keys && def.keys !== "country") {
    const rank = new Map(def.keys.terms.map((t, i) => [t.key as string, i]));
    return out.sort((a, b) => (rank.get(a.key) ?? 999) - (rank.get(b.key) ?? 999) || a.key.localeCompare(b.key));
  }
  return out.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

async function caseTotals(db: Db, viewer: Viewer, q: DashboardQuery, column?: SQL): Promise<{ behind: number; missing: number }> {
  const [r] = await rows(
    db,
    sql`select count(*)::int as n ${column ? sql`, count(*) filter (where ${column} is null)::int as missing` : sql``}
        from ${cases} where ${caseWhere(viewer, q)}`,
  );
  const n = num(r?.n);
  const missing = column ? num(r?.missing) : 0;
  return { behind: n - missing, missing };
}

/** One chart's rows for a viewer and filters. */
export async function chartData(db: Db, viewer: Viewer, q: DashboardQuery, id: ChartId): Promise<ChartData> {
  const where = caseWhere(viewer, q);
  switch (id) {
    case "cases-by-requesting-country": {
      const [rs, t] = await Promise.all([
        rows(db, sql`select ${cases.requestingCountry} as key, count(*)::int as n from ${cases}
                     where ${where} and ${cases.requestingCountry} is not null group by 1`),
        caseTotals(db, viewer, q, sql`${cases.requestingCountry}`),
      ]);
      return { id, rows: oneDimensional(id, rs), ...t };
    }
    case "cases-by-alert-status":
    case "cases-by-liberty-status":
    case "cases-by-extradition-outcome":
    case "cases-by-protection-status": {
      const col = STATUS_COLUMNS[id];
      const rs = await rows(db, sql`select ${col} as key, count(*)::int as n from ${cases} where ${where} group by 1`);
      return { id, rows: oneDimensional(id, rs, "vocabulary"), behind: rs.reduce((s, r) => s + num(r.n), 0), missing: 0 };
    }
    case "cases-by-motive":
    case "cases-by-tactic": {
      const col = id === "cases-by-motive" ? cases.motives : cases.tactics;
      const [rs, t] = await Promise.all([
        rows(db, sql`select k as key, count(*)::int as n from ${cases}, unnest(${col}) as k where ${where} group by 1`),
        rows(db, sql`select count(*)::int as n, count(*) filter (where cardinality(${col}) = 0)::int as missing from ${cases} where ${where}`),
      ]);
      const out = oneDimensional(id, rs, id === "cases-by-tactic" ? "vocabulary" : "count");
      if (id === "cases-by-tactic") for (const r of out) r.group = tacticFamily(r.key);
      const n = num(t[0]?.n);
      const missing = num(t[0]?.missing);
      return { id, rows: out, behind: n - missing, missing };
    }
    case "country-pairs": {
      const [rs, t] = await Promise.all([
        rows(db, sql`select ${cases.requestingCountry} as req, h as host, count(*)::int as n
                     from ${cases}, unnest(${cases.hostCountries}) as h
                     where ${where} and ${cases.requestingCountry} is not null group by 1, 2`),
        rows(db, sql`select count(*)::int as n,
                       count(*) filter (where ${cases.requestingCountry} is null or cardinality(${cases.hostCountries}) = 0)::int as missing
                     from ${cases} where ${where}`),
      ]);
      const out: ChartRow[] = rs.map((r) => {
        const req = String(r.req);
        const host = String(r.host);
        return {
          key: `${req}-${host}`,
          label: `${countryName(req) ?? req} → ${countryName(host) ?? host}`,
          count: num(r.n),
          extra: { requesting_country: req, host_country: host },
        };
      });
      out.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
      return { id, rows: out, behind: num(t[0]?.n) - num(t[0]?.missing), missing: num(t[0]?.missing) };
    }
    case "cases-over-time": {
      const [rs, t] = await Promise.all([
        rows(db, sql`select ${cases.yearFrom} as year, ${cases.extraditionOutcome} as s, count(*)::int as n
                     from ${cases} where ${where} and ${cases.yearFrom} is not null group by 1, 2`),
        caseTotals(db, viewer, q, sql`${cases.yearFrom}`),
      ]);
      return { id, rows: byPeriod(rs), ...t };
    }
    case "decisions-over-time": {
      const dw = decisionWhere(viewer, q);
      const [rs, t] = await Promise.all([
        rows(db, sql`select extract(year from ${decisions.decidedSort})::int as year, ${decisions.outcome} as s, count(*)::int as n
                     from ${decisions} where ${dw} and ${decisions.decidedSort} is not null group by 1, 2`),
        rows(db, sql`select count(*)::int as n, count(*) filter (where ${decisions.decidedSort} is null)::int as missing from ${decisions} where ${dw}`),
      ]);
      return { id, rows: byPeriod(rs), behind: num(t[0]?.n) - num(t[0]?.missing), missing: num(t[0]?.missing) };
    }
    case "notices-over-time":
      return noticesOverTime(db, viewer, q);
    case "notice-changes-by-country":
      return noticeChangesByCountry(db, viewer, q);
  }
}

/** Rows of (year, series, n) folded into one row per year with its series, oldest first. */
function byPeriod(rs: Row[]): ChartRow[] {
  const by = new Map<string, ChartRow>();
  for (const r of rs) {
    const key = String(r.year);
    const row = by.get(key) ?? { key, label: key, count: 0, series: {} };
    row.count += num(r.n);
    row.series![String(r.s)] = (row.series![String(r.s)] ?? 0) + num(r.n);
    by.set(key, row);
  }
  return [...by.values()].sort((a, b) => Number(a.key) - Number(b.key));
}

/** Active notices after each pull: the running sum of additions and reappearances less removals. */
async function noticesOverTime(db: Db, viewer: Viewer, q: DashboardQuery): Promise<ChartData> {
  const nw = noticeWhere(viewer, q, sql`e.entity_id`);
  const needsNotice = Boolean(q.requestingCountry);
  const rs = await rows(
    db,
    sql`with per_run as (
          select e.run_id,
                 sum(case when e.kind in ('added', 'reappeared') then 1 when e.kind = 'removed' then -1 else 0 end)::int as delta
          from ${noticeEvents} e ${needsNotice ? sql`join ${notices} on ${notices.entityId} = e.entity_id` : sql``}
          where e.kind <> 'changed' and ${nw}
          group by e.run_id
        ), runs as (
          select r.id, coalesce(r.finished_at, r.started_at) as at, coalesce(p.delta, 0) as delta
          from ${crawlRuns} r left join per_run p on p.run_id = r.id
          where r.status in ('succeeded', 'partial') or p.delta is not null
        ), totals as (
          select id, at, sum(delta) over (order by id)::int as active from runs
        )
        select id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') as label, active from totals
        where true ${q.fromDay ? sql`and at >= ${q.fromDay}::date` : sql``}
                   ${q.toDay ? sql`and at < ${q.toDay}::date + 1` : sql``}
        order by id`,
  );
  const out = rs.map((r) => ({ key: String(r.id), label: String(r.label), count: num(r.active) }));
  return { id: "notices-over-time", rows: out, behind: out.at(-1)?.count ?? 0, missing: 0 };
}

/** Per week (Monday, UTC) and issuing country: notices newly published (baseline left out) and removed. */
async function noticeChangesByCountry(db: Db, viewer: Viewer, q: DashboardQuery): Promise<ChartData> {
  const nw = noticeWhere(viewer, q, sql`e.entity_id`);
  const rs = await rows(
    db,
    sql`select to_char(date_trunc('week', e.occurred_at at time zone 'UTC'), 'YYYY-MM-DD') as week, c as country,
               count(*) filter (where e.kind = 'added')::int as added,
               count(*) filter (where e.kind = 'removed')::int as removed
        from ${noticeEvents} e join ${notices} on ${notices.entityId} = e.entity_id, unnest(${notices.warrantCountries}) as c
        where (e.kind = 'removed' or (e.kind = 'added' and not e.baseline)) and ${nw}
          ${q.requestingCountry ? sql`and c = ${q.requestingCountry}` : sql``}
          ${q.fromDay ? sql`and e.occurred_at >= ${q.fromDay}::date` : sql``}
          ${q.toDay ? sql`and e.occurred_at < ${q.toDay}::date + 1` : sql``}
        group by 1, 2`,
  );
  const out: ChartRow[] = rs.map((r) => {
    const week = String(r.week);
    const country = String(r.country);
    const added = num(r.added);
    const removed = num(r.removed);
    return {
      key: `${week}:${country}`,
      label: `Week of ${week}, ${countryName(country) ?? country}`,
      count: added + removed,
      series: { added, removed },
      extra: { week, country },
    };
  });
  out.sort((a, b) => b.extra!.week.localeCompare(a.extra!.week) || b.count - a.count || a.extra!.country.localeCompare(b.extra!.country));
  const [n] = await rows(
    db,
    sql`select count(distinct e.entity_id)::int as n from ${noticeEvents} e
        ${q.requestingCountry ? sql`join ${notices} on ${notices.entityId} = e.entity_id` : sql``}
        where (e.kind = 'removed' or (e.kind = 'added' and not e.baseline)) and ${nw}
          ${q.fromDay ? sql`and e.occurred_at >= ${q.fromDay}::date` : sql``}
          ${q.toDay ? sql`and e.occurred_at < ${q.toDay}::date + 1` : sql``}`,
  );
  return { id: "notice-changes-by-country", rows: out, behind: num(n?.n), missing: 0 };
}

/** Every chart, uncached. */
export async function computeAllCharts(db: Db, viewer: Viewer, q: DashboardQuery): Promise<ChartData[]> {
  return Promise.all(CHART_IDS.map((id) => chartData(db, viewer, q, id)));
}

// ---- the per-process cache ------------------------------------------------------------------
//
// Counting 100,000 cases and 1,000,000 notice events takes seconds, and nothing changes between
// most page views. So results are kept per process, per database, per viewer (a viewer's shares are
// their own; editors and admins see the same) and per filter, until the `dashboard_version`
// sequence moves: statement triggers move it on every change to a table the dashboard reads. A
// sequence moves before its transaction commits, so an entry may, rarely, hold counts from just
// before a commit: entries also expire after CACHE_TTL_MS (decision 013).

const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 200;
const caches = new WeakMap<Db, Map<string, { at: number; value: unknown }>>();

/** The current data version: one read of a sequence. */
export async function dashboardVersion(db: Db): Promise<string> {
  const [r] = await rows(db, sql`select last_value::text as v, is_called from dashboard_version`);
  return `${r?.v ?? 0}${r?.is_called ? "" : "-"}`;
}

const viewerKey = (viewer: Viewer) => (viewer.kind === "public" ? "public" : seesAllRestricted(viewer) ? "all" : `user:${viewer.userId}`);

async function cached<T>(db: Db, key: string, compute: () => Promise<T>, now = Date.now()): Promise<T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const version = await dashboardVersion(db);
  const full = `${version}|${key}`;
  const hit = cache.get(full);
  if (hit && now - hit.at < CACHE_TTL_MS) {
    cache.delete(full);
    cache.set(full, hit);
    return hit.value as T;
  }
  const value = await compute();
  // A change while counting: keep nothing; the next view counts again.
  if ((await dashboardVersion(db)) === version) {
    cache.set(full, { at: now, value });
    if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  }
  return value;
}

/** Every chart for a viewer and filters, from the cache while the data has not changed. */
export async function allCharts(db: Db, viewer: Viewer, q: DashboardQuery): Promise<ChartData[]> {
  return cached(db, `charts|${viewerKey(viewer)}|${JSON.stringify(q)}`, () => computeAllCharts(db, viewer, q));
}

// ---- headline figures -----------------------------------------------------------------------

export interface Headlines {
  cases: number;
  openCases: number;
  activeNotices: number;
  added7: number;
  removed7: number;
  added30: number;
  removed30: number;
  decisionsThisYear: number;
  casesWithChangedNotice: number;
}

const DAY = 86_400_000;

/** The headline figures; those that do not move with the clock come from the cache. */
export async function headlines(db: Db, viewer: Viewer, q: DashboardQuery, now: Date): Promise<Headlines> {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const [stable, live] = await Promise.all([
    cached(db, `heads|${viewerKey(viewer)}|${JSON.stringify(q)}|${year}-${month}`, () => computeHeadlines(db, viewer, q, now, "stable")),
    computeHeadlines(db, viewer, q, now, "live"),
  ]);
  return { ...stable, ...live } as Headlines;
}

/** `stable`: counts of records and this year's or month's; `live`: the last 7 and 30 days' notice events. */
export async function computeHeadlines(db: Db, viewer: Viewer, q: DashboardQuery, now: Date, part: "stable" | "live" | "all" = "all"): Promise<Partial<Headlines>> {
  const live = part !== "stable";
  const stable = part !== "live";
  const where = caseWhere(viewer, q);
  const since7 = new Date(now.getTime() - 7 * DAY);
  const since30 = new Date(now.getTime() - 30 * DAY);
  const year = now.getUTCFullYear();
  const monthStart = new Date(Date.UTC(year, now.getUTCMonth(), 1));
  const nw = noticeWhere(viewer, q, sql`${notices.entityId}`);
  const ew = noticeWhere(viewer, q, sql`e.entity_id`);
  const none = Promise.resolve([] as Row[]);
  const [c, n, e, d, linked] = await Promise.all([
    !stable ? none : rows(db, sql`select count(*)::int as n, count(*) filter (where ${cases.monitoringStatus} = 'open')::int as open from ${cases} where ${where}`),
    !stable ? none : rows(db, sql`select count(*)::int as n from ${notices} where ${notices.status} = 'active' and ${nw}`),
    !live ? none : rows(
      db,
      sql`select count(*) filter (where e.kind = 'added' and not e.baseline and e.occurred_at >= ${since7.toISOString()}::timestamptz)::int as a7,
                 count(*) filter (where e.kind = 'removed' and e.occurred_at >= ${since7.toISOString()}::timestamptz)::int as r7,
                 count(*) filter (where e.kind = 'added' and not e.baseline)::int as a30,
                 count(*) filter (where e.kind = 'removed')::int as r30
          from ${noticeEvents} e ${q.requestingCountry ? sql`join ${notices} on ${notices.entityId} = e.entity_id` : sql``}
          where e.occurred_at >= ${since30.toISOString()}::timestamptz and e.kind in ('added', 'removed') and ${ew}`,
    ),
    !stable ? none : rows(
      db,
      sql`select count(*)::int as n from ${decisions} where ${decisionWhere(viewer, { ...q, fromDay: `${year}-01-01`, toDay: `${year}-12-31` })}`,
    ),
    !stable ? none : rows(
      db,
      sql`select count(distinct ${cases.id})::int as n from ${cases}
          join ${caseAlerts} on ${caseAlerts.caseId} = ${cases.id} and ${caseAlerts.entityId} is not null and ${visibleTo(viewer, caseAlerts, "case_alert")}
          where ${where} and exists (select 1 from ${noticeEvents} e where e.entity_id = ${caseAlerts.entityId}
            and e.kind in ('changed', 'removed', 'reappeared') and e.occurred_at >= ${monthStart.toISOString()}::timestamptz)`,
    ),
  ]);
  return {
    ...(stable
      ? {
          cases: num(c[0]?.n),
          openCases: num(c[0]?.open),
          activeNotices: num(n[0]?.n),
          decisionsThisYear: num(d[0]?.n),
          casesWithChangedNotice: num(linked[0]?.n),
        }
      : {}),
    ...(live ? { added7: num(e[0]?.a7), removed7: num(e[0]?.r7), added30: num(e[0]?.a30), removed30: num(e[0]?.r30) } : {}),
  };
}

/** One indexed count, the bench's yardstick. */
export async function indexedCount(db: Db, country: string): Promise<number> {
  const [r] = await rows(db, sql`select count(*)::int as n from ${cases} where ${cases.requestingCountry} = ${country}`);
  return num(r?.n);
}
