// The dashboard's charts, declared once: id (the CSV's name, /dashboard/<id>.csv), title (what is
// counted), how it is drawn, its series, and where a click on a bar leads. The loader, the CSV, the
// table and the drawing all derive from this list, so they cannot disagree.
import { countryName } from "../countries";
import { ALERT_STATUSES, EXTRADITION_OUTCOMES, LIBERTY_STATUSES, MOTIVES, OUTCOMES, PROTECTION_STATUSES, TACTICS, TACTIC_FAMILIES, type Vocabulary } from "../taxonomy";
import type { DashboardFilters } from "./filters";

/** The charts that count cases (one pass over the cases, or their summary, feeds them all). */
export const CASE_CHART_IDS = [
  "cases-by-requesting-country",
  "cases-by-alert-status",
  "cases-by-liberty-status",
  "cases-by-extradition-outcome",
  "cases-by-protection-status",
  "cases-by-motive",
  "cases-by-tactic",
  "country-pairs",
  "cases-over-time",
] as const;

export const CHART_IDS = [...CASE_CHART_IDS, "decisions-over-time", "notices-over-time", "notice-changes-by-country"] as const;
export type ChartId = (typeof CHART_IDS)[number];

export function isChartId(v: unknown): v is ChartId {
  return typeof v === "string" && (CHART_IDS as readonly string[]).includes(v);
}

/** How a chart is drawn: horizontal bars, bars plus the world map, a ranked table, stacked columns by period, a line. */
export type ChartShape = "bars" | "map" | "ranked" | "stacked" | "line";

/** What a chart's rows count, for its caption ("12 cases behind this chart"). */
export type Unit = "case" | "decision" | "notice";

export interface Series {
  key: string;
  label: string;
}

export interface ChartRow {
  /** A taxonomy key, a country code, a year, a pull's id, `RU-FR`, `2026-W03:RU`. */
  key: string;
  label: string;
  /** Total of the row (for a one-dimensional chart, the only number). */
  count: number;
  /** Per series, for charts with series. */
  series?: Record<string, number>;
  /** Extra key columns (country-pairs: requesting_country, host_country). */
  extra?: Record<string, string>;
  /** Group a row belongs to (a tactic's family), for drawing. */
  group?: string;
}

export interface ChartDef {
  id: ChartId;
  title: string;
  /** What one unit of count is, in plain words, for the caption. */
  counts: string;
  /** Said under the title when a record can count under several bars. */
  multi?: string;
  shape: ChartShape;
  unit: Unit;
  /** Columns between key/label and count (country-pairs). */
  extraColumns?: readonly string[];
  /** Whether the CSV has a `count` column (notice-changes-by-country has only its series). */
  countColumn: boolean;
  /** The vocabulary whose keys the series columns are, or fixed series. */
  series?: Vocabulary | readonly Series[];
  /** The vocabulary of the row keys, for labels. */
  keys?: Vocabulary | "country";
  /** Where a click on a row leads: the matching list with the same filters. */
  link: (row: ChartRow, f: DashboardFilters) => string | null;
}

export { casesLink, changesLink } from "./links";
import { casesLink, changesLink, precedentsLink } from "./links";

const dayOf = (v: string | undefined, end: "start" | "finish") => (v ? (v.length === 4 ? (end === "start" ? `${v}-01-01` : `${v}-12-31`) : v) : undefined);

const statusChart = (id: ChartId, vocab: Vocabulary, param: string, what: string): ChartDef => ({
  id,
  title: `Cases by ${what}`,
  counts: `cases, each under its ${what}`,
  shape: "bars",
  unit: "case",
  countColumn: true,
  keys: vocab,
  link: (row, f) => casesLink(f, { [param]: row.key }),
});

export const FIXED_NOTICE_SERIES = [
  { key: "added", label: "Newly published" },
  { key: "removed", label: "Removed" },
] as const satisfies readonly Series[];

