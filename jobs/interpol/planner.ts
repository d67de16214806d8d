// The query planner: pure, no I/O. Interpol's list answers at most 160 notices per query whatever its
// `total` says, so we split queries until each reports total ≤ 160 (docs/interpol-api.md, "The 160 cap").
//
// A state machine the sweep drives:
//   initialQueries(countries)  → the roots: the unfiltered query, one per nationality, one per
//                                warrant-issuing country (special issuers included);
//   expand(query, total)       → children when total > 160 and a split is left, else [];
//   gapQueries(parent, dimension, total, childTotalsSum) → when a split's children account for
//                                fewer notices than the parent reported, queries that reach the rest;
//   leafStatus(query, total)   → complete | split | capped (a leaf that can't be fully covered) | root.
//
// Order of splits, and why:
//  1. nationality and warrant country (the roots). Filters are exact and cheap, and together they reach
//     notices with no nationality (only the warrant-country roots see those).
//  2. sex (M, F, U). Every notice has a sex_id (U when unknown), so the split loses nothing, and it
//     roughly halves the large countries.
//  3. age: coarse buckets first (few requests for mid-sized groups), then single years. Age filters
//     drop every notice without a date of birth, which is why gaps exist (see 5).
//  4. name length (`name=^.....$`, one dot per letter, anchored; a final open-ended `^.{30}` catches
//     longer names), then forename length for groups still too large.
//  5. gap filling: when the children of an age split sum to less than the parent's total, the
//     difference has no (usable) date of birth; the parent is then split by name length instead.
//
// Completeness gaps, stated plainly (the sweep reports coverage; removals are confirmed by detail):
//  - a leaf still above 160 after the forename split ("capped") shows only 160 of its notices;
//  - a notice with neither nationality nor a warrant country in our code list is reachable only via
//    the unfiltered query's newest 160;
//  - a notice with no date of birth *and* no name in a group too large for the sex split is lost;
//  - name patterns rely on the service matching `name` as an anchored pattern, as crawlers observed;
//  - how the service computes the age of a year-only birth date is unknown: such notices may fall
//    between buckets, in which case the gap step finds them by name.
import { SPECIAL_ISSUER_CODES } from "../../lib/special-issuers";

export const MAX_PER_QUERY = 160;

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

/** Coarse age buckets (inclusive). Ages beyond 120 are impossible in practice but must not be lost. */
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
  [80, 150],
];

/** Exact lengths 1..29, then `^` + 30 dots (no `$`) for 30 and longer. */
export const NAME_LENGTH_MAX = 30;

/** Special warrant issuers (not countries) that still need their own root query (lib/special-issuers.ts). */
export { SPECIAL_ISSUER_CODES };

export function namePatterns(): string[] {
  const out: string[] = [];
  for (let n = 1; n < NAME_LENGTH_MAX; n++) out.push(`^${".".repeat(n)}$`);
  out.push(`^${".".repeat(NAME_LENGTH_MAX)}`);
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

export function isRoot(q: Query): boolean {
  return queryKey(q) === "(all)";
}

/** The roots. Codes are upper-cased and deduped; special issuers are always added as warrant roots. */
export function initialQueries(countryCodes: readonly string[], opts: { warrantCountries?: boolean } = {}): Query[] {
  const codes = [...new Set(countryCodes.map((c) => c.trim().toUpperCase()).filter(Boolean))].sort();
  const out: Query[] = [{}];
  for (const c of codes) if (!SPECIAL_ISSUER_CODES.includes(c as never)) out.push({ nationality: c });
  if (opts.warrantCountries ?? true) {
    const issuers = [...new Set([...codes, ...SPECIAL_ISSUER_CODES])].sort();
    for (const c of issuers) out.push({ arrestWarrantCountryId: c });
  }
  return out;
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

function split(q: Query, dim: SplitDimension): Query[] {
  switch (dim) {
    case "sex":
      return SEXES.map((s) => ({ ...q, sexId: s }));
    case "age":
      return AGE_BUCKETS.map(([a, b]) => ({ ...q, ageMin: a, ageMax: b }));
    case "age-year": {
      const out: Query[] = [];
      for (let a = q.ageMin!; a <= q.ageMax!; a++) out.push({ ...q, ageMin: a, ageMax: a });
      return out;
    }
    case "name-length":
      return namePatterns().map((p) => ({ ...q, name: p }));
    case "forename-length":
      return namePatterns().map((p) => ({ ...q, forename: p }));
    default:
      return [];
  }
}

/** The split `expand` applies to this query, with its children. */
export function expandWithDimension(q: Query, reportedTotal: number): { dimension: SplitDimension; children: Query[] } {
  if (reportedTotal <= MAX_PER_QUERY) return { dimension: "none", children: [] };
  const dimension = nextDimension(q);
  return { dimension, children: split(q, dimension) };
}

/** Children of a query that reported `reportedTotal`; [] for a leaf (total ≤ 160) or when no split is left. */
export function expand(q: Query, reportedTotal: number): Query[] {
  if (reportedTotal <= MAX_PER_QUERY) return [];
  return split(q, nextDimension(q));
}

export type LeafStatus = "complete" | "split" | "capped" | "root";

/** How the sweep should record a query once its total is known. */
export function leafStatus(q: Query, reportedTotal: number): LeafStatus {
  if (reportedTotal <= MAX_PER_QUERY) return "complete";
  if (isRoot(q)) return "root";
  return expand(q, reportedTotal).length ? "split" : "capped";
}

/**
 * After all children of one split of `parent` have reported: if they account for fewer notices than
 * the parent, the rest were dropped by the split's filter (age drops notices without a usable date of
 * birth, name and forename patterns drop null ones). Reach them with a split of the parent on a
 * dimension that does not filter on the missing value. Each dimension is tried once per parent, so
 * this terminates. The results overlap the children already fetched; the sweep deduplicates.
 */
export function gapQueries(
  parent: Query,
  splitDimension: SplitDimension,
  parentTotal: number,
  childTotalsSum: number,
): Query[] {
  if (childTotalsSum >= parentTotal) return [];
  switch (splitDimension) {
    case "age": // sex always has a value (U when unknown), and single years partition their bucket
      return parent.name ? [] : namePatterns().map((p) => ({ ...parent, name: p }));
    case "name-length":
      return parent.forename ? [] : namePatterns().map((p) => ({ ...parent, forename: p }));
    default:
      return [];
  }
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
