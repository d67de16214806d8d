// Decisions (precedents): search with facets, similar decisions, one decision, and writes with a
// version check. Visibility is in the SQL of every read (db/queries/visibility.ts). The search
// columns (search_head, search_full, search_names) are kept by a trigger (migration
// decision_search), copied with the facet columns into the narrow table decision_search by
// another (migration decision_search_narrow), and read only here; docs/decisions/012-precedent-search.md
// has the ranking.
import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { date, integer, pgTable, text, timestamp, type AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../client";
import { rowsOf } from "../client";
import { cases, decisions, sourceLinks, sources, type DecisionRow } from "../schema/cases";
import { visibleTo } from "./visibility";
import type { DecisionInput } from "../../lib/decision-csv";
import {
  MARK_END,
  MARK_START,
  minimumMatched,
  parseQuery,
  phrasePairs,
  withoutPositions,
  searchTermRows,
  vocabularyMatches,
  FACETS,
  type DecisionSort,
  type Facet,
  type ParsedQuery,
  type VocabularyMatches,
} from "../../lib/precedent-search";
import type { Viewer } from "../../lib/visibility";

/** A signed-in person (writes are never made for the public viewer). */
export type UserViewer = Extract<Viewer, { kind: "user" }>;
import { hasRole } from "../../lib/roles";

/** The configurations a query term is stemmed in: the decisions' languages, then unstemmed. */
export const QUERY_CONFIGS = ["english", "french", "spanish", "russian", "german", "italian", "portuguese", "turkish", "simple"] as const;

export { SORTS, FACETS, type DecisionSort, type Facet } from "../../lib/precedent-search";

export interface DecisionFilters {
  q?: string;
  forum?: string[];
  outcome?: string[];
  grounds?: string[];
  jurisdiction?: string[];
  /** `unknown` selects decisions whose requesting state is not known. */
  requesting_country?: string[];
  year_from?: number;
  year_to?: number;
  sort?: DecisionSort;
}

export type FacetCounts = Record<Facet, { key: string; count: number }[]>;

const rows = async <T>(db: Db, q: SQL) => rowsOf<T>(await db.execute(q));

/** A text[] as either driver returns it (an array, or PostgreSQL's literal `{a,b}`). */
const textArray = (v: string[] | string | null | undefined): string[] =>
  Array.isArray(v) ? v : typeof v === "string" && v.length > 2 ? v.slice(1, -1).split(",").map((s) => s.replace(/^"|"$/g, "")) : [];

// ---- Vocabulary words in the database -------------------------------------------------------

/**
 * Bring decision_search_terms in line with lib/taxonomy.ts and lib/countries.ts; when a word
 * changed, reindex every decision (the trigger recomputes on update). Called at every migrate.
 */
export async function syncDecisionSearchTerms(db: Db): Promise<{ changed: number }> {
  const want = searchTermRows();
  const have = await rows<{ vocabulary: string; key: string; words: string }>(db, sql`select vocabulary, key, words from decision_search_terms`);
  const byKey = new Map(have.map((r) => [`${r.vocabulary}:${r.key}`, r.words]));
  const changed = want.filter((r) => byKey.get(`${r.vocabulary}:${r.key}`) !== r.words);
  const wanted = new Set(want.map((r) => `${r.vocabulary}:${r.key}`));
  const stale = have.filter((r) => !wanted.has(`${r.vocabulary}:${r.key}`));
  if (!changed.length && !stale.length) return { changed: 0 };
  for (let i = 0; i < changed.length; i += 200) {
    const chunk = changed.slice(i, i + 200);
    await db.execute(sql`insert into decision_search_terms (vocabulary, key, words) values ${sql.join(
      chunk.map((r) => sql`(${r.vocabulary}, ${r.key}, ${r.words})`),
      sql`, `,
    )} on conflict (vocabulary, key) do update set words = excluded.words`);
  }
  for (const r of stale) await db.execute(sql`delete from decision_search_terms where vocabulary = ${r.vocabulary} and key = ${r.key}`);
  await db.execute(sql`update decisions set search_head = null`);
  return { changed: changed.length + stale.length };
}

// ---- The narrow side table ------------------------------------------------------------------

/**
 * decision_search (migration decision_search_narrow): one narrow row per decision, kept by a
 * trigger, with the facet and visibility columns and the vectors matching needs (head, words
 * without positions, adjacent pairs for phrases, folded names). Every search reads it, never the
 * wide `decisions` rows, except for the page's own rows. Declared here, not in db/schema: only
 * this module reads it, and the migration (not drizzle-kit) owns it.
 */
const decisionSearch = pgTable("decision_search", {
  id: integer("id").notNull(),
  visibility: text("visibility").notNull(),
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
  forum: text("forum").notNull(),
  outcome: text("outcome").notNull(),
  jurisdiction: text("jurisdiction"),
  requestingCountry: text("requesting_country"),
  decidedSort: date("decided_sort", { mode: "string" }),
  grounds: text("grounds").array().notNull(),
});

// ---- The query, compiled --------------------------------------------------------------------

interface CompiledTerm {
  text: string;
  /** The term stemmed in every configuration, OR-ed (a tsquery's text): ranking and highlights. */
  tsquery: string;
  /** Conditions on decision_search: the term is in the head vector; in the full text. */
  head: SQL;
  full: SQL;
  /** The term folded like search_names, for trigram matching of names; null for phrases and short words. */
  fuzzy: string | null;
}

export interface CompiledQuery {
  parsed: ParsedQuery;
  terms: CompiledTerm[];
  exclusions: { head: SQL; full: SQL }[];
  /** Every term OR-ed: for ranking and highlighting. */
  any: string | null;
  named: VocabularyMatches;
  minimum: number;
}

/**
 * Where a term is, as conditions the GIN indexes answer without reading a vector: a word by its
 * lexemes (no positions), a two-word phrase by its adjacent pair. Only longer phrases, or phrases
 * with a stop word inside, check positions: on the small head vector, and on the full text's
 * vector for the candidates its pairs and lexemes leave.
 */
function termMatch(queries: string[], phrase: boolean): { head: SQL; full: SQL } {
  if (!phrase) {
    // A word; a hyphenated or apostrophised one is a chain of its parts, present together.
    const q = queries.map((x) => `(${withoutPositions(x)})`).join(" | ");
    return { head: sql`decision_search.head @@ ${q}::tsquery`, full: sql`decision_search.words @@ ${q}::tsquery` };
  }
  const exact: string[] = [];
  const head: SQL[] = [];
  const full: SQL[] = [];
  for (const q of queries) {
    const pairs = phrasePairs(q);
    if (pairs?.exact) {
      exact.push(`(${pairs.pairs})`);
    } else if (!/<(-|\d+)>/.test(q)) {
      // Stop words aside, a single word.
      head.push(sql`decision_search.head @@ ${q}::tsquery`);
      full.push(sql`decision_search.words @@ ${q}::tsquery`);
    } else {
      head.push(sql`decision_search.head @@ ${q}::tsquery`);
      const candidates = pairs
        ? sql`decision_search.full_pairs @@ ${pairs.pairs}::tsquery and decision_search.words @@ ${withoutPositions(q)}::tsquery`
        : sql`decision_search.words @@ ${withoutPositions(q)}::tsquery`;
      full.push(sql`(${candidates} and exists (select 1 from decisions d0 where d0.id = decision_search.id and d0.search_full @@ ${q}::tsquery))`);
    }
  }
  if (exact.length) {
    const p = exact.join(" | ");
    head.unshift(sql`decision_search.head_pairs @@ ${p}::tsquery`);
    full.unshift(sql`decision_search.full_pairs @@ ${p}::tsquery`);
  }
  return { head: sql`(${sql.join(head, sql` or `)})`, full: sql`(${sql.join(full, sql` or `)})` };
}

/**
 * Turn what was typed into tsqueries, in the database (its stemmers and unaccent), once per search.
 * `names` (default on) also looks up which words no decision contains, for trigram matching; run
 * it inside withIndexes, like the search.
 */
export async function compileQuery(db: Db, q: string, opts: { names?: boolean } = {}): Promise<CompiledQuery | null> {
  const parsed = parseQuery(q);
  if (!parsed.terms.length && !parsed.exclusions.length) return null;
  // Each configuration's tsquery apart, so the same stem from several languages is OR-ed once.
  const one = (t: { text: string; phrase: boolean }, i: number) => {
    const text = t.phrase ? `"${t.text.replaceAll('"', " ")}"` : t.text.replaceAll('"', " ");
    return sql.join(
      QUERY_CONFIGS.map((c, k) => sql`websearch_to_tsquery(${c}::regconfig, unaccent(${text}::text))::text as ${sql.raw(`q${i}_${k}`)}`),
      sql`, `,
    );
  };
  const all = [...parsed.terms, ...parsed.exclusions];
  const [row] = await rows<Record<string, string>>(
    db,
    sql`select ${sql.join(
      all.map((t, i) => sql`${one(t, i)}, a3_fold(${t.text}::text) as ${sql.raw(`f${i}`)}`),
      sql`, `,
    )}`,
  );
  const queriesOf = (i: number) => [...new Set(QUERY_CONFIGS.map((_, k) => (row![`q${i}_${k}`] ?? "").trim()).filter(Boolean))];
  const candidates: { text: string; queries: string[]; folded: string; phrase: boolean; match: { head: SQL; full: SQL } }[] = [];
  parsed.terms.forEach((t, i) => {
    const queries = queriesOf(i);
    // A stop word ("the", "de") stems to nothing: it is not a term.
    if (queries.length) {
      candidates.push({ text: t.text, queries, folded: (row![`f${i}`] ?? "").trim(), phrase: t.phrase, match: termMatch(queries, t.phrase) });
    }
  });
  // A word no decision contains as such may be a name in another spelling or script: only such
  // words are matched by trigrams too (trigram rechecks are costly, and a found word needs none).
  const found =
    candidates.length && opts.names !== false
      ? (
          await rows<Record<string, boolean>>(
            db,
            sql`select ${sql.join(
              candidates.map(
                (c, i) =>
                  sql`(exists (select 1 from decision_search where ${c.match.head}) or exists (select 1 from decision_search where ${c.match.full})) as ${sql.raw(`e${i}`)}`,
              ),
              sql`, `,
            )}`,
          )
        )[0]!
      : {};
  const terms: CompiledTerm[] = candidates.map((c, i) => ({
    text: c.text,
    tsquery: c.queries.map((x) => `(${x})`).join(" | "),
    head: c.match.head,
    full: c.match.full,
    fuzzy: opts.names !== false && !c.phrase && !found[`e${i}`] && c.folded.length >= 4 && !/\d/.test(c.folded) ? c.folded : null,
  }));
  const exclusions = parsed.exclusions
    .map((t, i) => ({ t, queries: queriesOf(parsed.terms.length + i) }))
    .filter((e) => e.queries.length)
    .map((e) => termMatch(e.queries, e.t.phrase));
  const any = terms.length ? terms.map((t) => `(${t.tsquery})`).join(" | ") : null;
  return { parsed, terms, exclusions, any, named: vocabularyMatches(parsed), minimum: minimumMatched(terms.length) };
}

// ---- Search ---------------------------------------------------------------------------------

/** The filters other than the text, as SQL on `decision_search`. */
function filterSql(viewer: Viewer, f: DecisionFilters): SQL {
  const t = decisionSearch;
  const parts: SQL[] = [visibleTo(viewer, t, "decision")];
  const list = (col: AnyPgColumn, values?: string[]) => {
    if (values?.length) parts.push(sql`${col} in (${sql.join(values.map((v) => sql`${v}`), sql`, `)})`);
  };
  list(t.forum, f.forum);
  list(t.outcome, f.outcome);
  list(t.jurisdiction, f.jurisdiction);
  if (f.requesting_country?.length) {
    const known = f.requesting_country.filter((c) => c !== "unknown");
    const alt: SQL[] = [];
    if (known.length) alt.push(sql`${t.requestingCountry} in (${sql.join(known.map((v) => sql`${v}`), sql`, `)})`);
    if (known.length < f.requesting_country.length) alt.push(sql`${t.requestingCountry} is null`);
    parts.push(sql`(${sql.join(alt, sql` or `)})`);
  }
  if (f.grounds?.length) parts.push(sql`${t.grounds} && ${sql`array[${sql.join(f.grounds.map((g) => sql`${g}`), sql`, `)}]::text[]`}`);
  if (f.year_from !== undefined) parts.push(sql`${t.decidedSort} >= ${`${f.year_from}-01-01`}::date`);
  if (f.year_to !== undefined) parts.push(sql`${t.decidedSort} < ${`${f.year_to + 1}-01-01`}::date`);
  return sql.join(parts, sql` and `);
}

/** The columns every match carries, so facets and order never go back to a table. */
const MATCH_COLUMNS = sql`decision_search.forum, decision_search.outcome, decision_search.jurisdiction,
  decision_search.requesting_country, decision_search.decided_sort, decision_search.grounds`;

/**
 * The matching decisions as `(id, score, forum, outcome, jurisdiction, requesting_country,
 * decided_sort, grounds)`: a CTE body. Each term is looked up on its own in the indexes (head,
 * full text, and names by trigram), so a decision is scored by how many terms it matches (a
 * fuzzy-only name match counts half), then by terms in its citation, body and summary, then by
 * the keys the query names (grounds, outcome, forum, requesting state), then ts_rank_cd.
 */
export function scoredSql(viewer: Viewer, f: DecisionFilters, cq: CompiledQuery | null): SQL {
  const where = filterSql(viewer, f);
  const excl = exclusionSql(cq);
  if (!cq || !cq.terms.length) {
    return sql`select decision_search.id, 0::float8 as score, ${MATCH_COLUMNS} from decision_search where ${where} and ${excl}`;
  }
  const hits: SQL[] = [];
  // Each hit carries the columns scoring and facets need, so no match is looked up again.
  const hit = (i: number, src: number, cond: SQL) =>
    sql`select ${MATCH_COLUMNS}, decision_search.id, ${i}::int as t, ${src}::int as src from decision_search where ${cond} and ${where}`;
  cq.terms.forEach((t, i) => {
    // The filters are applied in each lookup too, so the planner can combine the text index with
    // the facet columns and a narrow filter never gathers every match of a common word.
    hits.push(hit(i, 1, t.head));
    hits.push(hit(i, 2, t.full));
    if (t.fuzzy) hits.push(hit(i, 3, sql`${t.fuzzy}::text <% decision_search.names`));
  });
  const named = cq.named;
  const boost: SQL[] = [sql`0`];
  const inList = (values: string[]) => sql.join(values.map((o) => sql`${o}`), sql`, `);
  for (const g of named.grounds) boost.push(sql`coalesce((${g} = any(s.grounds))::int, 0)`);
  if (named.outcomes.length) boost.push(sql`coalesce((s.outcome in (${inList(named.outcomes)}))::int, 0)`);
  if (named.forums.length) boost.push(sql`coalesce((s.forum in (${inList(named.forums)}))::int, 0)`);
  if (named.countries.length) boost.push(sql`2 * coalesce((s.requesting_country in (${inList(named.countries)}))::int, 0)`);
  // Terms as bits (at most MAX_TERMS), so one aggregate per decision counts the terms it matches
  // in its head or text (1 each), by trigrams only (0.5 each), and in its head.
  const bits = (filter: SQL) => sql`bit_count(coalesce(bit_or(1 << t) filter (where ${filter}), 0)::bit(16))`;
  // ts_rank_cd reads each decision's head vector: it only orders the best RANKED_DEPTH by the cheap
  // score (it is below 1, a tie-break); further down, equal scores go newest first. The page and
  // the CSV share this, so their orders agree.
  const boostSql = sql.join(boost, sql` + `);
  // One term found as such (no trigrams): a decision matches by its head (scored 10 + 2) or else
  // by its text (10), so the matches are the head's hits plus the text's others, with no aggregate.
  const single = cq.terms.length === 1 && !cq.terms[0]!.fuzzy;
  const matches = single
    ? sql`hh as materialized (select ${MATCH_COLUMNS}, decision_search.id from decision_search where ${cq.terms[0]!.head} and ${where}),
    s as (
      select hh.*, 12 as base from hh
      union all
      select ${MATCH_COLUMNS}, decision_search.id, 10 as base from decision_search
      where ${cq.terms[0]!.full} and ${where} and decision_search.id not in (select id from hh)
    ),
    c as materialized (
      select s.id, s.forum, s.outcome, s.jurisdiction, s.requesting_country, s.decided_sort, s.grounds,
        (s.base + (${boostSql}) * 1.5)::float8 as cheap
      from s where ${exclusionSql(cq, sql`s.id`)}
    )`
    : sql`s as (
      select id, forum, outcome, jurisdiction, requesting_country, decided_sort, grounds,
        ${bits(sql`src < 3`)} as matched_text, ${bits(sql`true`)} as matched_any, ${bits(sql`src = 1`)} as head_hits
      from (${sql.join(hits, sql` union all `)}) hits
      group by id, forum, outcome, jurisdiction, requesting_country, decided_sort, grounds
    ),
    c as materialized (
      select s.id, s.forum, s.outcome, s.jurisdiction, s.requesting_country, s.decided_sort, s.grounds,
        ((s.matched_text + (s.matched_any - s.matched_text) * 0.5) * 10 + s.head_hits * 2 + (${boostSql}) * 1.5)::float8 as cheap
      from s
      where s.matched_any >= ${cq.minimum} and ${exclusionSql(cq, sql`s.id`)}
    )`;
  return sql`
    with ${matches},
    top as materialized (select * from c order by cheap desc, decided_sort desc nulls last, id desc limit ${RANKED_DEPTH})
    select top.id, (top.cheap + ts_rank_cd(decision_search.head, ${cq.any}::tsquery, 32))::float8 as score, top.forum, top.outcome,
      top.jurisdiction, top.requesting_country, top.decided_sort, top.grounds
    from top join decision_search on decision_search.id = top.id
    union all
    select c.id, c.cheap, c.forum, c.outcome, c.jurisdiction, c.requesting_country, c.decided_sort, c.grounds
    from c where c.id not in (select id from top)`;
}

/** How many of the best matches ts_rank_cd orders (see scoredSql). */
export const RANKED_DEPTH = 300;

/** Not any exclusion, as a condition on decision_search: the excluded ids come from the indexes. */
function exclusionSql(cq: CompiledQuery | null, id: SQL = sql`decision_search.id`): SQL {
  if (!cq?.exclusions.length) return sql`true`;
  const any = sql.join(
    cq.exclusions.flatMap((e) => [e.head, e.full]),
    sql` or `,
  );
  return sql`${id} not in (select id from decision_search where ${any})`;
}

/** The order of results, on the columns of `m` (a scoredSql row). */
function orderSql(f: DecisionFilters, cq: CompiledQuery | null, m = "m"): SQL {
  const t = sql.raw(m);
  const sort = f.sort ?? (cq?.terms.length ? "relevance" : "newest");
  if (sort === "oldest") return sql`${t}.decided_sort asc nulls last, ${t}.id asc`;
  if (sort === "newest") return sql`${t}.decided_sort desc nulls last, ${t}.id desc`;
  return sql`${t}.score desc, ${t}.decided_sort desc nulls last, ${t}.id desc`;
}

export interface DecisionHit {
  id: number;
  /** 1 for the first result. */
  rank: number;
  score: number;
  citation: string;
  forum: string;
  outcome: string;
  body: string | null;
  jurisdiction: string | null;
  requestingCountry: string | null;
  decidedOn: string | null;
  grounds: string[];
  language: string | null;
  visibility: string;
  provenance: string;
  summary: string | null;
  /** The passage that matched, with MARK_START/MARK_END around matched words. */
  snippet: string | null;
}

export interface DecisionSearch {
  total: number;
  hits: DecisionHit[];
  facets: FacetCounts;
  query: CompiledQuery | null;
  /** The text matched nothing (before filters): say so, not just "no results". */
  nothingMatched: boolean;
}

const HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/** One page of results, the total and the facet counts, all under the same filters. */
export async function searchDecisions(
  db: Db,
  viewer: Viewer,
  filters: DecisionFilters,
  opts: { offset?: number; limit?: number; snippets?: boolean } = {},
): Promise<DecisionSearch> {
  if (!filters.q) return withIndexes(db, (tx) => runSearch(tx, viewer, filters, null, opts), { text: false });
  return withIndexes(db, async (tx) => runSearch(tx, viewer, filters, await compileQuery(tx, filters.q!), opts));
}

/**
 * A search's transaction, its settings `set local` (for it only): memory enough for the bitmaps
 * of a common word's matches to stay exact (a lossy page is rechecked row by row) and for the
 * aggregates to stay in memory; no JIT (the planner's costs for text matching are high enough to
 * trigger compiling, which took longer than the query itself). For text searches, sequential scans
 * off too: one would read every decision's vectors, and the planner's guesses for an OR of stems
 * are poor.
 */
async function withIndexes<T>(db: Db, fn: (tx: Db) => Promise<T>, opts: { text?: boolean } = {}): Promise<T> {
  return db.transaction(async (tx) => {
    if (opts.text !== false) await tx.execute(sql`set local enable_seqscan = off`);
    await tx.execute(sql`set local work_mem = '32MB'`);
    await tx.execute(sql`set local jit = off`);
    if (opts.text !== false) await tx.execute(sql`set local enable_sort = off`);
    return fn(tx as unknown as Db);
  });
}

async function runSearch(
  db: Db,
  viewer: Viewer,
  filters: DecisionFilters,
  cq: CompiledQuery | null,
  opts: { offset?: number; limit?: number; snippets?: boolean },
): Promise<DecisionSearch> {
  const limit = Math.min(opts.limit ?? 20, 200);
  const offset = opts.offset ?? 0;
  const scored = scoredSql(viewer, filters, cq);
  const hl = cq?.any && opts.snippets !== false
    ? (col: SQL) =>
        sql`nullif(ts_headline(a3_text_config(d.language), ${col}, ${cq.any}::tsquery, ${HEADLINE}), ${col})`
    : null;
  // One statement: the matches are computed once, then counted by facet, and only the page's
  // rows are read from the wide table (and highlighted).
  const [out] = await rows<{ page: Record<string, unknown>[] | string | null; facets: FacetRow[] | string | null }>(
    db,
    sql`with m as materialized (${scored}),
      f as (${facetRowsSql}),
      p as (select m.id, m.score, m.decided_sort from m order by ${orderSql(filters, cq)} limit ${limit} offset ${offset}),
      pg as (
        select p.id, (${offset} + row_number() over (order by ${orderSql(filters, cq, "p")}))::int as rank, p.score, d.citation, d.forum,
          d.outcome, d.body, d.jurisdiction, d.requesting_country, d.decided_on, d.grounds, d.language, d.visibility, d.provenance, d.summary,
          ${hl ? sql`coalesce(${hl(sql`d.summary`)}, ${hl(sql`left(d.full_text, 6000)`)})` : sql`null::text`} as snippet
        from p join decisions d on d.id = p.id)
      select (select json_agg(pg order by pg.rank) from pg) as page, (select json_agg(f) from f) as facets`,
  );
  const json = <T,>(v: T[] | string | null | undefined): T[] => (typeof v === "string" ? (JSON.parse(v) as T[]) : (v ?? []));
  const page = json(out?.page);
  const facets = facetsOf(json(out?.facets));
  const total = facets.total;
  let nothingMatched = false;
  if (total === 0 && cq?.terms.length) {
    const [row] = await rows<{ e: boolean }>(db, sql`select exists (select 1 from (${scoredSql(viewer, {}, cq)}) x) as e`);
    nothingMatched = !row?.e;
  }
  return {
    total,
    hits: page.map(toHit),
    facets: facets.counts,
    query: cq,
    nothingMatched,
  };
}

function toHit(r: Record<string, unknown>): DecisionHit {
  return {
    id: Number(r.id),
    rank: Number(r.rank),
    score: Number(r.score),
    citation: String(r.citation),
    forum: String(r.forum),
    outcome: String(r.outcome),
    body: (r.body as string | null) ?? null,
    jurisdiction: (r.jurisdiction as string | null) ?? null,
    requestingCountry: (r.requesting_country as string | null) ?? null,
    decidedOn: (r.decided_on as string | null) ?? null,
    grounds: (r.grounds as string[] | null) ?? [],
    language: (r.language as string | null) ?? null,
    visibility: String(r.visibility),
    provenance: String(r.provenance),
    summary: (r.summary as string | null) ?? null,
    snippet: (r.snippet as string | null) ?? null,
  };
}

interface FacetRow {
  facet: Facet | "total";
  key: string | null;
  n: number | string;
}

/**
 * Counts per facet over exactly the results (`m`, the same matches), so a count is what clicking
 * gives: one pass with grouping sets (grouping() says which set a row counts), grounds apart.
 */
const facetRowsSql = sql`select case grouping(forum, outcome, jurisdiction, rc, yr)
        when 31 then 'total' when 15 then 'forum' when 23 then 'outcome' when 27 then 'jurisdiction'
        when 29 then 'requesting_country' else 'year' end as facet,
        coalesce(forum, outcome, jurisdiction, rc, yr::text) as key, count(*)::int as n
      from (select forum, outcome, jurisdiction, coalesce(requesting_country, 'unknown') as rc,
              extract(year from decided_sort)::int as yr from m) x
      group by grouping sets ((), (forum), (outcome), (jurisdiction), (rc), (yr))
      union all select 'grounds', g, count(*)::int from (select unnest(grounds) as g from m) y group by g`;

function facetsOf(found: FacetRow[]): { total: number; counts: FacetCounts } {
  const counts = Object.fromEntries(FACETS.map((f) => [f, [] as { key: string; count: number }[]])) as FacetCounts;
  let total = 0;
  for (const r of found) {
    if (r.facet === "total") total = Number(r.n);
    else if (r.key !== null) counts[r.facet].push({ key: String(r.key), count: Number(r.n) });
  }
  for (const f of FACETS) {
    counts[f].sort((a, b) => (f === "year" ? Number(b.key) - Number(a.key) : b.count - a.count || a.key.localeCompare(b.key)));
  }
  return { total, counts };
}

/** Every result in the same order as the page, with every column, for the CSV annex. */
export async function exportDecisions(db: Db, viewer: Viewer, filters: DecisionFilters, max = 10_000) {
  const run = async (tx: Db) => {
    const cq = filters.q ? await compileQuery(tx, filters.q) : null;
    return rows<Record<string, unknown>>(
      tx,
      sql`with m as (${scoredSql(viewer, filters, cq)})
      select row_number() over (order by ${orderSql(filters, cq)})::int as rank, d.id, d.citation, d.forum, d.body, d.jurisdiction,
        d.requesting_country, d.decided_on, d.outcome, d.grounds, d.legal_provisions, d.summary, d.full_text, d.language,
        d.url, d.visibility, cases.key as case_key, d.provenance
      from m join decisions d on d.id = m.id
      left join cases on cases.id = d.case_id and ${visibleTo(viewer, cases, "case")}
      order by 1 limit ${max}`,
    );
  };
  return withIndexes(db, run, { text: !!filters.q });
}

// ---- One decision ---------------------------------------------------------------------------

export interface DecisionPage {
  decision: DecisionRow;
  case: { id: number; reference: string; title: string; key: string } | null;
  sources: { id: number; title: string; url: string | null; publisher: string | null; locator: string | null }[];
  /** The full text with the query's words marked, when a query was given and matched. */
  highlighted: string | null;
}

export async function getDecision(
  db: Db,
  viewer: Viewer,
  id: number,
  opts: { q?: string; includeDeleted?: boolean } = {},
): Promise<DecisionPage | null> {
  const [decision] = await db
    .select()
    .from(decisions)
    .where(and(eq(decisions.id, id), visibleTo(viewer, decisions, "decision", { includeDeleted: opts.includeDeleted })));
  if (!decision) return null;
  const [caseRow] = decision.caseId
    ? await db
        .select({ id: cases.id, reference: cases.reference, title: cases.title, key: cases.key })
        .from(cases)
        .where(and(eq(cases.id, decision.caseId), visibleTo(viewer, cases, "case")))
    : [];
  const srcs = await db
    .select({ id: sources.id, title: sources.title, url: sources.url, publisher: sources.publisher, locator: sourceLinks.locator })
    .from(sourceLinks)
    .innerJoin(sources, eq(sources.id, sourceLinks.sourceId))
    .where(and(eq(sourceLinks.recordType, "decision"), eq(sourceLinks.recordId, id), visibleTo(viewer, sources, "source")));
  let highlighted: string | null = null;
  if (opts.q && decision.fullText) {
    const cq = await compileQuery(db, opts.q, { names: false });
    if (cq?.any) {
      const [row] = await rows<{ h: string }>(
        db,
        sql`select ts_headline(a3_text_config(${decision.language}::text), ${decision.fullText}::text, ${cq.any}::tsquery,
          ${`StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`}) as h`,
      );
      if (row?.h && row.h.includes(MARK_START)) highlighted = row.h;
    }
  }
  return { decision, case: caseRow ?? null, sources: srcs, highlighted };
}

export interface SimilarDecision {
  id: number;
  citation: string;
  outcome: string;
  requestingCountry: string | null;
  decidedOn: string | null;
  sharedGrounds: string[];
  score: number;
}

/**
 * Decisions like this one: shared grounds, the same requesting state, and text in common (the
 * summary's own words, looked up in the other decisions' citation, body and summary).
 */
/**
 * Candidates each way (shared keys; wording) before ranking them together: ts_rank_cd reads each
 * one's head vector, so this bounds the lookup's cost (the summary's 16 longest words likewise
 * bound the wording lookup's index scan).
 */
const SIMILAR_CANDIDATES = 100;

export async function similarDecisions(db: Db, viewer: Viewer, id: number, limit = 5): Promise<SimilarDecision[]> {
  // All on the narrow decision_search rows; only the few shown are read from decisions.
  const vis = visibleTo(viewer, decisionSearch, "decision");
  const found = await withIndexes(
    db,
    async (tx) => {
      const [x] = await rows<{ grounds: string[] | string | null; requesting_country: string | null; outcome: string; words: string | null }>(
        tx,
        sql`select decision_search.grounds, decision_search.requesting_country, decision_search.outcome,
          (select string_agg(quote_literal(l), ' | ') from (
             select lexeme as l from unnest(decision_search.head) where 'B' = any(weights) and length(lexeme) > 3
             order by length(lexeme) desc limit 16) w)::tsquery::text as words
        from decision_search where decision_search.id = ${id} and ${vis}`,
      );
      if (!x) return [];
      const grounds = textArray(x.grounds);
      // What a candidate shares, as literals (this decision's keys are known by now): no subquery per row.
      const shared = grounds.length ? sql.join(grounds.map((g) => sql`(${g} = any(decision_search.grounds))::int`), sql` + `) : sql`0`;
      const cheap = sql`((${shared}) * 2 + coalesce((decision_search.requesting_country = ${x.requesting_country})::int, 0) * 3
        + (decision_search.outcome = ${x.outcome})::int)`;
      const ground = grounds.length ? sql`decision_search.grounds && ${sql`array[${sql.join(grounds.map((g) => sql`${g}`), sql`, `)}]::text[]`}` : sql`false`;
      const state = x.requesting_country === null ? sql`false` : sql`decision_search.requesting_country = ${x.requesting_country}`;
      const words = x.words ? sql`${x.words}::tsquery` : sql`null::tsquery`;
      return rows<Record<string, unknown>>(
        tx,
        // Candidates two ways, each capped, then ranked together: by what they share (grounds, state,
        // outcome), and by wording (the summary's longest words found in their citation, body, summary).
        sql`with structural as (
            select decision_search.id from decision_search
            where decision_search.id <> ${id} and (${ground} or ${state}) and ${vis}
            order by ${cheap} desc, decision_search.decided_sort desc nulls last limit ${SIMILAR_CANDIDATES}
          ),
          textual as (
            select decision_search.id from decision_search
            where ${x.words ? sql`decision_search.head @@ ${words}` : sql`false`} and decision_search.id <> ${id} and ${vis}
            limit ${SIMILAR_CANDIDATES}
          ),
          c as (
            select decision_search.id, decision_search.outcome, decision_search.requesting_country, decision_search.decided_sort,
              array(select g from unnest(decision_search.grounds) g where g = any(${sql`array[${sql.join([sql`null`, ...grounds.map((g) => sql`${g}`)], sql`, `)}]::text[]`})) as shared,
              (${cheap} + coalesce(ts_rank_cd(decision_search.head, ${words}, 32), 0) * 4)::float8 as score
            from decision_search join (select id from structural union select id from textual) k on k.id = decision_search.id
            order by score desc, decision_search.decided_sort desc nulls last, decision_search.id desc
            limit ${limit}
          )
          select c.id, d.citation, c.outcome, c.requesting_country, d.decided_on, c.shared, c.score
          from c join decisions d on d.id = c.id order by c.score desc, c.decided_sort desc nulls last, c.id desc`,
      );
    },
    // Sequential scans allowed: the wording lookup's words are common, so reading rows until a
    // hundred match is cheaper than gathering every match of sixteen words from the index.
    { text: false },
  );
  return found.map((r) => ({
    id: Number(r.id),
    citation: String(r.citation),
    outcome: String(r.outcome),
    requestingCountry: (r.requesting_country as string | null) ?? null,
    decidedOn: (r.decided_on as string | null) ?? null,
    sharedGrounds: (r.shared as string[]) ?? [],
    score: Number(r.score),
  }));
}

// ---- Writes ---------------------------------------------------------------------------------

export class DecisionConflictError extends Error {
  constructor(readonly current: DecisionRow) {
    super("The decision was changed by someone else since it was opened.");
  }
}

export class DuplicateCitationError extends Error {
  constructor(readonly citation: string) {
    super(`A decision with the citation “${citation}” already exists.`);
  }
}

export class UnknownCaseError extends Error {
  constructor(readonly caseKey: string) {
    super(`No case has the key or reference “${caseKey}”.`);
  }
}

/** The case id for a key or reference (A3-2021-0007), as the viewer may see it. */
export async function caseIdFor(db: Db, viewer: Viewer, keyOrRef: string): Promise<number | null> {
  const [row] = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(sql`(${cases.key} = ${keyOrRef} or ${cases.reference} = ${keyOrRef})`, visibleTo(viewer, cases, "case")));
  return row?.id ?? null;
}

