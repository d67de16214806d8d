// Notices: the reads the Notices pages make. The pull's writes are in notice-store.ts.
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { nameQuery } from "../../lib/name-search";
import { effectiveSort, type NoticeSort } from "../../lib/notice-sorts";
import { cleanSearch, escapeLike } from "../../lib/text";
import { rowsOf, type Db } from "../client";
import { CHARGE_SEARCH_CONFIGS, crawlRuns, notices } from "../schema/notices";

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
  /** Indicators: only flagged notices (true) or only the others (false). */
  flagged?: boolean;
  page?: number;
  perPage?: number;
  /** For age filters; the request's clock. */
  now?: Date;
}

/** websearch_to_tsquery of `q` in every charge configuration, OR-ed: one stemmer's match is enough. */
function chargeQuery(q: string): SQL {
  return sql.join(
    CHARGE_SEARCH_CONFIGS.map((c) => sql`websearch_to_tsquery(${sql.raw(`'${c}'`)}::regconfig, ${q}::text)`),
    sql` || `,
  );
}

const textArray = (items: readonly string[]) => sql`array[${sql.join(items.map((i) => sql`${i}::text`), sql`, `)}]::text[]`;

interface Match {
  /**
   * Rows that match at all, as the union of one indexed look-up per way of matching (GIN on words,
   * skeletons, trigrams, tsvectors): an OR of them all would be read row by row, at the price of
   * trigram similarity on every notice.
   */
  where: SQL;
  /** The tier of the best way a matching row matches (see below). */
  score: SQL;
  /** Trigram similarity of the folded names, to order within a tier. */
  similarity: SQL;
}

/**
 * How the search `q` matches a notice, as the tiers of the "best match" order, highest first:
 *   100  the whole name, in either order ("Sergey Ivanov" = IVANOV, SERGEY)
 *    90  every word typed is one of the name's words (IVANOV, SERGEY PETROVICH)
 *    80  the whole name in another spelling (SERGEI for SERGEY, ALEXANDER for ALEKSANDR)
 *    70  every word typed matches a name word in another spelling
 *    60  a part of the name (PETRO → PETROVA)
 *    55  every word typed is in the name or the charges, unstemmed ("Petrov extremism")
 *    50  some of the words typed are the surname (IVANOV, DENIS for "Ivanov Sergey")
 *    45  some of the words typed are forenames (ABRAMOV, SERGEY)
 *    30+ the charges, stemmed per language (мошенничество finds мошенничества), by ts_rank
 *    32+ a similar name (trigram similarity of the transliterated names), by similarity
 * Names are compared through lib/name-search.ts, the same fold their stored keys were made with.
 * `unaccented` is q through unaccent() (Akhanlı → Akhanli), for the unstemmed text search.
 */
function matchOf(q: string, unaccented: string): Match {
  const nq = nameQuery(q);
  const terms: Array<{ when: SQL; score: SQL }> = [];
  if (nq.words.length) {
    const words = textArray(nq.words);
    terms.push({
      when: sql`${notices.nameWords} @> ${words}`,
      score: sql`case when ${notices.nameWords} <@ ${words} then 100 else 90 end`,
    });
    if (nq.words.length > 1) {
      terms.push({
        when: sql`${notices.nameWords} && ${words}`,
        score: sql`case when ${notices.surnameWords} && ${words} then 50 else 45 end`,
      });
    }
  }
  if (nq.skeleton.length) {
    const skel = textArray(nq.skeleton);
    terms.push({ when: sql`${notices.nameSkeleton} @> ${skel} and ${notices.nameSkeleton} <@ ${skel}`, score: sql`80` });
  }
  if (nq.strongSkeleton.length) terms.push({ when: sql`${notices.nameSkeleton} @> ${textArray(nq.strongSkeleton)}`, score: sql`70` });
  if (nq.compact.length) terms.push({ when: sql`${notices.nameCompact} in ${nq.compact}`, score: sql`80` });
  let similarity: SQL = sql`0`;
  if (nq.folded) {
    terms.push({ when: sql`${notices.searchName} like ${`%${escapeLike(nq.folded)}%`} escape '\\'`, score: sql`60` });
    similarity = sql`greatest(similarity(${notices.searchName}, ${nq.folded}::text), word_similarity(${nq.folded}::text, ${notices.searchName}))`;
    terms.push({
      when: sql`(${notices.searchName} % ${nq.folded}::text or ${nq.folded}::text <% ${notices.searchName})`,
      score: sql`20 + 40 * ${similarity}`,
    });
  }
  terms.push({ when: sql`${notices.searchText} @@ websearch_to_tsquery('simple', ${unaccented}::text)`, score: sql`55` });
  const charges = chargeQuery(q);
  terms.push({ when: sql`${notices.searchCharges} @@ (${charges})`, score: sql`30 + ts_rank(${notices.searchCharges}, ${charges})` });
  return {
    // array(…) makes the look-ups one uncorrelated step, run once: as `in (…)` a planner without
    // statistics (PGlite has no autovacuum) may re-run them for every notice.
    where: sql`${notices.entityId} = any(array(${sql.join(
      terms.map((t) => sql`select ${notices.entityId} from ${notices} where ${t.when}`),
      sql` union `,
    )}))`,
    score: sql`greatest(${sql.join(
      terms.map((t) => sql`case when ${t.when} then ${t.score} end`),
      sql`, `,
    )})`,
    similarity,
  };
}

