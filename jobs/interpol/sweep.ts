// The sweep: asks the planner's queries of the list endpoint and collects every notice it can reach,
// deduplicated by entity id. No database here; the pull job stores what this returns.
//
// Planned from the totals (planner.ts): nationality roots first, each split only as far as its
// total requires and only where something unseen can still be; the warrant-country roots only when
// the unfiltered total says the nationality pass came up short. A list page is never asked twice
// (the client remembers them for the run).
//
// Paging follows `_links.next` only. The service clamps a page past the last to the last page, so
// counting pages or waiting for an empty one would never end (docs/interpol-api.md).
import type { ClientError, InterpolClient, NoticeKind, Result, Validators } from "./client";
import { certainlyIn, learn, ServiceClock, type Known } from "./membership";
import { normalizeListItem, type NormalizedListItem } from "./normalize";
import {
  AGE_MAX,
  ageRanges,
  coverage as coverageOf,
  isPartitionRoot,
  lengthCells,
  MAX_PER_QUERY,
  nationalityRoots,
  parseQueryKey,
  queryKey,
  SEXES,
  TARGET_PER_QUERY,
  warrantRoots,
  type Query,
  type SplitDimension,
} from "./planner";
import type { ListPage, NoticeDetail } from "./schemas";

export interface SeenNotice extends NormalizedListItem, Omit<Known, "nationalities"> {
  /** Key of the first query that returned it. */
  firstQuery: string;
}

/** What the job tells the sweep about seen notices from their details (lists lack sex and warrants). */
export interface NoticeFacts {
  sex: string | null;
  warrantCountries: readonly string[];
}

export interface SweepError {
  key: string;
  url?: string;
  page?: number;
  code: ClientError["code"] | "loop" | "too_many_pages" | "budget";
  message: string;
  status?: number;
}

export interface SweepProgress {
  planned: number;
  done: number;
  failed: number;
  capped: number;
  seen: number;
  requests: number;
  maxTotal: number;
}

export interface SweepOptions {
  countryCodes: readonly string[];
  kind?: NoticeKind;
  /** At most 160; 160 keeps one page per query. */
  resultPerPage?: number;
  /** Query by name/forename length when an age split loses notices (no birth date). Default true. */
  fillGaps?: boolean;
  /** Safety budget on queries; beyond it the sweep stops planning and is incomplete. */
  maxQueries?: number;
  /**
   * Sex and warrant issuers of seen notices, from their details: asked once, before the
   * warrant-country pass, so that only what holds something unseen is split. Without it that pass
   * splits by totals alone.
   */
  describe?: (ids: string[]) => Promise<ReadonlyMap<string, NoticeFacts | null>>;
  onProgress?: (p: SweepProgress) => void;
  /** Every list page fetched, for archiving the evidence. */
  onPage?: (p: { key: string; query: Query; page: number; result: Result<ListPage> }) => void;
  signal?: AbortSignal;
  /** Ages are sized against this until the service's own answers say which day it counts from. */
  now?: Date;
  /**
   * Nationality roots the last good run found empty: not asked. What they could hold is still
   * found when the unfiltered total says something is missing (the passes B and C reach every
   * notice whatever its nationality); their totals are then taken from what was seen.
   */
  skipNationalities?: ReadonlySet<string>;
}

export interface PartitionReport {
  total: number;
  complete: boolean;
  /** Not asked this run (empty in the last good one): the total is what this run saw of it. */
  inferred?: boolean;
}