function columnsOf(input: DecisionInput, caseId: number | null) {
  return {
    citation: input.citation,
    forum: input.forum,
    outcome: input.outcome,
    body: input.body,
    jurisdiction: input.jurisdiction,
    requestingCountry: input.requestingCountry,
    decidedOn: input.decidedOn,
    decidedPrecision: input.decidedPrecision,
    decidedSort: input.decidedSort,
    grounds: input.grounds,
    legalProvisions: input.legalProvisions,
    summary: input.summary,
    fullText: input.fullText,
    language: input.language,
    url: input.url,
    visibility: input.visibility,
    caseId,
  };
}

async function resolveCase(db: Db, viewer: Viewer, input: DecisionInput): Promise<number | null> {
  if (!input.caseKey) return null;
  const id = await caseIdFor(db, viewer, input.caseKey);
  if (id === null) throw new UnknownCaseError(input.caseKey);
  return id;
}

async function citationTaken(db: Db, citation: string, exceptId?: number): Promise<boolean> {
  const [row] = await db
    .select({ id: decisions.id })
    .from(decisions)
    .where(and(sql`lower(${decisions.citation}) = lower(${citation})`, exceptId ? sql`${decisions.id} <> ${exceptId}` : undefined));
  return !!row;
}

export async function createDecision(
  db: Db,
  viewer: UserViewer,
  input: DecisionInput,
  opts: { provenance?: "original" | "as_reported" | "fictional" } = {},
): Promise<DecisionRow> {
  if (!hasRole(viewer.role, "editor")) throw new Error("Only editors may add decisions.");
  const caseId = await resolveCase(db, viewer, input);
  if (await citationTaken(db, input.citation)) throw new DuplicateCitationError(input.citation);
  const [row] = await db
    .insert(decisions)
    .values({ ...columnsOf(input, caseId), provenance: opts.provenance ?? "original", createdBy: viewer.userId, updatedBy: viewer.userId })
    .returning();
  return row!;
}

