// Notices: the writes a pull makes (batched, one transaction per batch so a crash leaves the
// store consistent) and the reads the Notices pages make.
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { nameQuery, nameSearchKeys } from "../../lib/name-search";
import { effectiveSort, type NoticeSort } from "../../lib/notice-sorts";
import { cleanSearch, escapeLike } from "../../lib/text";
import { rowsOf, type Db } from "../client";
import { CHARGE_SEARCH_CONFIGS, noticeCaptures, noticeEvents, notices } from "../schema/notices";

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
    ...nameSearchKeys(f.name, f.forename),
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
  await db.transaction(async (tx) => {
    for (const part of chunks(b.inserts)) {
      await tx
        .insert(notices)
        .values(part.map((w) => ({ ...columns(w, b.now), status: "active" as const, firstSeenAt: b.now, lastSeenAt: b.now })))
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
        part.map((e) => ({ entityId: e.entityId, runId: b.runId, kind: e.kind, changes: e.changes ?? {}, occurredAt: b.now })),
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
  sort?: NoticeSort;
  page?: number;
  perPage?: number;
  /** For age filters; the request's clock. */
  now?: Date;
}

const displayName = sql`coalesce(${notices.name}, '') || ' ' || coalesce(${notices.forename}, '')`;

/** websearch_to_tsquery of `q` in every charge configuration, OR-ed: one stemmer's match is enough. */
function chargeQuery(q: string): SQL {
  return sql.join(
    CHARGE_SEARCH_CONFIGS.map((c) => sql`websearch_to_tsquery(${sql.raw(`'${c}'`)}::regconfig, ${q})`),
    sql` || `,
  );
}

const textArray = (items: readonly string[]) => sql`array[${sql.join(items.map((i) => sql`${i}`), sql`, `)}]::text[]`;

/**
 * How well a notice matches the search `q`, or null when it does not: the tiers of the "best
 * match" order, highest first.
 *   100  the whole name, in either order ("Sergey Ivanov" = IVANOV, SERGEY)
 *    90  every word typed is one of the name's words (IVANOV, SERGEY PETROVICH)
 *    80  the same name in another spelling (SERGEI for SERGEY, ALEXANDER for ALEKSANDR)
 *    70  every word typed matches a name word in another spelling
 *    60  a part of the name (PETRO → PETROVA)
 *    50  every word typed is in the name or the charges, unstemmed
 *    30+ the charges, stemmed per language (мошенничество finds мошенничества), by ts_rank
 *    32+ a similar name (trigram similarity of the transliterated names), by similarity
 * Names are compared through lib/name-search.ts, the same fold their stored keys were made with.
 */
function matchScore(q: string): { score: SQL; similarity: SQL } {
  const nq = nameQuery(q);
  const tiers: SQL[] = [];
  let similarity: SQL = sql`0`;
  if (nq.words.length) {
    const words = textArray(nq.words);
    tiers.push(sql`case when ${notices.nameWords} @> ${words} and ${notices.nameWords} <@ ${words} then 100 end`);
    tiers.push(sql`case when ${notices.nameWords} @> ${words} then 90 end`);
  }
  if (nq.skeleton.length) {
    const skel = textArray(nq.skeleton);
    tiers.push(sql`case when (${notices.nameSkeleton} @> ${skel} and ${notices.nameSkeleton} <@ ${skel})
      or array_to_string(${notices.nameSkeleton}, '') = any(${textArray(nq.compact)}) then 80 end`);
    tiers.push(sql`case when ${notices.nameSkeleton} @> ${skel} then 70 end`);
  }
  if (nq.folded) {
    tiers.push(sql`case when ${notices.searchName} like ${`%${escapeLike(nq.folded)}%`} escape '\\' then 60 end`);
    similarity = sql`greatest(similarity(${notices.searchName}, ${nq.folded}), word_similarity(${nq.folded}, ${notices.searchName}))`;
    tiers.push(sql`case when ${notices.searchName} % ${nq.folded} or ${nq.folded} <% ${notices.searchName} then 20 + 40 * ${similarity} end`);
  }
  // What was typed, literally (accents folded): "%" and "_" match themselves.
  tiers.push(sql`case when unaccent(${displayName}) ilike unaccent(${`%${escapeLike(q)}%`}) escape '\\' then 60 end`);
  tiers.push(sql`case when ${notices.searchText} @@ websearch_to_tsquery('simple', unaccent(${q})) then 50 end`);
  const charges = chargeQuery(q);
  tiers.push(sql`case when ${notices.searchCharges} @@ (${charges}) then 30 + ts_rank(${notices.searchCharges}, ${charges}) end`);
  return { score: sql`greatest(${sql.join(tiers, sql`, `)})`, similarity };
}

function noticeWhere(f: NoticeFilters): SQL | undefined {
  const where: SQL[] = [];
  const status = f.status ?? "active";
  if (status !== "all") where.push(eq(notices.status, status));
  if (f.issuer) where.push(sql`${notices.warrantCountries} @> array[${f.issuer}]::text[]`);
  if (f.nationality) where.push(sql`${notices.nationalities} @> array[${f.nationality}]::text[]`);
  if (f.sex) where.push(eq(notices.sex, f.sex));
  // Age in whole years from the birth year: approximate by at most one year, like Interpol's own filter.
  const year = (f.now ?? new Date()).getUTCFullYear();
  if (f.ageMin !== undefined) where.push(sql`${notices.birthYear} <= ${year - f.ageMin}`);
  if (f.ageMax !== undefined) where.push(sql`${notices.birthYear} >= ${year - f.ageMax - 1}`);
  return where.length ? and(...where) : undefined;
}

/** The search as typed, cleaned (invisible and control characters gone); "" when nothing is left. */
const searchText = (q: string | undefined) => cleanSearch(q ?? "");

/**
 * One page of notices matching the filters, in the requested order ("best match" by default when
 * there is a search), with the total. Only the columns the list shows are read.
 */
export async function searchNotices(db: Db, f: NoticeFilters) {
  const perPage = Math.min(Math.max(f.perPage ?? 50, 1), 500);
  const page = Math.max(f.page ?? 1, 1);
  const q = searchText(f.q);
  const sort = effectiveSort(f.sort, q !== "");
  const where = noticeWhere(f);
  const match = q ? matchScore(q) : null;
  const matched = db
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
      score: (match ? sql<number>`(${match.score})::real` : sql<number>`0::real`).as("score"),
      similarity: (match ? sql<number>`(${match.similarity})::real` : sql<number>`0::real`).as("similarity"),
    })
    .from(notices)
    .where(where)
    .as("matched");
  const hit = match ? sql`${matched.score} is not null` : undefined;
  const byName = [sql`${matched.name} asc nulls last`, sql`${matched.forename} asc nulls last`, asc(matched.entityId)];
  const order =
    sort === "relevance"
      ? [desc(matched.score), desc(matched.similarity), ...byName]
      : sort === "newest"
        ? [desc(matched.firstSeenAt), desc(matched.entityId)]
        : sort === "oldest"
          ? [asc(matched.firstSeenAt), asc(matched.entityId)]
          : sort === "updated"
            ? [desc(matched.updatedAt), desc(matched.entityId)]
            : byName;
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(matched)
      .where(hit)
      .orderBy(...order)
      .limit(perPage)
      .offset((page - 1) * perPage),
    db.select({ n: sql<number>`count(*)::int` }).from(matched).where(hit),
  ]);
  const total = count?.n ?? 0;
  return { rows, total, page, perPage, pages: Math.max(1, Math.ceil(total / perPage)), sort };
}

