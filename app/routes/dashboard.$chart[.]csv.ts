import type { LoaderFunctionArgs } from "@remix-run/node";
import { chartData } from "../../db/queries/dashboard";
import { chartDef, csvCells, csvColumns, isChartId, seriesOf } from "../../lib/dashboard/charts";
import { dashboardFilterSchema, dashboardQuery } from "../../lib/dashboard/filters";
import { toCsv } from "../../lib/csv";
import { viewerOf } from "../../lib/visibility";
import { audit } from "../auth.server";
import { requireExportRequest } from "../exports.server";
import { parseFilters } from "../filters";

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/** Exactly what a dashboard chart draws, as CSV, for the same filters and viewer. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireExportRequest(args);
  const id = args.params.chart;
  if (!isChartId(id)) return text("There is no dashboard chart by that name.\n", 404);
  const parsed = parseFilters(dashboardFilterSchema, args.request.url);
  if (!parsed.ok) {
    const lines = Object.entries(parsed.errors).map(([k, m]) => `${k}: ${m}`);
    return text(`The CSV was not made: some filters could not be used.\n${lines.join("\n")}\n`, 400);
  }
  const def = chartDef(id);
  const result = await chartData(args.context.database.db, viewerOf(user), dashboardQuery(parsed.values), id);
  const series = seriesOf(def, result.rows);
  await audit(args.context, { actorId: user.id, action: "export.dashboard_csv", details: { chart: id, filters: parsed.values } });
  const body = toCsv(csvColumns(def, series), result.rows.map((r) => csvCells(def, series, r)));
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="article3-${id}-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
