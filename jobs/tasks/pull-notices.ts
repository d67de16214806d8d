// The notice pull: sweep Interpol's public red notices, fetch every detail, diff against the
// store, write events in atomic batches, and only then decide removals. Idempotent: a run that
// dies midway leaves each notice fully before or after it, and the next run completes the rest.
import { createHash } from "node:crypto";
import type { Env } from "../../config/env";
import type { Database } from "../../db/client";
import {
  applyNoticeBatch,
  loadNoticeFields,
  loadNoticeIndex,
  touchNotices,
  type CaptureWrite,
  type NoticeBatch,
  type NoticeWrite,
} from "../../db/queries/notices";
import { createRun, failInterruptedRuns, MAX_STORED_ERRORS, updateRun, type RunPatch } from "../../db/queries/runs";
import { COUNTRY_CODES } from "../../lib/countries";
import { createInterpolClient, type InterpolClient, type InterpolClientOptions, type Result } from "../interpol/client";
import { diffNotices, type AbsentCheck, type DiffEvent, type StoredNotice } from "../interpol/diff";
import type { RawResponse } from "../interpol/http";
import { contentHash, normalizeNotice, type NormalizedNotice } from "../interpol/normalize";
import type { NoticeDetail } from "../interpol/schemas";
import { checkAbsent, fetchDetails, runSweep } from "../interpol/sweep";

export const PULL_LOCK = "article3:pull";

export type PullStatus = "succeeded" | "partial" | "failed";

export interface PullSummary {
  runId: number | null;
  status: PullStatus | "skipped";
  seen: number;
  added: number;
  changed: number;
  removed: number;
  reappeared: number;
  missed: number;
  unconfirmed: number;
  requests: number;
  coverage: number;
  reportedTotal: number;
  errors: number;
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
  now?: () => Date;
}

interface RunError {
  at: string;
  phase: string;
  code: string;
  message: string;
  url?: string;
}

export interface Fetched {
  fields: NormalizedNotice;
  raw: RawResponse;
  json: unknown;
}

/** Run one pull unless another process is already pulling (then `status: "skipped"`). */
export async function pullNotices(opts: PullOptions): Promise<PullSummary> {
  const locked = await opts.database.withAdvisoryLock(PULL_LOCK, () => runPull(opts));
  if (locked.acquired) return locked.result;
  return { ...emptySummary(null), status: "skipped", message: "Another pull is running; this one did not start." };
}

function emptySummary(runId: number | null): PullSummary {
  return {
    runId,
    status: "failed",
    seen: 0,
    added: 0,
    changed: 0,
    removed: 0,
    reappeared: 0,
    missed: 0,
    unconfirmed: 0,
    requests: 0,
    coverage: 0,
    reportedTotal: 0,
    errors: 0,
  };
}