export interface SweepResult {
  seen: Map<string, SeenNotice>;
  queries: { planned: number; done: number; failed: number; capped: number; pruned: number };
  failedQueries: Array<{ key: string; error: ClientError | { code: SweepError["code"]; message: string } }>;
  /** Leaves still above 160 with no split left: only 160 of `total` were visible. */
  cappedQueries: Array<{ key: string; total: number; unseen: number }>;
  /** Splits whose children reported fewer notices than the parent (then filled by name length). */
  gaps: Array<{ key: string; dimension: SplitDimension; total: number; childTotals: number }>;
  /** Totals of the partitions the guard watches: `(all)`, `nationality=XX`, `arrestWarrantCountryId=XX`. */
  partitions: Record<string, PartitionReport>;
  /** Whether the whole-set pass ran (the nationality pass came up short of the total). */
  wholePass: boolean;
  /** Whether the warrant-country pass ran (the whole-set pass left unseen notices it could still reach). */
  warrantPass: boolean;
  /** Notices the unfiltered total counts that were not seen and that no crowded query accounts for. */
  unexplained: number;
  maxTotal: number;
  coverage: number;
  requests: number;
  errors: SweepError[];
  /** False when any query or page failed after all retries, the budget ran out, or it was aborted. */
  complete: boolean;
  aborted: boolean;
}

/** About how many cells a split by name length takes. */
const LENGTH_CELLS = 15;

interface Outcome {
  /** null when the query itself failed. */
  total: number | null;
  /** It and every query under it answered. */
  complete: boolean;
}

