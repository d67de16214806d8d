// Notices: the writes a pull makes (batched, one transaction per batch so a crash leaves the
// store consistent) and the reads the Notices pages make.
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { noticeCaptures, noticeEvents, notices } from "../schema/notices";

/**
 * The normalised notice as the pull produces it. It mirrors jobs/interpol/normalize.ts
 * NormalizedNotice because db/ may not import jobs/; the pull passes NormalizedNotice where this
 * is expected (jobs/tasks/store-sweep.ts), so the compiler catches the two drifting apart.
 */
export interface NoticeFields {
  entityId: string;
  name: string | null;
  forename: string | null;
  birthDate: string | null;
  birthDatePrecision: string | null;
  sex: string | null;
  nationalities: string[];
  warrantCountries: string[];
  warrants: Array<{ issuer: string | null; charge: string | null; chargeTranslation: string | null }>;
  height: number | null;
  weight: number | null;
  eyes: string[] | null;
  hair: string[] | null;
  languages: string[] | null;
  countryOfBirth: string | null;
  placeOfBirth: string | null;
  distinguishingMarks: string | null;
}

export interface NoticeWrite {
  fields: NoticeFields;
  hash: string;
  raw: unknown;
}

export interface EventWrite {
  entityId: string;
  kind: "added" | "changed" | "removed" | "reappeared";
  changes?: Record<string, [unknown, unknown]>;
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

const CHUNK = 500;
function* chunks<T>(list: readonly T[], size = CHUNK): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

function birthYear(birthDate: string | null): number | null {
  const m = birthDate?.match(/^(\d{4})/);
  return m ? Number(m[1]) : null;
}

function columns(w: NoticeWrite, now: Date) {
  const f = w.fields;
  return {
    entityId: f.entityId,
    name: f.name,
    forename: f.forename,
    birthDate: f.birthDate,
    birthDatePrecision: f.birthDatePrecision,
    birthYear: birthYear(f.birthDate),
    sex: f.sex,
    nationalities: f.nationalities,
    warrantCountries: f.warrantCountries,
    charges: f.warrants.map((x) => x.charge ?? "").filter(Boolean).join("\n\n") || null,
    warrants: f.warrants,
    height: f.height,
    weight: f.weight,
    eyes: f.eyes,
    hair: f.hair,
    languages: f.languages,
    countryOfBirth: f.countryOfBirth,
    placeOfBirth: f.placeOfBirth,
    distinguishingMarks: f.distinguishingMarks,
    fields: f,
    raw: w.raw,
    contentHash: w.hash,
    updatedAt: now,
  };
}

/** id → status and hash for every stored notice: all the diff needs to find what changed. */
export async function loadNoticeIndex(db: Db): Promise<Map<string, { status: "active" | "removed"; hash: string }>> {
  const rows = await db
    .select({ entityId: notices.entityId, status: notices.status, hash: notices.contentHash })
    .from(notices);
  return new Map(rows.map((r) => [r.entityId, { status: r.status, hash: r.hash }]));
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

// ---- Reads for the pages ----

export interface NoticeFilters {
  q?: string;
  issuer?: string;
  nationality?: string;
  status?: "active" | "removed" | "all";
  sex?: string;
  ageMin?: number;
  ageMax?: number;
  sort?: "name" | "newest" | "oldest" | "updated";
  page?: number;
  perPage?: number;
}

export const NOTICE_SORTS = ["name", "newest", "oldest", "updated"] as const;

function noticeWhere(f: NoticeFilters, now = new Date()): SQL | undefined {
  const where: SQL[] = [];
  const status = f.status ?? "active";
  if (status !== "all") where.push(eq(notices.status, status));
  if (f.issuer) where.push(sql`${notices.warrantCountries} @> array[${f.issuer}]::text[]`);
  if (f.nationality) where.push(sql`${notices.nationalities} @> array[${f.nationality}]::text[]`);
  if (f.sex) where.push(eq(notices.sex, f.sex));
  // Age in whole years from the birth year: approximate by at most one year, like Interpol's own filter.
  const year = now.getUTCFullYear();
  if (f.ageMin !== undefined) where.push(sql`${notices.birthYear} <= ${year - f.ageMin}`);
  if (f.ageMax !== undefined) where.push(sql`${notices.birthYear} >= ${year - f.ageMax - 1}`);
  const q = f.q?.trim();
  if (q) {
    // Charges and names by full-text search; names also fuzzily, accents folded (Akhanlı ~ AKHANLI).
    where.push(sql`(
      ${notices.searchText} @@ websearch_to_tsquery('simple', unaccent(${q}))
      or unaccent(coalesce(${notices.name}, '') || ' ' || coalesce(${notices.forename}, '')) ilike unaccent(${`%${q}%`})
      or (coalesce(${notices.name}, '') || ' ' || coalesce(${notices.forename}, '')) % upper(unaccent(${q}))
    )`);
  }
  return where.length ? and(...where) : undefined;
}

export async function searchNotices(db: Db, f: NoticeFilters) {
  const perPage = Math.min(Math.max(f.perPage ?? 50, 1), 500);
  const page = Math.max(f.page ?? 1, 1);
  const where = noticeWhere(f);
  const order =
    f.sort === "newest"
      ? [desc(notices.firstSeenAt), desc(notices.entityId)]
      : f.sort === "oldest"
        ? [asc(notices.firstSeenAt), asc(notices.entityId)]
        : f.sort === "updated"
          ? [desc(notices.updatedAt), desc(notices.entityId)]
          : [sql`${notices.name} asc nulls last`, asc(notices.forename), asc(notices.entityId)];
  const rows = await db
    .select({
      entityId: notices.entityId,
      name: notices.name,
      forename: notices.forename,
      birthDate: notices.birthDate,
      sex: notices.sex,
      nationalities: notices.nationalities,
      warrantCountries: notices.warrantCountries,
      status: notices.status,
      firstSeenAt: notices.firstSeenAt,
      lastSeenAt: notices.lastSeenAt,
      removedAt: notices.removedAt,
      updatedAt: notices.updatedAt,
    })
    .from(notices)
    .where(where)
    .orderBy(...order)
    .limit(perPage)
    .offset((page - 1) * perPage);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(notices).where(where);
  return { rows, total: count?.n ?? 0, page, perPage };
}

/** Every notice matching the filters, for CSV export, in pages so memory stays flat. */
export async function* exportNotices(db: Db, f: NoticeFilters) {
  const where = noticeWhere(f);
  let after = "";
  for (;;) {
    const rows = await db
      .select()
      .from(notices)
      .where(where ? and(where, sql`${notices.entityId} > ${after}`) : sql`${notices.entityId} > ${after}`)
      .orderBy(asc(notices.entityId))
      .limit(1000);
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1]!.entityId;
  }
}

export async function noticeCounts(db: Db) {
  const rows = await db
    .select({ status: notices.status, n: sql<number>`count(*)::int` })
    .from(notices)
    .groupBy(notices.status);
  const by = Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
  return { active: by.active ?? 0, removed: by.removed ?? 0 };
}

/** Distinct codes present, for filter drop-downs. */
export async function noticeFacetCodes(db: Db) {
  const [iss, nat] = await Promise.all([
    db.execute(sql`select distinct unnest(warrant_countries) as code from notices order by 1`),
    db.execute(sql`select distinct unnest(nationalities) as code from notices order by 1`),
  ]);
  const codes = (r: unknown) =>
    ((Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { code: string }[]).map((x) => x.code);
  return { issuers: codes(iss), nationalities: codes(nat) };
}
