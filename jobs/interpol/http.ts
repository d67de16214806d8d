// The HTTP layer for Interpol's service, kept pluggable (a proxy, another fetcher) because the CDN in
// front of it blocks some clients whatever headers they send (see docs/interpol-api.md).
//
// Evidence first: lawyers cite what the pull saw, so the fetcher hands back the exact bytes received
// (we ask for `identity` encoding and never decompress), the request as sent, the status and headers as
// received, and start/end times. Parsing is left to the callers.
import { AsyncLocalStorage } from "node:async_hooks";
import diagnostics from "node:diagnostics_channel";
import { Agent, ProxyAgent, request, type Dispatcher } from "undici";

/** What a caller asks for. */
export interface RawRequest {
  method?: "GET";
  url: string;
  /** Extra headers; merged over the defaults (lower-case names). */
  headers?: Record<string, string>;
  /** Overall deadline for headers and body; falls back to the fetcher's default. */
  timeoutMs?: number;
  /** 1 for the first try; passed through to the response for the record. */
  attempt?: number;
  signal?: AbortSignal;
}

export interface SentRequest {
  method: string;
  url: string;
  /** The headers we handed to the transport (it adds `host` and `connection` itself). */
  headers: Record<string, string>;
}

export interface RawResponse {
  request: SentRequest;
  status: number;
  statusText: string;
  /** Lower-cased names; repeated headers joined with ", " (set-cookie with "\n"). */
  headers: Record<string, string>;
  /** Name/value pairs exactly as received: original case and order. */
  rawHeaders: Array<[string, string]>;
  /** The body bytes exactly as received (no decompression, no decoding). */
  body: Buffer;
  startedAt: Date;
  endedAt: Date;
  attempt: number;
  /** The address of the peer that answered (the server, or the proxy when one is used). */
  peerAddress?: string;
}

export type FetchErrorCode = "timeout" | "network" | "aborted";

/** A transport failure: no complete response was received. */
export class FetchError extends Error {
  constructor(
    readonly code: FetchErrorCode,
    message: string,
    readonly request: SentRequest,
    readonly startedAt: Date,
    readonly endedAt: Date,
    readonly attempt: number,
    readonly causeCode?: string,
  ) {
    super(message);
    this.name = "FetchError";
  }
}

export type Fetcher = (req: RawRequest) => Promise<RawResponse>;

// A current desktop Chrome on Windows; bump it now and then so it stays "current".
export const CHROME_USER_AGENT =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36";

/** Headers a browser on www.interpol.int sends to ws-public.interpol.int (cross-site fetch). */
export const BROWSER_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  accept: "*/*",
  "accept-language": "en-GB,en;q=0.9",
  // identity: the bytes we keep are the bytes sent on the wire, not a re-encoding.
  "accept-encoding": "identity",
  origin: "https://www.interpol.int",
  referer: "https://www.interpol.int/",
  "sec-fetch-mode": "cors",
  "sec-fetch-site": "same-site",
  "sec-fetch-dest": "empty",
  "user-agent": CHROME_USER_AGENT,
});

