// The dashboard's counts over cases, decisions and the notice history, with the viewer's visibility
// in the SQL of every one (db/queries/visibility.ts). Cases are counted in one pass for all their
// charts; unfiltered, from summaries that triggers keep in the same transaction as every change
// (migration dashboard_summaries); filtered, live. Measured by `npm run bench -- dashboard` (decision 013).
import { sql, type SQL } from "drizzle-orm";
import { CASE_CHART_IDS, CHART_IDS, chartDef, keyLabel, tacticFamily, type ChartId, type ChartRow } from "../../lib/dashboard/charts";
import { hasCaseOnlyFilter, type DashboardQuery } from "../../lib/dashboard/filters";
import { countryName } from "../../lib/countries";
import { levelsFor, seesAllRestricted, type Viewer } from "../../lib/visibility";
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
      // The decision's own requesting country, else its case's: written so that the case side is one
      // indexed set, not a lookup per decision.
      sql`(${decisions.requestingCountry} = ${q.requestingCountry} or (${decisions.requestingCountry} is null
        and ${decisions.caseId} in (select c.id from cases c where c.requesting_country = ${q.requestingCountry})))`,
    );
  if (q.hostCountry || q.motive || q.tactic) {
    const inner = caseWhere(viewer, { hostCountry: q.hostCountry, motive: q.motive, tactic: q.tactic }, { period: false });
    // With a period or a requesting country, the few decisions they keep each probe their case by
    // primary key (a scalar subquery, which PostgreSQL runs after the cheaper conditions) rather
    // than all cases being scanned for the host, motive or tactic.
    where.push(
      q.fromDay || q.toDay || q.requestingCountry
        ? sql`coalesce((select ${inner} from ${cases} where ${cases.id} = ${decisions.caseId}), false)`
        : sql`${decisions.caseId} in (select ${cases.id} from ${cases} where ${inner})`,
    );
  }
  if (q.fromDay) where.push(sql`${decisions.decidedSort} >= ${q.fromDay}::date`);
  if (q.toDay) where.push(sql`${decisions.decidedSort} <= ${q.toDay}::date`);
  return sql.join(where, sql` and `);
}

/** The notices linked, through alerts the viewer may see, to the matching cases they may see. */
function linkedNoticesSql(viewer: Viewer, q: DashboardQuery): SQL {
  const inner = caseWhere(viewer, { ...q, requestingCountry: undefined }, { period: false });
  // With a requesting country only that issuer's notices count: starting from them (GIN index)
  // reaches a few alerts, where the case filters alone may match a tenth of all cases.
  const issuer = q.requestingCountry
    ? sql`and ${caseAlerts.entityId} in (select n.entity_id from ${notices} n where n.warrant_countries @> array[${q.requestingCountry}]::text[])`
    : sql``;
  return sql`select ${caseAlerts.entityId} from ${caseAlerts} join ${cases} on ${cases.id} = ${caseAlerts.caseId}
      where ${caseAlerts.entityId} is not null and ${visibleTo(viewer, caseAlerts, "case_alert")} and ${inner} ${issuer}`;
}

/**
 * With a case-only filter, the linked notices' ids, found once for all the notice charts and
 * figures of a view (each would otherwise join the alerts to the matching cases again).
 */
export type LinkedNotices = string[] | undefined;
export async function linkedNotices(db: Db, viewer: Viewer, q: DashboardQuery): Promise<LinkedNotices> {
  if (!hasCaseOnlyFilter(q)) return undefined;
  return (await rows(db, sql`select distinct entity_id from (${linkedNoticesSql(viewer, q)}) l`)).map((r) => String(r.entity_id));
}

/**
 * Notices the filters reach: the requesting country as the warrant's issuer; a case-only filter
 * (host country, motive, tactic, visibility) keeps the notices linked to matching cases the viewer
 * may see, through their alerts (`linked` when already found).
 */
