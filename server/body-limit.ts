import type { Server } from "node:http";
import type { NextFunction, Request, Response } from "express";
import { sendPlainPage } from "./plain-page";

/**
 * Paths that take file uploads (CSV imports of cases and decisions) and get UPLOAD_MAX_BYTES;
 * every other body (forms) gets FORM_MAX_BYTES. `.data` is Remix's own request for the same action.
 */
export const UPLOAD_PATH = /\/import(?:\.data)?$/;

/**
 * Forms that carry a long text and get UPLOAD_MAX_BYTES too: a decision's full text (a judgment of
 * 100 pages is 300 KB, and URL-encoding triples non-Latin text). Every other form keeps FORM_MAX_BYTES.
 */
export const LONG_FORM_PATH = /^\/decisions\/(?:new|\d+\/edit)(?:\.data)?$/;

export interface BodyLimits {
  formMaxBytes: number;
  uploadMaxBytes: number;
  /** Which paths take uploads; default UPLOAD_PATH and LONG_FORM_PATH. */
  isUpload?: (path: string) => boolean;
}

/** How long an over-limit body is still read (and thrown away) so the 413 reaches the client. */
const DRAIN_MS = 5_000;

/**
 * Reads each request body before Remix does, counting the bytes as they arrive (a missing or
 * false Content-Length changes nothing), and answers 413 with a plain page as soon as the limit
 * is passed. What was read is kept for the Remix handler in `res.locals.body`; an oversized
 * body is never held in memory: the rest is discarded, and the connection is closed.
 */
export function bodyLimit({ formMaxBytes, uploadMaxBytes, isUpload = (p) => UPLOAD_PATH.test(p) || LONG_FORM_PATH.test(p) }: BodyLimits) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const upload = isUpload(req.path);
    const limit = upload ? uploadMaxBytes : formMaxBytes;
    const refuse = () => {
      // Stop keeping anything, tell the client, then drop the connection.
      req.removeListener("data", onData);
      req.resume();
      const cut = setTimeout(() => req.socket.destroy(), DRAIN_MS);
      cut.unref();
      req.once("end", () => clearTimeout(cut));
      sendPlainPage(
        res,
        413,
        "Request too large",
        upload
          ? `Files up to ${formatBytes(limit)} can be uploaded here. Split the file, or ask an administrator to raise UPLOAD_MAX_BYTES.`
          : `A form sent here may hold at most ${formatBytes(limit)}. Shorten what you entered and try again.`,
        { Connection: "close" },
      );
    };
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        settled = true;
        chunks.length = 0;
        refuse();
        return;
      }
      chunks.push(chunk);
    };
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      settled = true;
      refuse();
      return;
    }
    req.on("data", onData);
    req.once("end", () => {
      if (settled) return;
      settled = true;
      res.locals.body = Buffer.concat(chunks);
      next();
    });
    req.once("error", (err) => {
      if (settled) return;
      settled = true;
      next(err);
    });
  };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toLocaleString("en", { maximumFractionDigits: 1 })} MB`;
  if (n >= 1024) return `${(n / 1024).toLocaleString("en", { maximumFractionDigits: 1 })} KB`;
  return `${n.toLocaleString("en")} bytes`;
}

/** Slow or stuck clients cannot hold connections: the whole request within 2 minutes (an upload on a slow line), headers within 20 s. */
export const SERVER_TIMEOUTS = { requestTimeout: 120_000, headersTimeout: 20_000, keepAliveTimeout: 5_000 } as const;

export function applyServerTimeouts(server: Server): void {
  server.requestTimeout = SERVER_TIMEOUTS.requestTimeout;
  server.headersTimeout = SERVER_TIMEOUTS.headersTimeout;
  server.keepAliveTimeout = SERVER_TIMEOUTS.keepAliveTimeout;
}
