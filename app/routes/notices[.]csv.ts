import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportNotices } from "../../db/queries/notices";
import { csvRecord } from "../../lib/csv";
import { audit } from "../auth.server";
import { requireExportRequest } from "../exports.server";
import { noticeFilterSchema, parseSearch } from "../watch-schemas";

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
] as const;

/** The notices of the current filter as CSV, streamed page by page. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireExportRequest(args);
  const { database } = args.context;
  const filters = parseSearch(noticeFilterSchema, args.request.url);
  await audit(args.context, { actorId: user.id, action: "export.notices_csv", details: { filters } });
  const encoder = new TextEncoder();
  const pages = exportNotices(database.db, filters);
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
          `https://www.interpol.int/How-we-work/Notices/Red-Notices/View-Red-Notices#${n.entityId.replace("/", "-")}`,
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
