// The notice pull: sweep Interpol's public red notices, fetch every detail, diff against the
// store, write events in atomic batches, and only then decide removals. Idempotent: a run that
// dies midway leaves each notice fully before or after it, and the next run completes the rest.
import type { Env } from "../../config/env";
import type { Database } from "../../db/client";
import { loadNoticeIndex } from "../../db/queries/notices";
import { createRun, MAX_STORED_ERRORS, updateRun, type RunPatch } from "../../db/queries/runs";
import { COUNTRY_CODES } from "../../lib/countries";
import { plural } from "../../lib/words";
import { createInterpolClient, type InterpolClient, type InterpolClientOptions, type Result } from "../interpol/client";
import type { AbsentCheck } from "../interpol/diff";
import { normalizeNotice } from "../interpol/normalize";
import type { NoticeDetail } from "../interpol/schemas";
import { checkAbsent, fetchDetails, runSweep } from "../interpol/sweep";
import { storeSweep, type Fetched } from "./store-sweep";

/** The pull's lock name (held by the job runner around every pull: jobs/tasks/index.ts). */
export const PULL_LOCK = "pull";

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

function describe(s: PullSummary, sweepComplete: boolean, detailsFailed: number, deferred: number) {
  const parts: string[] = [];
  if (!sweepComplete) parts.push("part of the sweep failed, so absences were confirmed one by one and unconfirmed ones left alone");
  if (detailsFailed) parts.push(`${plural(detailsFailed, "notice page")} could not be fetched`);
  if (deferred) parts.push(`${plural(deferred, "new notice")} will be added once ${deferred === 1 ? "its page answers" : "their pages answer"}`);
  if (s.unconfirmed)
    parts.push(`${plural(s.unconfirmed, "absent notice")} could not be confirmed removed and ${s.unconfirmed === 1 ? "was" : "were"} kept`);
  if (s.reportedTotal > s.seen) {
    const n = s.reportedTotal - s.seen;
    parts.push(`${plural(n, "notice")} that Interpol counts ${n === 1 ? "was" : "were"} not reachable through any list query`);
  }
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

const round = (n: number) => Math.round(n * 10000) / 10000;
