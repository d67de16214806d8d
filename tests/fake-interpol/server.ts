// A faithful local stand-in for Interpol's public notices service (see docs/interpol-api.md), over real
// HTTP on 127.0.0.1. Tests drive it in-process; the demo drives it through /__fake/ control endpoints.
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { COUNTRIES } from "./countries";
import { mulberry32, mutateForNextPull, type MutationDescription } from "./generate";
import { idToSlug } from "../../lib/notice-id";

// ---------------------------------------------------------------------------------------------- types

export type SexId = "M" | "F" | "U";

export interface FakeArrestWarrant {
  issuing_country_id: string;
  charge: string | null;
  charge_translation: string | null;
}

/** One notice: exactly the detail fields the real service returns, plus fake-only extras. */
export interface FakeNotice {
  entity_id: string; // "2021/75051"
  forename: string | null;
  name: string | null;
  date_of_birth: string | null; // "YYYY/MM/DD" | "YYYY/MM" | "YYYY" | null
  nationalities: string[];
  sex_id: SexId;
  arrest_warrants: FakeArrestWarrant[];
  weight: number | null;
  height: number | null;
  languages_spoken_ids: string[] | null;
  country_of_birth_id: string | null;
  distinguishing_marks: string | null;
  eyes_colors_id: string[] | null;
  hairs_id: string[] | null;
  place_of_birth: string | null;
  /** Fake-only: picture ids; the first is the thumbnail. */
  pictures?: number[];
  /** Fake-only: never in any list result (nor its totals), but its detail answers 200. */
  unlisted?: boolean;
}

export type FaultKind =
  | "403"
  | "429"
  | "502"
  | "503"
  | "504"
  | "413"
  | "404-list"
  | "timeout"
  | "reset"
  | "truncated"
  | "malformed"
  /** A list answered as if the query matched nothing: `{ total: 0 }` and no notices (a partition that silently empties). */
  | "empty";

export interface FakeRequestInfo {
  method: string;
  path: string;
  query: Record<string, string>;
}

export interface FaultMatch {
  /** A string matches as a path prefix; a RegExp is tested against the path (no query string). */
  path?: string | RegExp;
  /** Every listed parameter must be present and equal (string) or match (RegExp). */
  query?: Record<string, string | RegExp>;
  method?: string;
}

export interface FaultRule {
  kind: FaultKind;
  match?: FaultMatch | ((req: FakeRequestInfo) => boolean);
  /** How many times it fires before it stops matching; default Infinity. */
  times?: number;
  /** Fire on a matching request with this probability (seeded, reproducible); default 1. */
  probability?: number;
  seed?: number;
  /** Adds a Retry-After header (seconds) to the fault's answer. */
  retryAfter?: number;
  /** For "malformed": the exact JSON to answer with instead of the derived wrong shape. */
  body?: unknown;
}

/** A fault as installed: live counters so tests can assert how often it fired. */
export interface ActiveFault {
  readonly rule: FaultRule;
  readonly fired: number;
  readonly remaining: number;
  remove(): void;
}

export interface FakeRequestLog extends FakeRequestInfo {
  /** 0 when no answer was sent (timeout, reset). */
  status: number;
  at: Date;
  fault?: FaultKind;
}

export interface FakeInterpolOptions {
  notices: FakeNotice[];
  yellowNotices?: FakeNotice[];
  /** The moment ages are computed against; default: the real clock at each request. */
  now?: Date;
  faults?: FaultRule[];
  port?: number;
  /** Delay before every answer (control endpoints excepted). */
  latencyMs?: number;
  /**
   * Send ETag and Last-Modified on details and lists and answer conditional requests with 304.
   * Default true; false models a service that offers no validators.
   */
  validators?: boolean;
  /** Seeds /__fake/step; default 1. */
  seed?: number;
}

export interface StepOptions {
  seed?: number;
  remove?: number;
  change?: number;
  add?: number;
  reappear?: number;
}

