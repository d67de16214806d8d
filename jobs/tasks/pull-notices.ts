// The notice pull: sweep Interpol's public red notices, ask every listed notice's detail (and the
// detail of every stored notice the lists did not show), hand the answers to the pure diff, write
// its events in atomic batches, then keep new photos. This file does the I/O; the rules are in
// jobs/interpol/diff.ts (removals), guard.ts (partitions that drop) and planner.ts (the queries).
// Idempotent: a run that dies midway leaves each notice fully before or after it, and the next
// run completes the rest.
import type { Env } from "../../config/env";
import type { Database } from "../../db/client";
import { gunzipSync, gzipSync } from "node:zlib";
import { coveredPartitions, lastGoodRun } from "../../db/queries/crawl-partitions";
import { loadListCache, saveListCache, type CachedListPage } from "../../db/queries/list-cache";
import { loadNoticeIndex, type NoticeIndexEntry } from "../../db/queries/notice-store";
import { createRun, MAX_STORED_ERRORS, updateRun, type RunPatch } from "../../db/queries/runs";
import { COUNTRY_CODES } from "../../lib/countries";
import { coverageRatio, formatPercent } from "../../lib/coverage";
import { plural } from "../../lib/words";
import { createInterpolClient, type InterpolClient, type InterpolClientOptions, type ListPageStore, type Result } from "../interpol/client";
import { idsToAsk, type DetailAnswer, type Observation } from "../interpol/diff";
import { hiddenBy, partitionGuard, type DroppedPartition, type GuardResult, type NoticeAttrs } from "../interpol/guard";
import { normalizeNotice } from "../interpol/normalize";
import { MAX_PER_QUERY } from "../interpol/planner";
import type { NoticeDetail } from "../interpol/schemas";
import { fetchDetails, runSweep, type NoticeFacts, type SweepResult } from "../interpol/sweep";
import { createRecorder, type Recorder, type RecorderStats } from "../evidence/capture";
import { pullImages } from "./pull-images";
import { storedNotices, storeSweep, type Fetched } from "./store-sweep";

/** The pull's lock name (held by the job runner around every pull: jobs/tasks/index.ts). */
export const PULL_LOCK = "pull";

export type PullStatus = "succeeded" | "partial" | "failed";

export interface PullSummary {
  runId: number | null;
  status: PullStatus | "skipped";
  seen: number;
  added: number;
  /** Of `added`, what was already published when watching began (the baseline), not news. */
  baselineAdded: number;
  changed: number;
  removed: number;
  reappeared: number;
  /** Absent from the lists, still published, and no failed or dropped partition explains it: the planner missed it. */
  missed: number;
  /** Absent from the lists because a partition failed or dropped; still published. */
  hidden: number;
  unconfirmed: number;
  /** List, detail and country-list requests (every retry counts); images are counted apart. */
  requests: number;
  /** One detail per notice plus one list page per 160: the fewest requests a full pull can make. */
  requestsLowerBound: number;
  /** requests / requestsLowerBound. */
  requestsRatio: number;
  /** Conditional requests answered 304 Not Modified. */
  notModified: number;
  imageRequests: number;
  imagesStored: number;
  coverage: number;
  reportedTotal: number;
  errors: number;
  /** Partitions (query keys) that failed or dropped sharply against the last good run. */
  partitionsAtFault: string[];
  /** What the evidence capture wrote (docs/decisions/010); absent when capture was off. */
  evidence?: RecorderStats;
  /** The SHA-256 of the manifest that sealed this run (set by the pull task's seal step). */
  evidenceManifest?: string;
  message?: string;
}

export interface PullProgress {
  phase: string;
  runId: number;
  patch: RunPatch;
}