async function runPull(opts: PullOptions): Promise<PullSummary> {
  const { database, env } = opts;
  const { db } = database;
  const now = opts.now ?? (() => new Date());
  // We hold the pull lock, so any run still marked running died with its process.
  await failInterruptedRuns(db, now());
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
    if (force || Date.now() - lastWrite > 1000) {
      lastWrite = Date.now();
      const p = { ...pending, errorCount, errors };
      pending = {};
      await updateRun(db, runId, p);
    }
  };

  const client: InterpolClient = createInterpolClient({
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

  try {
    await progress("planning", {}, true);
    // One cheap request first: when the service does not answer at all, fail in seconds
    // rather than after hundreds of doomed queries.
    const probe = await client.list("red", { resultPerPage: 1 }, { signal: opts.signal });
    if (probe.kind !== "ok") {
      const why = probe.kind === "error" ? `${probe.error.code}: ${probe.error.message}` : "not found";
      throw new Error(`Interpol's service did not answer the first list request (${why}).`);
    }
    const countryCodes = await countryList(client, addError);

    // 1. Sweep the lists.
    const sweep = await runSweep(client, {
      countryCodes,
      signal: opts.signal,
      onProgress: (p) =>
        void progress("sweeping", {
          queriesPlanned: p.planned,
          queriesDone: p.done,
          queriesFailed: p.failed,
          queriesCapped: p.capped,
          seen: p.seen,
          requests: client.requestCount(),
          reportedTotal: p.maxTotal,
        }).catch(() => {}),
    });
    for (const e of sweep.errors) addError({ phase: "sweep", code: e.code, message: e.message, url: e.url });
    summary.seen = sweep.seen.size;
    summary.reportedTotal = sweep.maxTotal;
    summary.coverage = round(sweep.coverage);
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
        detailsTotal: sweep.seen.size,
        requests: client.requestCount(),
      },
      true,
    );
    if (opts.signal?.aborted) throw new Error("aborted");

    // 2. Every listed notice's detail: the only source of sex, warrants and charges.
    const fetched = new Map<string, Fetched>();
    const listedButGone = new Set<string>();
    let detailsFetched = 0;
    let detailsFailed = 0;
    const ids = [...sweep.seen.keys()].sort();
    await fetchDetails(
      client,
      ids,
      (id, r) => {
        detailsFetched++;
        if (r.kind === "ok") fetched.set(id, { fields: normalizeNotice(r.data), raw: r.raw, json: rawJson(r) });
        else if (r.kind === "not_found") listedButGone.add(id);
        else {
          detailsFailed++;
          addError({ phase: "details", code: r.error.code, message: `${id}: ${r.error.message}`, url: client.detailUrl(id) });
        }
        void progress("details", { detailsFetched, detailsFailed, requests: client.requestCount() }).catch(() => {});
      },
      { signal: opts.signal },
    );
    if (opts.signal?.aborted) throw new Error("aborted");

    // 3. Stored-active notices the sweep did not list: ask their own detail URL before deciding.
    const index = await loadNoticeIndex(db);
    const absentIds = [...index.entries()]
      .filter(([id, s]) => s.status === "active" && (!sweep.seen.has(id) || listedButGone.has(id)))
      .map(([id]) => id);
    await progress("confirming", { requests: client.requestCount() }, true);
    const absentRaw = new Map<string, Fetched>();
    const absentChecks = await checkAbsent(
      client,
      absentIds.filter((id) => !listedButGone.has(id)),
      {
        signal: opts.signal,
        onResult: (id, r) => {
          if (r.kind === "ok") absentRaw.set(id, { fields: normalizeNotice(r.data), raw: r.raw, json: rawJson(r) });
          if (r.kind === "error")
            addError({ phase: "confirming", code: r.error.code, message: `${id}: ${r.error.message}`, url: client.detailUrl(id) });
        },
      },
    );
    for (const id of listedButGone) absentChecks.set(id, { kind: "not_found" } satisfies AbsentCheck);
    if (opts.signal?.aborted) throw new Error("aborted");

    // 4 and 5. Diff against the store and write, in atomic batches.
    await progress("writing", { requests: client.requestCount() }, true);
    const seen = new Map<string, Fetched | null>();
    for (const id of ids) if (!listedButGone.has(id)) seen.set(id, fetched.get(id) ?? null);
    const diff = await storeSweep(database, {
      runId,
      now: now(),
      index,
      seen,
      absentChecks,
      absentFetched: absentRaw,
      sweepComplete: sweep.complete,
      batchSize: opts.batchSize,
      between: async (written) => {
        if (opts.signal?.aborted) throw new Error("aborted");
        await progress("writing", { requests: client.requestCount() }).catch(() => {});
        opts.onProgress?.({ phase: "writing", runId, patch: { ...pending, written } as RunPatch });
      },
    });

    for (const e of diff.events) summary[e.kind]++;
    summary.missed = diff.missed.length;
    summary.unconfirmed = diff.leftAlone.length;
    summary.requests = client.requestCount();
    summary.errors = errorCount;
    const incomplete = !sweep.complete || detailsFailed > 0 || diff.leftAlone.length > 0 || diff.deferred.length > 0;
    summary.status = sweep.seen.size === 0 && errorCount > 0 ? "failed" : incomplete ? "partial" : "succeeded";
    summary.message = describe(summary, sweep.complete, detailsFailed, diff.deferred.length);
    await progress(
      "done",
      {
        status: summary.status,
        finishedAt: now(),
        added: summary.added,
        changed: summary.changed,
        removed: summary.removed,
        reappeared: summary.reappeared,
        missed: summary.missed,
        unconfirmed: summary.unconfirmed,
        detailsFetched,
        detailsFailed,
        requests: summary.requests,
        message: summary.message,
      },
      true,
    );
    return summary;
  } catch (e) {
    const aborted = opts.signal?.aborted;
    addError({ phase: "run", code: aborted ? "aborted" : "exception", message: e instanceof Error ? e.message : String(e) });
    summary.status = "failed";
    summary.requests = client.requestCount();
    summary.errors = errorCount;
    summary.message = aborted ? "Stopped before it finished (shutdown or cancel)." : `Failed: ${e instanceof Error ? e.message : e}`;
    await progress("failed", { status: "failed", finishedAt: now(), requests: summary.requests, message: summary.message }, true).catch(
      () => {},
    );
    return summary;
  } finally {
    await client.close().catch(() => {});
  }
}

export interface StoreInput {
  runId: number;
  now: Date;
  /** loadNoticeIndex(), read before the absent notices were checked. */
  index: Map<string, { status: "active" | "removed"; hash: string }>;
  /** Every listed notice: its detail and capture, or null when the detail failed this run. */
  seen: ReadonlyMap<string, Fetched | null>;
  absentChecks: ReadonlyMap<string, AbsentCheck>;
  absentFetched: ReadonlyMap<string, Fetched>;
  sweepComplete: boolean;
  batchSize?: number;
  between?: (written: number) => Promise<void>;
}

