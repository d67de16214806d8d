import type { NextFunction, Request, Response } from "express";
import type { Env } from "../config/env";

/** What an operator should fix, said once at start (each line names the variable). */
export function startupWarnings(env: Env): string[] {
  const out: string[] = [];
  if (!env.PUBLIC_URL && env.NODE_ENV === "production") {
    out.push(
      "PUBLIC_URL is not set: the same-origin check and the links in invitations trust the Host header of each request. " +
        "Set PUBLIC_URL to the address people use (e.g. https://article3.example.org); it is required in production.",
    );
  }
  return out;
}

/**
 * Behind a reverse proxy with TRUST_PROXY off, every request seems to come from the proxy: the
 * audit log shows one address, and sign-in throttling counts everyone's failures together. Say
 * so once, the first time a request carries X-Forwarded-For.
 */
export function forwardedForWarning(env: Pick<Env, "TRUST_PROXY">, log: Pick<Console, "warn">) {
  let warned = env.TRUST_PROXY === "on";
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!warned && req.headers["x-forwarded-for"] !== undefined) {
      warned = true;
      log.warn(
        "Requests arrive with X-Forwarded-For but TRUST_PROXY is off: every client appears to come from the proxy's " +
          `address (${req.socket.remoteAddress ?? "unknown"}), in the audit log and in sign-in throttling. ` +
          "Set TRUST_PROXY=on if Article 3 runs behind a reverse proxy you control.",
      );
    }
    next();
  };
}