export interface PullOptions {
  database: Database;
  env: Pick<
    Env,
    | "INTERPOL_API_BASE"
    | "INTERPOL_COUNTRIES_URL"
    | "INTERPOL_RPS"
    | "INTERPOL_CONCURRENCY"
    | "INTERPOL_TIMEOUT_MS"
    | "INTERPOL_PROXY"
    | "INTERPOL_RETRIES"
    | "INTERPOL_BACKOFF_MS"
  >;
  trigger: "schedule" | "manual" | "cli";
  requestedBy?: string | null;
  signal?: AbortSignal;
  onProgress?: (p: PullProgress) => void;
  /** Tests shorten back-off; production keeps polite defaults. */
  clientOverrides?: Partial<InterpolClientOptions>;
  /** Events per write transaction. */
  batchSize?: number;
  /** Notices whose photos one run fetches at most (the rest wait for the next run). */
  imageBudget?: number;
  now?: () => Date;
  /** Evidence capture (on by default); `dedup: false` keeps every payload in full (the bench). */
  evidence?: boolean | { dedup?: boolean };
}

interface RunError {
  at: string;
  phase: string;
  code: string;
  message: string;
  url?: string;
}

/**
 * One pull. The caller holds the pull's lock: the job runner takes it (jobs/runner.ts), and
 * repairs runs a dead process left "running" before it calls this.
 */
export async function pullNotices(opts: PullOptions): Promise<PullSummary> {
  return runPull(opts);
}

export function emptySummary(runId: number | null): PullSummary {
  return {
    runId,
    status: "failed",
    seen: 0,
    added: 0,
    baselineAdded: 0,
    changed: 0,
    removed: 0,
    reappeared: 0,
    missed: 0,
    hidden: 0,
    unconfirmed: 0,
    requests: 0,
    requestsLowerBound: 0,
    requestsRatio: 0,
    notModified: 0,
    imageRequests: 0,
    imagesStored: 0,
    coverage: 0,
    reportedTotal: 0,
    errors: 0,
    partitionsAtFault: [],
  };
}

/** The fewest requests a full pull of `notices` can make: every detail, and one list page per 160. */
export function requestsLowerBound(notices: number): number {
  return notices + Math.ceil(notices / MAX_PER_QUERY);
}