export const CHARTS: readonly ChartDef[] = [
  {
    id: "cases-by-requesting-country",
    title: "Cases by requesting country",
    counts: "cases, each under the state that requested the notice or extradition",
    shape: "map",
    unit: "case",
    countColumn: true,
    keys: "country",
    link: (row, f) => casesLink(f, { requesting_country: row.key }),
  },
  statusChart("cases-by-alert-status", ALERT_STATUSES, "alert_status", "alert status"),
  statusChart("cases-by-liberty-status", LIBERTY_STATUSES, "liberty_status", "liberty status"),
  statusChart("cases-by-extradition-outcome", EXTRADITION_OUTCOMES, "extradition_outcome", "extradition outcome"),
  statusChart("cases-by-protection-status", PROTECTION_STATUSES, "protection_status", "protection status"),
  {
    id: "cases-by-motive",
    title: "Cases by alleged political motive",
    counts: "cases, under each motive alleged",
    multi: "A case with two motives counts once under each, so the bars add up to more than the cases.",
    shape: "bars",
    unit: "case",
    countColumn: true,
    keys: MOTIVES,
    link: (row, f) => casesLink(f, { motive: row.key }),
  },
  {
    id: "cases-by-tactic",
    title: "Cases by tactic, grouped by tactic family",
    counts: "cases, under each tactic used",
    multi: "A case with several tactics counts once under each, so the bars add up to more than the cases.",
    shape: "bars",
    unit: "case",
    countColumn: true,
    keys: TACTICS,
    link: (row, f) => casesLink(f, { tactic: row.key }),
  },
  {
    id: "country-pairs",
    title: "Requesting → host country pairs",
    counts: "cases, under each pair of requesting state and host state",
    multi: "A case with two host countries counts once under each pair.",
    shape: "ranked",
    unit: "case",
    extraColumns: ["requesting_country", "host_country"],
    countColumn: true,
    link: (row, f) => casesLink(f, { requesting_country: row.extra?.requesting_country, host_country: row.extra?.host_country }),
  },
  {
    id: "cases-over-time",
    title: "Cases by first year, by extradition outcome",
    counts: "cases, under the year the pursuit began, split by extradition outcome",
    shape: "stacked",
    unit: "case",
    countColumn: true,
    series: EXTRADITION_OUTCOMES,
    link: (row, f) => casesLink(f, { began: row.key }),
  },
  {
    id: "decisions-over-time",
    title: "Decisions by year, by outcome",
    counts: "decisions, under the year decided, split by outcome",
    shape: "stacked",
    unit: "decision",
    countColumn: true,
    series: OUTCOMES,
    // Precedents' own parameters (issue 10); the requesting country carries over, the case-only filters cannot.
    link: (row, f) => precedentsLink({ year_from: row.key, year_to: row.key, requesting_country: f.requesting_country }),
  },
  {
    id: "notices-over-time",
    title: "Public red notices published, after each pull",
    counts: "notices active on Interpol's public list after each pull",
    shape: "line",
    unit: "notice",
    countColumn: true,
    link: (row) => `/runs/${row.key}`,
  },
  {
    id: "notice-changes-by-country",
    title: "Notices newly published and removed each week, by issuing country",
    counts: "notices newly published (not the first pull's baseline) and removed, per week and issuing country",
    multi: "A notice with warrants from two countries counts under each.",
    shape: "stacked",
    unit: "notice",
    extraColumns: ["week", "country"],
    countColumn: false,
    series: FIXED_NOTICE_SERIES,
    link: (row) =>
      // Changes counts that week's additions and removals for the issuer, as the chart does.
      changesLink({
        issuer: row.extra?.country,
        from: row.extra?.week,
        to: row.extra?.week ? addDays(row.extra.week, 6) : undefined,
        by: "week",
      }),
  },
];

export const CHART_BY_ID = new Map<ChartId, ChartDef>(CHARTS.map((c) => [c.id, c]));

export function chartDef(id: ChartId): ChartDef {
  return CHART_BY_ID.get(id)!;
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export { dayOf };

/** A row key's label: taxonomy label, country name, or the key itself. */
export function keyLabel(def: ChartDef, key: string): string {
  if (def.keys === "country") return countryName(key) ?? key;
  if (def.keys) return def.keys.label(key);
  return key;
}

/** A tactic's family label, for grouping tactic bars. */
export function tacticFamily(key: string): string | undefined {
  const fam = TACTICS.get(key)?.family;
  return fam ? TACTIC_FAMILIES.label(fam) : undefined;
}

/** The series a chart's data has, in vocabulary order, only those present (or all fixed ones). */
export function seriesOf(def: ChartDef, rows: readonly ChartRow[]): Series[] {
  if (!def.series) return [];
  if (!("terms" in def.series)) return [...def.series];
  const present = new Set(rows.flatMap((r) => Object.keys(r.series ?? {})));
  const known = def.series.terms.filter((t) => present.has(t.key)).map((t) => ({ key: t.key, label: t.label }));
  const unknown = [...present].filter((k) => !def.series || !("terms" in def.series) || !def.series.has(k)).sort();
  return [...known, ...unknown.map((k) => ({ key: k, label: k }))];
}

/** The CSV (and table) columns of a chart: key, label, extra columns, count, one per series. */
export function csvColumns(def: ChartDef, series: readonly Series[]): string[] {
  return ["key", "label", ...(def.extraColumns ?? []), ...(def.countColumn ? ["count"] : []), ...series.map((s) => s.key)];
}

/** A row's cells in csvColumns order. */
export function csvCells(def: ChartDef, series: readonly Series[], row: ChartRow): (string | number)[] {
  return [
    row.key,
    row.label,
    ...(def.extraColumns ?? []).map((c) => row.extra?.[c] ?? ""),
    ...(def.countColumn ? [row.count] : []),
    ...series.map((s) => row.series?.[s.key] ?? 0),
  ];
}