/** q with accents folded by the database's own unaccent(), computed once per search, not per row. */
async function searchMatch(db: Db, q: string): Promise<Match> {
  const [row] = rowsOf<{ u: string }>(await db.execute(sql`select unaccent(${q}::text) as u`));
  return matchOf(q, row?.u ?? q);
}

function noticeWhere(f: NoticeFilters): SQL | undefined {
  const where: SQL[] = [];
  const status = f.status ?? "active";
  if (status !== "all") where.push(eq(notices.status, status));
  if (f.issuer) where.push(sql`${notices.warrantCountries} @> array[${f.issuer}]::text[]`);
  if (f.nationality) where.push(sql`${notices.nationalities} @> array[${f.nationality}]::text[]`);
  if (f.sex) where.push(eq(notices.sex, f.sex));
  if (f.flagged !== undefined) where.push(f.flagged ? sql`${flaggedSql} is true` : sql`${flaggedSql} is not true`);
  // Age in whole years from the birth year: approximate by at most one year, like Interpol's own filter.
  const year = (f.now ?? new Date()).getUTCFullYear();
  if (f.ageMin !== undefined) where.push(sql`${notices.birthYear} <= ${year - f.ageMin}`);
  if (f.ageMax !== undefined) where.push(sql`${notices.birthYear} >= ${year - f.ageMax - 1}`);
  return where.length ? and(...where) : undefined;
}

// Indicators (db/schema/indicators.ts), read per notice: a notice not scored yet has no score and is not flagged.
// The notice's id is written qualified: drizzle leaves columns bare in a one-table select, where
// a bare entity_id inside these subqueries would be the score's own.
const noticeId = sql.raw(`"notices"."entity_id"`);
const scoreSql = sql<number | null>`(select s.score from notice_scores s where s.entity_id = ${noticeId})`;
const flaggedSql = sql<boolean | null>`(select s.flagged from notice_scores s where s.entity_id = ${noticeId})`;
const flagsSql = sql<string[] | null>`(select array(select r->>'key' from jsonb_array_elements(s.reasons) r) from notice_scores s where s.entity_id = ${noticeId})`;

/** What the notices list shows of each notice, and all it reads. */
const listColumns = {
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
  indicatorScore: scoreSql.as("indicator_score"),
  flagged: flaggedSql.as("flagged"),
};

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
  const match = q ? await searchMatch(db, q) : null;
  const where = and(noticeWhere(f), match?.where);
  // The score is computed only for the rows the indexed look-ups selected, and only to rank.
  const rank = sort === "relevance" && match;
  const ranked = db
    .select({
      ...listColumns,
      score: (rank ? sql<number>`(${match.score})::real` : sql<number>`0::real`).as("score"),
      similarity: (rank ? sql<number>`(${match.similarity})::real` : sql<number>`0::real`).as("similarity"),
    })
    .from(notices)
    .where(where)
    .as("ranked");
  const byName = [sql`${ranked.name} asc nulls last`, sql`${ranked.forename} asc nulls last`, asc(ranked.entityId)];
  const order =
    sort === "relevance"
      ? [desc(ranked.score), desc(ranked.similarity), ...byName]
      : sort === "newest"
        ? [desc(ranked.firstSeenAt), desc(ranked.entityId)]
        : sort === "oldest"
          ? [asc(ranked.firstSeenAt), asc(ranked.entityId)]
          : sort === "updated"
            ? [desc(ranked.updatedAt), desc(ranked.entityId)]
            : sort === "score"
              ? [sql`${ranked.indicatorScore} desc nulls last`, ...byName]
              : byName;
  const { score: _score, similarity: _similarity, ...shown } = ranked._.selectedFields;
  const pageOf = db
    .select(shown)
    .from(ranked)
    .orderBy(...order)
    .limit(perPage)
    .offset((page - 1) * perPage);
  const count = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(notices).where(where))[0]?.n ?? 0;
  let rows: Awaited<typeof pageOf>;
  let total: number;
  if (match) {
    // A search's matches are few: the total comes with the page, as a window over them all.
    const found = await db
      .select({ ...shown, total: sql<number>`(count(*) over ())::int` })
      .from(ranked)
      .orderBy(...order)
      .limit(perPage)
      .offset((page - 1) * perPage);
    rows = found.map(({ total: _t, ...row }) => row);
    // Past the last page no row carries the total.
    total = found.length ? found[0]!.total : page > 1 ? await count() : 0;
  } else {
    // Without a search, a window would hold every notice before the limit: count apart.
    [rows, total] = await Promise.all([pageOf, count()]);
  }
  return { rows, total, page, perPage, pages: Math.max(1, Math.ceil(total / perPage)), sort };
}