async function runPull(opts: PullOptions): Promise<PullSummary> {
  const { database, env } = opts;
  const { db } = database;
  const now = opts.now ?? (() => new Date());
  const runId = await createRun(db, { trigger: opts.trigger, requestedBy: opts.requestedBy, now: now() });
  const summary = emptySummary(runId);
  const errors: RunError[] = [];
  let errorCount = 0;
  const addError = (e: Omit<RunError, "at">) => {
    errorCount++;
    if (errors.length < MAX_STORED_ERRORS) errors.push({ at: now().toISOString(), ...e });
  };

  // Progress goes to the run row at most once a second (and to the caller every time).
  let lastWrite = 0;
  let pending: RunPatch = {};
  const progress = async (phase: string, patch: RunPatch, force = false) => {
    pending = { ...pending, ...patch, phase };
    opts.onProgress?.({ phase, runId, patch: pending });
    const t = now().getTime();
    if (force || t - lastWrite > 1000) {
      lastWrite = t;
      const p = { ...pending, errorCount, errors, heartbeatAt: now() };
      pending = {};
      await updateRun(db, runId, p);
    }
  };

  // List pages kept from earlier pulls, asked conditionally (a 304 is answered from the copy).
  const keptPages = await loadListCache(db).catch(() => new Map<string, CachedListPage>());
  const freshPages = new Map<string, CachedListPage>();
  const unchangedPages: string[] = [];
  const origin = env.INTERPOL_API_BASE.replace(/\/+$/, "");
  const listPages: ListPageStore = {
    get: (key) => {
      const k = keptPages.get(`${origin}|${key}`);
      return k ? { etag: k.etag, lastModified: k.lastModified, body: gunzipSync(k.bodyGz) } : undefined;
    },
    fresh: (key, p) => void freshPages.set(`${origin}|${key}`, { etag: p.etag, lastModified: p.lastModified, bodyGz: gzipSync(p.body) }),
    unchanged: (key) => void unchangedPages.push(`${origin}|${key}`),
  };

  // Every exchange the pull relies on, kept as WARC records before the pull reads it.
  const recorder: Recorder | null =
    opts.evidence === false ? null : createRecorder(database, { runId, now, dedup: typeof opts.evidence === "object" ? opts.evidence.dedup : true });
  const client: InterpolClient = createInterpolClient({
    listPages,
    onExchange: recorder ? (raw) => recorder.capture(raw) : undefined,
    baseUrl: env.INTERPOL_API_BASE,
    countriesUrl: env.INTERPOL_COUNTRIES_URL,
    rps: env.INTERPOL_RPS,
    concurrency: env.INTERPOL_CONCURRENCY,
    timeoutMs: env.INTERPOL_TIMEOUT_MS,
    proxyUrl: env.INTERPOL_PROXY,
    retries: env.INTERPOL_RETRIES,
    backoffBaseMs: env.INTERPOL_BACKOFF_MS,
    backoffMaxMs: Math.max(env.INTERPOL_BACKOFF_MS, 60_000),
    ...opts.clientOverrides,
  });
  /** Requests the lower bound is about: lists, details, the country list (not images). */
  const counted = () => {
    const c = client.requestCounts();
    return c.list + c.detail + c.countries;
  };

  try {
    await progress("planning", {}, true);
    const index = await loadNoticeIndex(db);
    // One cheap request first: when the service does not answer at all, fail in seconds rather
    // than after hundreds of doomed queries. It is the unfiltered query's first page, which the
    // sweep needs anyway (the client answers it again from memory).
    const probe = await client.list("red", { resultPerPage: MAX_PER_QUERY }, { signal: opts.signal });
    if (probe.kind !== "ok") {
      const why = probe.kind === "error" ? `${probe.error.code}: ${probe.error.message}` : "not found";
      throw new Error(`Interpol's service did not answer the first list request (${why}).`);
    }
    const countryCodes = await countryList(client, addError);

    // Every detail answer of the run, by entity id: asked once, whether the sweep needed it early
    // (to plan the warrant-country pass) or the diff needs it now.
    const answers = new Map<string, DetailAnswer>();
    const fetched = new Map<string, Fetched>();
    let detailsFetched = 0;
    let detailsFailed = 0;
    const ask = async (ids: readonly string[], phase: "details" | "confirming") => {
      const todo = ids.filter((id) => !answers.has(id));
      await fetchDetails(
        client,
        todo,
        (id, r) => {
          detailsFetched++;
          const a = answerOf(r);
          answers.set(id, a);
          if (a.kind === "ok") fetched.set(id, { fields: a.fields, raw: r.raw!, json: rawJson(r) });
          else if (a.kind === "unknown") {
            detailsFailed++;
            addError({ phase, code: r.kind === "error" ? r.error.code : "unknown", message: `${id}: ${a.error}`, url: client.detailUrl(id) });
          }
          void progress(phase, { detailsFetched, detailsFailed, requests: counted() }).catch(() => {});
        },
        { signal: opts.signal, validators: (id) => validatorsFor(index.get(id)) },
      );
    };
    const facts = (id: string): NoticeFacts | null => {
      const a = answers.get(id);
      if (a?.kind === "ok") return { sex: a.fields.sex, warrantCountries: a.fields.warrantCountries };
      const s = index.get(id);
      if (a?.kind === "not_modified" && s) return { sex: s.sex, warrantCountries: s.warrantCountries };
      return null;
    };

    // 1. Sweep the lists. Nationalities the last good run found empty are not asked (see runSweep).
    const last = await lastGoodRun(db, runId);
    const skipNationalities = new Set<string>();
    for (const [key, p] of Object.entries(last?.partitions ?? {})) {
      const m = /^nationality=([A-Z0-9]+)$/.exec(key);
      if (m && p.total === 0) skipNationalities.add(m[1]!);
    }
    const sweep: SweepResult = await runSweep(client, {
      countryCodes,
      skipNationalities,
      now: now(),
      signal: opts.signal,
      describe: async (ids) => {
        await progress("details", { detailsTotal: ids.length, requests: counted() }, true);
        await ask(ids, "details");
        await progress("sweeping", { requests: counted() }, true);
        return new Map(ids.map((id) => [id, facts(id)]));
      },
      onProgress: (p) =>
        void progress("sweeping", {
          queriesPlanned: p.planned,
          queriesDone: p.done,
          queriesFailed: p.failed,
          queriesCapped: p.capped,
          seen: p.seen,
          requests: counted(),
          reportedTotal: p.maxTotal,
        }).catch(() => {}),
    });
    for (const e of sweep.errors) addError({ phase: "sweep", code: e.code, message: e.message, url: e.url });
    await saveListCache(db, { fresh: freshPages, unchanged: unchangedPages, now: now(), staleBefore: new Date(now().getTime() - 14 * 86_400_000) });
    freshPages.clear();
    summary.seen = sweep.seen.size;
    summary.reportedTotal = sweep.maxTotal;
    summary.coverage = coverageRatio(sweep.seen.size, sweep.maxTotal);
    const stored = storedNotices(index);
    const toAsk = idsToAsk(stored, sweep.seen.keys());
    await progress(
      "details",
      {
        queriesPlanned: sweep.queries.planned,
        queriesDone: sweep.queries.done,
        queriesFailed: sweep.queries.failed,
        queriesCapped: sweep.queries.capped,
        seen: sweep.seen.size,
        reportedTotal: sweep.maxTotal,
        coverage: summary.coverage,
        failedQueries: sweep.failedQueries.slice(0, MAX_STORED_ERRORS),
        detailsTotal: toAsk.length,
        requests: counted(),
        partitions: sweep.partitions,
      },
      true,
    );
    if (opts.signal?.aborted) throw new Error("aborted");

    // 2. Every listed notice's detail (the only source of sex, warrants and charges), and the
    //    detail of every stored-active notice the lists did not show: its own answer decides.
    await ask(
      toAsk.filter((id) => sweep.seen.has(id)),
      "details",
    );
    await progress("confirming", { requests: counted() }, true);
    await ask(
      toAsk.filter((id) => !sweep.seen.has(id)),
      "confirming",
    );
    if (opts.signal?.aborted) throw new Error("aborted");
    const observations = new Map<string, Observation>();
    for (const id of toAsk) observations.set(id, { listed: sweep.seen.has(id), answer: answers.get(id) });

    // 3. The guard: partitions whose totals fell sharply against the last good run.
    const storedAttrs = new Map<string, NoticeAttrs>();
    for (const [id, s] of index) if (s.status === "active") storedAttrs.set(id, { nationalities: s.nationalities, warrantCountries: s.warrantCountries, sex: s.sex });
    const notListedStillThere = new Set<string>();
    for (const id of storedAttrs.keys()) {
      const a = answers.get(id);
      if (!sweep.seen.has(id) && a?.kind !== "not_found") notListedStillThere.add(id);
    }
    const guard: GuardResult = partitionGuard({
      partitions: sweep.partitions,
      coverage: summary.coverage,
      lastGood: last,
      stored: storedAttrs,
      notListedStillThere,
      seenNationalities: new Map([...sweep.seen].map(([id, n]) => [id, n.nationalities])),
      unexplained: sweep.unexplained,
      reportedTotal: sweep.maxTotal,
    });
    for (const d of guard.dropped) addError({ phase: "guard", code: "partition_dropped", message: droppedText(d) });
    if (guard.unexplained !== null) {
      addError({
        phase: "guard",
        code: "unexplained_gap",
        message: `${guard.unexplained.toLocaleString("en")} notices Interpol counts were not reached, and no query too crowded to split accounts for them`,
      });
    }
    if (guard.coverageDrop) {
      addError({
        phase: "guard",
        code: "coverage_dropped",
        message: `coverage fell to ${formatPercent(guard.coverageDrop.now)} from ${formatPercent(guard.coverageDrop.before)} in the last good run (#${guard.coverageDrop.beforeRun})`,
      });
    }
    const atFault = [...sweep.failedQueries.map((f) => f.key), ...guard.dropped.map((d) => d.key)];
    summary.partitionsAtFault = [...new Set(atFault)];

    // 4. Baseline: what was already published when watching began, or first seen when a partition
    //    no earlier run could cover was covered at last, is not news.
    const covered = await coveredPartitions(db, runId);
    const coveredAll = covered.keys.has("(all)");
    const baseline = (id: string): boolean => {
      if (!covered.anyFinished) return true;
      if (coveredAll) return false;
      const f = fetched.get(id)?.fields;
      if (!f) return false;
      // Had any partition it belongs to been swept completely before, it would have been seen then.
      const keys = [
        ...f.nationalities.map((c) => `nationality=${c}`),
        ...f.warrantCountries.map((c) => `arrestWarrantCountryId=${c}`),
        ...(f.sex ? [`sexId=${f.sex}`] : []),
      ];
      return keys.length > 0 && keys.every((k) => !covered.keys.has(k));
    };

    // 5. Diff against the store and write, in atomic batches. The evidence is written first, so
    //    no stored change is without the records behind it.
    await recorder?.flush();
    await progress("writing", { requests: counted() }, true);
    const diff = await storeSweep(database, {
      runId,
      now: now(),
      index,
      observations,
      fetched,
      baseline,
      batchSize: opts.batchSize,
      between: async (written) => {
        if (opts.signal?.aborted) throw new Error("aborted");
        await recorder?.flush();
        await progress("writing", { requests: counted() }).catch(() => {});
        opts.onProgress?.({ phase: "writing", runId, patch: { ...pending, written } as RunPatch });
      },
    });

    // 6. Photos of new notices and of notices whose thumbnail changed (not every pull).
    await progress("images", { requests: counted() }, true);
    const images = await pullImages(database, client, {
      runId,
      now,
      index,
      fetched,
      published: (id) => {
        const k = answers.get(id)?.kind;
        return k === "ok" || k === "not_modified";
      },
      budget: opts.imageBudget,
      signal: opts.signal,
      onError: (id, code, message) => addError({ phase: "images", code, message: `${id}: ${message}`, url: `${client.detailUrl(id)}/images` }),
    });

    await recorder?.flush();
    if (recorder) {
      summary.evidence = recorder.stats();
      // Answers that could not be kept as evidence are said in the run, not only in a counter.
      if (summary.evidence.failures) {
        addError({ phase: "evidence", code: "evidence_not_written", message: `${plural(summary.evidence.failures, "answer")} could not be kept as evidence: ${summary.evidence.lastError ?? "unknown error"}` });
      }
    }
    for (const e of diff.events) {
      summary[e.kind]++;
      if (e.kind === "added" && baseline(e.entityId)) summary.baselineAdded++;
    }
    // Why each absent-but-published notice was not listed: a failed or dropped partition, or the planner.
    for (const id of diff.absentPresent) {
      const f = fetched.get(id)?.fields;
      const s = index.get(id)!;
      const attrs: NoticeAttrs = f ?? { nationalities: s.nationalities, warrantCountries: s.warrantCountries, sex: s.sex };
      if (hiddenBy(attrs, summary.partitionsAtFault, now())) summary.hidden++;
      else summary.missed++;
    }
    summary.unconfirmed = diff.leftAlone.length;
    const counts = client.requestCounts();
    summary.requests = counted();
    summary.notModified = counts.notModified;
    summary.imageRequests = counts.image;
    summary.imagesStored = images.stored;
    const published = Math.max(sweep.maxTotal, sweep.seen.size + diff.absentPresent.length);
    summary.requestsLowerBound = requestsLowerBound(published);
    summary.requestsRatio = summary.requestsLowerBound ? Math.round((summary.requests / summary.requestsLowerBound) * 1000) / 1000 : 0;
    summary.errors = errorCount;
    const incomplete =
      !sweep.complete || detailsFailed > 0 || diff.leftAlone.length > 0 || diff.deferred.length > 0 || guard.tripped;
    summary.status = sweep.seen.size === 0 && errorCount > 0 ? "failed" : incomplete ? "partial" : "succeeded";
    summary.message = describe(summary, sweep, guard, detailsFailed, diff.deferred.length);
    await progress(
      "done",
      {
        status: summary.status,
        finishedAt: now(),
        added: summary.added,
        baselineAdded: summary.baselineAdded,
        changed: summary.changed,
        removed: summary.removed,
        reappeared: summary.reappeared,
        missed: summary.missed,
        hidden: summary.hidden,
        unconfirmed: summary.unconfirmed,
        detailsFetched,
        detailsFailed,
        requests: summary.requests,
        listRequests: counts.list,
        detailRequests: counts.detail,
        imageRequests: counts.image,
        notModified: counts.notModified,
        requestsLowerBound: summary.requestsLowerBound,
        requestsRatio: summary.requestsRatio,
        imagesStored: images.stored,
        droppedPartitions: guard.dropped,
        message: summary.message,
      },
      true,
    );
    return summary;
  } catch (e) {
    const aborted = opts.signal?.aborted;
    addError({ phase: "run", code: aborted ? "aborted" : "exception", message: e instanceof Error ? e.message : String(e) });
    summary.status = "failed";
    summary.requests = counted();
    summary.errors = errorCount;
    summary.message = aborted ? "Stopped before it finished (shutdown or cancel)." : `Failed: ${e instanceof Error ? e.message : e}`;
    await progress("failed", { status: "failed", finishedAt: now(), requests: summary.requests, message: summary.message }, true).catch(
      () => {},
    );
    return summary;
  } finally {
    // What was received is kept even when the run failed; the seal covers exactly what was written.
    await recorder?.flush().catch(() => {});
    await client.close().catch(() => {});
  }
}

