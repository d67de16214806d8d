// The store side of a pull: hand the observations to the pure diff, then write its events,
// notice rows and evidence captures in atomic batches. Measured by `npm run bench -- diff`.
import { createHash } from "node:crypto";
import type { Database } from "../../db/client";
import {
  applyNoticeBatch,
  emptyBatch,
  loadNoticeFields,
  setDetailValidators,
  touchNotices,
  type CaptureWrite,
  type NoticeIndexEntry,
  type NoticeWrite,
} from "../../db/queries/notice-store";
import { diffNotices, fieldsNeeded, UNHASHED_FIELD_KEYS, type DiffEvent, type DiffResult, type Observation, type StoredNotice } from "../interpol/diff";
import type { RawResponse } from "../interpol/http";
import type { NormalizedNotice } from "../interpol/normalize";

export { emptyBatch };

/** One notice's detail as fetched: normalised fields, the exact response, and its parsed JSON. */
export interface Fetched {
  fields: NormalizedNotice;
  raw: RawResponse;
  json: unknown;
}

export interface StoreInput {
  runId: number;
  now: Date;
  /** loadNoticeIndex(), read before the run asked anything. */
  index: ReadonlyMap<string, NoticeIndexEntry>;
  /** Every notice the run listed or asked about, with its detail's answer. */
  observations: ReadonlyMap<string, Observation>;
  /** The detail responses behind the `ok` answers (captures and raw JSON come from these). */
  fetched: ReadonlyMap<string, Fetched>;
  /** Whether an `added` event is part of the baseline (see notice_events.baseline). */
  baseline?: (entityId: string) => boolean;
  batchSize?: number;
  between?: (written: number) => Promise<void>;
}

/** The index as the diff reads it. */
export function storedNotices(index: ReadonlyMap<string, NoticeIndexEntry>): StoredNotice[] {
  return [...index].map(([entityId, s]) => ({
    entityId,
    status: s.status,
    hash: s.hash,
    unhashed: Object.fromEntries(UNHASHED_FIELD_KEYS.map((k) => [k, (s as unknown as Record<string, unknown>)[k] ?? null])),
  }));
}

/**
 * Diff the observations against the store and write the events. Stored fields are loaded only
 * where a hash differs (few, normally), so an unchanged pull reads the index and little else.
 */
export async function storeSweep(database: Database, input: StoreInput): Promise<DiffResult> {
  const { db } = database;
  const stored = storedNotices(input.index);
  const storedFields = await loadNoticeFields(db, fieldsNeeded(stored, input.observations));
  const diff = diffNotices({ stored, observations: input.observations, storedFields: (id) => storedFields.get(id) });
  await writeEvents(database, input, diff.events, diff.refresh);
  await touchNotices(db, diff.stillActive, input.now);
  if (diff.rehash.length) await applyNoticeBatch(db, { ...emptyBatch(input.runId, input.now), rehash: diff.rehash });
  // Unchanged content whose validators are new or different: keep them for the next conditional request.
  const written = new Set(diff.events.map((e) => e.entityId));
  const validators: Array<{ entityId: string; etag: string | null; lastModified: string | null }> = [];
  for (const [id, f] of input.fetched) {
    const s = input.index.get(id);
    if (!s || written.has(id)) continue;
    const v = validatorsOf(f.raw);
    if (v.etag !== s.etag || v.lastModified !== s.lastModified) validators.push({ entityId: id, ...v });
  }
  if (validators.length) await setDetailValidators(db, validators);
  return diff;
}

/** A field outside the hash had a value and now has another (not merely filled in for the first time). */
function replacedUnhashed(s: NoticeIndexEntry | undefined, fields: NormalizedNotice): boolean {
  if (!s) return false;
  return UNHASHED_FIELD_KEYS.some((k) => {
    const before = (s as unknown as Record<string, unknown>)[k];
    return before !== null && before !== undefined && JSON.stringify(before) !== JSON.stringify(fields[k]);
  });
}

export function validatorsOf(raw: RawResponse): { etag: string | null; lastModified: string | null } {
  return { etag: raw.headers["etag"] ?? null, lastModified: raw.headers["last-modified"] ?? null };
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

async function writeEvents(
  database: Database,
  input: StoreInput,
  events: DiffEvent[],
  refresh: DiffResult["refresh"],
) {
  const batchSize = input.batchSize ?? 500;
  /** Between batches: reports progress, and throws to stop (shutdown) with the store consistent. */
  const between = input.between ?? (async () => {});
  const write = (id: string, fields: NormalizedNotice, hash: string): NoticeWrite => {
    const f = input.fetched.get(id);
    return { fields, hash, raw: f?.json ?? null, ...(f ? validatorsOf(f.raw) : {}) };
  };
  for (let i = 0; i < events.length; i += batchSize) {
    await between(i);
    const batch = emptyBatch(input.runId, input.now);
    for (const e of events.slice(i, i + batchSize)) {
      const f = input.fetched.get(e.entityId);
      if (e.kind === "added") {
        batch.inserts.push(write(e.entityId, e.fields, e.hash));
        batch.events.push({ entityId: e.entityId, kind: "added", baseline: input.baseline?.(e.entityId) ?? false });
      } else if (e.kind === "changed") {
        batch.updates.push(write(e.entityId, e.fields, e.hash));
        batch.events.push({ entityId: e.entityId, kind: "changed", changes: e.changes as Record<string, [unknown, unknown]> });
      } else if (e.kind === "removed") {
        batch.removals.push(e.entityId);
        batch.events.push({ entityId: e.entityId, kind: "removed" });
      } else {
        if (e.fields && e.hash) batch.updates.push(write(e.entityId, e.fields, e.hash));
        else batch.reactivate.push(e.entityId);
        batch.events.push({ entityId: e.entityId, kind: "reappeared", changes: e.changes as Record<string, [unknown, unknown]> });
      }
      // Evidence: the exact bytes behind every new version (not for removals: a 404 is no version).
      if (f && e.kind !== "removed") batch.captures.push(capture(e.entityId, f));
    }
    await applyNoticeBatch(database.db, batch);
  }
  // Quiet rewrites (a field outside the hash changed, e.g. a new thumbnail): no event, but the
  // bytes that showed it are kept like any other version.
  for (let i = 0; i < refresh.length; i += batchSize) {
    const batch = emptyBatch(input.runId, input.now);
    for (const r of refresh.slice(i, i + batchSize)) {
      batch.updates.push(write(r.entityId, r.fields, r.hash));
      const f = input.fetched.get(r.entityId);
      if (f && replacedUnhashed(input.index.get(r.entityId), r.fields)) batch.captures.push(capture(r.entityId, f));
    }
    await applyNoticeBatch(database.db, batch);
  }
}