export async function runSweep(client: InterpolClient, opts: SweepOptions): Promise<SweepResult> {
  const kind = opts.kind ?? "red";
  const resultPerPage = Math.min(MAX_PER_QUERY, Math.max(1, opts.resultPerPage ?? MAX_PER_QUERY));
  const maxPages = Math.ceil(MAX_PER_QUERY / resultPerPage) + 1;
  const fillGaps = opts.fillGaps ?? true;
  const maxQueries = opts.maxQueries ?? 50_000;
  const signal = opts.signal;
  const fallbackNow = opts.now ?? new Date();
  const requestsAtStart = client.requestCount();

  const seen = new Map<string, SeenNotice>();
  const clock = new ServiceClock();
  const visits = new Map<string, Promise<Outcome>>();
  const errors: SweepError[] = [];
  const failedQueries: SweepResult["failedQueries"] = [];
  const cappedQueries: SweepResult["cappedQueries"] = [];
  const gaps: SweepResult["gaps"] = [];
  const partitions: Record<string, PartitionReport> = {};
  const counts = { planned: 0, done: 0, failed: 0, capped: 0, pruned: 0 };
  let maxTotal = 0;
  let budgetExceeded = false;

  function progress() {
    opts.onProgress?.({
      planned: counts.planned,
      done: counts.done,
      failed: counts.failed,
      capped: counts.capped,
      seen: seen.size,
      requests: client.requestCount() - requestsAtStart,
      maxTotal,
    });
  }

  /** Seen notices certainly inside q. */
  function knownIn(q: Query): SeenNotice[] {
    const out: SeenNotice[] = [];
    for (const k of seen.values()) if (certainlyIn(k, q, clock)) out.push(k);
    return out;
  }

  function record(page: ListPage, q: Query, key: string) {
    for (const item of page._embedded.notices) {
      let k = seen.get(item.entity_id);
      if (!k) {
        k = {
          ...normalizeListItem(item),
          rawName: item.name,
          rawForename: item.forename,
          rawBirthDate: item.date_of_birth,
          firstQuery: key,
        };
        seen.set(item.entity_id, k);
      }
      learn(k, q, clock);
    }
  }

  function fail(key: string, error: SweepResult["failedQueries"][number]["error"]) {
    counts.failed++;
    failedQueries.push({ key, error });
  }

  /** Ask one query, every page by links. */
  async function ask(q: Query, key: string): Promise<number | null> {
    const first = await client.list(kind, { ...q, resultPerPage, page: 1 }, { signal });
    opts.onPage?.({ key, query: q, page: 1, result: first });
    if (first.kind !== "ok") {
      const error = first.kind === "error" ? first.error : { code: "http_404" as const, message: first.kind === "not_found" ? "not found" : "not modified" };
      errors.push({ key, page: 1, url: first.raw?.request.url, code: error.code, message: error.message, status: first.raw?.status });
      fail(key, error);
      return null;
    }
    const total = first.data.total;
    maxTotal = Math.max(maxTotal, total);
    record(first.data, q, key);
    let pageNo = 1;
    let pageFailed = false;
    const visited = new Set<string>([first.raw.request.url]);
    let next = first.data._links.next?.href;
    while (next) {
      pageNo++;
      const resolved = next;
      if (pageNo > maxPages) {
        errors.push({ key, page: pageNo, url: resolved, code: "too_many_pages", message: `more than ${maxPages} pages` });
        pageFailed = true;
        break;
      }
      const res = await client.listPage(resolved, { signal });
      opts.onPage?.({ key, query: q, page: pageNo, result: res });
      if (res.kind !== "ok") {
        const error = res.kind === "error" ? res.error : { code: "http_404" as const, message: "not found" };
        errors.push({ key, page: pageNo, url: res.raw?.request.url ?? resolved, code: error.code, message: error.message, status: res.raw?.status });
        pageFailed = true;
        break; // a page failed after retries: the rest of this query's chain is unreachable
      }
      if (visited.has(res.raw.request.url)) {
        errors.push({ key, page: pageNo, url: res.raw.request.url, code: "loop", message: "next link points to a page already fetched" });
        pageFailed = true;
        break;
      }
      visited.add(res.raw.request.url);
      record(res.data, q, key);
      next = res.data._links.next?.href;
    }
    if (pageFailed) fail(key, { code: errors[errors.length - 1]!.code, message: errors[errors.length - 1]!.message });
    else counts.done++;
    // The total is known even if a later page failed, so splitting still goes ahead.
    return pageFailed ? -total - 1 : total;
  }

  /** Visit a query once per sweep: ask it, and split it as far as its total requires. */
  function visit(q: Query): Promise<Outcome> {
    const key = queryKey(q);
    const held = visits.get(key);
    if (held) return held;
    const p = visitOnce(q, key);
    visits.set(key, p);
    return p;
  }

  async function visitOnce(q: Query, key: string): Promise<Outcome> {
    if (signal?.aborted) return { total: null, complete: false };
    if (counts.planned >= maxQueries) {
      if (!budgetExceeded) errors.push({ key, code: "budget", message: `query budget of ${maxQueries} reached; planning stopped` });
      budgetExceeded = true;
      return { total: null, complete: false };
    }
    counts.planned++;
    progress();
    let answered: number | null;
    try {
      answered = await ask(q, key);
    } catch (err) {
      // A bug or an observer throwing must not hang the sweep; the query counts as failed.
      const message = err instanceof Error ? err.message : String(err);
      errors.push({ key, code: "network", message: `unexpected: ${message}` });
      fail(key, { code: "network", message });
      answered = null;
    } finally {
      progress();
    }
    if (answered === null) return report(q, key, { total: null, complete: false });
    const pagesOk = answered >= 0;
    const total = pagesOk ? answered : -answered - 1;
    if (total <= MAX_PER_QUERY) return report(q, key, { total, complete: pagesOk });
    const sub = await split(q, key, total);
    return report(q, key, { total, complete: pagesOk && sub });
  }

  /** A partition root's total, for the guard (a root that failed reported nothing, and is in failedQueries). */
  function report(q: Query, key: string, o: Outcome): Outcome {
    if (o.total !== null && isPartitionRoot(q)) partitions[key] = { total: o.total, complete: o.complete };
    return o;
  }

  /**
   * Split a query above the cap. Returns whether everything under it answered. Nothing is split
   * when the notices already seen in it account for its whole total.
   */
  async function split(q: Query, key: string, total: number): Promise<boolean> {
    if (knownIn(q).length >= total) {
      counts.pruned++;
      return true;
    }
    if (!q.nationality && !q.arrestWarrantCountryId && !q.sexId && !q.name && !q.forename && q.ageMin === undefined) {
      return true; // the unfiltered query: the country roots cover it
    }
    if (!q.sexId && q.ageMin === undefined && !q.name && !q.forename) {
      const outs = await Promise.all((["M", "F", "U"] as const).map((s) => visit({ ...q, sexId: s })));
      return outs.every((o) => o.complete);
    }
    if (q.ageMin === undefined && !q.name && !q.forename) return splitByAge(q, key, total);
    if (q.ageMin !== undefined && !q.name) {
      const lo = q.ageMin;
      const hi = q.ageMax ?? AGE_MAX;
      if (hi > lo) {
        const ages = ranges(q, total, lo, hi);
        const outs = await Promise.all(ages.map(([a, b]) => visit({ ...q, ageMin: a, ageMax: b })));
        return outs.every((o) => o.complete);
      }
      return splitByLength(q, key, total, "name");
    }
    if (!q.forename) return splitByLength(q, key, total, "forename");
    const unseen = total - knownIn(q).length;
    counts.capped++;
    cappedQueries.push({ key, total, unseen });
    return true;
  }

  /** Age ranges for q sized from the ages of what is seen in it (or in it but for the age filter). */
  function ranges(q: Query, total: number, from: number, to: number): Array<[number, number]> {
    const { ageMin: _a, ageMax: _b, ...wider } = q;
    const ages: number[] = [];
    for (const k of knownIn(wider)) {
      const a = clock.ageOf(k.rawBirthDate) ?? clock.roughAge(k.rawBirthDate, fallbackNow);
      if (a !== null) ages.push(a);
    }
    // Split a range at least in two, and into as many as its total needs.
    const out = ageRanges(ages, total, { from, to, target: TARGET_PER_QUERY });
    if (out.length > 1 || from === to) return out;
    const mid = Math.floor((from + to) / 2);
    return [
      [from, mid],
      [mid + 1, to],
    ];
  }

  async function splitByAge(q: Query, key: string, total: number): Promise<boolean> {
    const outs = await Promise.all(ranges(q, total, 0, AGE_MAX).map(([a, b]) => visit({ ...q, ageMin: a, ageMax: b })));
    let complete = outs.every((o) => o.complete);
    if (outs.some((o) => o.total === null)) return false;
    const sum = outs.reduce((s, o) => s + (o.total ?? 0), 0);
    if (sum >= total) return complete;
    // Age filters drop notices without a date of birth. When every one of them is already seen
    // (e.g. through a nationality, before this warrant-country pass), nothing is left to reach.
    const undatedKnown = knownIn(q).filter((k) => !k.rawBirthDate?.trim()).length;
    if (undatedKnown >= total - sum) {
      counts.pruned++;
      return complete;
    }
    // Otherwise reach them by name.
    gaps.push({ key, dimension: "age", total, childTotals: sum });
    if (!fillGaps) return complete;
    complete = (await splitByLength(q, key, total, "name")) && complete;
    return complete;
  }

  /**
   * Split by the length of the name (or forename): the lengths seen in q and an open tail, then the
   * short lengths if the totals still fall short. What has no value for the field at all is left to
   * a forename split (for names) or stays out of reach.
   */
  async function splitByLength(q: Query, key: string, total: number, field: "name" | "forename"): Promise<boolean> {
    const known = knownIn(q);
    const lengths = known.map((k) => (field === "name" ? k.rawName : k.rawForename)?.length ?? 0);
    const { cells, short } = lengthCells(lengths);
    const nullKnown = known.filter((k) => !(field === "name" ? k.rawName : k.rawForename)).length;
    let outs = await Promise.all(cells.map((c) => visit({ ...q, [field]: c })));
    let sum = outs.reduce((s, o) => s + (o.total ?? 0), 0);
    if (outs.every((o) => o.total !== null) && sum + nullKnown < total && short.length) {
      const more = await Promise.all(short.map((c) => visit({ ...q, [field]: c })));
      outs = [...outs, ...more];
      sum += more.reduce((s, o) => s + (o.total ?? 0), 0);
    }
    let complete = outs.every((o) => o.complete);
    if (outs.some((o) => o.total === null) || sum >= total) return complete;
    gaps.push({ key, dimension: field === "name" ? "name-length" : "forename-length", total, childTotals: sum });
    // Notices without a name: reachable by forename, if q is small enough for that to list them.
    if (field === "name" && !q.forename && sum + nullKnown < total && fillGaps) {
      complete = (await splitByLength(q, key, total, "forename")) && complete;
    } else if (sum + nullKnown < total) {
      const unseen = total - sum - nullKnown;
      cappedQueries.push({ key: `${key} (no ${field})`, total, unseen });
      counts.capped++;
    }
    return complete;
  }

  // ---- the passes ----

  let described = false;
  /** Sex and warrants of everything seen, from the job (details), so later passes can prune. */
  async function describeSeen() {
    if (described || !opts.describe) return;
    described = true;
    const facts = await opts.describe([...seen.keys()]);
    for (const [id, f] of facts) {
      const k = seen.get(id);
      if (!k || !f) continue;
      k.sex = f.sex;
      k.warrantCountries = f.warrantCountries;
    }
  }

  /**
   * Whether every notice still unseen sits in a cell no split could open, within one pass (its
   * cells do not overlap): asking more roots would only list what is already seen.
   */
  function unseenAllCapped(reported: number): boolean {
    return cappedUnseen() >= reported - seen.size;
  }

  /** Unseen notices that crowded cells account for, in the pass whose cells account for most. */
  function cappedUnseen(): number {
    const byPass = new Map<string, number>();
    for (const c of cappedQueries) {
      const q = parseQueryKey(c.key.replace(/ \(no \w+\)$/, ""));
      if (!q) continue;
      const pass = q.nationality ? "A" : q.arrestWarrantCountryId ? "C" : "B";
      const known = knownIn(q).length;
      byPass.set(pass, (byPass.get(pass) ?? 0) + Math.max(0, c.total - known));
    }
    return Math.max(0, ...byPass.values());
  }

  /**
   * Requests a pass is expected to cost, from what is seen (sizes by sex, warrant country and age):
   * one per range of TARGET notices, and a name split (about LENGTH_CELLS) per single year of age
   * still above the cap. The cheaper of the whole-set and warrant-country passes goes first.
   */
  function expectedCost(groups: Iterable<readonly SeenNotice[]>, roots: number): number {
    let cost = roots;
    for (const g of groups) {
      if (g.length <= MAX_PER_QUERY) continue;
      const bySex = new Map<string, SeenNotice[]>();
      for (const k of g) {
        const key = String(k.sex ?? "?");
        let list = bySex.get(key);
        if (!list) bySex.set(key, (list = []));
        list.push(k);
      }
      cost += 3;
      for (const members of bySex.values()) {
        if (members.length <= MAX_PER_QUERY) continue;
        cost += Math.ceil(members.length / TARGET_PER_QUERY);
        const perYear = new Map<number, number>();
        for (const k of members) {
          const a = clock.ageOf(k.rawBirthDate) ?? clock.roughAge(k.rawBirthDate, fallbackNow);
          if (a !== null) perYear.set(a, (perYear.get(a) ?? 0) + 1);
        }
        for (const n of perYear.values()) if (n > MAX_PER_QUERY * 0.9) cost += LENGTH_CELLS;
      }
    }
    return cost;
  }

  async function wholeSetPass() {
    wholePass = true;
    await Promise.all(SEXES.map((sexId) => visit({ sexId })));
  }

  async function warrantCountryPass() {
    warrantPass = true;
    await Promise.all(warrantRoots(opts.countryCodes).map((q) => visit(q)));
  }

  let wholePass = false;
  let warrantPass = false;
  let unexplained = 0;
  {
    // A. The unfiltered query (its total is the reference) and one root per nationality.
    const all = await visit({});
    const roots = nationalityRoots(opts.countryCodes);
    const skipped = roots.filter((q) => opts.skipNationalities?.has(q.nationality!));
    await Promise.all(roots.filter((q) => !opts.skipNationalities?.has(q.nationality!)).map((q) => visit(q)));
    const reported = all.total ?? maxTotal;
    const short = () => !signal?.aborted && seen.size < reported && !unseenAllCapped(reported);
    // Short of the total (notices without a nationality, or with one outside the list): B, the
    // whole set by sex, age and name, or C, the warrant-country roots, whichever is expected to
    // cost less; the other only if still short. Both split only where something unseen can be.
    if (short()) {
      await describeSeen();
      const whole = expectedCost([[...seen.values()]], SEXES.length);
      const byIssuer = new Map<string, SeenNotice[]>();
      for (const k of seen.values()) {
        for (const c of k.warrantCountries ?? []) {
          let list = byIssuer.get(c);
          if (!list) byIssuer.set(c, (list = []));
          list.push(k);
        }
      }
      const warrants = kind === "red" ? expectedCost(byIssuer.values(), warrantRoots(opts.countryCodes).length) : Infinity;
      const passes = whole <= warrants ? [wholeSetPass, warrantCountryPass] : [warrantCountryPass, wholeSetPass];
      for (const pass of passes) {
        if (!short()) break;
        if (pass === warrantCountryPass && kind !== "red") continue;
        await pass();
      }
    }
    if (all.total !== null) partitions["(all)"] = { total: all.total, complete: false };
    unexplained = Math.max(0, reported - seen.size - cappedUnseen());
    // Skipped roots: what was seen of them, so that the next run knows whether to ask.
    for (const q of skipped) {
      let total = 0;
      for (const k of seen.values()) if (k.nationalities.includes(q.nationality!)) total++;
      partitions[queryKey(q)] = { total, complete: false, inferred: true };
    }
  }

  const aborted = !!signal?.aborted;
  if (aborted) errors.push({ key: "(sweep)", code: "aborted", message: "aborted before every query was asked" });
  const complete = counts.failed === 0 && !budgetExceeded && !aborted;
  const everything = complete && !!partitions["(all)"] && seen.size >= partitions["(all)"].total;
  if (partitions["(all)"]) partitions["(all)"].complete = everything;
  // A skipped root is covered when everything listed was seen.
  for (const p of Object.values(partitions)) if (p.inferred) p.complete = everything;
  progress();
  return {
    seen,
    queries: { ...counts },
    failedQueries,
    cappedQueries,
    gaps,
    partitions,
    wholePass,
    warrantPass,
    unexplained,
    maxTotal,
    coverage: coverageOf(seen.size, maxTotal),
    requests: client.requestCount() - requestsAtStart,
    errors,
    complete,
    aborted,
  };
}

