// The world map of requesting countries: an SVG choropleth drawn on the server from Natural Earth's
// 1:110m countries (world-atlas) with d3-geo. Countries too small to see at that scale (Malta,
// Singapore, Bahrain: absent from the atlas or a few pixels wide) are listed beside it by name.
import { geoEqualEarth, geoPath } from "d3-geo";
import type { Feature, Geometry } from "geojson";
import countriesLib from "i18n-iso-countries";
import { renderToStaticMarkup } from "react-dom/server";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import world from "world-atlas/countries-110m.json";
import type { ChartRow } from "../../../lib/dashboard/charts";
import { EMPTY_COLOUR, MAP_BINS } from "./palette";

const WIDTH = 800;
const HEIGHT = 400;
/** Below this area (in px² at WIDTH) a country is listed by name rather than trusted to the map. */
const SMALL_AREA = 40;

interface Shape {
  code: string;
  d: string;
  area: number;
}

let shapes: Shape[] | undefined;

/** The projected outlines, computed once per process. */
function countryShapes(): Shape[] {
  if (shapes) return shapes;
  const topo = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const fc = feature(topo, topo.objects.countries) as unknown as { features: Feature<Geometry, { name: string }>[] };
  // Antarctica takes a fifth of the map and is never a requesting state.
  const features = fc.features.filter((f) => f.id !== "010");
  const projection = geoEqualEarth().fitSize([WIDTH, HEIGHT], { type: "FeatureCollection", features });
  const path = geoPath(projection);
  shapes = features.flatMap((f) => {
    const code = f.id === undefined ? undefined : countriesLib.numericToAlpha2(String(f.id));
    const d = path(f);
    return code && d ? [{ code, d, area: path.area(f) }] : [];
  });
  return shapes;
}

export interface MapLegendBin {
  from: number;
  to: number;
  colour: string;
}

/** Up to five bins of counts, by quantiles of the countries that have any. */
export function mapBins(counts: readonly number[]): MapLegendBin[] {
  const sorted = [...new Set(counts.filter((n) => n > 0))].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const k = Math.min(MAP_BINS.length, sorted.length);
  const bins: MapLegendBin[] = [];
  for (let i = 0; i < k; i++) {
    const lo = sorted[Math.floor((i * sorted.length) / k)]!;
    const hi = i === k - 1 ? sorted[sorted.length - 1]! : sorted[Math.floor(((i + 1) * sorted.length) / k)]! - 1;
    bins.push({ from: lo, to: Math.max(lo, hi), colour: MAP_BINS[Math.round((i * (MAP_BINS.length - 1)) / Math.max(1, k - 1))]! });
  }
  return bins;
}

export interface WorldMap {
  svg: string;
  bins: MapLegendBin[];
  /** Countries with cases that the map cannot show legibly: listed by name under it. */
  small: string[];
}

export function worldMap(rows: readonly ChartRow[], linkFor: (row: ChartRow) => string | null): WorldMap {
  const byCode = new Map(rows.map((r) => [r.key, r]));
  const bins = mapBins(rows.map((r) => r.count));
  const colourOf = (n: number) => bins.find((b) => n >= b.from && n <= b.to)?.colour ?? EMPTY_COLOUR;
  const all = countryShapes();
  const drawn = new Map(all.map((s) => [s.code, s]));
  const small = rows.filter((r) => (drawn.get(r.key)?.area ?? 0) < SMALL_AREA).map((r) => r.key);
  const svg = renderToStaticMarkup(
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} className="world-map" aria-hidden="true" focusable="false">
      <rect width={WIDTH} height={HEIGHT} fill="none" />
      {all.map((s) => {
        const row = byCode.get(s.code);
        const fill = row ? colourOf(row.count) : EMPTY_COLOUR;
        const shape = <path d={s.d} fill={fill} stroke="#ffffff" strokeWidth={0.5} />;
        const href = row ? linkFor(row) : null;
        if (!row || !href) return <g key={s.code}>{shape}</g>;
        return (
          <a key={s.code} href={href}>
            <title>{`${row.label}: ${row.count.toLocaleString("en")}`}</title>
            {shape}
          </a>
        );
      })}
    </svg>,
  );
  return { svg, bins, small };
}
