// Client for Interpol's public notices service: polite (token-bucket rate limit and a concurrency cap
// shared by every call of one client), patient (retries with exponential back-off and full jitter on
// 403/429/5xx, resets and timeouts, honouring Retry-After), and honest (every result carries the raw
// response; a body that fails validation is a typed error, never data).
import { type ZodType } from "zod";
import { createUndiciFetcher, FetchError, type Fetcher, type RawResponse, type SentRequest } from "./http";
import { backoffDelay, defaultSleep, isRetryableStatus, parseRetryAfter, RateLimiter, Semaphore, type Limiter } from "./pacing";
import {
  countriesSchema,
  detailSchema,
  ENTITY_ID_RE,
  imagesSchema,
  listPageSchema,
  type Countries,
  type ImagesList,
  type ListPage,
  type NoticeDetail,
} from "./schemas";
import { idToSlug } from "../../lib/notice-id";

export const DEFAULT_BASE_URL = "https://ws-public.interpol.int";
export const DEFAULT_COUNTRIES_URL = "https://www.interpol.int/en/notices/data/countries";
/** The service's own hrefs point here; they are rebased onto baseUrl (a fake, a proxy). */
const CANONICAL_ORIGIN = "https://ws-public.interpol.int";

export type NoticeKind = "red" | "yellow";

export interface ListParams {
  forename?: string;
  name?: string;
  nationality?: string;
  arrestWarrantCountryId?: string;
  sexId?: "M" | "F" | "U";
  ageMin?: number;
  ageMax?: number;
  freeText?: string;
  page?: number;
  resultPerPage?: number;
}

export type ClientErrorCode =
  | `http_${number}`
  | "timeout"
  | "network"
  | "aborted"
  | "malformed"
  | "bad_request";

export interface ClientError {
  code: ClientErrorCode;
  message: string;
  /** For `malformed`: JSON that did not parse, or JSON of the wrong shape. */
  malformed?: "json" | "schema";
  /** For `malformed` / schema: the first zod issues, for the run log. */
  issues?: string[];
  status?: number;
}

export type Result<T> =
  | { kind: "ok"; data: T; raw: RawResponse; attempts: number }
  | { kind: "not_found"; raw: RawResponse; attempts: number }
  /** A conditional request answered 304: what the caller holds is current. */
  | { kind: "not_modified"; raw: RawResponse; attempts: number }
  | { kind: "error"; error: ClientError; raw?: RawResponse; attempts: number };

export interface RequestEvent {
  url: string;
  attempt: number;
  /** Set when a response was received (any status). */
  response?: RawResponse;
  /** Set when no response was received, or it was unusable. */
  error?: ClientError;
  /** The request as sent, when no response came back (timeouts, resets). */
  request?: SentRequest;
  startedAt?: Date;
  endedAt?: Date;
  /** The delay before the next attempt, when one follows. */
  retryInMs?: number;
}

export interface InterpolClientOptions {
  baseUrl?: string;
  countriesUrl?: string;
  /** Requests started per second, all calls together (retries included). */
  rps: number;
  /** Requests in flight at once, all calls together. */
  concurrency: number;
  timeoutMs: number;
  /** Retries after the first attempt. */
  retries?: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Longest Retry-After we obey; longer ones are clamped (a stuck job is worse than a 403). */
  retryAfterMaxMs?: number;
  proxyUrl?: string;
  fetcher?: Fetcher;
  /** Back-off sleeps (not the rate limiter): inject to record delays in tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Called for every attempt, so callers can count and archive. */
  onRequest?: (event: RequestEvent) => void;
  /** Replaces the rate limiter built from `rps` (tests count what passes through it). */
  limiter?: Limiter;
  /** List pages kept from earlier runs: asked conditionally, and a 304 answered from here. */
  listPages?: ListPageStore;
  /**
   * Every response received (any status, every attempt), with its exact bytes, before the client
   * reads it: the evidence seam (jobs/evidence/capture.ts). Synchronous; a throw is ignored.
   */
  onExchange?: (raw: RawResponse, kind: ExchangeKind) => void;
}

/** What an exchange asked for. */
export type ExchangeKind = "list" | "detail" | "image" | "countries";

