// The partition guard: a list that silently empties must not read as success. Pure: the pull job
// hands in what this run's partitions reported, what the last good run's reported, and what became
// of the stored notices of each partition; this says which partitions dropped, and why a notice
// the lists did not show was not seen (the planner, or a partition that failed or dropped).
//
// Thresholds, after OpenSanctions' minimum counts (docs/decisions/008):
//  - a partition that had at least MIN_BEFORE notices in the last good run and now reports less than
//    DROP_RATIO of them has dropped, unless the drop is explained: its missing notices are gone (their
//    own pages answer Not Found). It is not explained while STILL_PUBLISHED_MIN or more of them (or a
//    tenth of the drop, if more) still answer on their own page, or this run saw more of its notices
//    through other partitions than it reports;
//  - coverage more than COVERAGE_DROP below the last good run's is a drop on its own;
//  - within one run, history or not: a nationality whose list reports fewer notices than the run saw
//    of that nationality through other queries, by STILL_PUBLISHED_MIN or a tenth, is hiding them;
//    and notices the unfiltered total counts that no query showed and no query too crowded to open
//    accounts for (at least STILL_PUBLISHED_MIN, and UNEXPLAINED_SHARE of the total) mean the same.
// A dropped partition makes the run partial and is named; it never removes anything: a removal
// still needs the notice's own Not Found.
import { mayMatch, parseQueryKey, type Query } from "./planner";

export const MIN_BEFORE = 20;
export const DROP_RATIO = 0.5;
export const COVERAGE_DROP = 0.1;
export const STILL_PUBLISHED_MIN = 3;
export const UNEXPLAINED_SHARE = 0.01;

export interface PartitionReport {
  total: number;
  /** The partition's query and every split under it answered. */
  complete: boolean;
  /** Not asked (empty in the last good run): the total is what was seen of it. */
  inferred?: boolean;
}

export type Partitions = Record<string, PartitionReport>;

export interface LastGoodRun {
  runId: number;
  coverage: number;
  partitions: Partitions;
}

/** What the guard and the attribution need to know of a notice. */
export interface NoticeAttrs {
  nationalities: readonly string[];
  warrantCountries: readonly string[];
  sex?: string | null;
  name?: string | null;
  forename?: string | null;
  birthDate?: string | null;
}

export interface DroppedPartition {
  key: string;
  total: number;
  /** What the last good run reported; null when the drop shows within this run alone (seenBeyond). */
  before: number | null;
  beforeRun: number | null;
  /** Its stored notices the lists did not show that still answer on their own page. */
  stillPublished: number;
  /** Its notices seen this run beyond the total it reports. */
  seenBeyond: number;
}

export interface GuardInput {
  partitions: Partitions;
  coverage: number;
  lastGood: LastGoodRun | null;
  /** Stored-active notices (at the start of the run) with their attributes. */
  stored: ReadonlyMap<string, NoticeAttrs>;
  /** Stored-active notices the lists did not show but whose own page answered (or did not answer at all). */
  notListedStillThere: ReadonlySet<string>;
  /** Notices this run listed, with their nationalities as the lists gave them. */
  seenNationalities: ReadonlyMap<string, readonly string[]>;
  /** Counted by the unfiltered total, not seen, and not in any query too crowded to open (the sweep says). */
  unexplained?: number;
  reportedTotal?: number;
}

export interface GuardResult {
  dropped: DroppedPartition[];
  coverageDrop: { before: number; now: number; beforeRun: number } | null;
  /** Unseen notices no crowded query accounts for, when there are enough of them to matter. */
  unexplained: number | null;
  tripped: boolean;
}

/** The root partition a stored notice belongs to, by key. */
export function inRootPartition(key: string, n: NoticeAttrs): boolean {
  const q = parseQueryKey(key);
  if (!q) return false;
  return mayMatch(q, n);
}

/** Notices seen this run with each nationality (as the lists gave them). */
function seenByNationality(seen: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const out = new Map<string, number>();
  for (const nats of seen.values()) for (const c of nats) out.set(c, (out.get(c) ?? 0) + 1);
  return out;
}

export function partitionGuard(input: GuardInput): GuardResult {
  const dropped: DroppedPartition[] = [];
  const last = input.lastGood;
  const seenNat = seenByNationality(input.seenNationalities);
  // Within this run alone: a nationality list reporting far fewer notices than the run saw of that
  // nationality through other queries is hiding them, history or not (a first run too).
  for (const [key, now] of Object.entries(input.partitions)) {
    if (now.inferred) continue;
    const m = /^nationality=([A-Z0-9]+)$/.exec(key);
    if (!m) continue;
    const seen = seenNat.get(m[1]!) ?? 0;
    const beyond = seen - now.total;
    if (beyond >= Math.max(STILL_PUBLISHED_MIN, Math.ceil(seen * 0.1))) {
      const before = last?.partitions[key]?.total ?? null;
      dropped.push({ key, total: now.total, before, beforeRun: before === null ? null : last!.runId, stillPublished: 0, seenBeyond: beyond });
    }
  }
  if (last) {
    for (const [key, now] of Object.entries(input.partitions)) {
      if (now.inferred || dropped.some((d) => d.key === key)) continue;
      const before = last.partitions[key]?.total;
      if (before === undefined || before < MIN_BEFORE || now.total >= before * DROP_RATIO) continue;
      const q = parseQueryKey(key);
      if (!q) continue;
      let stillPublished = 0;
      for (const id of input.notListedStillThere) {
        const n = input.stored.get(id);
        if (n && mayMatch(q, n)) stillPublished++;
      }
      const seen = q.nationality && Object.keys(q).length === 1 ? (seenNat.get(q.nationality) ?? 0) : 0;
      const seenBeyond = Math.max(0, seen - now.total);
      const evidence = stillPublished + seenBeyond;
      const drop = before - now.total;
      if (evidence >= Math.max(STILL_PUBLISHED_MIN, Math.ceil(drop * 0.1)) || (evidence > 0 && drop >= before)) {
        dropped.push({ key, total: now.total, before, beforeRun: last.runId, stillPublished, seenBeyond });
      }
    }
  }
  const size = (d: DroppedPartition) => (d.before ?? d.total + d.seenBeyond) - d.total;
  dropped.sort((a, b) => size(b) - size(a) || (a.key < b.key ? -1 : 1));
  const coverageDrop =
    last && last.coverage - input.coverage > COVERAGE_DROP
      ? { before: last.coverage, now: input.coverage, beforeRun: last.runId }
      : null;
  // What the totals count but no query showed, and no crowded query explains: lists that hide.
  const u = input.unexplained ?? 0;
  const unexplained = u >= Math.max(STILL_PUBLISHED_MIN, Math.ceil((input.reportedTotal ?? 0) * UNEXPLAINED_SHARE)) ? u : null;
  return { dropped, coverageDrop, unexplained, tripped: dropped.length > 0 || coverageDrop !== null || unexplained !== null };
}

/**
 * Why a stored notice the lists did not show was not seen: the first failed or dropped partition
 * (by query key) it may belong to, or null (then the planner missed it).
 */
export function hiddenBy(n: NoticeAttrs, partitionKeys: readonly string[], now = new Date()): string | null {
  for (const key of partitionKeys) {
    const q: Query | null = parseQueryKey(key);
    if (q && mayMatch(q, n, now)) return key;
  }
  return null;
}
