import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";

/** A fresh nonce per response; inline scripts without it are refused by the browser. */
export function nonceMiddleware(_req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
}

/**
 * Security headers with an enforced Content-Security-Policy. Scripts load only from this
 * origin or carry the request's nonce: no `unsafe-inline`, no report-only. Styles allow
 * inline attributes because charts set them, which cannot run code.
 */
export function securityHeaders({ https, dev }: { https: boolean; dev: boolean }) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": dev
          ? ["'self'", "'unsafe-inline'", "'unsafe-eval'"]
          : ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": dev ? ["'self'", "ws:", "wss:"] : ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
        ...(https ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "same-origin" },
  });
}

/** Small in-memory token bucket per key; a second line of defence behind a proxy's limits. */
export function rateLimit({ perMinute, key }: { perMinute: number; key: (req: Request) => string }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = perMinute / 60_000;
  // Forget idle clients so the map does not grow without bound.
  setInterval(() => {
    const now = Date.now();
    for (const [k, b] of buckets) if (now - b.at > 10 * 60_000) buckets.delete(k);
  }, 60_000).unref();
  return (req: Request, res: Response, next: NextFunction) => {
    const k = key(req);
    const now = Date.now();
    const b = buckets.get(k) ?? { tokens: perMinute, at: now };
    b.tokens = Math.min(perMinute, b.tokens + (now - b.at) * refillPerMs);
    b.at = now;
    if (b.tokens < 1) {
      buckets.set(k, b);
      res.setHeader("Retry-After", String(Math.ceil((1 - b.tokens) / refillPerMs / 1000)));
      res.status(429).type("text/plain").send("Too many requests. Please wait a moment and try again.\n");
      return;
    }
    b.tokens -= 1;
    buckets.set(k, b);
    next();
  };
}
