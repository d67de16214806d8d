// Every export (CSV files, evidence downloads, and later case, decision and dashboard exports and
// evidence bundles) starts here: it must be asked for from Article 3 itself, by someone allowed.
import type { AppLoadContext } from "@remix-run/node";
import { requireUser, type RequireOptions, type SessionUser } from "./auth.server";

type Args = { request: Request; context: AppLoadContext };

export const CROSS_SITE_EXPORT_MESSAGE =
  "This download was started from another website, so it was not made. For your protection, exports and " +
  "evidence downloads start only from Article 3's own pages: open Article 3 and use its download link there.\n";

/**
 * The signed-in user an export is for, after refusing exports started by another site. A link
 * or image on another site would otherwise run the export in the visitor's name (and write an
 * export entry in the audit log as theirs). Browsers say where a request comes from in
 * `Sec-Fetch-Site`, which pages cannot forge: `cross-site` and `same-site` (a sibling subdomain)
 * are refused with 403 before anything is read or logged; `same-origin` and `none` (typed,
 * bookmarked) pass. Older browsers send no header and pass, protected by SameSite=Lax alone.
 */
export async function requireExportRequest(args: Args, opts: RequireOptions = {}): Promise<SessionUser> {
  const site = args.request.headers.get("sec-fetch-site")?.trim().toLowerCase();
  if (site === "cross-site" || site === "same-site") {
    throw new Response(CROSS_SITE_EXPORT_MESSAGE, {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  return requireUser(args, opts);
}