export interface FakeInterpol {
  /** Base URL, e.g. http://127.0.0.1:43123 (no trailing slash). */
  readonly url: string;
  /** Deep copies of the current red notices (edit through setNotices or update). */
  notices(): FakeNotice[];
  setNotices(list: FakeNotice[]): void;
  /** Mutate between pulls: edit the given copies in place, or return a new list. */
  update(fn: (notices: FakeNotice[]) => FakeNotice[] | void): void;
  yellowNotices(): FakeNotice[];
  setYellowNotices(list: FakeNotice[]): void;
  setNow(now: Date | undefined): void;
  /** Applies the same random change batch as POST /__fake/step. */
  step(opts?: StepOptions): MutationDescription;
  addFault(rule: FaultRule): ActiveFault;
  clearFaults(): void;
  readonly requests: FakeRequestLog[];
  resetRequests(): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------- constants

export const CAP = 160;
export const MAX_RESULT_PER_PAGE = 160;
export const DEFAULT_RESULT_PER_PAGE = 20;
export const NOT_FOUND_BODY = '{"status":404,"name":"NotFoundError","message":"Not Found"}';

// Filters in the order the real service writes them into link hrefs.
const RED_FILTERS = [
  "forename",
  "name",
  "nationality",
  "ageMax",
  "ageMin",
  "freeText",
  "sexId",
  "arrestWarrantCountryId",
] as const;
const YELLOW_FILTERS = RED_FILTERS.filter((f) => f !== "arrestWarrantCountryId");

// What an Akamai-style CDN block looks like: ~300 bytes of HTML.
function cdnBlockPage(path: string): string {
  const escaped = `http://ws-public.interpol.int${path.slice(0, 40)}`.replace(
    /[^A-Za-z0-9]/g,
    (c) => `&#${c.charCodeAt(0)};`
  );
  const ref = "18.4f2e1602.1760000000.2b1c3d4e";
  return (
    `<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n \n` +
    `You don't have permission to access "${escaped}" on this server.<P>\n` +
    `Reference&#32;&#35;${ref}\n</BODY>\n</HTML>\n`
  );
}

const GATEWAY_TEXT: Record<number, string> = {
  413: "Request Entity Too Large",
  429: "Too Many Requests",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Time-out",
};
function gatewayPage(status: number): string {
  const t = `${status} ${GATEWAY_TEXT[status] ?? "Error"}`;
  return `<html>\r\n<head><title>${t}</title></head>\r\n<body>\r\n<center><h1>${t}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

// A valid 1x1 JPEG; each picture gets its id in a COM segment so bytes differ per picture.
const JPEG_1X1 = Buffer.from(
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=",
  "base64"
);
function pictureBytes(pictureId: number): Buffer {
  const comment = Buffer.from(`fake-interpol picture ${pictureId}`, "latin1");
  const len = comment.length + 2;
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, len >> 8, len & 0xff]), comment]);
  return Buffer.concat([JPEG_1X1.subarray(0, 2), com, JPEG_1X1.subarray(2)]);
}

// The www.interpol.int country list, alphabetical by name.
const COUNTRY_LIST = [...COUNTRIES]
  .sort((a, b) => a.name.localeCompare(b.name, "en"))
  .map((c) => ({ name: c.name, value: c.code }));

// ---------------------------------------------------------------------------------------------- index

interface Indexed {
  n: FakeNotice;
  id: string; // dash form
  year: number;
  seq: number;
  issuers: string[];
  // Birth date parts for age filters; a partial date counts from its first day (Jan 1 / the 1st).
  by: number;
  bmd: number; // month*100+day, or -1 when there is no date of birth
  upName: string | null;
  upForename: string | null;
  /** When this notice's content last changed (for Last-Modified). */
  modifiedAt: Date;
  json: string;
}

interface Collection {
  /** Path segment under /notices/v1/: "red", "yellow", "un/persons", "un/entities". */
  kind: string;
  /** Red notices carry arrest warrants (detail key and list filter); the others do not. */
  warrants: boolean;
  all: Map<string, Indexed>; // by dash id, listed or not
  listed: Indexed[]; // newest first
  /** When any notice of the collection last changed, came or went (Last-Modified of its lists). */
  changedAt: Date;
}

const dashId = idToSlug;

function parseDob(dob: string | null): { by: number; bmd: number } {
  if (!dob) return { by: 0, bmd: -1 };
  const m = /^(\d{4})(?:\/(\d{2}))?(?:\/(\d{2}))?$/.exec(dob);
  if (!m) return { by: 0, bmd: -1 };
  return { by: Number(m[1]), bmd: Number(m[2] ?? 1) * 100 + Number(m[3] ?? 1) };
}

function buildCollection(kind: string, list: FakeNotice[], previous?: Collection, at = new Date()): Collection {
  const all = new Map<string, Indexed>();
  let changed = !previous || previous.all.size !== list.length;
  for (const raw of list) {
    if (!/^\d{4}\/\d+$/.test(raw.entity_id)) throw new Error(`fake-interpol: bad entity_id ${raw.entity_id}`);
    const id = dashId(raw.entity_id);
    if (all.has(id)) throw new Error(`fake-interpol: duplicate entity_id ${raw.entity_id}`);
    const n = structuredClone(raw);
    const { by, bmd } = parseDob(n.date_of_birth);
    const slash = n.entity_id.indexOf("/");
    const json = JSON.stringify(n);
    const before = previous?.all.get(id);
    const same = before !== undefined && before.json === json;
    if (!same) changed = true;
    all.set(id, {
      json,
      modifiedAt: same ? before.modifiedAt : at,
      n,
      id,
      year: Number(n.entity_id.slice(0, slash)),
      seq: Number(n.entity_id.slice(slash + 1)),
      issuers: n.arrest_warrants.map((w) => w.issuing_country_id),
      by,
      bmd,
      upName: n.name === null ? null : n.name.toUpperCase(),
      upForename: n.forename === null ? null : n.forename.toUpperCase(),
    });
  }
  const listed = [...all.values()].filter((x) => !x.n.unlisted);
  listed.sort((a, b) => b.year - a.year || b.seq - a.seq);
  return { kind, warrants: kind === "red", all, listed, changedAt: changed || !previous ? at : previous.changedAt };
}

// ---------------------------------------------------------------------------------------------- responses

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The parsed JSON, kept so "malformed" can derive a wrong shape from the right one. */
  json?: unknown;
}

function jsonReply(status: number, value: unknown): Reply {
  return {
    status,
    headers: { "content-type": "application/json" },
    body: Buffer.from(JSON.stringify(value), "utf8"),
    json: value,
  };
}
function rawJsonReply(status: number, text: string): Reply {
  return { status, headers: { "content-type": "application/json" }, body: Buffer.from(text, "utf8") };
}
function htmlReply(status: number, html: string): Reply {
  return { status, headers: { "content-type": "text/html" }, body: Buffer.from(html, "utf8") };
}
const notFound = (): Reply => rawJsonReply(404, NOT_FOUND_BODY);

type Href = { href: string };

function ageAt(x: Indexed, nowY: number, nowMd: number): number {
  return nowY - x.by - (nowMd < x.bmd ? 1 : 0);
}

// Cached so a sweep of thousands of name-pattern queries does not recompile; null = invalid pattern.
const patternCache = new Map<string, RegExp | null>();
function pattern(p: string): RegExp | null {
  let re = patternCache.get(p);
  if (re === undefined) {
    try {
      re = new RegExp(p, "i");
    } catch {
      re = null;
    }
    if (patternCache.size > 5000) patternCache.clear();
    patternCache.set(p, re);
  }
  return re;
}

function intParam(v: string | undefined): number | undefined {
  if (v === undefined || !/^\s*-?\d+\s*$/.test(v)) return undefined;
  return Number.parseInt(v, 10);
}

function listReply(base: string, col: Collection, q: URLSearchParams, now: Date): Reply {
  const allowed: readonly string[] = col.warrants ? RED_FILTERS : YELLOW_FILTERS;
  const filters: [string, string][] = [];
  for (const f of allowed) {
    const v = q.get(f);
    if (v !== null && v !== "") filters.push([f, v]);
  }
  const get = (k: string) => filters.find(([f]) => f === k)?.[1];
  // freeText has answered 502 since 2026.
  if (get("freeText") !== undefined) return htmlReply(502, gatewayPage(502));

  const rppRaw = intParam(q.get("resultPerPage") ?? undefined);
  const rpp = rppRaw === undefined || rppRaw < 1 ? DEFAULT_RESULT_PER_PAGE : Math.min(rppRaw, MAX_RESULT_PER_PAGE);
  const pageRaw = intParam(q.get("page") ?? undefined);

  const forename = get("forename");
  const name = get("name");
  const nationality = get("nationality")?.toUpperCase();
  const warrant = get("arrestWarrantCountryId")?.toUpperCase();
  const sex = get("sexId")?.toUpperCase();
  const ageMin = intParam(get("ageMin"));
  const ageMax = intParam(get("ageMax"));
  const fRe = forename === undefined ? undefined : pattern(forename);
  const nRe = name === undefined ? undefined : pattern(name);

  let matches: Indexed[];
  if (fRe === null || nRe === null) {
    matches = []; // an invalid pattern matches nothing
  } else {
    const nowY = now.getUTCFullYear();
    const nowMd = (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
    const needAge = ageMin !== undefined || ageMax !== undefined;
    matches = [];
    for (const x of col.listed) {
      if (nationality !== undefined && !x.n.nationalities.includes(nationality)) continue;
      if (warrant !== undefined && !x.issuers.includes(warrant)) continue;
      if (sex !== undefined && x.n.sex_id !== sex) continue;
      if (needAge) {
        if (x.bmd < 0) continue;
        const age = ageAt(x, nowY, nowMd);
        if (ageMin !== undefined && age < ageMin) continue;
        if (ageMax !== undefined && age > ageMax) continue;
      }
      if (fRe !== undefined && (x.upForename === null || !fRe.test(x.upForename))) continue;
      if (nRe !== undefined && (x.upName === null || !nRe.test(x.upName))) continue;
      matches.push(x);
    }
  }

  const total = matches.length;
  const reachable = Math.min(total, CAP);
  const lastPage = Math.max(1, Math.ceil(reachable / rpp));
  const page = Math.min(Math.max(pageRaw ?? 1, 1), lastPage);
  const items = matches.slice(0, reachable).slice((page - 1) * rpp, page * rpp);

  const listBase = `${base}/notices/v1/${col.kind}`;
  // Real hrefs look like ".../red?&resultPerPage=20&page=2" when unfiltered.
  const filterStr = filters.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
  const href = (p: number): Href => ({ href: `${listBase}?${filterStr}&resultPerPage=${rpp}&page=${p}` });
  const links: Record<string, Href> = { self: href(page), first: href(1) };
  if (page < lastPage) links.next = href(page + 1);
  links.last = href(lastPage);

  const query: Record<string, string | number> = { page, resultPerPage: rpp };
  for (const [k, v] of filters) {
    const asInt = k === "ageMin" || k === "ageMax" ? intParam(v) : undefined;
    query[k] = asInt ?? v;
  }

  return jsonReply(200, {
    total,
    query,
    _embedded: { notices: items.map((x) => listItem(listBase, x)) },
    _links: links,
  });
}

function noticeLinks(listBase: string, x: Indexed): Record<string, Href> {
  const self = `${listBase}/${x.id}`;
  const links: Record<string, Href> = { self: { href: self }, images: { href: `${self}/images` } };
  const thumb = x.n.pictures?.[0];
  if (thumb !== undefined) links.thumbnail = { href: `${self}/images/${thumb}` };
  return links;
}

function listItem(listBase: string, x: Indexed): unknown {
  const n = x.n;
  return {
    forename: n.forename,
    name: n.name,
    date_of_birth: n.date_of_birth,
    entity_id: n.entity_id,
    nationalities: n.nationalities,
    _links: noticeLinks(listBase, x),
  };
}

function detailBody(listBase: string, col: Collection, x: Indexed): Record<string, unknown> {
  const n = x.n;
  const body: Record<string, unknown> = {};
  if (col.warrants) body.arrest_warrants = n.arrest_warrants;
  Object.assign(body, {
    weight: n.weight,
    forename: n.forename,
    date_of_birth: n.date_of_birth,
    entity_id: n.entity_id,
    languages_spoken_ids: n.languages_spoken_ids,
    nationalities: n.nationalities,
    height: n.height,
    sex_id: n.sex_id,
    country_of_birth_id: n.country_of_birth_id,
    name: n.name,
    distinguishing_marks: n.distinguishing_marks,
    eyes_colors_id: n.eyes_colors_id,
    hairs_id: n.hairs_id,
    place_of_birth: n.place_of_birth,
    _embedded: { links: [] },
    _links: noticeLinks(listBase, x),
  });
  return body;
}

function imagesBody(listBase: string, x: Indexed): unknown {
  const self = `${listBase}/${x.id}`;
  return {
    _embedded: {
      images: (x.n.pictures ?? []).map((p) => ({
        picture_id: String(p),
        _links: { self: { href: `${self}/images/${p}` } },
      })),
    },
    _links: { self: { href: `${self}/images` }, notice: { href: self } },
  };
}

// The right data in the wrong shape: what a schema check in the client must reject.
function malformedOf(json: unknown): unknown {
  if (json && typeof json === "object" && !Array.isArray(json)) {
    const o = { ...(json as Record<string, unknown>) };
    if ("total" in o) {
      o.total = String(o.total);
      delete o._embedded;
      return o;
    }
    if ("entity_id" in o) {
      delete o.entity_id;
      o.nationalities = Array.isArray(o.nationalities) ? o.nationalities.join(",") : "??";
      return o;
    }
  }
  return { unexpected: true, data: "not what was asked for" };
}

// ---------------------------------------------------------------------------------------------- server

interface LiveFault {
  rule: FaultRule;
  remaining: number;
  fired: number;
  rand: () => number;
}

function matches(rule: FaultRule, info: FakeRequestInfo): boolean {
  const m = rule.match;
  if (m === undefined) return true;
  if (typeof m === "function") return m(info);
  if (m.method !== undefined && m.method.toUpperCase() !== info.method) return false;
  if (m.path !== undefined) {
    if (typeof m.path === "string" ? !info.path.startsWith(m.path) : !m.path.test(info.path)) return false;
  }
  if (m.query) {
    for (const [k, want] of Object.entries(m.query)) {
      const got = info.query[k];
      if (got === undefined) return false;
      if (typeof want === "string" ? got !== want : !want.test(got)) return false;
    }
  }
  return true;
}

export async function startFakeInterpol(opts: FakeInterpolOptions): Promise<FakeInterpol> {
  let red = buildCollection("red", opts.notices);
  let yellow = buildCollection("yellow", opts.yellowNotices ?? []);
  // UN special notices: always empty here; bare /un answers 404 (its real behaviour is uncertain).
  const unPersons = buildCollection("un/persons", []);
  const unEntities = buildCollection("un/entities", []);
  let fixedNow = opts.now;
  let faults: LiveFault[] = [];
  let requests: FakeRequestLog[] = [];
  let removedPool: FakeNotice[] = [];
  let stepCount = 0;
  const baseSeed = opts.seed ?? 1;
  const latency = opts.latencyMs ?? 0;
  const validators = opts.validators ?? true;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let base = "";

  const addFault = (rule: FaultRule): ActiveFault => {
    const live: LiveFault = {
      rule,
      remaining: rule.times ?? Infinity,
      fired: 0,
      rand: mulberry32(rule.seed ?? 0x5eed),
    };
    faults.push(live);
    return {
      rule,
      get fired() {
        return live.fired;
      },
      get remaining() {
        return live.remaining;
      },
      remove() {
        faults = faults.filter((f) => f !== live);
      },
    };
  };
  for (const f of opts.faults ?? []) addFault(f);

  function pickFault(info: FakeRequestInfo): LiveFault | undefined {
    for (const f of faults) {
      if (f.remaining <= 0 || !matches(f.rule, info)) continue;
      if (f.rule.probability !== undefined && f.rand() >= f.rule.probability) continue;
      f.remaining--;
      f.fired++;
      return f;
    }
    return undefined;
  }

  function route(method: string, path: string, q: URLSearchParams): Reply {
    if (method !== "GET" && method !== "HEAD") {
      return jsonReply(405, { status: 405, name: "MethodNotAllowedError", message: "Method Not Allowed" });
    }
    if (path === "/en/notices/data/countries") return jsonReply(200, COUNTRY_LIST);
    const m =
      /^\/notices\/v1\/(red|yellow|un\/persons|un\/entities)(?:\/(\d{4}-\d+)(?:\/images(?:\/(\d+))?)?)?\/?$/.exec(path);
    if (!m) return notFound();
    const col = { red, yellow, "un/persons": unPersons, "un/entities": unEntities }[m[1]] ?? red;
    const listBase = `${base}/notices/v1/${col.kind}`;
    if (m[2] === undefined) return withValidators(listReply(base, col, q, fixedNow ?? new Date()), col.changedAt);
    const x = col.all.get(m[2]);
    if (!x) return notFound();
    const wantsImages = path.includes("/images");
    if (!wantsImages) return withValidators(jsonReply(200, detailBody(listBase, col, x)), x.modifiedAt);
    if (m[3] === undefined) return jsonReply(200, imagesBody(listBase, x));
    const pic = Number(m[3]);
    if (!(x.n.pictures ?? []).includes(pic)) return notFound();
    return { status: 200, headers: { "content-type": "image/jpeg" }, body: pictureBytes(pic) };
  }

  /** A collection of the same kind with nothing in it: what an emptied partition answers. */
  function emptyCollection(path: string): Collection {
    const kind = /^\/notices\/v1\/(red|yellow|un\/persons|un\/entities)/.exec(path)?.[1] ?? "red";
    return buildCollection(kind, []);
  }

  /** ETag (a hash of the body) and Last-Modified, unless the fake was started without validators. */
  function withValidators(reply: Reply, modifiedAt: Date): Reply {
    if (!validators || reply.status !== 200) return reply;
    const etag = `"${createHash("sha1").update(reply.body).digest("hex").slice(0, 20)}"`;
    return { ...reply, headers: { ...reply.headers, etag, "last-modified": modifiedAt.toUTCString() } };
  }

  /** 304 when the client holds the current version (If-None-Match first, as RFC 9110 says). */
  function conditional(req: http.IncomingMessage, reply: Reply): Reply {
    if (!validators || reply.status !== 200 || !reply.headers.etag) return reply;
    const inm = req.headers["if-none-match"];
    const ims = req.headers["if-modified-since"];
    let fresh = false;
    if (inm !== undefined) fresh = inm.split(",").some((t) => t.trim() === reply.headers.etag || t.trim() === "*");
    else if (ims !== undefined) {
      const since = Date.parse(ims);
      const lm = Date.parse(reply.headers["last-modified"] ?? "");
      fresh = Number.isFinite(since) && Number.isFinite(lm) && lm <= since;
    }
    if (!fresh) return reply;
    const headers: Record<string, string> = { etag: reply.headers.etag };
    if (reply.headers["last-modified"]) headers["last-modified"] = reply.headers["last-modified"];
    return { status: 304, headers, body: Buffer.alloc(0) };
  }

  function send(res: http.ServerResponse, reply: Reply, retryAfter?: number, headOnly = false): void {
    const headers: Record<string, string | number> = {
      ...reply.headers,
      "content-length": reply.body.length,
      "cache-control": "no-cache",
    };
    if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
    res.writeHead(reply.status, headers);
    res.end(headOnly ? undefined : reply.body);
  }

  function doStep(o: StepOptions = {}): MutationDescription {
    stepCount++;
    const current = [...red.all.values()].map((x) => x.n);
    const size = current.length;
    const result = mutateForNextPull(current, {
      seed: o.seed ?? baseSeed * 1_000_003 + stepCount,
      change: o.change ?? Math.max(1, Math.round(size * 0.01)),
      remove: o.remove ?? Math.min(size, 3),
      add: o.add ?? 4,
      reappear: o.reappear ?? 1,
      removedPool,
      now: fixedNow ?? new Date(),
    });
    const back = new Set(result.description.reappeared);
    removedPool = [...removedPool.filter((n) => !back.has(n.entity_id)), ...result.removedNotices];
    red = buildCollection("red", result.notices, red);
    return result.description;
  }

  function control(req: http.IncomingMessage, res: http.ServerResponse, path: string): void {
    const reply = (status: number, v: unknown) => send(res, jsonReply(status, v));
    if (path === "/__fake/state" && req.method === "GET") {
      return reply(200, {
        notices: red.all.size,
        listed: red.listed.length,
        unlisted: red.all.size - red.listed.length,
        yellow: yellow.all.size,
        removedPool: removedPool.length,
        steps: stepCount,
        faults: faults.map((f) => ({ kind: f.rule.kind, fired: f.fired, remaining: f.remaining })),
        requests: requests.length,
        now: (fixedNow ?? new Date()).toISOString(),
      });
    }
    if (path === "/__fake/step" && req.method === "POST") {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        let o: StepOptions = {};
        try {
          const text = Buffer.concat(chunks).toString("utf8").trim();
          if (text) o = JSON.parse(text) as StepOptions;
        } catch {
          return reply(400, { error: "body must be JSON" });
        }
        const d = doStep(o);
        reply(200, {
          removed: d.removed,
          changed: d.changed,
          added: d.added,
          reappeared: d.reappeared,
          counts: {
            removed: d.removed.length,
            changed: d.changed.length,
            added: d.added.length,
            reappeared: d.reappeared.length,
            total: red.all.size,
          },
        });
      });
      return;
    }
    reply(404, { error: "unknown control endpoint" });
  }

  function handle(req: http.IncomingMessage, res: http.ServerResponse, at: Date): void {
    const u = new URL(req.url ?? "/", "http://fake.invalid");
    const path = u.pathname;
    const method = req.method ?? "GET";
    const query: Record<string, string> = {};
    for (const [k, v] of u.searchParams) if (!(k in query)) query[k] = v;
    const info: FakeRequestInfo = { method, path, query };
    const log = (status: number, fault?: FaultKind) => {
      const entry: FakeRequestLog = { ...info, status, at };
      if (fault) entry.fault = fault;
      requests.push(entry);
      // A standalone fake runs for days under the demo: keep the log bounded.
      if (requests.length > 200_000) requests.splice(0, 100_000);
    };

    const fault = pickFault(info);
    const kind = fault?.rule.kind;
    const retryAfter = fault?.rule.retryAfter;
    switch (kind) {
      case "timeout":
        log(0, kind);
        return; // never answer; close() destroys the socket
      case "reset":
        log(0, kind);
        req.socket.destroy();
        return;
      case "403":
        log(403, kind);
        return send(res, htmlReply(403, cdnBlockPage(req.url ?? path)), retryAfter);
      case "413":
      case "429":
      case "502":
      case "503":
      case "504": {
        const status = Number(kind);
        log(status, kind);
        return send(res, htmlReply(status, gatewayPage(status)), retryAfter);
      }
      case "404-list":
        log(404, kind);
        return send(res, notFound(), retryAfter);
      case "empty": {
        const reply = listReply(base, emptyCollection(path), u.searchParams, fixedNow ?? new Date());
        log(reply.status, kind);
        return send(res, reply, retryAfter, method === "HEAD");
      }
    }

    let reply = route(method, path, u.searchParams);
    reply = conditional(req, reply);
    if (kind === "truncated") {
      // A complete HTTP message whose JSON stops mid-way: the client must notice by parsing.
      const cut = Math.max(1, Math.floor(reply.body.length / 2));
      reply = { status: 200, headers: { "content-type": "application/json" }, body: reply.body.subarray(0, cut) };
    } else if (kind === "malformed") {
      const json = fault?.rule.body !== undefined ? fault.rule.body : malformedOf(reply.json);
      reply = jsonReply(200, json);
    }
    log(reply.status, kind);
    send(res, reply, retryAfter, method === "HEAD");
  }

  const server = http.createServer((req, res) => {
    const at = new Date();
    const path = (req.url ?? "/").split("?")[0];
    if (path.startsWith("/__fake/")) return control(req, res, path);
    if (latency > 0) {
      const t = setTimeout(() => {
        timers.delete(t);
        if (!req.socket.destroyed) handle(req, res, at);
      }, latency);
      timers.add(t);
    } else {
      handle(req, res, at);
    }
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let closed: Promise<void> | undefined;
  return {
    url: base,
    notices: () => [...red.all.values()].map((x) => structuredClone(x.n)),
    setNotices(list) {
      red = buildCollection("red", list, red);
    },
    update(fn) {
      const copy = [...red.all.values()].map((x) => structuredClone(x.n));
      const out = fn(copy);
      red = buildCollection("red", out ?? copy, red);
    },
    yellowNotices: () => [...yellow.all.values()].map((x) => structuredClone(x.n)),
    setYellowNotices(list) {
      yellow = buildCollection("yellow", list, yellow);
    },
    setNow(now) {
      fixedNow = now;
    },
    step: doStep,
    addFault,
    clearFaults() {
      faults = [];
    },
    get requests() {
      return requests;
    },
    resetRequests() {
      requests = [];
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        // Hung "timeout" answers and keep-alive sockets would hold close() forever.
        for (const s of sockets) s.destroy();
      });
      return closed;
    },
  };
}
