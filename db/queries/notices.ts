// Notices: the reads the Notices pages make. The pull's writes are in notice-store.ts.
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { noticeCaptures, noticeEvents, notices } from "../schema/notices";

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
