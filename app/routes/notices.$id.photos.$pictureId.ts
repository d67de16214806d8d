import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../auth.server";
import { getPhoto, isPictureId, photoResponse } from "../notice-photos.server";
import { slugToId } from "../../lib/notice-id";

/** One photo of a notice, as Interpol served it, for the notice page's <img>. */
export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  // Only this site's pages may embed it: a cross-site request gets nothing (CORP says the same to browsers).
  if (args.request.headers.get("sec-fetch-site") === "cross-site") throw new Response("Forbidden", { status: 403 });
  const entityId = slugToId(args.params.id ?? "");
  const pictureId = args.params.pictureId;
  if (!entityId || !isPictureId(pictureId)) throw new Response("Not Found", { status: 404 });
  const photo = await getPhoto(args.context.database.db, entityId, pictureId);
  if (!photo) throw new Response("Not Found", { status: 404 });
  return photoResponse(photo, `interpol-${entityId.replace("/", "-")}-${pictureId}`);
}
