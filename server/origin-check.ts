import type { NextFunction, Request, Response } from "express";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Is this request allowed to change state? Safe methods always are. Anything else must come
 * from our own origin: browsers say so in `Sec-Fetch-Site` and `Origin`, which pages on other
 * sites cannot forge. A request with neither header is refused too: every browser that can
 * carry our cookie sends at least one on a POST, so only non-browser clients lack both.
 */
export function isSameOriginRequest(
  method: string,
  headers: { origin?: string | null; secFetchSite?: string | null },
  allowedOrigins: string[],
): boolean {
  if (SAFE.has(method.toUpperCase())) return true;
  const site = headers.secFetchSite?.toLowerCase();
  if (site && site !== "same-origin") return false;
  const origin = headers.origin;
  if (origin) return origin !== "null" && allowedOrigins.includes(origin.toLowerCase());
  return site === "same-origin";
}

/**
 * Express middleware refusing cross-origin non-GET requests with 403. The allowed origin is
 * PUBLIC_URL's when set, otherwise the one the request itself addresses (scheme honours
 * TRUST_PROXY; host from the Host header).
 */
export function originCheck({ publicUrl }: { publicUrl?: string }) {
  const fixed = publicUrl ? [new URL(publicUrl).origin.toLowerCase()] : null;
  return (req: Request, res: Response, next: NextFunction) => {
    const allowed = fixed ?? [`${req.protocol}://${req.get("host") ?? ""}`.toLowerCase()];
    const ok = isSameOriginRequest(
      req.method,
      { origin: req.get("origin"), secFetchSite: req.get("sec-fetch-site") },
      allowed,
    );
    if (ok) return next();
    res.status(403).type("text/plain").send("Cross-origin request refused.\n");
  };
}

/**
 * Pages and data from the Remix handler may carry a signed-in user's view: never store them
 * in shared or browser caches. Static files are served before this and keep their caching.
 */
export function noStore(_req: Request, res: Response, next: NextFunction) {
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Vary", "Cookie");
  next();
}