function noticeWhere(viewer: Viewer, q: DashboardQuery, entity: SQL, linked?: LinkedNotices): SQL {
  const where: SQL[] = [];
  if (q.requestingCountry) where.push(sql`${notices.warrantCountries} @> array[${q.requestingCountry}]::text[]`);
  if (hasCaseOnlyFilter(q)) {
    where.push(
      linked
        ? sql`${entity} in (select jsonb_array_elements_text(${JSON.stringify(linked)}::jsonb))`
        : sql`${entity} in (${linkedNoticesSql(viewer, q)})`,
    );
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

// ---- cases: every case chart from one set of facts ---------------------------------------------

/** A case chart's count along one dimension (dashboard_case_facts in the migration): '' is "none recorded". */
export interface CaseFact {
  dim: string;
  key: string;
  key2: string;
  n: number;
}

/** No filter but visibility: the kept summary answers (it is counted per visibility level). */
export function summaryAnswersCases(q: DashboardQuery): boolean {
  return !q.requestingCountry && !q.hostCountry && !q.motive && !q.tactic && !q.fromDay && !q.toDay;
}

/**
 * The facts behind every case chart in one query. Unfiltered, from dashboard_case_counts for the
 * levels the viewer sees without a share, plus the restricted cases shared with them counted live
 * (the same function the triggers use); filtered, that function over the matching cases, one pass.
 */
function caseFactsSql(viewer: Viewer, q: DashboardQuery): SQL {
  if (!summaryAnswersCases(q)) {
    return sql`select dim, key, key2, sum(n)::int as n from dashboard_case_facts(array(select "cases" from ${cases} where ${caseWhere(viewer, q)}))
      group by 1, 2, 3`;
  }
  const parts: SQL[] = [];
  const levels = levelsFor(viewer).filter((l) => !q.visibility || l === q.visibility);
  if (levels.length)
    parts.push(sql`select dim, key, key2, n from dashboard_case_counts where visibility in (${sql.join(levels.map((l) => sql`${l}`), sql`, `)})`);
  if (viewer.kind === "user" && !seesAllRestricted(viewer) && (!q.visibility || q.visibility === "restricted"))
    parts.push(sql`select dim, key, key2, n::int from dashboard_case_facts(array(select "cases" from ${cases}
      where ${cases.id} in (select s.record_id from record_shares s where s.record_type = 'case' and s.user_id = ${viewer.userId})
        and ${cases.visibility} = 'restricted' and ${visibleTo(viewer, cases, "case")}))`);
  if (!parts.length) return sql`select ''::text as dim, ''::text as key, ''::text as key2, 0 as n where false`;
  return sql`select dim, key, key2, sum(n)::int as n from (${sql.join(parts, sql` union all `)}) f group by 1, 2, 3 having sum(n) <> 0`;
}

export async function caseFacts(db: Db, viewer: Viewer, q: DashboardQuery): Promise<CaseFact[]> {
  return (await rows(db, caseFactsSql(viewer, q))).map((r) => ({ dim: String(r.dim), key: String(r.key), key2: String(r.key2), n: num(r.n) }));
}

export { CASE_CHART_IDS };
type CaseChartId = (typeof CASE_CHART_IDS)[number];
const isCaseChart = (id: ChartId): id is CaseChartId => (CASE_CHART_IDS as readonly string[]).includes(id);

const STATUS_DIMS = {
  "cases-by-alert-status": "alert",
  "cases-by-liberty-status": "liberty",
  "cases-by-extradition-outcome": "extradition",
  "cases-by-protection-status": "protection",
} as const;

/** The case totals the headline figures show. */
export function caseTotalsOf(facts: readonly CaseFact[]): { cases: number; openCases: number } {
  const one = (dim: string) => facts.find((f) => f.dim === dim)?.n ?? 0;
  return { cases: one("total"), openCases: one("open") };
}

/** One case chart from the facts: its rows, the cases behind it and those it cannot place. */
export function caseChartFrom(facts: readonly CaseFact[], id: CaseChartId): ChartData {
  const total = caseTotalsOf(facts).cases;
  const of = (dim: string) => facts.filter((f) => f.dim === dim);
  const none = (dim: string) => of(dim).find((f) => f.key === "")?.n ?? 0;
  const keyed = (dim: string) => of(dim).filter((f) => f.key !== "").map((f) => ({ key: f.key, n: f.n }));
  switch (id) {
    case "cases-by-requesting-country": {
      const missing = none("rc");
      return { id, rows: oneDimensional(id, keyed("rc")), behind: total - missing, missing };
    }
    case "cases-by-alert-status":
    case "cases-by-liberty-status":
    case "cases-by-extradition-outcome":
    case "cases-by-protection-status": {
      const rs = of(STATUS_DIMS[id]).map((f) => ({ key: f.key, n: f.n }));
      return { id, rows: oneDimensional(id, rs, "vocabulary"), behind: rs.reduce((s, r) => s + r.n, 0), missing: 0 };
    }
    case "cases-by-motive":
    case "cases-by-tactic": {
      const dim = id === "cases-by-motive" ? "motive" : "tactic";
      const out = oneDimensional(id, keyed(dim), id === "cases-by-tactic" ? "vocabulary" : "count");
      if (id === "cases-by-tactic") for (const r of out) r.group = tacticFamily(r.key);
      const missing = none(dim);
      return { id, rows: out, behind: total - missing, missing };
    }
    case "country-pairs": {
      const out: ChartRow[] = of("pair").map((f) => ({
        key: `${f.key}-${f.key2}`,
        label: `${countryName(f.key) ?? f.key} → ${countryName(f.key2) ?? f.key2}`,
        count: f.n,
        extra: { requesting_country: f.key, host_country: f.key2 },
      }));
      out.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
      const missing = of("pair_missing")[0]?.n ?? 0;
      return { id, rows: out, behind: total - missing, missing };
    }
    case "cases-over-time": {
      const missing = none("year");
      const rs = of("year").filter((f) => f.key !== "").map((f) => ({ year: f.key, s: f.key2, n: f.n }));
      return { id, rows: byPeriod(rs), behind: total - missing, missing };
    }
  }
}

/** One chart's rows for a viewer and filters. */
export async function chartData(db: Db, viewer: Viewer, q: DashboardQuery, id: ChartId, linked?: LinkedNotices): Promise<ChartData> {
  if (isCaseChart(id)) return caseChartFrom(await caseFacts(db, viewer, q), id);
  switch (id) {
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
      return noticesOverTime(db, viewer, q, linked);
    case "notice-changes-by-country":
      return noticeChangesByCountry(db, viewer, q, linked);
  }
}

/** The period's bounds on a timestamp, in UTC days (the weeks are UTC weeks, the summary's days UTC days). */
const fromUtc = (day: string) => sql`(${day}::date)::timestamp at time zone 'UTC'`;
const toUtc = (day: string) => sql`(${day}::date + 1)::timestamp at time zone 'UTC'`;

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

/**
 * Active notices after each pull: the running sum of additions and reappearances less removals.
 * Without a case-only filter the per-pull sums come from dashboard_run_changes (kept by triggers).
 */
async function noticesOverTime(db: Db, viewer: Viewer, q: DashboardQuery, linked?: LinkedNotices): Promise<ChartData> {
  const nw = noticeWhere(viewer, q, sql`e.entity_id`, linked);
  const needsNotice = Boolean(q.requestingCountry);
  const perRun = hasCaseOnlyFilter(q)
    ? sql`select e.run_id,
                 sum(case when e.kind in ('added', 'reappeared') then 1 when e.kind = 'removed' then -1 else 0 end)::int as delta
          from ${noticeEvents} e ${needsNotice ? sql`join ${notices} on ${notices.entityId} = e.entity_id` : sql``}
          where e.kind <> 'changed' and ${nw}
          group by e.run_id`
    : sql`select run_id, delta from dashboard_run_changes where country = ${q.requestingCountry ?? ""} and events > 0`;
  const rs = await rows(
    db,
    sql`with per_run as (${perRun}), runs as (
          select r.id, coalesce(r.finished_at, r.started_at) as at, coalesce(p.delta, 0) as delta
          from ${crawlRuns} r left join per_run p on p.run_id = r.id
          where r.status in ('succeeded', 'partial') or p.delta is not null
        ), totals as (
          select id, at, sum(delta) over (order by id)::int as active from runs
        )
        select id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') as label, active from totals
        where true ${q.fromDay ? sql`and at >= ${fromUtc(q.fromDay)}` : sql``}
                   ${q.toDay ? sql`and at < ${toUtc(q.toDay)}` : sql``}
        order by id`,
  );
  const out = rs.map((r) => ({ key: String(r.id), label: String(r.label), count: num(r.active) }));
  return { id: "notices-over-time", rows: out, behind: out.at(-1)?.count ?? 0, missing: 0 };
}

/**
 * Per week (Monday, UTC) and issuing country: notices newly published (baseline left out) and
 * removed. Without a case-only filter, from dashboard_notice_changes (per UTC day, kept by triggers);
 * with one, the few linked notices' events, live.
 */
async function noticeChangesByCountry(db: Db, viewer: Viewer, q: DashboardQuery, linked?: LinkedNotices): Promise<ChartData> {
  const nw = noticeWhere(viewer, q, sql`e.entity_id`, linked);
  const period = (col: SQL) => sql`${q.fromDay ? sql`and ${col} >= ${fromUtc(q.fromDay)}` : sql``}
    ${q.toDay ? sql`and ${col} < ${toUtc(q.toDay)}` : sql``}`;
  const live = hasCaseOnlyFilter(q);
  const rs = await rows(
    db,
    live
      ? sql`select to_char(date_trunc('week', e.occurred_at at time zone 'UTC'), 'YYYY-MM-DD') as week, c as country,
                   count(*) filter (where e.kind = 'added')::int as added,
                   count(*) filter (where e.kind = 'removed')::int as removed
            from ${noticeEvents} e join ${notices} on ${notices.entityId} = e.entity_id, unnest(${notices.warrantCountries}) as c
            where (e.kind = 'removed' or (e.kind = 'added' and not e.baseline)) and ${nw}
              ${q.requestingCountry ? sql`and c = ${q.requestingCountry}` : sql``}
              ${period(sql`e.occurred_at`)}
            group by 1, 2`
      : sql`select to_char(date_trunc('week', day::timestamp), 'YYYY-MM-DD') as week, country,
                   sum(added)::int as added, sum(removed)::int as removed
            from dashboard_notice_changes
            where true ${q.requestingCountry ? sql`and country = ${q.requestingCountry}` : sql``}
              ${q.fromDay ? sql`and day >= ${q.fromDay}::date` : sql``} ${q.toDay ? sql`and day <= ${q.toDay}::date` : sql``}
            group by 1, 2 having sum(added) <> 0 or sum(removed) <> 0`,
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
  // The notices behind it: without a period or case-only filter, the per-notice counts kept beside the summary.
  const [n] = await rows(
    db,
    !live && !q.fromDay && !q.toDay
      ? sql`select count(*)::int as n from dashboard_notice_change_counts k
            ${q.requestingCountry ? sql`join ${notices} on ${notices.entityId} = k.entity_id and ${notices.warrantCountries} @> array[${q.requestingCountry}]::text[]` : sql``}
            where k.n > 0`
      : sql`select count(distinct e.entity_id)::int as n from ${noticeEvents} e
            ${q.requestingCountry ? sql`join ${notices} on ${notices.entityId} = e.entity_id` : sql``}
            where (e.kind = 'removed' or (e.kind = 'added' and not e.baseline)) and ${nw}
              ${period(sql`e.occurred_at`)}`,
  );
  return { id: "notice-changes-by-country", rows: out, behind: num(n?.n), missing: 0 };
}

/** What several charts and figures of one view read: found once per view (and kept, see below). */
export interface ViewInputs {
  facts: Promise<CaseFact[]>;
  linked: Promise<LinkedNotices>;
}

function freshInputs(db: Db, viewer: Viewer, q: DashboardQuery): ViewInputs {
  return { facts: caseFacts(db, viewer, q), linked: linkedNotices(db, viewer, q) };
}

/** Every chart, counted afresh (from `inputs` when given). */
export async function computeAllCharts(db: Db, viewer: Viewer, q: DashboardQuery, inputs = freshInputs(db, viewer, q)): Promise<ChartData[]> {
  const [facts, ...others] = await Promise.all([
    inputs.facts,
    ...CHART_IDS.filter((id) => !isCaseChart(id)).map(async (id) => chartData(db, viewer, q, id, await inputs.linked)),
  ]);
  const byId = new Map(others.map((c) => [c.id, c]));
  return CHART_IDS.map((id) => (isCaseChart(id) ? caseChartFrom(facts, id) : byId.get(id)!));
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
// Counts under way, so that the charts and the headline figures of one view, asked for side by
// side, share one count of what they both read.
const inflight = new WeakMap<Db, Map<string, Promise<unknown>>>();

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
  let running = inflight.get(db);
  if (!running) inflight.set(db, (running = new Map()));
  const pending = running.get(full);
  if (pending) return pending as Promise<T>;
  const counting = (async () => {
    const value = await compute();
    // A change while counting: keep nothing; the next view counts again.
    if ((await dashboardVersion(db)) === version) {
      cache!.set(full, { at: now, value });
      if (cache!.size > CACHE_MAX) cache!.delete(cache!.keys().next().value!);
    }
    return value;
  })();
  running.set(full, counting);
  try {
    return await counting;
  } finally {
    running.delete(full);
  }
}

/** The case facts and linked notices for a view, kept like the charts (shared by charts and figures). */
function keptInputs(db: Db, viewer: Viewer, q: DashboardQuery): ViewInputs {
  const key = `${viewerKey(viewer)}|${JSON.stringify(q)}`;
  return {
    facts: cached(db, `facts|${key}`, () => caseFacts(db, viewer, q)),
    linked: hasCaseOnlyFilter(q) ? cached(db, `linked|${key}`, () => linkedNotices(db, viewer, q)) : Promise.resolve(undefined),
  };
}

/** Every chart for a viewer and filters, from the cache while the data has not changed. */
export async function allCharts(db: Db, viewer: Viewer, q: DashboardQuery): Promise<ChartData[]> {
  return cached(db, `charts|${viewerKey(viewer)}|${JSON.stringify(q)}`, () => computeAllCharts(db, viewer, q, keptInputs(db, viewer, q)));
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
    cached(db, `heads|${viewerKey(viewer)}|${JSON.stringify(q)}|${year}-${month}`, () => computeHeadlines(db, viewer, q, now, "stable", keptInputs(db, viewer, q))),
    computeHeadlines(db, viewer, q, now, "live", keptInputs(db, viewer, q)),
  ]);
  return { ...stable, ...live } as Headlines;
}

/** `stable`: counts of records and this year's or month's; `live`: the last 7 and 30 days' notice events. */
export async function computeHeadlines(
  db: Db,
  viewer: Viewer,
  q: DashboardQuery,
  now: Date,
  part: "stable" | "live" | "all" = "all",
  inputs?: ViewInputs,
): Promise<Partial<Headlines>> {
  const live = part !== "stable";
  const stable = part !== "live";
  const where = caseWhere(viewer, q);
  const since7 = new Date(now.getTime() - 7 * DAY);
  const since30 = new Date(now.getTime() - 30 * DAY);
  const year = now.getUTCFullYear();
  const monthStart = new Date(Date.UTC(year, now.getUTCMonth(), 1));
  const linkedIds = await inputs?.linked;
  const nw = noticeWhere(viewer, q, sql`${notices.entityId}`, linkedIds);
  const ew = noticeWhere(viewer, q, sql`e.entity_id`, linkedIds);
  const none = Promise.resolve([] as Row[]);
  const [c, n, e, d, linked] = await Promise.all([
    !stable
      ? none
      : inputs || summaryAnswersCases(q)
        ? (inputs?.facts ?? caseFacts(db, viewer, q)).then((f) => [{ n: caseTotalsOf(f).cases, open: caseTotalsOf(f).openCases }] as Row[])
        : rows(db, sql`select count(*)::int as n, count(*) filter (where ${cases.monitoringStatus} = 'open')::int as open from ${cases} where ${where}`),
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