/**
 * Fetch many details with the client's concurrency, handing each result to `onResult` as it comes
 * (so raw responses can be archived and dropped rather than all held in memory). With validators,
 * a detail whose stored version is current answers 304.
 */
export async function fetchDetails(
  client: InterpolClient,
  ids: readonly string[],
  onResult: (entityId: string, result: Result<NoticeDetail>) => void | Promise<void>,
  opts: { kind?: NoticeKind; signal?: AbortSignal; validators?: (entityId: string) => Validators | undefined } = {},
): Promise<{ ok: number; notFound: number; notModified: number; errors: number; notRun: number }> {
  const counts = { ok: 0, notFound: 0, notModified: 0, errors: 0, notRun: 0 };
  let next = 0;
  async function worker() {
    while (next < ids.length && !opts.signal?.aborted) {
      const id = ids[next++]!;
      const r = await client.detail(id, { kind: opts.kind, signal: opts.signal, validators: opts.validators?.(id) });
      if (r.kind === "ok") counts.ok++;
      else if (r.kind === "not_found") counts.notFound++;
      else if (r.kind === "not_modified") counts.notModified++;
      else counts.errors++;
      await onResult(id, r);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, client.concurrency) }, () => worker()));
  counts.notRun = ids.length - next;
  return counts;
}
