// The query planner: pure, no I/O. Interpol's list answers at most 160 notices per query whatever its
// `total` says (docs/interpol-api.md, "The 160 cap"), so queries are split until each reports at
// most 160. The sweep (sweep.ts) drives these functions; they decide which queries, the sweep asks.
//
// Plan from the totals, and ask as little as possible (docs/decisions/008):
//  1. Nationality roots, one per country. A root whose total fits the cap is one request and done.
//  2. A larger one is split by sex (every notice has a sex_id, U when unknown: nothing is lost),
//     then by age, in ranges sized from the ages seen so far so that each holds about TARGET
//     notices (a range that still overflows is split again, down to single years).
//  3. Age filters drop every notice without a usable date of birth. When the ranges add up to less
//     than their parent, the parent is split by name length (`name=^.....$`, one dot per letter;
//     `^` + dots without `$` for "at least that long"); only lengths that occur, plus the open tail,
//     and the short lengths only if the totals say something is still missing. A cell still above
//     160 is split by forename length the same way.
//  4. Any node whose total is fully accounted for by notices already seen in it needs no split:
//     counting is only on what is certain (see certainlyIn).
//  5. The warrant-country roots reach what no nationality root can (no nationality, or one outside
//     the country list), so they run only when the unfiltered total says the nationality pass came
//     up short, and then with the warrants of every notice seen known from its detail, so that only
//     the parts holding something unseen are split.
//
// Completeness gaps, stated plainly (the sweep reports coverage; removals are confirmed by detail):
//  - a cell still above 160 after the forename split ("capped") shows only 160 of its notices;
//  - a notice with no date of birth and no forename, in a name cell above 160, is reachable only
//    through a warrant-country root small enough to list it;
//  - name patterns rely on the service matching `name` as an anchored pattern, as crawlers observed;
//  - how the service computes the age of a partial birth date is unknown: such notices are never
//    counted as certainly inside an age range, so they can only cost requests, never be skipped.
import { SPECIAL_ISSUER_CODES } from "../../lib/special-issuers";

export const MAX_PER_QUERY = 160;
/** What an age range aims to hold: room below the cap for what the estimate did not see. */
export const TARGET_PER_QUERY = 120;
export const AGE_MAX = 150;

export type Sex = "M" | "F" | "U";

export interface Query {
  nationality?: string;
  arrestWarrantCountryId?: string;
  sexId?: Sex;
  ageMin?: number;
  ageMax?: number;
  /** A name pattern such as `^.....$` */
  name?: string;
  forename?: string;
}

export type SplitDimension = "root" | "sex" | "age" | "age-year" | "name-length" | "forename-length" | "none";

export const SEXES: readonly Sex[] = ["M", "F", "U"];

/** Fixed age buckets (inclusive), used when no ages are known to size ranges from. */
export const AGE_BUCKETS: ReadonlyArray<readonly [number, number]> = [
  [0, 19],
  [20, 24],
  [25, 29],
  [30, 34],
  [35, 39],
  [40, 44],
  [45, 49],
  [50, 54],
  [55, 59],
  [60, 64],
  [65, 69],
  [70, 79],
  [80, AGE_MAX],
];

/** Exact lengths 1..29, then `^` + 30 dots (no `$`) for 30 and longer. */
export const NAME_LENGTH_MAX = 30;

/** Special warrant issuers (not countries) that still need their own root query (lib/special-issuers.ts). */
export { SPECIAL_ISSUER_CODES };

export function exactLength(n: number): string {
  return `^${".".repeat(n)}$`;
}
export function atLeastLength(n: number): string {
  return `^${".".repeat(n)}`;
}

/** Every name length: exact 1..29 and "30 or longer". */
export function namePatterns(): string[] {
  const out: string[] = [];
  for (let n = 1; n < NAME_LENGTH_MAX; n++) out.push(exactLength(n));
  out.push(atLeastLength(NAME_LENGTH_MAX));
  return out;
}

const KEY_ORDER: Array<keyof Query> = [
  "nationality",
  "arrestWarrantCountryId",
  "sexId",
  "ageMin",
  "ageMax",
  "name",
  "forename",
];

/** Stable across runs and independent of property order: for dedupe, logs and the crawl record. */
export function queryKey(q: Query): string {
  const parts: string[] = [];
  for (const k of KEY_ORDER) {
    const v = q[k];
    if (v !== undefined && v !== null && v !== "") parts.push(`${k}=${v}`);
  }
  return parts.length ? parts.join("&") : "(all)";
}

