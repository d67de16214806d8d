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
  const site = headers.secFetchSite?.trim().toLowerCase();
  // Only same-origin: "same-site" is a sibling subdomain (another app, perhaps compromised).
  if (site && site !== "same-origin") return false;
  if (headers.origin) {
    const origin = exactOrigin(headers.origin);
    return origin !== null && allowedOrigins.some((a) => exactOrigin(a) === origin);
  }
  return site === "same-origin";
}

/**
 * The serialised origin (scheme, host, port; lower-case, default port dropped) when `value` is
 * exactly an origin, else null: no prefix or suffix matching, so `https://a3.example.org.evil.com`
 * and `https://a3.example.org@evil.com` are other origins, and "null" (sandboxed pages) is none.
 */
export function exactOrigin(value: string): string | null {
  const text = value.trim();
  if (!/^https?:\/\/[^/?#@\s]+$/i.test(text)) return null;
  try {
    const url = new URL(text);
    return url.origin === "null" ? null : url.origin;
  } catch {
    return null;
  }
}

/**
 * Express middleware refusing cross-origin non-GET requests with 403. The allowed origin is
 * PUBLIC_URL's when set (required in production: the server warns at start without it);
 * otherwise the one the request itself addresses (scheme honours TRUST_PROXY; host from the
 * Host header, which a DNS-rebinding page could choose).
 */
export function originCheck({ publicUrl }: { publicUrl?: string }) {
  const fixed = publicUrl ? [new URL(publicUrl).origin.toLowerCase()] : null;
  return (req: Request, res: Response, next: NextFunction) => {
    // One-click unsubscribe (RFC 8058): the mail provider POSTs from its own servers, with no
    // Origin. The signed single-use token in the path is the authority, and it can only unsubscribe.
    if (req.method === "POST" && /^\/unsubscribe\/[A-Za-z0-9_.-]+$/.test(req.path)) return next();
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