export interface UndiciFetcherOptions {
  timeoutMs?: number;
  proxyUrl?: string;
  /** Use a given dispatcher (tests, custom TLS); overrides proxyUrl. */
  dispatcher?: Dispatcher;
  /** Headers merged over BROWSER_HEADERS for every request. */
  headers?: Record<string, string>;
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  // undici wraps socket errors: look one or two levels down for a code.
  for (let i = 0; i < 3 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

// The peer address of each exchange, for the evidence (WARC-IP-Address). undici announces a request
// when it is created (in the caller's async context, where our slot is) and again when its headers
// go out on a socket: the first ties the request to our slot, the second fills it in.
const slots = new AsyncLocalStorage<{ peer?: string }>();
const slotOf = new WeakMap<object, { peer?: string }>();
diagnostics.subscribe("undici:request:create", (msg) => {
  const slot = slots.getStore();
  const req = (msg as { request?: object }).request;
  if (slot && req) slotOf.set(req, slot);
});
diagnostics.subscribe("undici:client:sendHeaders", (msg) => {
  const { request: req, socket } = msg as { request?: object; socket?: { remoteAddress?: string } };
  const slot = req && slotOf.get(req);
  if (slot && socket?.remoteAddress) slot.peer = socket.remoteAddress;
});

/** The default fetcher: undici `request` (not global fetch, which decompresses on its own). */
export function createUndiciFetcher(opts: UndiciFetcherOptions = {}): Fetcher & { close(): Promise<void> } {
  const defaultTimeout = opts.timeoutMs ?? 30_000;
  const dispatcher: Dispatcher =
    opts.dispatcher ??
    (opts.proxyUrl ? new ProxyAgent(opts.proxyUrl) : new Agent({ connections: 16 }));

  const ownsDispatcher = !opts.dispatcher;
  const fetchRaw = async function fetchRaw(req: RawRequest): Promise<RawResponse> {
    const timeoutMs = req.timeoutMs ?? defaultTimeout;
    const attempt = req.attempt ?? 1;
    const headers: Record<string, string> = { ...BROWSER_HEADERS, ...opts.headers, ...req.headers };
    const sent: SentRequest = { method: req.method ?? "GET", url: req.url, headers };
    const startedAt = new Date();

    // One deadline over headers and body together; undici's own timeouts are per phase.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error("timeout"));
    }, timeoutMs);
    const onOuterAbort = () => controller.abort(req.signal?.reason ?? new Error("aborted"));
    if (req.signal) {
      if (req.signal.aborted) onOuterAbort();
      else req.signal.addEventListener("abort", onOuterAbort, { once: true });
    }

    const slot: { peer?: string } = {};
    try {
      const res = await slots.run(slot, () => request(req.url, {
        method: sent.method as Dispatcher.HttpMethod,
        headers,
        dispatcher,
        signal: controller.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        responseHeaders: "raw",
      }));
      const chunks: Buffer[] = [];
      for await (const chunk of res.body) chunks.push(chunk as Buffer);
      const endedAt = new Date();
      const flat = res.headers as unknown as string[];
      const rawHeaders: Array<[string, string]> = [];
      const merged: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const name = String(flat[i]);
        const value = String(flat[i + 1]);
        rawHeaders.push([name, value]);
        const key = name.toLowerCase();
        merged[key] = key in merged ? merged[key] + (key === "set-cookie" ? "\n" : ", ") + value : value;
      }
      return {
        request: sent,
        status: res.statusCode,
        statusText: res.statusText ?? "",
        headers: merged,
        rawHeaders,
        body: Buffer.concat(chunks),
        startedAt,
        endedAt,
        attempt,
        ...(slot.peer ? { peerAddress: slot.peer } : {}),
      };
    } catch (err) {
      const endedAt = new Date();
      const code = errorCode(err);
      const message = err instanceof Error ? err.message : String(err);
      if (timedOut || (code && TIMEOUT_CODES.has(code))) {
        throw new FetchError("timeout", `timed out after ${timeoutMs} ms`, sent, startedAt, endedAt, attempt, code);
      }
      if (req.signal?.aborted) {
        throw new FetchError("aborted", "aborted by caller", sent, startedAt, endedAt, attempt, code);
      }
      // Anything else (resets, refused, DNS, a proxy failing) is a network failure, worth a retry.
      const known = code && NETWORK_CODES.has(code) ? "" : " (unclassified)";
      throw new FetchError("network", `${code ?? "error"}${known}: ${message}`, sent, startedAt, endedAt, attempt, code);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onOuterAbort);
    }
  };
  let closing: Promise<void> | undefined;
  return Object.assign(fetchRaw, {
    // Idempotent: a pull and its test teardown may both close.
    close: () => (closing ??= ownsDispatcher ? dispatcher.close() : Promise.resolve()),
  });
}
