// A notice's photos, as the pull keeps them (the images endpoints, bytes kept as evidence).
//
// ADAPTER: the pull stores photos in notice_images and reads them with listNoticeImages(db, entityId)
// and getNoticeImage(db, entityId, pictureId) in db/queries/notice-images.ts (another change). Until
// that lands here, these return nothing; wire them to those two functions and map the rows to the
// shapes below. The page and the photo route use only this module.
import type { Db } from "../db/client";

export interface PhotoMeta {
  /** Interpol's picture_id. */
  pictureId: string;
  contentType: string | null;
  size: number | null;
  sha256: string | null;
}

export interface PhotoBytes {
  body: Uint8Array;
  contentType: string | null;
  sha256: string | null;
}

export async function listPhotos(_db: Db, _entityId: string): Promise<PhotoMeta[]> {
  return [];
}

export async function getPhoto(_db: Db, _entityId: string, _pictureId: string): Promise<PhotoBytes | null> {
  return null;
}

/** Image types served as images; anything else is sent as a download, never rendered. SVG is not among them (it can carry script). */
const IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/gif", "image/webp"]);

/** Sniffs the few formats Interpol serves, for rows stored without a content type. */
function sniff(body: Uint8Array): string | null {
  if (body[0] === 0xff && body[1] === 0xd8 && body[2] === 0xff) return "image/jpeg";
  if (body[0] === 0x89 && body[1] === 0x50 && body[2] === 0x4e && body[3] === 0x47) return "image/png";
  if (body[0] === 0x47 && body[1] === 0x49 && body[2] === 0x46) return "image/gif";
  if (body[8] === 0x57 && body[9] === 0x45 && body[10] === 0x42 && body[11] === 0x50) return "image/webp";
  return null;
}

export const isPictureId = (s: string | undefined): s is string => !!s && /^[A-Za-z0-9_-]{1,64}$/.test(s);

/**
 * The HTTP answer for a stored photo: its exact bytes with a content type the browser may trust
 * (nosniff), usable only by this site's own pages (CORP same-origin), and inert if opened alone.
 */
export function photoResponse(photo: PhotoBytes, name: string): Response {
  const declared = photo.contentType?.split(";")[0]?.trim().toLowerCase() ?? null;
  const type = declared && IMAGE_TYPES.has(declared) ? declared : sniff(photo.body);
  const image = type !== null && IMAGE_TYPES.has(type);
  const headers: Record<string, string> = {
    "Content-Type": image ? type! : "application/octet-stream",
    "Content-Length": String(photo.body.byteLength),
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
    "Content-Disposition": `${image ? "inline" : "attachment"}; filename="${name.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
  };
  if (photo.sha256) headers["X-Content-Sha256"] = photo.sha256;
  return new Response(new Uint8Array(photo.body), { headers });
}