/** Where the client finds and leaves list pages between runs (keys: listPageKey). */
export interface ListPageStore {
  get(key: string): { etag: string | null; lastModified: string | null; body: Buffer } | undefined;
  /** A page received in full, with validators to ask it conditionally next time. */
  fresh(key: string, page: { etag: string | null; lastModified: string | null; body: Buffer }): void;
  /** A page the service said is unchanged. */
  unchanged(key: string): void;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** Validators of a response the caller still holds: sent as If-None-Match / If-Modified-Since. */
export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

/** Attempts made, by what they asked for (every retry counts). */
export interface RequestCounts {
  list: number;
  detail: number;
  image: number;
  countries: number;
  /** Conditional requests answered 304 (counted in their kind too). */
  notModified: number;
}

export interface InterpolClient {
  readonly baseUrl: string;
  readonly concurrency: number;
  list(kind: NoticeKind, params?: ListParams, opts?: CallOptions): Promise<Result<ListPage>>;
  /** Follow an href from `_links` (next, last, ...). */
  listPage(url: string, opts?: CallOptions): Promise<Result<ListPage>>;
  detail(entityId: string, opts?: CallOptions & { kind?: NoticeKind; validators?: Validators }): Promise<Result<NoticeDetail>>;
  images(entityId: string, opts?: CallOptions & { kind?: NoticeKind }): Promise<Result<ImagesList>>;
  image(
    entityId: string,
    pictureId: string,
    opts?: CallOptions & { kind?: NoticeKind },
  ): Promise<Result<{ contentType: string | null; bytes: Buffer }>>;
  countries(opts?: CallOptions): Promise<Result<Countries>>;
  listUrl(kind: NoticeKind, params?: ListParams): string;
  detailUrl(entityId: string, kind?: NoticeKind): string;
  /** Attempts made so far (every retry counts), images included. */
  requestCount(): number;
  /** The same, by kind. */
  requestCounts(): RequestCounts;
  /** List pages answered from this client's memory instead of asked again. */
  cacheHits(): number;
  /** Closes the connection pool when the client made its own (not an injected fetcher). */
  close(): Promise<void>;
}

export { backoffDelay, defaultSleep, isRetryableStatus, parseRetryAfter };

const LIST_PARAM_ORDER: Array<keyof ListParams> = [
  "forename",
  "name",
  "nationality",
  "arrestWarrantCountryId",
  "sexId",
  "ageMin",
  "ageMax",
  "freeText",
  "resultPerPage",
  "page",
];

/** `2021/75051` → `2021-75051` (the path uses a dash, the body a slash). */
export function entityIdToPath(entityId: string): string {
  if (!ENTITY_ID_RE.test(entityId)) throw new Error(`not an entity id: ${entityId}`);
  return idToSlug(entityId);
}

type Endpoint = "list" | "detail";
type CountKind = "list" | "detail" | "image" | "countries";

/**
 * One key per list page whatever the spelling: parameters sorted, blanks dropped, defaults
 * (page 1, 20 per page) made explicit. Two hrefs for the same page are one request.
 */
export function listPageKey(url: string): string {
  const u = new URL(url);
  const params = [...u.searchParams].filter(([k, v]) => k !== "" && v !== "");
  const m = new Map(params);
  if (!m.has("page")) m.set("page", "1");
  if (!m.has("resultPerPage")) m.set("resultPerPage", "20");
  const sorted = [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${u.pathname}?${sorted.map(([k, v]) => `${k}=${v}`).join("&")}`;
}

export function createInterpolClient(opts: InterpolClientOptions): InterpolClient {
  const baseUrl = (opts.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  const countriesUrl = opts.countriesUrl ?? DEFAULT_COUNTRIES_URL;
  const retries = opts.retries ?? 5;
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  const now = opts.now ?? Date.now;
  const retryAfterMaxMs = opts.retryAfterMaxMs ?? 120_000;
  const ownFetcher = opts.fetcher ? null : createUndiciFetcher({ timeoutMs: opts.timeoutMs, proxyUrl: opts.proxyUrl });
  const fetcher: Fetcher = opts.fetcher ?? ownFetcher!;
  const concurrency = Math.max(1, Math.floor(opts.concurrency));
  const semaphore = new Semaphore(concurrency);
  // The real clock, always: an injected `now` is for reading Retry-After dates in tests.
  const limiter: Limiter = opts.limiter ?? new RateLimiter(opts.rps, 1, () => performance.now());
  let requests = 0;
  const counts: RequestCounts = { list: 0, detail: 0, image: 0, countries: 0, notModified: 0 };
  // Within one client (one run), a list page is fetched once: planning and link-following may
  // both reach the same page.
  const pages = new Map<string, Promise<Result<ListPage>>>();
  let hits = 0;

  function emit(event: RequestEvent) {
    try {
      opts.onRequest?.(event);
    } catch {
      // a broken observer must not break the pull
    }
  }

  /** One attempt under the concurrency cap and the rate limit. */
  async function attemptOnce(
    url: string,
    attempt: number,
    kind: CountKind,
    headers: Record<string, string> | undefined,
    signal?: AbortSignal,
  ): Promise<RawResponse> {
    await semaphore.acquire();
    try {
      await limiter.take(signal);
      requests++;
      counts[kind]++;
      const raw = await fetcher({ method: "GET", url, timeoutMs: opts.timeoutMs, attempt, signal, headers });
      if (opts.onExchange) {
        try {
          opts.onExchange(raw, kind);
        } catch {
          // the capture reports its own failures; the pull goes on
        }
      }
      return raw;
    } finally {
      semaphore.release();
    }
  }

  /**
   * The retry loop shared by every endpoint. `interpret` turns a 2xx into data or a typed error;
   * whether an error is worth retrying is decided here.
   */
  async function call<T>(
    url: string,
    endpoint: Endpoint,
    interpret: (raw: RawResponse) => { ok: true; data: T } | { ok: false; error: ClientError; retry: boolean },
    signal?: AbortSignal,
    kind: CountKind = endpoint,
    validators?: Validators,
  ): Promise<Result<T>> {
    const headers: Record<string, string> = {};
    if (validators?.etag) headers["if-none-match"] = validators.etag;
    if (validators?.lastModified) headers["if-modified-since"] = validators.lastModified;
    const conditional = Object.keys(headers).length > 0;
    let lastRaw: RawResponse | undefined;
    let lastError: ClientError = { code: "network", message: "no attempt made" };
    const maxAttempts = retries + 1;
    let made = 0;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      made = attempt;
      if (signal?.aborted) {
        return { kind: "error", error: { code: "aborted", message: "aborted by caller" }, raw: lastRaw, attempts: attempt - 1 };
      }
      let raw: RawResponse | undefined;
      let retry = false;
      let retryAfterMs: number | null = null;
      let failed: Pick<RequestEvent, "request" | "startedAt" | "endedAt"> = {};
      try {
        raw = await attemptOnce(url, attempt, kind, conditional ? headers : undefined, signal);
      } catch (err) {
        if (err instanceof FetchError) {
          lastError = { code: err.code, message: err.message };
          failed = { request: err.request, startedAt: err.startedAt, endedAt: err.endedAt };
          if (err.code === "aborted") {
            emit({ url, attempt, error: lastError, request: err.request });
            return { kind: "error", error: lastError, raw: lastRaw, attempts: attempt };
          }
          retry = true; // timeouts and network failures
        } else if (signal?.aborted) {
          lastError = { code: "aborted", message: "aborted by caller" };
          emit({ url, attempt, error: lastError });
          return { kind: "error", error: lastError, raw: lastRaw, attempts: attempt };
        } else {
          // A custom fetcher threw something untyped: treat as a network failure.
          lastError = { code: "network", message: err instanceof Error ? err.message : String(err) };
          retry = true;
        }
      }

      if (raw) {
        lastRaw = raw;
        const status = raw.status;
        if (status === 304 && conditional) {
          counts.notModified++;
          emit({ url, attempt, response: raw });
          return { kind: "not_modified", raw, attempts: attempt };
        }
        if (status >= 200 && status < 300) {
          const out = interpret(raw);
          if (out.ok) {
            emit({ url, attempt, response: raw });
            return { kind: "ok", data: out.data, raw, attempts: attempt };
          }
          lastError = out.error;
          retry = out.retry;
        } else if (status === 404 && endpoint === "detail") {
          // A missing notice. Not retried: the caller confirms removals with exactly this answer.
          emit({ url, attempt, response: raw });
          return { kind: "not_found", raw, attempts: attempt };
        } else {
          lastError = { code: `http_${status}`, message: httpMessage(status, endpoint), status };
          // 404 on a *list* query was seen intermittently (docs/interpol-api.md), so it is retried there.
          retry = isRetryableStatus(status) || (status === 404 && endpoint === "list");
          if (retry) retryAfterMs = parseRetryAfter(raw.headers["retry-after"], now());
        }
      }

      if (!retry || attempt === maxAttempts) {
        emit({ url, attempt, response: raw, error: lastError, ...failed });
        break;
      }
      const delay =
        retryAfterMs !== null
          ? Math.min(retryAfterMs, retryAfterMaxMs)
          : backoffDelay(attempt, opts.backoffBaseMs, opts.backoffMaxMs, random);
      emit({ url, attempt, response: raw, error: lastError, retryInMs: delay, ...failed });
      try {
        await sleep(delay, signal);
      } catch {
        return { kind: "error", error: { code: "aborted", message: "aborted by caller" }, raw: lastRaw, attempts: attempt };
      }
    }
    return { kind: "error", error: lastError, raw: lastRaw, attempts: made };
  }

  function jsonInterpreter<T>(schema: ZodType<T>) {
    return (raw: RawResponse): { ok: true; data: T } | { ok: false; error: ClientError; retry: boolean } => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.body.toString("utf8"));
      } catch (err) {
        // Unparseable JSON with a 2xx: a truncated transfer or a CDN page. Both can be transient.
        return {
          ok: false,
          retry: true,
          error: {
            code: "malformed",
            malformed: "json",
            status: raw.status,
            message: `body is not JSON (${raw.body.length} bytes): ${err instanceof Error ? err.message : String(err)}`,
          },
        };
      }
      const result = schema.safeParse(parsed);
      if (result.success) return { ok: true, data: result.data };
      const issues = result.error.issues
        .slice(0, 10)
        .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
      // Well-formed JSON of the wrong shape is deterministic: retrying would only repeat it.
      return {
        ok: false,
        retry: false,
        error: { code: "malformed", malformed: "schema", status: raw.status, message: `unexpected shape: ${issues[0] ?? "?"}`, issues },
      };
    };
  }

  function listUrl(kind: NoticeKind, params: ListParams = {}): string {
    const qs = new URLSearchParams();
    for (const key of LIST_PARAM_ORDER) {
      const v = params[key];
      if (v !== undefined && v !== null && v !== "") qs.append(key, String(v));
    }
    const s = qs.toString();
    return `${baseUrl}/notices/v1/${kind}${s ? `?${s}` : ""}`;
  }

  function detailUrl(entityId: string, kind: NoticeKind = "red"): string {
    return `${baseUrl}/notices/v1/${kind}/${entityIdToPath(entityId)}`;
  }

  /**
   * Resolve an href from `_links` against baseUrl. The service's absolute hrefs are rebased onto
   * baseUrl (so a fake or a proxy keeps working); hrefs to any other origin are refused.
   */
  function resolveHref(href: string): string | null {
    let u: URL;
    try {
      u = new URL(href, baseUrl + "/");
    } catch {
      return null;
    }
    const base = new URL(baseUrl + "/");
    if (u.origin === base.origin) return u.toString();
    if (u.origin === CANONICAL_ORIGIN) return baseUrl + u.pathname + u.search;
    return null;
  }

  function badRequest<T>(message: string): Result<T> {
    return { kind: "error", error: { code: "bad_request", message }, attempts: 0 };
  }

  /** A list page, conditionally when a kept copy has validators; a 304 is answered from the copy. */
  async function askList(url: string, key: string, signal?: AbortSignal): Promise<Result<ListPage>> {
    const interpret = jsonInterpreter(listPageSchema);
    const kept = opts.listPages?.get(key);
    const r = await call(url, "list", interpret, signal, "list", kept ? { etag: kept.etag, lastModified: kept.lastModified } : undefined);
    if (r.kind === "not_modified" && kept) {
      const raw = { ...r.raw, body: kept.body };
      const parsed = interpret(raw);
      if (parsed.ok) {
        opts.listPages!.unchanged(key);
        return { kind: "ok", data: parsed.data, raw, attempts: r.attempts };
      }
      // The kept copy no longer reads: ask plainly.
      return call(url, "list", interpret, signal, "list");
    }
    if (r.kind === "ok" && opts.listPages && (r.raw.headers["etag"] || r.raw.headers["last-modified"])) {
      opts.listPages.fresh(key, { etag: r.raw.headers["etag"] ?? null, lastModified: r.raw.headers["last-modified"] ?? null, body: r.raw.body });
    }
    return r;
  }

  /** A list page, asked once per client; a failed answer is not kept, so a later ask may retry. */
  function cachedList(url: string, signal?: AbortSignal): Promise<Result<ListPage>> {
    const key = listPageKey(url);
    const held = pages.get(key);
    if (held) {
      hits++;
      return held;
    }
    const p = askList(url, key, signal);
    pages.set(key, p);
    void p.then((r) => {
      if (r.kind !== "ok") pages.delete(key);
      // Keep what a second asker reads (the parsed page), not the bytes: a run asks hundreds of pages.
      else pages.set(key, Promise.resolve({ ...r, raw: { ...r.raw, body: Buffer.alloc(0), rawHeaders: [] } }));
    });
    return p;
  }

  const client: InterpolClient = {
    baseUrl,
    concurrency,
    listUrl,
    detailUrl,
    requestCount: () => requests,
    requestCounts: () => ({ ...counts }),
    cacheHits: () => hits,
    close: async () => {
      await ownFetcher?.close();
    },

    list(kind, params = {}, o = {}) {
      if (params.resultPerPage !== undefined && (params.resultPerPage < 1 || params.resultPerPage > 160)) {
        return Promise.resolve(badRequest("resultPerPage must be within 1..160"));
      }
      return cachedList(listUrl(kind, params), o.signal);
    },

    listPage(href, o = {}) {
      const url = resolveHref(href);
      if (!url) return Promise.resolve(badRequest(`refusing to follow link outside the service: ${href}`));
      return cachedList(url, o.signal);
    },

    detail(entityId, o = {}) {
      if (!ENTITY_ID_RE.test(entityId)) return Promise.resolve(badRequest(`not an entity id: ${entityId}`));
      return call(detailUrl(entityId, o.kind), "detail", jsonInterpreter(detailSchema), o.signal, "detail", o.validators);
    },

    images(entityId, o = {}) {
      if (!ENTITY_ID_RE.test(entityId)) return Promise.resolve(badRequest(`not an entity id: ${entityId}`));
      return call(`${detailUrl(entityId, o.kind)}/images`, "detail", jsonInterpreter(imagesSchema), o.signal, "image");
    },

    image(entityId, pictureId, o = {}) {
      if (!ENTITY_ID_RE.test(entityId)) return Promise.resolve(badRequest(`not an entity id: ${entityId}`));
      if (!/^[A-Za-z0-9_-]+$/.test(pictureId)) return Promise.resolve(badRequest(`not a picture id: ${pictureId}`));
      const url = `${detailUrl(entityId, o.kind)}/images/${pictureId}`;
      return call(
        url,
        "detail",
        (raw) => {
          const contentType = raw.headers["content-type"] ?? null;
          // A JSON or HTML answer where an image belongs is the CDN or an error page, not a picture.
          if (raw.body.length === 0 || (contentType && /json|html/i.test(contentType))) {
            return {
              ok: false,
              retry: true,
              error: { code: "malformed", malformed: "json", status: raw.status, message: `not an image (${contentType ?? "no type"}, ${raw.body.length} bytes)` },
            };
          }
          return { ok: true, data: { contentType, bytes: raw.body } };
        },
        o.signal,
        "image",
      );
    },

    countries(o = {}) {
      return call(countriesUrl, "list", jsonInterpreter(countriesSchema), o.signal, "countries");
    },
  };
  return client;
}

function httpMessage(status: number, endpoint: Endpoint): string {
  if (status === 403) return "403 Forbidden (the CDN blocks some clients intermittently)";
  if (status === 502 && endpoint === "detail") {
    // Seen in 2026 for missing notices (uncertain): reported as an error, never as not-found.
    return "502 Bad Gateway persisted; may mean a missing notice (seen in 2026) but is not treated as one";
  }
  return `HTTP ${status}`;
}
