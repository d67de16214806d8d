import type { LoaderFunctionArgs } from "@remix-run/node";
import { zipSync, type Zippable } from "fflate";
import { noticeBundleInput } from "../../db/queries/evidence";
import { buildBundle } from "../../lib/evidence/bundle";
import { SOFTWARE } from "../../lib/evidence/software";
import { idToSlug, slugToId } from "../../lib/notice-id";
import { audit } from "../auth.server";
import { requireExportRequest } from "../exports.server";

/**
 * One notice's evidence bundle as a zip (lib/evidence/bundle.ts): its WARC records byte for byte,
 * the signed manifests, the inclusion proofs, the report and the verifiers. Audited.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireExportRequest(args);
  const entityId = slugToId(args.params.id ?? "");
  if (!entityId) throw new Response("Not Found", { status: 404 });
  const now = args.context.now?.() ?? new Date();
  const input = await noticeBundleInput(args.context.database.db, entityId, { exportedAt: now, software: SOFTWARE });
  if (!input.records.length) {
    throw new Response("No sealed evidence for this notice yet: evidence is sealed after each pull that asks for it.\n", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const folder = `evidence-${idToSlug(entityId)}`;
  const entries: Zippable = {};
  for (const f of buildBundle(input)) {
    // Unix attributes so verify.sh stays executable; the WARC file is already gzip.
    entries[`${folder}/${f.path}`] = [f.bytes, { level: f.path.endsWith(".gz") ? 0 : 6, os: 3, attrs: ((f.mode ?? 0o644) | 0o100000) << 16, mtime: now }];
  }
  const zip = zipSync(entries);
  await audit(args.context, {
    actorId: user.id,
    action: "export.notice_evidence",
    targetType: "notice",
    targetId: entityId,
    details: { via: "web", records: input.records.length, manifests: input.manifests.length },
  });
  return new Response(zip, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${folder}-${now.toISOString().slice(0, 10)}.zip"`,
      "Cache-Control": "no-store",
    },
  });
}