/**
 * Diff a sweep against the store and write the events. Stored fields are loaded only where a
 * hash differs (few, normally), so an unchanged pull reads ids and hashes and little else.
 */
export async function storeSweep(database: Database, input: StoreInput) {
  const { db } = database;
  const fieldsOf = new Map<string, NormalizedNotice | null>();
  for (const [id, f] of input.seen) fieldsOf.set(id, f?.fields ?? null);
  const needFields: string[] = [];
  for (const [id, s] of input.index) {
    const candidate = input.seen.get(id)?.fields ?? input.absentFetched.get(id)?.fields;
    if (candidate && contentHash(candidate) !== s.hash) needFields.push(id);
  }
  const storedFields = await loadNoticeFields(db, needFields);
  const stored: StoredNotice[] = [...input.index].map(([entityId, s]) => ({
    entityId,
    status: s.status,
    hash: s.hash,
    // Only read by the diff when the hash differs, and those were loaded above.
    fields: (storedFields.get(entityId) ?? null) as unknown as NormalizedNotice,
  }));
  const diff = diffNotices({ stored, seen: fieldsOf, absentChecks: input.absentChecks, sweepComplete: input.sweepComplete });
  const source = (id: string) => input.seen.get(id) ?? input.absentFetched.get(id) ?? undefined;
  await writeEvents(database, input.runId, diff.events, source, input.now, input.batchSize ?? 500, input.between ?? (async () => {}));
  await touchNotices(db, diff.stillActive, input.now);
  if (diff.rehash.length) await applyNoticeBatch(db, { ...emptyBatch(input.runId, input.now), rehash: diff.rehash });
  return diff;
}

function describe(s: PullSummary, sweepComplete: boolean, detailsFailed: number, deferred: number) {
  const parts: string[] = [];
  if (!sweepComplete) parts.push("part of the sweep failed, so absences were confirmed one by one and unconfirmed ones left alone");
  if (detailsFailed) parts.push(`${detailsFailed} detail request(s) failed`);
  if (deferred) parts.push(`${deferred} new notice(s) will be added once their detail answers`);
  if (s.unconfirmed) parts.push(`${s.unconfirmed} absent notice(s) could not be confirmed removed and were kept`);
  if (s.reportedTotal > s.seen)
    parts.push(`${s.reportedTotal - s.seen} notice(s) that Interpol counts were not reachable through any list query`);
  return parts.length ? `${parts.join("; ")}.` : "Complete.";
}

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

function capture(id: string, f: Fetched): CaptureWrite {
  return {
    entityId: id,
    url: f.raw.request.url,
    request: f.raw.request,
    status: f.raw.status,
    headers: f.raw.headers,
    body: f.raw.body,
    sha256: createHash("sha256").update(f.raw.body).digest("hex"),
    startedAt: f.raw.startedAt,
    endedAt: f.raw.endedAt,
  };
}

function emptyBatch(runId: number, now: Date): NoticeBatch {
  return { runId, now, inserts: [], updates: [], reactivate: [], removals: [], events: [], captures: [], rehash: [] };
}

async function writeEvents(
  database: Database,
  runId: number,
  events: DiffEvent[],
  source: (id: string) => Fetched | undefined,
  now: Date,
  batchSize: number,
  /** Between batches: reports progress, and throws to stop (shutdown) with the store consistent. */
  between: (written: number) => Promise<void>,
) {
  for (let i = 0; i < events.length; i += batchSize) {
    await between(i);
    const batch = emptyBatch(runId, now);
    for (const e of events.slice(i, i + batchSize)) {
      const f = source(e.entityId);
      const write = (fields: NormalizedNotice, hash: string): NoticeWrite => ({ fields, hash, raw: f?.json ?? null });
      if (e.kind === "added") {
        batch.inserts.push(write(e.fields, e.hash));
        batch.events.push({ entityId: e.entityId, kind: "added" });
      } else if (e.kind === "changed") {
        batch.updates.push(write(e.fields, e.hash));
        batch.events.push({ entityId: e.entityId, kind: "changed", changes: e.changes as Record<string, [unknown, unknown]> });
      } else if (e.kind === "removed") {
        batch.removals.push(e.entityId);
        batch.events.push({ entityId: e.entityId, kind: "removed" });
      } else {
        if (e.fields && e.hash) batch.updates.push(write(e.fields, e.hash));
        else batch.reactivate.push(e.entityId);
        batch.events.push({ entityId: e.entityId, kind: "reappeared", changes: e.changes as Record<string, [unknown, unknown]> });
      }
      if (f && e.kind !== "removed") batch.captures.push(capture(e.entityId, f));
    }
    await applyNoticeBatch(database.db, batch);
  }
}

const round = (n: number) => Math.round(n * 10000) / 10000;