/** Save an edit made from `version`; a newer version in the database is a conflict, never overwritten. */
export async function updateDecision(
  db: Db,
  viewer: UserViewer,
  id: number,
  version: number,
  input: DecisionInput,
): Promise<DecisionRow> {
  if (!hasRole(viewer.role, "editor")) throw new Error("Only editors may edit decisions.");
  const caseId = await resolveCase(db, viewer, input);
  if (await citationTaken(db, input.citation, id)) throw new DuplicateCitationError(input.citation);
  const [row] = await db
    .update(decisions)
    .set({ ...columnsOf(input, caseId), version: sql`${decisions.version} + 1`, updatedAt: new Date(), updatedBy: viewer.userId })
    .where(and(eq(decisions.id, id), eq(decisions.version, version), isNull(decisions.deletedAt), visibleTo(viewer, decisions, "decision")))
    .returning();
  if (row) return row;
  const [current] = await db.select().from(decisions).where(and(eq(decisions.id, id), visibleTo(viewer, decisions, "decision")));
  if (!current) throw new Error("No such decision.");
  throw new DecisionConflictError(current);
}

/** Soft delete (editors); restore (admins). Both bump the version. */
export async function setDecisionDeleted(db: Db, viewer: UserViewer, id: number, deleted: boolean): Promise<DecisionRow | null> {
  if (!hasRole(viewer.role, deleted ? "editor" : "admin")) throw new Error(deleted ? "Only editors may delete decisions." : "Only administrators may restore decisions.");
  const [row] = await db
    .update(decisions)
    .set({
      deletedAt: deleted ? new Date() : null,
      deletedBy: deleted ? viewer.userId : null,
      version: sql`${decisions.version} + 1`,
      updatedAt: new Date(),
      updatedBy: viewer.userId,
    })
    .where(and(eq(decisions.id, id), deleted ? isNull(decisions.deletedAt) : sql`${decisions.deletedAt} is not null`))
    .returning();
  return row ?? null;
}

