import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportNotices } from "../../db/queries/notices";
import { csvRecord } from "../../lib/csv";
import { interpolNoticeUrl } from "../../lib/notice-id";
import { audit } from "../auth.server";
import { requireExportRequest } from "../exports.server";
import { filterErrorText, parseNoticeFilters } from "../notice-filters";

const COLUMNS = [
  "entity_id",
  "status",
  "name",
  "forename",
  "birth_date",
  "sex",
  "nationalities",
  "warrant_countries",
  "charges",
  "first_seen_at",
  "last_seen_at",
  "removed_at",
  "interpol_url",
  "score",
  "flagged",
  "flags",
] as const;

/** The notices of the current filter as CSV, streamed page by page. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireExportRequest(args);
  const { database } = args.context;
  const parsed = parseNoticeFilters(args.request.url);
  if (!parsed.ok) {
    // The same filters as the list, refused the same way: an export never widens a bad filter to everything.
    return new Response(`The export was not made: some filters could not be used.\n${filterErrorText(parsed.errors)}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  // Paging is the list's business; the export has every match.
  const { page: _page, ...filters } = parsed.values;
  await audit(args.context, { actorId: user.id, action: "export.notices_csv", details: { filters } });
  const encoder = new TextEncoder();
  const pages = exportNotices(database.db, { ...filters, now: args.context.now?.() ?? new Date() });
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${csvRecord(COLUMNS)}`));
    },
    async pull(controller) {
      const next = await pages.next();
      if (next.done) return controller.close();
      const lines = next.value.map((n) =>
        [
          n.entityId,
          n.status,
          n.name,
          n.forename,
          n.birthDate,
          n.sex,
          n.nationalities,
          n.warrantCountries,
          n.charges,
          n.firstSeenAt,
          n.lastSeenAt,
          n.removedAt,
          interpolNoticeUrl(n.entityId),
          // Indicators: empty score for a notice not scored yet; flags are its reasons' rule keys.
          n.indicatorScore === null || n.indicatorScore === undefined ? "" : String(n.indicatorScore),
          n.flagged === true ? "true" : "false",
          (n.flags ?? []).join(";"),
        ],
      );
      // Every cell quoted, formulas neutralised after any separator (lib/csv.ts).
      controller.enqueue(encoder.encode(lines.map(csvRecord).join("")));
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="article3-notices-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