/** The query a key stands for (the inverse of queryKey); null for a key it did not make. */
export function parseQueryKey(key: string): Query | null {
  if (key === "(all)") return {};
  const q: Record<string, string | number> = {};
  for (const part of key.split("&")) {
    const i = part.indexOf("=");
    if (i <= 0) return null;
    const k = part.slice(0, i) as keyof Query;
    const v = part.slice(i + 1);
    if (!KEY_ORDER.includes(k)) return null;
    q[k] = k === "ageMin" || k === "ageMax" ? Number(v) : v;
  }
  return q as Query;
}

export function isRoot(q: Query): boolean {
  return queryKey(q) === "(all)";
}

/** A partition the guard watches: the unfiltered query, one nationality, warrant country or sex. */
export function isPartitionRoot(q: Query): boolean {
  const keys = Object.keys(q).filter((k) => q[k as keyof Query] !== undefined);
  return keys.length === 0 || (keys.length === 1 && ["nationality", "arrestWarrantCountryId", "sexId"].includes(keys[0]!));
}

function cleanCodes(countryCodes: readonly string[]): string[] {
  return [...new Set(countryCodes.map((c) => c.trim().toUpperCase()).filter(Boolean))].sort();
}

/** Nationality roots: one per country code (special issuers are not nationalities). */
export function nationalityRoots(countryCodes: readonly string[]): Query[] {
  return cleanCodes(countryCodes)
    .filter((c) => !SPECIAL_ISSUER_CODES.includes(c as never))
    .map((c) => ({ nationality: c }));
}

/** Warrant-country roots: every country code and the special issuers. */
export function warrantRoots(countryCodes: readonly string[]): Query[] {
  return [...new Set([...cleanCodes(countryCodes), ...SPECIAL_ISSUER_CODES])].sort().map((c) => ({ arrestWarrantCountryId: c }));
}

/** The roots: the unfiltered query, one per nationality, one per warrant-issuing country. */
export function initialQueries(countryCodes: readonly string[], opts: { warrantCountries?: boolean } = {}): Query[] {
  return [{}, ...nationalityRoots(countryCodes), ...(opts.warrantCountries ?? true ? warrantRoots(countryCodes) : [])];
}

/** Which split applies next to a query that is too large. */
export function nextDimension(q: Query): SplitDimension {
  if (isRoot(q)) return "none"; // covered by the country roots, never split itself
  if (!q.sexId && q.ageMin === undefined && !q.name && !q.forename) return "sex";
  if (q.ageMin === undefined && !q.name && !q.forename) return "age";
  if (q.ageMin !== undefined && q.ageMax !== undefined && q.ageMax > q.ageMin && !q.name) return "age-year";
  if (!q.name) return "name-length";
  if (!q.forename) return "forename-length";
  return "none";
}

// ---- age ranges ---------------------------------------------------------------------------------

/**
 * Contiguous age ranges covering [from, to] for a query reporting `total` notices, sized from the
 * ages seen among its notices so that each range is expected to hold about `target`. Without ages
 * to go by, the fixed buckets (clipped to [from, to]).
 */
export function ageRanges(
  ages: readonly number[],
  total: number,
  opts: { from?: number; to?: number; target?: number } = {},
): Array<[number, number]> {
  const from = opts.from ?? 0;
  const to = opts.to ?? AGE_MAX;
  const target = opts.target ?? TARGET_PER_QUERY;
  const inside = ages.filter((a) => a >= from && a <= to);
  if (from === to) return [[from, to]];
  if (inside.length < 20) {
    if (from === 0 && to === AGE_MAX) return AGE_BUCKETS.map(([a, b]) => [a, b]);
    // Halves: cheap when little is known, and any half still too large is split again.
    const mid = Math.floor((from + to) / 2);
    return [
      [from, mid],
      [mid + 1, to],
    ];
  }
  // Smoothed histogram of the sample, scaled to the total: the expected notices at each age.
  const span = to - from + 1;
  const hist = new Array<number>(span).fill(0);
  for (const a of inside) hist[a - from]! += 1;
  const kernel = [1, 2, 3, 2, 1];
  const smooth = hist.map((_, i) => {
    let s = 0;
    let w = 0;
    for (let k = -2; k <= 2; k++) {
      const j = i + k;
      if (j < 0 || j >= span) continue;
      s += hist[j]! * kernel[k + 2]!;
      w += kernel[k + 2]!;
    }
    return s / w;
  });
  const mass = smooth.reduce((x, y) => x + y, 0) || 1;
  const scale = total / mass;
  const out: Array<[number, number]> = [];
  let start = from;
  let acc = 0;
  for (let a = from; a <= to; a++) {
    const e = smooth[a - from]! * scale;
    if (acc + e > target && a > start) {
      out.push([start, a - 1]);
      start = a;
      acc = 0;
    }
    acc += e;
  }
  out.push([start, to]);
  return out;
}

