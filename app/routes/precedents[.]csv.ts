import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportDecisions } from "../../db/queries/decisions";
import { toCsv } from "../../lib/csv";
import { DECISION_COLUMNS } from "../../lib/decision-csv";
import { viewerOf } from "../../lib/visibility";
import { audit } from "../auth.server";
import { requireExportRequest } from "../exports.server";
import { parsePrecedentFilters } from "../precedent-filters";

/** `rank` first (1 = the page's first result), then every decision column in the import's names. */
const COLUMNS = ["rank", ...DECISION_COLUMNS, "id", "provenance"] as const;

/** The results of a Precedents search, in the same order as the page, for a lawyer's annex. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireExportRequest(args);
  const parsed = parsePrecedentFilters(args.request.url);
  if (!parsed.ok) {
    const lines = Object.entries(parsed.errors).map(([k, v]) => `${k}: ${v}`);
    return new Response(`The export was not made: some filters could not be used.\n${lines.join("\n")}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const { page: _page, ...filters } = parsed.values;
  const rows = await exportDecisions(args.context.database.db, viewerOf(user), filters);
  await audit(args.context, { actorId: user.id, action: "export.decisions_csv", details: { filters, rows: rows.length } });
  const body = toCsv(
    COLUMNS,
    rows.map((r) => COLUMNS.map((c) => (Array.isArray(r[c]) ? (r[c] as string[]).join("; ") : (r[c] as string | number | null)))),
  );
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="article3-precedents-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