// ---- Import ---------------------------------------------------------------------------------

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  errors: { row: number; line: number; column?: string; message: string }[];
}

/**
 * Write a validated file all-or-nothing: every row is checked (cases exist) before anything is
 * written, then one transaction creates or updates by citation. `dryRun` stops before writing.
 */
export async function importDecisions(
  db: Db,
  actor: { userId: string | null },
  items: { row: number; line: number; input: DecisionInput }[],
  opts: { dryRun?: boolean; provenance?: "original" | "as_reported" | "fictional" } = {},
): Promise<ImportResult> {
  const errors: ImportResult["errors"] = [];
  const caseKeys = [...new Set(items.map((i) => i.input.caseKey).filter((k): k is string => !!k))];
  const caseIds = new Map<string, number>();
  if (caseKeys.length) {
    const found = await db
      .select({ id: cases.id, key: cases.key, reference: cases.reference })
      .from(cases)
      .where(and(sql`(${inArray(cases.key, caseKeys)} or ${inArray(cases.reference, caseKeys)})`, isNull(cases.deletedAt)));
    for (const c of found) {
      caseIds.set(c.key, c.id);
      caseIds.set(c.reference, c.id);
    }
  }
  for (const i of items) {
    if (i.input.caseKey && !caseIds.has(i.input.caseKey)) {
      errors.push({ row: i.row, line: i.line, column: "case_key", message: `No case has the key “${i.input.caseKey}”.` });
    }
  }
  const citations = items.map((i) => i.input.citation.toLowerCase());
  const existing = new Map<string, DecisionRow>();
  for (let k = 0; k < citations.length; k += 500) {
    const chunk = citations.slice(k, k + 500);
    const found = await db.select().from(decisions).where(sql`lower(${decisions.citation}) in (${sql.join(chunk.map((c) => sql`${c}`), sql`, `)})`);
    for (const d of found) existing.set(d.citation.toLowerCase(), d);
  }
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, errors };
  const plan = items.map((i) => {
    const cols = columnsOf(i.input, i.input.caseKey ? (caseIds.get(i.input.caseKey) ?? null) : null);
    const old = existing.get(i.input.citation.toLowerCase());
    const same = old && Object.entries(cols).every(([k, v]) => JSON.stringify((old as Record<string, unknown>)[k] ?? null) === JSON.stringify(v ?? null));
    if (!old) result.created++;
    else if (same) result.unchanged++;
    else result.updated++;
    return { cols, old, same };
  });
  if (errors.length || opts.dryRun) return result;
  await db.transaction(async (tx) => {
    for (const p of plan) {
      if (p.same) continue;
      if (p.old) {
        await tx
          .update(decisions)
          .set({ ...p.cols, version: sql`${decisions.version} + 1`, updatedAt: new Date(), updatedBy: actor.userId })
          .where(eq(decisions.id, p.old.id));
      } else {
        await tx
          .insert(decisions)
          .values({ ...p.cols, provenance: opts.provenance ?? "original", createdBy: actor.userId, updatedBy: actor.userId });
      }
    }
  });
  return result;
}

/** Deleted decisions, for admins restoring. */
export async function deletedDecisions(db: Db, viewer: Viewer) {
  return db
    .select({ id: decisions.id, citation: decisions.citation, deletedAt: decisions.deletedAt })
    .from(decisions)
    .where(and(sql`${decisions.deletedAt} is not null`, visibleTo(viewer, decisions, "decision", { includeDeleted: true })))
    .orderBy(sql`${decisions.deletedAt} desc`)
    .limit(200);
}
