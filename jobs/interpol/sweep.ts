// The sweep: runs the planner's queries against the list endpoint and collects every notice it can
// reach, deduplicated by entity id. No database here; the pull job stores what this returns.
//
// Paging follows `_links.next` only. The service clamps a page past the last to the last page, so
// counting pages or waiting for an empty one would never end (docs/interpol-api.md).
import type { ClientError, InterpolClient, NoticeKind, Result } from "./client";
import type { AbsentCheck } from "./diff";
import { normalizeListItem, normalizeNotice, type NormalizedListItem } from "./normalize";
import {
  coverage as coverageOf,
  expandWithDimension,
  gapQueries,
  initialQueries,
  isRoot,
  MAX_PER_QUERY,
  queryKey,
  type Query,
  type SplitDimension,
} from "./planner";
import type { ListPage, NoticeDetail } from "./schemas";

export interface SeenNotice extends NormalizedListItem {
  /** Key of the first query that returned it. */
  firstQuery: string;
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
  /** At most 160; 160 keeps one page per leaf query. */
  resultPerPage?: number;
  /** Query by name/forename length when a split loses notices (no birth date, no name). Default true. */
  fillGaps?: boolean;
  /** Safety budget on queries; beyond it the sweep stops planning and is incomplete. */
  maxQueries?: number;
  onProgress?: (p: SweepProgress) => void;
  /** Every list page fetched, for archiving the evidence. */
  onPage?: (p: { key: string; query: Query; page: number; result: Result<ListPage> }) => void;
  signal?: AbortSignal;
}

export interface SweepResult {
  seen: Map<string, SeenNotice>;
  queries: { planned: number; done: number; failed: number; capped: number };
  failedQueries: Array<{ key: string; error: ClientError | { code: SweepError["code"]; message: string } }>;
  /** Leaves still above 160 with no split left: only 160 of `total` were visible. */
  cappedQueries: Array<{ key: string; total: number }>;
  /** Splits whose children reported fewer notices than the parent (before gap filling). */
  gaps: Array<{ key: string; dimension: SplitDimension; total: number; childTotals: number }>;
  maxTotal: number;
  coverage: number;
  requests: number;
  errors: SweepError[];
  /** False when any query or page failed after all retries, the budget ran out, or it was aborted. */
  complete: boolean;
  aborted: boolean;
}

interface Group {
  parent: Query;
  dimension: SplitDimension;
  parentTotal: number;
  remaining: number;
  sum: number;
  failed: boolean;
}

interface Task {
  query: Query;
  key: string;
  group?: Group;
}

