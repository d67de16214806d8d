// From a chart's data to what the page shows: the drawing (SVG markup), the table rows (the CSV's
// columns and cells, the same function), the text alternative and the caption's numbers.
import { createHash } from "node:crypto";
import type { ChartData } from "../../../db/queries/dashboard";
import { chartDef, csvCells, csvColumns, seriesOf, type ChartRow, type Series } from "../../../lib/dashboard/charts";
import type { DashboardFilters } from "../../../lib/dashboard/filters";
import { MAX_BARS, MAX_PERIODS, barsSvg, lineSvg, stackedSvg } from "./render.server";
import { worldMap, type MapLegendBin } from "./world-map.server";

/** The table shows at most this many rows; the CSV has every one. */
export const MAX_TABLE_ROWS = 300;

export interface ChartView {
  id: string;
  title: string;
  counts: string;
  multi?: string;
  shape: string;
  unit: string;
  behind: number;
  missing: number;
  columns: string[];
  cells: (string | number)[][];
  links: (string | null)[];
  totalRows: number;
  series: (Series & { colour?: string })[];
  svg: string | null;
  map: { svg: string; bins: MapLegendBin[]; small: { key: string; label: string; count: number; href: string | null }[] } | null;
  /** What the drawing leaves out ("the 25 largest of 40"), when it does. */
  drawNote: string | null;
  /** One sentence a screen reader gets instead of the drawing. */
  alt: string;
}

function summary(rows: readonly ChartRow[], unit: string): string {
  if (rows.length === 0) return "Nothing to count.";
  const top = [...rows].sort((a, b) => b.count - a.count).slice(0, 5);
  return `Largest: ${top.map((r) => `${r.label} ${r.count.toLocaleString("en")}`).join("; ")}${rows.length > 5 ? `; and ${rows.length - 5} more` : ""} (${unit}s).`;
}

/** Weekly totals over all issuing countries, for the drawing of notice-changes-by-country. */
function weeklyTotals(rows: readonly ChartRow[]): ChartRow[] {
  const by = new Map<string, ChartRow>();
  for (const r of rows) {
    const week = r.extra?.week ?? r.key;
    const w = by.get(week) ?? { key: week, label: week, count: 0, series: { added: 0, removed: 0 }, extra: { week } };
    w.count += r.count;
    for (const [k, v] of Object.entries(r.series ?? {})) w.series![k] = (w.series![k] ?? 0) + v;
    by.set(week, w);
  }
  return [...by.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Drawings by their inputs: recharts takes tens of milliseconds per chart on the server, and the
 * same data with the same filters draws the same SVG, so a redraw happens only when a count (or a
 * filter, which the links carry) changed. A small LRU per process (decision 013).
 */
const drawn = new Map<string, ChartView>();
const DRAWN_MAX = 400;

export function chartView(data: ChartData, f: DashboardFilters, opts: { draw?: boolean } = {}): ChartView {
  const key = createHash("sha256").update(JSON.stringify([data, f, opts.draw !== false])).digest("base64");
  const hit = drawn.get(key);
  if (hit) {
    drawn.delete(key);
    drawn.set(key, hit);
    return hit;
  }
  const view = drawView(data, f, opts);
  drawn.set(key, view);
  if (drawn.size > DRAWN_MAX) drawn.delete(drawn.keys().next().value!);
  return view;
}

function drawView(data: ChartData, f: DashboardFilters, opts: { draw?: boolean }): ChartView {
  const def = chartDef(data.id);
  const series = seriesOf(def, data.rows);
  const columns = csvColumns(def, series);
  const draw = opts.draw !== false && data.rows.length > 0;
  let svg: string | null = null;
  let map: ChartView["map"] = null;
  let drawNote: string | null = null;
  let alt = summary(data.rows, def.unit);
  if (draw) {
    switch (def.shape) {
      case "map": {
        const m = worldMap(data.rows, (r) => def.link(r, f));
        const small = data.rows.filter((r) => m.small.includes(r.key)).map((r) => ({ key: r.key, label: r.label, count: r.count, href: def.link(r, f) }));
        map = { svg: m.svg, bins: m.bins, small };
        svg = barsSvg(def, data.rows, f);
        if (data.rows.length > MAX_BARS) drawNote = `The bars show the ${MAX_BARS} largest of ${data.rows.length} countries; the map and the table show all.`;
        break;
      }
      case "bars":
        svg = barsSvg(def, data.rows, f);
        if (data.rows.length > MAX_BARS) drawNote = `The bars show the ${MAX_BARS} largest of ${data.rows.length}; the table shows all.`;
        break;
      case "stacked": {
        if (def.id === "notice-changes-by-country") {
          const weeks = weeklyTotals(data.rows);
          svg = stackedSvg({ ...def, link: (r) => `/changes?from=${r.key}` }, weeks, series, f, { stacked: false });
          drawNote = `The columns add every issuing country together, week by week${weeks.length > MAX_PERIODS ? ` (the latest ${MAX_PERIODS} of ${weeks.length} weeks)` : ""}; the table and the CSV break each week down by country.`;
          alt = `Per week, notices newly published and removed: ${weeks
            .slice(-4)
            .map((w) => `week of ${w.key}: ${w.series?.added ?? 0} published, ${w.series?.removed ?? 0} removed`)
            .join("; ")}.`;
        } else {
          svg = stackedSvg(def, data.rows, series, f);
          if (data.rows.length > MAX_PERIODS) drawNote = `The columns show the latest ${MAX_PERIODS} of ${data.rows.length} years; the table shows all.`;
          alt = `By year: ${data.rows.map((r) => `${r.label} ${r.count}`).join("; ")}.`;
        }
        break;
      }
      case "line": {
        svg = lineSvg(data.rows);
        const last = data.rows.at(-1);
        alt = last ? `${data.rows.length} pulls; after the latest (${last.label.slice(0, 10)}), ${last.count.toLocaleString("en")} notices were published.` : alt;
        break;
      }
      case "ranked":
        break;
    }
  }
  const shown = data.rows.slice(0, MAX_TABLE_ROWS);
  return {
    id: def.id,
    title: def.title,
    counts: def.counts,
    multi: def.multi,
    shape: def.shape,
    unit: def.unit,
    behind: data.behind,
    missing: data.missing,
    columns,
    cells: shown.map((r) => csvCells(def, series, r)),
    links: shown.map((r) => def.link(r, f)),
    totalRows: data.rows.length,
    series,
    svg,
    map,
    drawNote,
    alt,
  };
}