// ---- name cells ---------------------------------------------------------------------------------

/**
 * Patterns for splitting by the length of a name (or forename): the lengths that occur among the
 * notices already seen, and an open-ended tail after the longest. `short` also gives the lengths
 * below the shortest seen (asked only when the totals say something is still missing there).
 */
export function lengthCells(lengths: readonly number[]): { cells: string[]; short: string[] } {
  const seen = lengths.filter((l) => l > 0);
  if (!seen.length) return { cells: namePatterns(), short: [] };
  const min = Math.min(...seen, NAME_LENGTH_MAX);
  const max = Math.min(Math.max(...seen), NAME_LENGTH_MAX - 1);
  const cells: string[] = [];
  for (let l = min; l <= max; l++) cells.push(exactLength(l));
  cells.push(atLeastLength(Math.min(max + 1, NAME_LENGTH_MAX)));
  const short: string[] = [];
  for (let l = 1; l < min; l++) short.push(exactLength(l));
  return { cells, short };
}

/** What one of our length patterns says: exact length, or at least; null when not one of ours. */
export function lengthPattern(pattern: string): { length: number; exact: boolean } | null {
  const m = /^\^(\.*)(\$?)$/.exec(pattern);
  return m ? { length: m[1]!.length, exact: m[2] === "$" } : null;
}

/** Whether a value (as the service compares it) matches one of our length patterns. */
export function matchesLength(pattern: string, value: string | null | undefined): boolean | null {
  const p = lengthPattern(pattern);
  if (!p) return null;
  if (value === null || value === undefined) return false;
  return p.exact ? value.length === p.length : value.length >= p.length;
}

// ---- reading notices against queries ------------------------------------------------------------

/** What a query can be judged on: a notice's fields as stored or listed. */
export interface MatchAttrs {
  nationalities: readonly string[];
  warrantCountries?: readonly string[] | null;
  sex?: string | null;
  name?: string | null;
  forename?: string | null;
  birthDate?: string | null;
}

/**
 * Whether a notice may be among a query's results: false only when one of its known fields rules it
 * out. For saying why a notice was not seen (a failed partition), never for deciding it was.
 */
export function mayMatch(q: Query, n: MatchAttrs, now = new Date()): boolean {
  if (q.nationality && !n.nationalities.includes(q.nationality)) return false;
  if (q.arrestWarrantCountryId && n.warrantCountries && !n.warrantCountries.includes(q.arrestWarrantCountryId)) return false;
  if (q.sexId && n.sex && n.sex !== q.sexId) return false;
  if (q.name && n.name !== undefined && matchesLength(q.name, n.name) === false) return false;
  if (q.forename && n.forename !== undefined && matchesLength(q.forename, n.forename) === false) return false;
  if ((q.ageMin !== undefined || q.ageMax !== undefined) && n.birthDate !== undefined) {
    if (n.birthDate === null) return false;
    const y = /^(\d{4})/.exec(n.birthDate);
    if (y) {
      const oldest = now.getUTCFullYear() - Number(y[1]);
      const youngest = oldest - 1;
      if (q.ageMin !== undefined && oldest < q.ageMin) return false;
      if (q.ageMax !== undefined && youngest > q.ageMax) return false;
    }
  }
  return true;
}

/**
 * Share of the notices Interpol says exist that the sweep saw (0..1). The reference is the largest
 * `total` any query reported (the unfiltered one). Clamped: notices published mid-sweep can push
 * seen above that total.
 */
export function coverage(seenDistinct: number, maxReportedTotal: number): number {
  if (maxReportedTotal <= 0) return 1;
  return Math.min(1, seenDistinct / maxReportedTotal);
}
