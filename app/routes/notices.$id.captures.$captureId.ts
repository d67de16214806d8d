import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCapture } from "../../db/queries/notice-page";
import { audit } from "../auth.server";
import { requireExportRequest } from "../exports.server";
import { idToSlug, slugToId } from "../../lib/notice-id";

/** One capture's exact bytes, as received from Interpol, with its provenance in headers. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireExportRequest(args);
  const entityId = slugToId(args.params.id ?? "");
  const raw = args.params.captureId ?? "";
  const id = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : NaN;
  if (!entityId || !Number.isSafeInteger(id)) throw new Response("Not Found", { status: 404 });
  const capture = await getCapture(args.context.database.db, entityId, id);
  if (!capture) throw new Response("Not Found", { status: 404 });
  await audit(args.context, { actorId: user.id, action: "export.notice_capture", targetType: "notice", targetId: entityId, details: { captureId: id } });
  return new Response(new Uint8Array(capture.body), {
    headers: {
      // Served as an attachment, never rendered: it is evidence, not a page.
      "Content-Type": "application/octet-stream",
      "Content-Disposition": `attachment; filename="interpol-${idToSlug(entityId)}-${capture.startedAt.toISOString().replace(/[:.]/g, "")}.json"`,
      "X-Capture-Url": capture.url,
      "X-Capture-Status": String(capture.status),
      "X-Capture-Sha256": capture.sha256,
      "X-Capture-Received-At": capture.endedAt.toISOString(),
      "Cache-Control": "no-store",
    },
  });
}
