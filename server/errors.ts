import type { ErrorRequestHandler, NextFunction, Request, Response } from "express";
import { sendPlainPage } from "./plain-page";

/**
 * TRACE and TRACK echo the request back (cookies included, in old cross-site tracing attacks);
 * nothing here needs them. Refused before anything else runs.
 */
export function refuseTrace(req: Request, res: Response, next: NextFunction) {
  const method = req.method.toUpperCase();
  if (method !== "TRACE" && method !== "TRACK") return next();
  sendPlainPage(res, 405, "Method not allowed", "This kind of request is not accepted here.", {
    Allow: "GET, HEAD, POST",
  });
}

/** A path that cannot be decoded (`/%`, `/%E0%A4%A`) names no page: 400, before routing tries. */
export function refuseMalformedPath(req: Request, res: Response, next: NextFunction) {
  try {
    decodeURIComponent(req.path);
  } catch {
    sendPlainPage(res, 400, "Bad request", "This address is malformed (a stray % sign?). Check the address and try again.");
    return;
  }
  next();
}

const PAGES: Record<number, [string, string]> = {
  400: ["Bad request", "The address or the request could not be understood. Check the address and try again."],
  404: ["Page not found", "There is nothing at this address."],
  405: ["Method not allowed", "This kind of request is not accepted here."],
  413: ["Request too large", "What was sent is larger than this address accepts."],
};

/** Path without the query string: queries may carry tokens (the feed link), never logged. */
function logPath(req: Request): string {
  const raw = req.originalUrl ?? req.url ?? "";
  return raw.split("?")[0]!.slice(0, 200);
}

/**
 * The last handler: whatever went wrong, the visitor gets a plain page (a 4xx for requests that
 * cannot be understood, 500 otherwise) and the details go to the server's log, without the query
 * string, headers or body.
 */
export function finalErrorHandler(log: Pick<Console, "error"> = console): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const e = err as { status?: unknown; statusCode?: unknown; stack?: unknown; message?: unknown };
    const given = Number(e?.status ?? e?.statusCode);
    const status = Number.isInteger(given) && given >= 400 && given < 600 ? given : 500;
    if (status >= 500) log.error(`[error] ${req.method} ${logPath(req)}: ${typeof e?.stack === "string" ? e.stack : String(err)}`);
    else log.error(`[error] ${req.method} ${logPath(req)}: ${status} ${typeof e?.message === "string" ? e.message : ""}`.trim());
    if (res.headersSent) {
      // Part of a response is out: it cannot become an error page; cut it so it is not taken as whole.
      res.destroy();
      return;
    }
    const [title, text] =
      PAGES[status] ?? (status >= 500 ? ["Something went wrong", "An unexpected error occurred. It has been logged; please try again in a moment."] : ["Request refused", "The request could not be completed."]);
    sendPlainPage(res, status, title, text);
  };
}