function answerOf(r: Result<NoticeDetail>): DetailAnswer {
  if (r.kind === "ok") return { kind: "ok", fields: normalizeNotice(r.data) };
  if (r.kind === "not_modified") return { kind: "not_modified" };
  if (r.kind === "not_found") return { kind: "not_found" };
  return { kind: "unknown", error: `${r.error.code}: ${r.error.message}` };
}

function validatorsFor(s: NoticeIndexEntry | undefined) {
  // Only an active notice's stored content can stand in for a 304; a removed one is asked plainly.
  if (!s || s.status !== "active" || (!s.etag && !s.lastModified)) return undefined;
  return { etag: s.etag, lastModified: s.lastModified };
}

const n = (x: number) => x.toLocaleString("en");

function describe(s: PullSummary, sweep: SweepResult, guard: GuardResult, detailsFailed: number, deferred: number) {
  const parts: string[] = [];
  const failed = sweep.failedQueries.map((f) => `${f.key} (${f.error.code})`);
  if (failed.length) {
    parts.push(
      `${failed.length === 1 ? "a list query" : `${n(failed.length)} list queries`} failed after every retry: ` +
        `${failed.slice(0, 5).join(", ")}${failed.length > 5 ? ", …" : ""}`,
    );
  }
  for (const d of guard.dropped.slice(0, 5)) parts.push(droppedText(d));
  if (guard.dropped.length > 5) parts.push(`${n(guard.dropped.length - 5)} more partitions dropped`);
  if (guard.coverageDrop) {
    parts.push(`coverage fell to ${formatPercent(guard.coverageDrop.now)} from ${formatPercent(guard.coverageDrop.before)} in run #${guard.coverageDrop.beforeRun}`);
  }
  if (s.hidden) {
    parts.push(
      `${plural(s.hidden, "notice")} missing from the lists because of ${s.partitionsAtFault.slice(0, 3).join(", ")}` +
        `${s.partitionsAtFault.length > 3 ? " and others" : ""} ${s.hidden === 1 ? "is" : "are"} still published (found through ${s.hidden === 1 ? "its" : "their"} own page) and ${s.hidden === 1 ? "was" : "were"} kept`,
    );
  }
  if (detailsFailed) parts.push(`${plural(detailsFailed, "notice page")} could not be fetched`);
  if (deferred) parts.push(`${plural(deferred, "new notice")} will be added once ${deferred === 1 ? "its page answers" : "their pages answer"}`);
  if (s.unconfirmed)
    parts.push(`${plural(s.unconfirmed, "absent notice")} could not be confirmed removed and ${s.unconfirmed === 1 ? "was" : "were"} kept`);
  if (s.missed)
    parts.push(`${plural(s.missed, "notice")} no list query reached ${s.missed === 1 ? "is" : "are"} still published (found through ${s.missed === 1 ? "its" : "their"} own page)`);
  if (s.reportedTotal > s.seen) {
    const cause = s.partitionsAtFault.length
      ? `not reached because ${s.partitionsAtFault.slice(0, 3).join(", ")}${s.partitionsAtFault.length > 3 ? " and others" : ""} failed or dropped`
      : guard.unexplained !== null
        ? `not reached, and no query too crowded to split accounts for ${n(guard.unexplained)} of them: a list is hiding them`
        : sweep.cappedQueries.length
          ? `not reachable: ${plural(sweep.cappedQueries.length, "query", "queries")} stayed above 160 with no split left`
          : "not reachable through any list query";
    parts.push(`${plural(s.reportedTotal - s.seen, "notice")} that Interpol counts ${s.reportedTotal - s.seen === 1 ? "was" : "were"} ${cause}`);
  }
  return parts.length ? `${capitalise(parts.join("; "))}.` : "Complete.";
}

