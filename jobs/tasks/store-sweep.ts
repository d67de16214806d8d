// The store side of a pull: diff what the sweep saw against the store and write the events,
// notice rows and evidence captures in atomic batches. Measured by `npm run bench -- diff`.
import { createHash } from "node:crypto";
import type { Database } from "../../db/client";
import {
  applyNoticeBatch,
  loadNoticeFields,
  touchNotices,
  type CaptureWrite,
  type NoticeBatch,
  type NoticeWrite,
} from "../../db/queries/notices";
import { diffNotices, type AbsentCheck, type DiffEvent, type StoredNotice } from "../interpol/diff";
import type { RawResponse } from "../interpol/http";
import { contentHash, type NormalizedNotice } from "../interpol/normalize";

/** One notice's detail as fetched: normalised fields, the exact response, and its parsed JSON. */
export interface Fetched {
  fields: NormalizedNotice;
  raw: RawResponse;
  json: unknown;
}

/** Run one pull unless another process is already pulling (then `status: "skipped"`). */
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

export function emptyBatch(runId: number, now: Date): NoticeBatch {
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

