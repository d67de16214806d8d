// The notice store as the pull writes it: the index it diffs against, and the batched writes (one
// transaction per batch, so a crash leaves every notice fully before or fully after a run). The
// pages' reads are in notices.ts.
import { and, eq, inArray, sql } from "drizzle-orm";
import { nameSearchKeys } from "../../lib/name-search";
import { NOTICE_FIELD_KEYS, type NoticeValues } from "../../lib/notice-fields";
import type { Db } from "../client";
import { noticeCaptures, noticeEvents, notices } from "../schema/notices";

/** A notice's fields as the pull normalised them (declared once in lib/notice-fields.ts). */
export type NoticeFields = NoticeValues;

/** What the pull needs to know of each stored notice before it sweeps. No JSON is read. */
export interface NoticeIndexEntry {
  status: "active" | "removed";
  hash: string;
  nationalities: string[];
  warrantCountries: string[];
  sex: string | null;
  /** Validators of the detail response the stored content came from (for conditional requests). */
  etag: string | null;
  lastModified: string | null;
  pictureId: string | null;
  /** The thumbnail picture id whose images were last stored ("" when it had none). */
  imagesFor: string | null;
}

export interface NoticeWrite {
  fields: NoticeFields;
  hash: string;
  raw: unknown;
  etag?: string | null;
  lastModified?: string | null;
}

export interface EventWrite {
  entityId: string;
  kind: "added" | "changed" | "removed" | "reappeared";
  changes?: Record<string, [unknown, unknown]>;
  /** What was already published when watching began (see notice_events.baseline). */
  baseline?: boolean;
}

export interface CaptureWrite {
  entityId: string;
  url: string;
  request: unknown;
  status: number;
  headers: Record<string, unknown>;
  body: Buffer;
  sha256: string;
  startedAt: Date;
  endedAt: Date;
}

export interface NoticeBatch {
  runId: number;
  now: Date;
  /** New notices. */
  inserts: NoticeWrite[];
  /** Existing notices whose content changed, or that came back (status set active). */
  updates: NoticeWrite[];
  /** Came back with unknown content this run: status active, fields kept. */
  reactivate: string[];
  removals: string[];
  events: EventWrite[];
  captures: CaptureWrite[];
  /** Content identical, stored hash out of date (normaliser upgrade): no event. */
  rehash: Array<{ entityId: string; hash: string }>;
}

export function emptyBatch(runId: number, now: Date): NoticeBatch {
  return { runId, now, inserts: [], updates: [], reactivate: [], removals: [], events: [], captures: [], rehash: [] };
}

const CHUNK = 500;
function* chunks<T>(list: readonly T[], size = CHUNK): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

function birthYear(birthDate: string | null): number | null {
  const m = birthDate?.match(/^(\d{4})/);
  return m ? Number(m[1]) : null;
}

/** A notice row from its fields: one column per declared field, and what search needs besides. */
function columns(w: NoticeWrite, now: Date) {
  const f = w.fields;
  const perField = {} as { [K in keyof NoticeFields]: NoticeFields[K] };
  for (const k of NOTICE_FIELD_KEYS) (perField as Record<string, unknown>)[k] = f[k];
  return {
    ...perField,
    birthYear: birthYear(f.birthDate),
    charges: f.warrants.map((x) => x.charge ?? "").filter(Boolean).join("\n\n") || null,
    ...nameSearchKeys(f.name, f.forename),
    fields: f,
    raw: w.raw,
    contentHash: w.hash,
    detailEtag: w.etag ?? null,
    detailLastModified: w.lastModified ?? null,
    updatedAt: now,
  };
}

/** id → what the diff, the planner's guard and conditional requests need, for every stored notice. */
export async function loadNoticeIndex(db: Db): Promise<Map<string, NoticeIndexEntry>> {
  const rows = await db
    .select({
      entityId: notices.entityId,
      status: notices.status,
      hash: notices.contentHash,
      nationalities: notices.nationalities,
      warrantCountries: notices.warrantCountries,
      sex: notices.sex,
      etag: notices.detailEtag,
      lastModified: notices.detailLastModified,
      pictureId: notices.pictureId,
      imagesFor: notices.imagesFor,
    })
    .from(notices);
  return new Map(rows.map(({ entityId, ...r }) => [entityId, r]));
}

