// /cases.csv, /cases.json and /cases.ftm.json: the current filter, through requireExportRequest
// (refuses cross-site), audited, public records only unless an admin asks `?include=internal` or
// `?include=restricted`. Streamed in pages so memory stays flat.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { caseCsvCells, caseFtm, exportCases, type ExportInclude } from "../db/queries/case-export";
import { CASE_CSV_COLUMNS } from "../lib/case-csv";
import { csvRecord } from "../lib/csv";
import { viewerOf } from "../lib/visibility";
import { audit } from "./auth.server";
import { caseFilterErrorText, parseCaseFilters } from "./case-forms";
import { requireExportRequest } from "./exports.server";

type Format = "csv" | "json" | "ftm";
const ACTIONS: Record<Format, string> = { csv: "export.cases_csv", json: "export.cases_json", ftm: "export.cases_ftm" };

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

export async function caseExportResponse(args: LoaderFunctionArgs, format: Format): Promise<Response> {
  const user = await requireExportRequest(args);
  const parsed = parseCaseFilters(args.request.url);
  if (!parsed.ok) return text(`The export was not made: some filters could not be used.\n${caseFilterErrorText(parsed.errors)}\n`, 400);
  const { page: _p, include: asked, deleted: _d, ...filters } = parsed.values;
  if (asked && asked !== "public" && user.role !== "admin") {
    return text("Only administrators may export internal or restricted records. Remove “include” to export the public records.\n", 403);
  }
  const include: ExportInclude = asked ?? "public";
  await audit(args.context, { actorId: user.id, action: ACTIONS[format], details: { filters, include } });
  const pages = exportCases(args.context.database.db, viewerOf(user), filters, include);
  const withLegalName = include !== "public";
  const columns = withLegalName ? CASE_CSV_COLUMNS : CASE_CSV_COLUMNS.filter((c) => c !== "legal_name");
  const base = args.context.env.PUBLIC_URL ?? new URL(args.request.url).origin;
  const encoder = new TextEncoder();
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === "csv") controller.enqueue(encoder.encode(`\uFEFF${csvRecord(columns)}`));
      if (format === "json") controller.enqueue(encoder.encode(`{"include":${JSON.stringify(include)},"cases":[`));
    },
    async pull(controller) {
      const next = await pages.next();
      if (next.done) {
        if (format === "json") controller.enqueue(encoder.encode("]}\n"));
        return controller.close();
      }
      let out = "";
      for (const c of next.value) {
        if (format === "csv") out += csvRecord(caseCsvCells(c, withLegalName));
        else if (format === "ftm") out += caseFtm(c, base).map((e) => `${JSON.stringify(e)}\n`).join("");
        else {
          const { id: _id, legalName, ...rest } = c;
          out += `${first ? "" : ","}${JSON.stringify(withLegalName ? { ...rest, legalName } : rest)}`;
          first = false;
        }
      }
      controller.enqueue(encoder.encode(out));
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  const [type, ext] =
    format === "csv" ? ["text/csv; charset=utf-8", "csv"] : format === "json" ? ["application/json; charset=utf-8", "json"] : ["application/x-ndjson; charset=utf-8", "ftm.json"];
  return new Response(stream, {
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename="article3-cases-${stamp}.${ext}"`,
      "Cache-Control": "no-store",
    },
  });
}