/** Sentence case, unless the sentence starts with a query key (`nationality=RU …`), kept as written. */
function droppedText(d: DroppedPartition): string {
  const still = n(d.stillPublished + d.seenBeyond);
  return d.before === null
    ? `${d.key} reported ${n(d.total)} notices while this run saw ${n(d.total + d.seenBeyond)} of them through other queries: the list is hiding them`
    : `${d.key} reported ${n(d.total)} notices against ${n(d.before)} in the last good run (#${d.beforeRun}), ` +
        `while ${still} of them are still published: the list is hiding them`;
}

const capitalise = (x: string) => (/^[A-Za-z]+=/.test(x) ? x : x.charAt(0).toUpperCase() + x.slice(1));

async function countryList(client: InterpolClient, addError: (e: Omit<RunError, "at">) => void): Promise<string[]> {
  const r = await client.countries();
  if (r.kind === "ok" && r.data.length > 0) {
    const codes = new Set<string>(COUNTRY_CODES);
    for (const c of r.data) if (/^[A-Z0-9]{2,3}$/.test(c.value)) codes.add(c.value);
    return [...codes].sort();
  }
  addError({
    phase: "planning",
    code: r.kind === "error" ? r.error.code : "not_found",
    message: "Country list unavailable; using the built-in ISO list.",
  });
  return [...COUNTRY_CODES];
}

function rawJson(r: Result<NoticeDetail>): unknown {
  if (r.kind !== "ok") return null;
  try {
    return JSON.parse(r.raw.body.toString("utf8"));
  } catch {
    return r.data;
  }
}