export async function runSweep(client: InterpolClient, opts: SweepOptions): Promise<SweepResult> {
  const kind = opts.kind ?? "red";
  const resultPerPage = Math.min(MAX_PER_QUERY, Math.max(1, opts.resultPerPage ?? MAX_PER_QUERY));
  const maxPages = Math.ceil(MAX_PER_QUERY / resultPerPage) + 1;
  const fillGaps = opts.fillGaps ?? true;
  const maxQueries = opts.maxQueries ?? 50_000;
  const signal = opts.signal;
  const requestsAtStart = client.requestCount();

  const seen = new Map<string, SeenNotice>();
  const plannedKeys = new Set<string>();
  const queue: Task[] = [];
  const errors: SweepError[] = [];
  const failedQueries: SweepResult["failedQueries"] = [];
  const cappedQueries: SweepResult["cappedQueries"] = [];
  const gaps: SweepResult["gaps"] = [];
  const counts = { planned: 0, done: 0, failed: 0, capped: 0 };
  let maxTotal = 0;
  let budgetExceeded = false;

  function progress() {
    opts.onProgress?.({
      ...counts,
      seen: seen.size,
      requests: client.requestCount() - requestsAtStart,
      maxTotal,
    });
  }

  function enqueue(queries: Query[], group?: Group) {
    let added = 0;
    for (const query of queries) {
      const key = queryKey(query);
      if (plannedKeys.has(key)) continue;
      if (counts.planned >= maxQueries) {
        if (!budgetExceeded) {
          errors.push({ key, code: "budget", message: `query budget of ${maxQueries} reached; planning stopped` });
        }
        budgetExceeded = true;
        continue;
      }
      plannedKeys.add(key);
      counts.planned++;
      added++;
      queue.push({ query, key, group });
    }
    if (group) {
      group.remaining = added;
      // Budget or dedupe dropped children: the split can't be judged whole.
      if (added < queries.length) group.failed = true;
    }
  }

  /** A child finished (total known, or failed): when a split is done, look for what it dropped. */
  function settle(group: Group | undefined, total: number | null) {
    if (!group) return;
    if (total === null) group.failed = true;
    else group.sum += total;
    group.remaining--;
    if (group.remaining > 0 || group.failed) return;
    if (group.sum < group.parentTotal) {
      gaps.push({ key: queryKey(group.parent), dimension: group.dimension, total: group.parentTotal, childTotals: group.sum });
      if (!fillGaps) return;
      const more = gapQueries(group.parent, group.dimension, group.parentTotal, group.sum);
      if (more.length) {
        const dimension: SplitDimension = more[0].forename && !group.parent.forename ? "forename-length" : "name-length";
        enqueue(more, { parent: group.parent, dimension, parentTotal: group.parentTotal, remaining: 0, sum: 0, failed: false });
      }
    }
  }

  function fail(task: Task, error: SweepResult["failedQueries"][number]["error"]) {
    counts.failed++;
    failedQueries.push({ key: task.key, error });
  }

  function recordItems(page: ListPage, key: string) {
    for (const item of page._embedded.notices) {
      if (!seen.has(item.entity_id)) seen.set(item.entity_id, { ...normalizeListItem(item), firstQuery: key });
    }
  }

  async function runTask(task: Task) {
    const { query, key } = task;
    let pageNo = 1;
    const first = await client.list(kind, { ...query, resultPerPage, page: 1 }, { signal });
    opts.onPage?.({ key, query, page: pageNo, result: first });
    if (first.kind !== "ok") {
      const error = first.kind === "error" ? first.error : { code: "http_404" as const, message: "not found" };
      errors.push({ key, page: 1, url: first.raw?.request.url, code: error.code, message: error.message, status: first.raw?.status });
      fail(task, error);
      settle(task.group, null);
      return;
    }
    const total = first.data.total;
    maxTotal = Math.max(maxTotal, total);
    recordItems(first.data, key);

    // Page by links only; guard against a link loop or an endless chain.
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
      opts.onPage?.({ key, query, page: pageNo, result: res });
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
      recordItems(res.data, key);
      next = res.data._links.next?.href;
    }

    if (pageFailed) fail(task, { code: errors[errors.length - 1].code, message: errors[errors.length - 1].message });
    else counts.done++;

    // The total is known even if a later page failed, so the split still goes ahead.
    const { dimension, children } = expandWithDimension(query, total);
    if (total > MAX_PER_QUERY && !isRoot(query)) {
      if (children.length) {
        enqueue(children, { parent: query, dimension, parentTotal: total, remaining: 0, sum: 0, failed: false });
      } else {
        counts.capped++;
        cappedQueries.push({ key, total });
      }
    }
    settle(task.group, total);
  }

  // Worker pool sized to the client's concurrency cap; workers wait while others may still plan more.
  let active = 0;
  let waiters: Array<() => void> = [];
  const wakeAll = () => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  async function worker() {
    for (;;) {
      if (signal?.aborted) return;
      const task = queue.shift();
      if (!task) {
        if (active === 0) {
          wakeAll();
          return;
        }
        await new Promise<void>((resolve) => waiters.push(resolve));
        continue;
      }
      active++;
      try {
        await runTask(task);
      } catch (err) {
        // A bug or an observer throwing must not hang the pool; the query counts as failed.
        const message = err instanceof Error ? err.message : String(err);
        errors.push({ key: task.key, code: "network", message: `unexpected: ${message}` });
        fail(task, { code: "network", message });
        settle(task.group, null);
      } finally {
        active--;
        progress();
        wakeAll();
      }
    }
  }

  enqueue(initialQueries(opts.countryCodes, { warrantCountries: kind === "red" }));
  progress();
  const onAbort = () => wakeAll();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await Promise.all(Array.from({ length: Math.max(1, client.concurrency) }, () => worker()));
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }

  const aborted = !!signal?.aborted;
  if (aborted) errors.push({ key: "(sweep)", code: "aborted", message: `aborted with ${queue.length} queries not run` });
  progress();
  return {
    seen,
    queries: { ...counts },
    failedQueries,
    cappedQueries,
    gaps,
    maxTotal,
    coverage: coverageOf(seen.size, maxTotal),
    requests: client.requestCount() - requestsAtStart,
    errors,
    complete: counts.failed === 0 && !budgetExceeded && !aborted,
    aborted,
  };
}

/**
 * Fetch many details with the client's concurrency, handing each result to `onResult` as it comes
 * (so raw responses can be archived and dropped rather than all held in memory).
 */
export async function fetchDetails(
  client: InterpolClient,
  ids: readonly string[],
  onResult: (entityId: string, result: Result<NoticeDetail>) => void | Promise<void>,
  opts: { kind?: NoticeKind; signal?: AbortSignal } = {},
): Promise<{ ok: number; notFound: number; errors: number; notRun: number }> {
  const counts = { ok: 0, notFound: 0, errors: 0, notRun: 0 };
  let next = 0;
  async function worker() {
    while (next < ids.length && !opts.signal?.aborted) {
      const id = ids[next++];
      const r = await client.detail(id, { kind: opts.kind, signal: opts.signal });
      if (r.kind === "ok") counts.ok++;
      else if (r.kind === "not_found") counts.notFound++;
      else counts.errors++;
      await onResult(id, r);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, client.concurrency) }, () => worker()));
  counts.notRun = ids.length - next;
  return counts;
}

/**
 * Ask each absent notice's own detail URL (see diff.absentToCheck): 404 → not_found, a valid detail →
 * present, anything else (403 after retries, a persistent 502, malformed) → unknown. Ids not reached
 * (aborted) are missing from the map, which the diff treats as unknown.
 */
export async function checkAbsent(
  client: InterpolClient,
  ids: readonly string[],
  opts: { kind?: NoticeKind; signal?: AbortSignal; onResult?: (entityId: string, result: Result<NoticeDetail>) => void } = {},
): Promise<Map<string, AbsentCheck>> {
  const out = new Map<string, AbsentCheck>();
  await fetchDetails(
    client,
    ids,
    (id, r) => {
      opts.onResult?.(id, r);
      if (r.kind === "not_found") out.set(id, { kind: "not_found" });
      else if (r.kind === "ok") out.set(id, { kind: "present", detail: normalizeNotice(r.data) });
      else out.set(id, { kind: "unknown", error: `${r.error.code}: ${r.error.message}` });
    },
    opts,
  );
  return out;
}