/** The columns of the CSV export (app/routes/notices[.]csv.ts), read and nothing else. */
const { updatedAt: _updatedAt, ...exportListed } = listColumns;
const exportColumns = { ...exportListed, charges: notices.charges, flags: flagsSql };

/**
 * Every notice matching the filters, for CSV export, in pages of 1,000 by entity id so memory
 * stays flat however many match (a search filters like the list; the export keeps id order,
 * except by indicator score when asked).
 */
export async function* exportNotices(db: Db, f: NoticeFilters) {
  const q = searchText(f.q);
  const where = and(noticeWhere(f), q ? (await searchMatch(db, q)).where : undefined);
  if (f.sort === "score") {
    // Highest score first, then entity id; paged by that key so memory stays flat as well.
    const key = sql<number>`coalesce(${scoreSql}, -1)`;
    const pageAfter = (last: { score: number; id: string } | null) =>
      db
        .select({ ...exportColumns, sortKey: sql<number>`${key}::int` })
        .from(notices)
        .where(
          and(where, last ? sql`(${key} < ${last.score} or (${key} = ${last.score} and ${notices.entityId} > ${last.id}))` : undefined),
        )
        .orderBy(sql`${key} desc`, asc(notices.entityId))
        .limit(1000);
    let last: { score: number; id: string } | null = null;
    for (;;) {
      const rows = await pageAfter(last);
      if (!rows.length) return;
      yield rows;
      const tail = rows[rows.length - 1]!;
      last = { score: Number(tail.sortKey), id: tail.entityId };
    }
  }
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
 * What the store looked like at its last write, as far as these summaries care: the latest pull
 * (only pulls write notices). Null while a pull is running, when the store changes batch by batch
 * and nothing may be cached. Shared by every process, so a pull in one invalidates all.
 */
async function storeVersion(db: Db): Promise<string | null> {
  const [run] = await db
    .select({ id: crawlRuns.id, status: crawlRuns.status, finishedAt: crawlRuns.finishedAt })
    .from(crawlRuns)
    .orderBy(desc(crawlRuns.id))
    .limit(1);
  if (!run) return "empty";
  return run.status === "running" ? null : `${run.id}:${run.finishedAt?.toISOString() ?? ""}`;
}

/** A per-database memo of `compute`, valid until the next pull (see storeVersion). */
function cachedPerPull<T>(compute: (db: Db) => Promise<T>): (db: Db) => Promise<T> {
  const cache = new WeakMap<Db, { version: string; value: T }>();
  return async (db) => {
    const version = await storeVersion(db);
    const hit = version !== null ? cache.get(db) : undefined;
    if (hit && hit.version === version) return hit.value;
    const value = await compute(db);
    if (version !== null) cache.set(db, { version, value });
    return value;
  };
}

/**
 * Warrant-issuing countries and nationalities present in the store, with how many published and
 * removed notices name each: one grouped query, a single pass over notices (both arrays unnested
 * together), computed once per pull rather than on every page load.
 */
export async function computeNoticeFacets(db: Db): Promise<{ issuers: FacetCount[]; nationalities: FacetCount[] }> {
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
export const noticeFacets = cachedPerPull(computeNoticeFacets);

/** Distinct codes present, for filter drop-downs that need no counts. */
export async function noticeFacetCodes(db: Db) {
  const f = await noticeFacets(db);
  return { issuers: f.issuers.map((x) => x.code), nationalities: f.nationalities.map((x) => x.code) };
}

/**
 * A search that finds something in this store, for the search box's placeholder: the most frequent
 * surname among published notices and the most frequent first word of their charges (the offence,
 * in the issuing state's language: "Мошенничество", "Homicidio"). One pass over notices, once per
 * pull. Null when no notice is published.
 */
export async function computeSearchSuggestion(db: Db): Promise<{ name: string | null; chargeWord: string | null } | null> {
  const [row] = rowsOf<{ n: number; name: string | null; word: string | null }>(
    await db.execute(sql`
      with published as (
        select name, substring(charges from '^[^[:space:][:punct:][:digit:]]{5,}') as word
        from ${notices} where status = 'active'
      )
      select (select count(*)::int from published) as n,
             (select name from published where name ~ '^[[:alpha:]]{4,}$'
                group by name order by count(*) desc, name limit 1) as name,
             (select word from published where word is not null
                group by word order by count(*) desc, word limit 1) as word`),
  );
  if (!row?.n) return null;
  return { name: row.name, chargeWord: row.word };
}
export const searchSuggestion = cachedPerPull(computeSearchSuggestion);
