// Charts drawn on the server with recharts, as static SVG: they show without JavaScript, print, and
// keep recharts out of the page's client bundle. Every bar is a link to the records it counts.
import { renderToStaticMarkup } from "react-dom/server";
import { Bar, BarChart, CartesianGrid, LabelList, Line, LineChart, XAxis, YAxis } from "recharts";
import type { ChartDef, ChartRow, Series } from "../../../lib/dashboard/charts";
import type { DashboardFilters } from "../../../lib/dashboard/filters";
import { BAR_COLOUR, seriesColours } from "./palette";

const WIDTH = 640;
/** Past this many bars a one-dimensional chart draws the largest and says so (the table has all). */
export const MAX_BARS = 40;
/** Past this many periods a time chart draws the latest. */
export const MAX_PERIODS = 40;

type Datum = { label: string; href: string | null; title: string } & Record<string, unknown>;

const axisTick = { fontSize: 12, fill: "#1b1f24" };

function linkShape(fill: string) {
  // A bar (or a stacked segment) wrapped in a link; recharts passes the datum as `payload`.
  return function Shape(p: { x?: number; y?: number; width?: number; height?: number; payload?: Datum; value?: unknown }) {
    const { x = 0, y = 0, width = 0, height = 0, payload } = p;
    if (!width || !height) return <g />;
    const rect = <rect x={x} y={y} width={Math.abs(width)} height={Math.abs(height)} fill={fill} stroke="#ffffff" strokeWidth={0.5} />;
    if (!payload?.href) return rect;
    return (
      <a href={payload.href}>
        <title>{payload.title}</title>
        {rect}
      </a>
    );
  };
}

/** Horizontal bars, one per row, largest first (as given). */
export function barsSvg(def: ChartDef, rows: readonly ChartRow[], f: DashboardFilters): string {
  const shown = rows.slice(0, MAX_BARS);
  const data: Datum[] = [];
  let group: string | undefined;
  for (const r of shown) {
    // Grouped rows (tactics by family): a heading line, drawn without a bar, before each group.
    if (r.group && r.group !== group) data.push({ label: r.group, count: null, href: null, title: r.group, heading: true });
    group = r.group;
    data.push({ label: truncate(r.label, 34), count: r.count, href: def.link(r, f), title: `${r.label}: ${r.count.toLocaleString("en")}` });
  }
  const headings = new Set(data.filter((d) => d.heading).map((d) => d.label));
  const tick = (p: { x?: number; y?: number; payload?: { value?: string; index?: number } }) => {
    const d = data[p.payload?.index ?? -1];
    const heading = Boolean(d?.heading) && headings.has(String(p.payload?.value));
    return (
      <text x={p.x} y={p.y} dy={4} textAnchor="end" fontSize={heading ? 12.5 : 12} fontWeight={heading ? 700 : 400} fill="#1b1f24">
        {p.payload?.value}
      </text>
    );
  };
  const height = Math.max(80, data.length * 26 + 36);
  return renderToStaticMarkup(
    <BarChart width={WIDTH} height={height} data={data} layout="vertical" margin={{ top: 4, right: 48, bottom: 4, left: 4 }}>
      <CartesianGrid horizontal={false} stroke="#d5dbe1" />
      <XAxis type="number" allowDecimals={false} tick={axisTick} />
      <YAxis type="category" dataKey="label" width={220} tick={tick} interval={0} />
      <Bar dataKey="count" fill={BAR_COLOUR} isAnimationActive={false} shape={linkShape(BAR_COLOUR)}>
        <LabelList dataKey="count" position="right" style={{ fontSize: 12, fill: "#1b1f24" }} />
      </Bar>
    </BarChart>,
  );
}

/** Columns per period, stacked by series in legend order (dark at the bottom, light on top). */
export function stackedSvg(def: ChartDef, rows: readonly ChartRow[], series: readonly Series[], f: DashboardFilters, opts: { stacked?: boolean } = {}): string {
  const shown = rows.slice(-MAX_PERIODS);
  const colours = seriesColours(series.length);
  const data: Datum[] = shown.map((r) => ({
    label: r.label,
    href: def.link(r, f),
    title: `${r.label}: ${r.count.toLocaleString("en")}`,
    ...Object.fromEntries(series.map((s) => [s.key, r.series?.[s.key] ?? 0])),
  }));
  return renderToStaticMarkup(
    <BarChart width={WIDTH} height={280} data={data} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
      <CartesianGrid vertical={false} stroke="#d5dbe1" />
      <XAxis dataKey="label" tick={axisTick} interval="preserveStartEnd" minTickGap={8} />
      <YAxis allowDecimals={false} tick={axisTick} width={44} />
      {series.map((s, i) => (
        <Bar
          key={s.key}
          dataKey={s.key}
          name={s.label}
          stackId={opts.stacked === false ? undefined : "a"}
          fill={colours[i]}
          isAnimationActive={false}
          shape={linkShape(colours[i]!)}
        />
      ))}
    </BarChart>,
  );
}

/** A line of one number per point (active notices after each pull). */
export function lineSvg(rows: readonly ChartRow[]): string {
  const data = rows.map((r) => ({ label: r.label.slice(0, 10), count: r.count }));
  return renderToStaticMarkup(
    <LineChart width={WIDTH} height={240} data={data} margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
      <CartesianGrid vertical={false} stroke="#d5dbe1" />
      <XAxis dataKey="label" tick={axisTick} interval="preserveStartEnd" minTickGap={16} />
      <YAxis allowDecimals={false} tick={axisTick} width={56} />
      <Line dataKey="count" stroke={BAR_COLOUR} strokeWidth={2} dot={data.length <= 30} isAnimationActive={false} />
    </LineChart>,
  );
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