/** The columns of the CSV export (app/routes/notices[.]csv.ts), read and nothing else. */
const exportColumns = {
  entityId: notices.entityId,
  status: notices.status,
  name: notices.name,
  forename: notices.forename,
  birthDate: notices.birthDate,
  sex: notices.sex,
  nationalities: notices.nationalities,
  warrantCountries: notices.warrantCountries,
  charges: notices.charges,
  firstSeenAt: notices.firstSeenAt,
  lastSeenAt: notices.lastSeenAt,
  removedAt: notices.removedAt,
};

/**
 * Every notice matching the filters, for CSV export, in pages of 1,000 by entity id so memory
 * stays flat however many match (a search filters like the list; the export keeps id order).
 */
export async function* exportNotices(db: Db, f: NoticeFilters) {
  const base = noticeWhere(f);
  const q = searchText(f.q);
  const where = q ? and(base, sql`${matchScore(q).score} is not null`) : base;
  let after = "";
  for (;;) {
    const rows = await db
      .select(exportColumns)
      .from(notices)
      .where(and(where, sql`${notices.entityId} > ${after}`))
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

export interface FacetCount {
  code: string;
  active: number;
  removed: number;
}

/**
 * Warrant-issuing countries and nationalities present in the store, with how many published and
 * removed notices name each: one grouped query, a single pass over notices (both arrays
 * unnested together), so the filter drop-downs cost one scan per page load, not two.
 */
export async function noticeFacets(db: Db): Promise<{ issuers: FacetCount[]; nationalities: FacetCount[] }> {
  const rows = rowsOf<{ facet: "i" | "n"; code: string; active: number; removed: number }>(
    await db.execute(sql`
      select f.facet, f.code,
             count(*) filter (where n.status = 'active')::int as active,
             count(*) filter (where n.status = 'removed')::int as removed
      from ${notices} n
      cross join lateral (
        select 'i' as facet, c as code from unnest(n.warrant_countries) c
        union all
        select 'n', c from unnest(n.nationalities) c
      ) f
      group by f.facet, f.code
      order by f.code`),
  );
  const pick = (facet: "i" | "n") =>
    rows.filter((r) => r.facet === facet).map(({ code, active, removed }) => ({ code, active, removed }));
  return { issuers: pick("i"), nationalities: pick("n") };
}

/** Distinct codes present, for filter drop-downs that need no counts. */
export async function noticeFacetCodes(db: Db) {
  const f = await noticeFacets(db);
  return { issuers: f.issuers.map((x) => x.code), nationalities: f.nationalities.map((x) => x.code) };
}

/**
 * A search that finds something in this store, for the search box's placeholder: the most frequent
 * surname among published notices and the most frequent long word of their charges. Null when
 * the store holds no published notice.
 */
export async function searchSuggestion(db: Db): Promise<{ name: string | null; chargeWord: string | null } | null> {
  const [top] = rowsOf<{ name: string | null; n: number }>(
    await db.execute(sql`
      select w as name, count(*)::int as n
      from ${notices}, unnest(string_to_array(${notices.name}, ' ')) w
      where ${notices.status} = 'active' and length(w) >= 4
      group by w order by n desc, w asc limit 1`),
  );
  if (!top) {
    const [{ n } = { n: 0 }] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from ${notices} where ${notices.status} = 'active'`),
    );
    if (!n) return null;
  }
  const [word] = rowsOf<{ word: string }>(
    await db.execute(sql`
      select word from ts_stat('select to_tsvector(''simple'', charges) from notices where status = ''active''')
      where length(word) >= 7 and word ~ '^[[:alpha:]]+$'
      order by ndoc desc, word asc limit 1`),
  );
  return { name: top?.name ?? null, chargeWord: word?.word ?? null };
}

export async function getNotice(db: Db, entityId: string) {
  const [row] = await db.select().from(notices).where(eq(notices.entityId, entityId));
  return row ?? null;
}

export async function noticeHistory(db: Db, entityId: string) {
  return db
    .select()
    .from(noticeEvents)
    .where(eq(noticeEvents.entityId, entityId))
    .orderBy(desc(noticeEvents.occurredAt), desc(noticeEvents.id));
}

export async function noticeCaptureList(db: Db, entityId: string) {
  return db
    .select({
      id: noticeCaptures.id,
      runId: noticeCaptures.runId,
      url: noticeCaptures.url,
      status: noticeCaptures.status,
      sha256: noticeCaptures.sha256,
      startedAt: noticeCaptures.startedAt,
      size: sql<number>`octet_length(${noticeCaptures.body})::int`,
    })
    .from(noticeCaptures)
    .where(eq(noticeCaptures.entityId, entityId))
    .orderBy(desc(noticeCaptures.startedAt));
}

export async function getCapture(db: Db, entityId: string, id: number) {
  const [row] = await db
    .select()
    .from(noticeCaptures)
    .where(and(eq(noticeCaptures.entityId, entityId), eq(noticeCaptures.id, id)));
  return row ?? null;
}