/** Stored normalised fields for the few notices whose hash differs (to name the changed fields). */
export async function loadNoticeFields(db: Db, ids: readonly string[]): Promise<Map<string, NoticeFields>> {
  const out = new Map<string, NoticeFields>();
  for (const part of chunks(ids, 1000)) {
    const rows = await db
      .select({ entityId: notices.entityId, fields: notices.fields })
      .from(notices)
      .where(inArray(notices.entityId, part));
    for (const r of rows) out.set(r.entityId, r.fields as NoticeFields);
  }
  return out;
}

/**
 * Apply one batch of a pull atomically: notice rows, their events and captures together, so a
 * crash between batches leaves every notice either fully before or fully after this run.
 */
export async function applyNoticeBatch(db: Db, b: NoticeBatch): Promise<void> {
  // When Article 3 saw each notice's content: the moment its captured response was requested.
  // First-seen and the events' times are that moment, so they agree with the evidence a lawyer
  // cites (a long pull writes minutes after it fetched). Events without a capture (removals) get
  // the batch time.
  const seenAt = new Map<string, Date>();
  for (const c of b.captures) {
    const t = seenAt.get(c.entityId);
    if (!t || c.startedAt < t) seenAt.set(c.entityId, c.startedAt);
  }
  const at = (entityId: string) => seenAt.get(entityId) ?? b.now;
  await db.transaction(async (tx) => {
    for (const part of chunks(b.inserts)) {
      await tx
        .insert(notices)
        .values(
          part.map((w) => ({ ...columns(w, b.now), status: "active" as const, firstSeenAt: at(w.fields.entityId), lastSeenAt: b.now })),
        )
        // A crashed run may have inserted it already; the content then is the same.
        .onConflictDoNothing();
    }
    for (const w of b.updates) {
      await tx
        .update(notices)
        .set({ ...columns(w, b.now), status: "active", removedAt: null, lastSeenAt: b.now })
        .where(eq(notices.entityId, w.fields.entityId));
    }
    for (const part of chunks(b.reactivate)) {
      await tx
        .update(notices)
        .set({ status: "active", removedAt: null, lastSeenAt: b.now, updatedAt: b.now })
        .where(inArray(notices.entityId, part));
    }
    for (const part of chunks(b.removals)) {
      await tx
        .update(notices)
        .set({ status: "removed", removedAt: b.now, updatedAt: b.now })
        .where(and(inArray(notices.entityId, part), eq(notices.status, "active")));
    }
    for (const r of b.rehash) {
      await tx.update(notices).set({ contentHash: r.hash }).where(eq(notices.entityId, r.entityId));
    }
    for (const part of chunks(b.events, 2000)) {
      await tx.insert(noticeEvents).values(
        part.map((e) => ({
          entityId: e.entityId,
          runId: b.runId,
          kind: e.kind,
          changes: e.changes ?? {},
          occurredAt: e.kind === "removed" ? b.now : at(e.entityId),
          baseline: e.baseline ?? false,
        })),
      );
    }
    for (const part of chunks(b.captures, 100)) {
      await tx.insert(noticeCaptures).values(part.map((c) => ({ ...c, runId: b.runId })));
    }
  });
}

/** Bump last_seen_at for notices the pull saw unchanged (one statement per few thousand ids). */
export async function touchNotices(db: Db, ids: readonly string[], now: Date): Promise<void> {
  for (const part of chunks(ids, 5000)) {
    await db.update(notices).set({ lastSeenAt: now }).where(inArray(notices.entityId, part));
  }
}

/**
 * Record the validators of detail responses whose content was unchanged (so the next pull can ask
 * conditionally). One statement per chunk.
 */
export async function setDetailValidators(
  db: Db,
  rows: ReadonlyArray<{ entityId: string; etag: string | null; lastModified: string | null }>,
): Promise<void> {
  for (const part of chunks(rows, 2000)) {
    await db.execute(sql`
      update ${notices} as n set detail_etag = v.etag, detail_last_modified = v.last_modified
      from (select * from unnest(
        ${sql.raw("array[")}${sql.join(part.map((r) => sql`${r.entityId}`), sql`, `)}${sql.raw("]::text[]")},
        ${sql.raw("array[")}${sql.join(part.map((r) => sql`${r.etag}`), sql`, `)}${sql.raw("]::text[]")},
        ${sql.raw("array[")}${sql.join(part.map((r) => sql`${r.lastModified}`), sql`, `)}${sql.raw("]::text[]")}
      ) as t(entity_id, etag, last_modified)) as v
      where n.entity_id = v.entity_id`);
  }
}
