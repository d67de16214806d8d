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
  /**
   * The term folded like search_names, for trigram matching of names when no decision contains the
   * word itself; null for phrases, short words and words with digits.
   */
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
 * `names` (default on) makes single words candidates for trigram matching, tried by the search
 * only for a word no decision contains.
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
  // Whether one is contained anywhere is known once its lookups come back empty (findMatches).
  const terms: CompiledTerm[] = candidates.map((c) => ({
    text: c.text,
    tsquery: c.queries.map((x) => `(${x})`).join(" | "),
    head: c.match.head,
    full: c.match.full,
    fuzzy: opts.names !== false && !c.phrase && c.folded.length >= 4 && !/\d/.test(c.folded) ? c.folded : null,
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

// ---- Facet values in memory -----------------------------------------------------------------

/**
 * Every decision's facet values (forum, outcome, jurisdiction, requesting state, year, grounds) and
 * date, as codes in typed arrays: read once from decision_search and kept until a write to
 * `decisions` moves decision_facets_version (migration 0018), which a search reads in its own
 * snapshot. The database finds which decisions match (the text indexes, with visibility and the
 * filters in the SQL); counting their facets and ordering them by score then happens here, on
 * numbers, at a few nanoseconds a match instead of a microsecond a row per SQL step (decision 012,
 * "Facet values in memory"). It holds no text and decides nothing about visibility: only ids the
 * database returned for this viewer are ever counted.
 */
interface FacetStore {
  version: string;
  /** id → position + 1 (0: not a decision this store knows). */
  pos: Int32Array;
  ids: Int32Array;
  /** Codes into `strings` (0: none). */
  forum: Uint16Array;
  outcome: Uint16Array;
  jurisdiction: Uint16Array;
  requesting: Uint16Array;
  year: Uint16Array;
  /** decided_sort as yyyymmdd (0: unknown). */
  date: Int32Array;
  groundsStart: Uint32Array;
  grounds: Uint16Array;
  strings: string[];
  /** Positions newest first (unknown dates last, then by id, highest first), and each one's place in it. */
  newestOrder: Int32Array;
  newestRank: Int32Array;
  /** Positions oldest first (unknown dates last, then by id). */
  oldestOrder: Int32Array;
}

/** Places in the newest-first order fit below this (a sort key is score × 2 × DATE_PLACES + place). */
const DATE_PLACES = 2 ** 26;

const stores = new WeakMap<object, FacetStore>();

async function facetVersion(tx: Db): Promise<string> {
  const [row] = await rows<{ v: string | number }>(tx, sql`select version::text as v from decision_facets_version`);
  return String(row?.v ?? "0");
}

async function loadFacetStore(tx: Db, version: string): Promise<FacetStore> {
  // Every row: a sequential scan, whatever the search's own settings.
  const [setting] = await rows<{ s: string }>(tx, sql`select current_setting('enable_seqscan') as s`);
  await tx.execute(sql`set local enable_seqscan = on`);
  const found = await rows<{ id: number; f: string; o: string; j: string | null; r: string | null; d: number | string | null; g: string[] | string | null }>(
    tx,
    sql`select decision_search.id, decision_search.forum as f, decision_search.outcome as o, decision_search.jurisdiction as j,
      decision_search.requesting_country as r, to_char(decision_search.decided_sort, 'YYYYMMDD')::int as d, decision_search.grounds as g
    from decision_search`,
  );
  await tx.execute(sql`select set_config('enable_seqscan', ${setting?.s ?? "on"}, true)`);
  const strings: string[] = [""];
  const codes = new Map<string, number>();
  const code = (s: string | null | undefined) => {
    if (s === null || s === undefined) return 0;
    let c = codes.get(s);
    if (c === undefined) {
      c = strings.length;
      strings.push(s);
      codes.set(s, c);
    }
    return c;
  };
  const n = found.length;
  const maxId = found.reduce((m, r) => Math.max(m, Number(r.id)), 0);
  const store: FacetStore = {
    version,
    pos: new Int32Array(maxId + 1),
    ids: new Int32Array(n),
    forum: new Uint16Array(n),
    outcome: new Uint16Array(n),
    jurisdiction: new Uint16Array(n),
    requesting: new Uint16Array(n),
    year: new Uint16Array(n),
    date: new Int32Array(n),
    groundsStart: new Uint32Array(n + 1),
    grounds: new Uint16Array(0),
    strings,
    newestOrder: new Int32Array(0),
    newestRank: new Int32Array(n),
    oldestOrder: new Int32Array(0),
  };
  const grounds: number[] = [];
  found.forEach((r, i) => {
    const id = Number(r.id);
    const d = r.d === null ? 0 : Number(r.d);
    store.pos[id] = i + 1;
    store.ids[i] = id;
    store.forum[i] = code(r.f);
    store.outcome[i] = code(r.o);
    store.jurisdiction[i] = code(r.j);
    store.requesting[i] = code(r.r ?? "unknown");
    store.year[i] = d ? code(String(Math.floor(d / 10000))) : 0;
    store.date[i] = d;
    store.groundsStart[i] = grounds.length;
    for (const g of textArray(r.g)) grounds.push(code(g));
  });
  store.groundsStart[n] = grounds.length;
  store.grounds = Uint16Array.from(grounds);
  const byDate = (dir: 1 | -1) => (a: number, b: number) => {
    const da = store.date[a]!;
    const db = store.date[b]!;
    // Unknown dates last either way.
    if (da !== db) return !da ? 1 : !db ? -1 : dir * (da - db);
    return dir * (store.ids[a]! - store.ids[b]!);
  };
  const positions = Int32Array.from({ length: n }, (_, i) => i);
  store.newestOrder = Int32Array.from(positions).sort(byDate(-1));
  store.newestOrder.forEach((p, i) => (store.newestRank[p] = i));
  store.oldestOrder = Int32Array.from(positions).sort(byDate(1));
  if (n >= DATE_PLACES) throw new Error("More decisions than the search's sort keys hold");
  return store;
}

/** The store for this database as of the transaction's snapshot, read again when a decision changed. */
async function facetStore(key: object, tx: Db): Promise<FacetStore> {
  const version = await facetVersion(tx);
  const have = stores.get(key);
  if (have && have.version === version) return have;
  const store = await loadFacetStore(tx, version);
  stores.set(key, store);
  return store;
}

// ---- Search ---------------------------------------------------------------------------------

/** How many of the best matches ts_rank_cd orders (it reads each one's head vector; see matchOrder). */
export const RANKED_DEPTH = 300;

/**
 * Ids packed four bytes each (int4send, big-endian) in one bytea: tens of thousands of ids cross
 * the wire and are read natively, where an int[] would be parsed character by character (~0.3 µs
 * an id in postgres.js, a third of a broad search's time in this process). Either driver's bytea.
 */
const packedIds = (v: unknown): Uint8Array => {
  if (v instanceof Uint8Array) return v;
  if (typeof v === "string" && v.startsWith("\\x")) return Buffer.from(v.slice(2), "hex");
  return new Uint8Array(0);
};

const idList = (ids: number[]) => `{${ids.join(",")}}`;

const idsOf = (where: SQL) => sql`(select coalesce(string_agg(int4send(decision_search.id), ''::bytea), ''::bytea) from decision_search where ${where})`;

/** Not any exclusion, as a condition on decision_search. */
function exclusionCondition(cq: CompiledQuery): SQL | null {
  if (!cq.exclusions.length) return null;
  return sql`(${sql.join(
    cq.exclusions.flatMap((e) => [e.head, e.full]),
    sql` or `,
  )})`;
}

interface Matches {
  /** Store positions of the results, in their order. */
  order: Int32Array;
  /** Score of each, by store position (0 without a query). */
  score: Float64Array;
}

const popcount = (x: number) => {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
};

/**
 * The decisions that match, scored and in the page's order. Each term is looked up on its own in
 * the indexes (head, full text, and names by trigram), with visibility and the filters in the same
 * SQL, returning ids only; a decision is then scored by how many terms it matches (a fuzzy-only
 * name match counts half) × 10, terms in its citation, body and summary × 2, the keys the query
 * names (grounds, outcome, forum; requesting state × 2) × 1.5, then ts_rank_cd of its head for the
 * best RANKED_DEPTH by that score (below 1: a tie-break). It needs half of the terms (all of one).
 */
async function findMatches(tx: Db, store: FacetStore, viewer: Viewer, f: DecisionFilters, cq: CompiledQuery | null): Promise<Matches | "stale"> {
  const where = filterSql(viewer, f);
  const n = store.ids.length;
  const score = new Float64Array(n);
  const results: number[] = [];
  /** Store positions of the ids in a column of packed ids; null when one is unknown to the store. */
  const positions = (v: unknown): Int32Array | null => {
    const bytes = packedIds(v);
    const out = new Int32Array(bytes.length >> 2);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const pos = store.pos;
    for (let i = 0; i < out.length; i++) {
      const id = view.getInt32(i << 2);
      const p = id < pos.length ? pos[id]! : 0;
      if (!p) return null;
      out[i] = p - 1;
    }
    return out;
  };
  const excl = cq ? exclusionCondition(cq) : null;
  if (!cq || !cq.terms.length) {
    const [row] = await rows<{ a: unknown }>(tx, sql`select ${idsOf(excl ? sql`${where} and not ${excl}` : where)} as a`);
    const all = positions(row?.a);
    if (!all) return "stale";
    for (const p of all) results.push(p);
  } else {
    const cols: SQL[] = [];
    cq.terms.forEach((t, i) => {
      cols.push(sql`${idsOf(sql`${t.head} and ${where}`)} as ${sql.raw(`h${i}`)}`);
      cols.push(sql`${idsOf(sql`${t.full} and ${where}`)} as ${sql.raw(`w${i}`)}`);
    });
    if (excl) cols.push(sql`${idsOf(sql`${excl} and ${where}`)} as x`);
    const [row] = await rows<Record<string, unknown>>(tx, sql`select ${sql.join(cols, sql`, `)}`);
    // A candidate word with no match here may be in no decision at all: a name in another spelling
    // or script, then matched by trigrams (apart: planning a trigram lookup alone costs ~13 ms).
    const unmatched = cq.terms.flatMap((t, i) => (t.fuzzy && !packedIds(row?.[`h${i}`]).length && !packedIds(row?.[`w${i}`]).length ? [i] : []));
    if (unmatched.length && row) {
      const [names] = await rows<Record<string, unknown>>(
        tx,
        sql`select ${sql.join(
          unmatched.map((i) => {
            const t = cq.terms[i]!;
            return sql`case when exists (select 1 from decision_search where ${t.head}) or exists (select 1 from decision_search where ${t.full})
              then ''::bytea else ${idsOf(sql`${t.fuzzy}::text <% decision_search.names and ${where}`)} end as ${sql.raw(`n${i}`)}`;
          }),
          sql`, `,
        )}`,
      );
      Object.assign(row, names);
    }
    // Terms as bits (at most MAX_TERMS): found in the head; in the head or the text; anywhere (names too).
    const head = new Uint16Array(n);
    const text = new Uint16Array(n);
    const any = new Uint16Array(n);
    const touched: number[] = [];
    const mark = (found: Int32Array | null, bit: number, inHead: boolean, inText: boolean) => {
      if (!found) return false;
      for (const p of found) {
        if (!any[p]) touched.push(p);
        any[p]! |= bit;
        if (inText) text[p]! |= bit;
        if (inHead) head[p]! |= bit;
      }
      return true;
    };
    let ok = true;
    cq.terms.forEach((t, i) => {
      const bit = 1 << i;
      ok &&= mark(positions(row?.[`h${i}`]), bit, true, true);
      ok &&= mark(positions(row?.[`w${i}`]), bit, false, true);
      if (row?.[`n${i}`] !== undefined) ok &&= mark(positions(row[`n${i}`]), bit, false, false);
    });
    const excluded = new Uint8Array(n);
    if (excl) {
      const x = positions(row?.x);
      if (x) for (const p of x) excluded[p] = 1;
      else ok = false;
    }
    if (!ok) return "stale";
    // The keys the query names, as codes (a key no decision has has no code and boosts nothing).
    const codes = new Map(store.strings.map((s, i) => [s, i]));
    const codesOf = (keys: string[]) => new Set(keys.map((k) => codes.get(k)).filter((c): c is number => c !== undefined));
    const named = cq.named;
    const grounds = [...codesOf(named.grounds)];
    const outcomes = codesOf(named.outcomes);
    const forums = codesOf(named.forums);
    const countries = codesOf(named.countries);
    for (const p of touched) {
      const matchedAny = popcount(any[p]!);
      if (matchedAny < cq.minimum || excluded[p]) continue;
      const matchedText = popcount(text[p]!);
      let boost = 0;
      if (grounds.length) {
        for (let k = store.groundsStart[p]!; k < store.groundsStart[p + 1]!; k++) if (grounds.includes(store.grounds[k]!)) boost++;
      }
      if (outcomes.has(store.outcome[p]!)) boost++;
      if (forums.has(store.forum[p]!)) boost++;
      if (countries.has(store.requesting[p]!)) boost += 2;
      score[p] = (matchedText + (matchedAny - matchedText) * 0.5) * 10 + popcount(head[p]!) * 2 + boost * 1.5;
      results.push(p);
    }
  }
  const sort = f.sort ?? (cq?.terms.length ? "relevance" : "newest");
  let order: Int32Array;
  if (cq?.terms.length && results.length) {
    // By score, then newest: one number per match (twice the score, which moves in halves, above
    // its place in the newest-first order), sorted natively rather than by a comparison function.
    const keys = new Float64Array(results.length);
    results.forEach((p, i) => (keys[i] = score[p]! * 2 * DATE_PLACES + (n - store.newestRank[p]!)));
    keys.sort();
    order = new Int32Array(results.length);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[keys.length - 1 - i]!;
      order[i] = store.newestOrder[n - (key % DATE_PLACES)]!;
    }
    if (cq.any) {
      // ts_rank_cd reads each decision's head vector: only for the best RANKED_DEPTH by the score so far.
      const top = order.subarray(0, RANKED_DEPTH);
      const ranks = await rows<{ id: number; r: number | string }>(
        tx,
        sql`select decision_search.id, ts_rank_cd(decision_search.head, ${cq.any}::tsquery, 32)::float8 as r
          from decision_search where decision_search.id = any(${idList(Array.from(top, (p) => store.ids[p]!))}::int[])`,
      );
      for (const r of ranks) {
        const p = store.pos[Number(r.id)]! - 1;
        score[p] = score[p]! + Number(r.r);
      }
      // The ranked ones in their new order, merged with the rest (already in order: their scores stand).
      const relevance = (a: number, b: number) => score[b]! - score[a]! || store.newestRank[a]! - store.newestRank[b]!;
      const ranked = Int32Array.from(top).sort(relevance);
      const rest = order.subarray(ranked.length);
      if (rest.length) {
        const merged = new Int32Array(order.length);
        let i = 0;
        let j = 0;
        for (let k = 0; k < merged.length; k++) {
          merged[k] = j >= rest.length || (i < ranked.length && relevance(ranked[i]!, rest[j]!) <= 0) ? ranked[i++]! : rest[j++]!;
        }
        order = merged;
      } else {
        order = ranked;
      }
    }
  } else {
    order = Int32Array.from(results);
  }
  if (sort !== "relevance") {
    // By date: the store's own order, kept to the matches.
    const member = new Uint8Array(n);
    for (const p of order) member[p] = 1;
    const byDate = sort === "oldest" ? store.oldestOrder : store.newestOrder;
    const out = new Int32Array(order.length);
    let k = 0;
    for (const p of byDate) if (member[p]) out[k++] = p;
    order = out;
  }
  return { order, score };
}

/** Counts per facet over exactly the results, so a count is what clicking gives. */
function countFacets(store: FacetStore, order: Int32Array): FacetCounts {
  const facets: [Facet, Uint16Array | null][] = [
    ["forum", store.forum],
    ["outcome", store.outcome],
    ["jurisdiction", store.jurisdiction],
    ["requesting_country", store.requesting],
    ["year", store.year],
    ["grounds", null],
  ];
  const counts = Object.fromEntries(FACETS.map((f) => [f, [] as { key: string; count: number }[]])) as FacetCounts;
  for (const [facet, codes] of facets) {
    const n = new Uint32Array(store.strings.length);
    if (codes) {
      for (const p of order) n[codes[p]!]!++;
    } else {
      for (const p of order) for (let k = store.groundsStart[p]!; k < store.groundsStart[p + 1]!; k++) n[store.grounds[k]!]!++;
    }
    for (let c = 1; c < n.length; c++) if (n[c]) counts[facet].push({ key: store.strings[c]!, count: n[c]! });
    counts[facet].sort((a, b) => (facet === "year" ? Number(b.key) - Number(a.key) : b.count - a.count || a.key.localeCompare(b.key)));
  }
  return counts;
}

/** The order of results (page and CSV), their facet counts: one snapshot, read again if it moved under us. */
async function search(key: object, tx: Db, viewer: Viewer, f: DecisionFilters, cq: CompiledQuery | null) {
  let store = await facetStore(key, tx);
  let found = await findMatches(tx, store, viewer, f, cq);
  if (found === "stale") {
    // An id the store does not know: it was read before a write this snapshot sees (another process's).
    store = await loadFacetStore(tx, await facetVersion(tx));
    stores.set(key, store);
    found = await findMatches(tx, store, viewer, f, cq);
    if (found === "stale") throw new Error("decision_search changed while it was read");
  }
  return { store, ...found };
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
  return withIndexes(db, async (tx) => runSearch(db, tx, viewer, filters, filters.q ? await compileQuery(tx, filters.q) : null, opts), {
    text: !!filters.q,
  });
}

/**
 * A search's transaction: one snapshot for every statement (repeatable read, read only), so the
 * facet values, the matches and the page agree, with its settings `set local` (for it only):
 * memory enough for the bitmaps of a common word's matches to stay exact (a lossy page is
 * rechecked row by row); no JIT (the planner's costs for text matching are high enough to trigger
 * compiling, which took longer than the query itself). For text searches, sequential scans off
 * too: one would read every decision's vectors, and the planner's guesses for an OR of stems are
 * poor.
 */
async function withIndexes<T>(db: Db, fn: (tx: Db) => Promise<T>, opts: { text?: boolean } = {}): Promise<T> {
  return db.transaction(
    async (tx) => {
      // One round trip: `set local` of each, as set_config(…, true).
      await tx.execute(
        sql`select set_config('work_mem', '32MB', true), set_config('jit', 'off', true)${
          opts.text !== false ? sql`, set_config('enable_seqscan', 'off', true)` : sql``
        }`,
      );
      return fn(tx as unknown as Db);
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

async function runSearch(
  key: object,
  db: Db,
  viewer: Viewer,
  filters: DecisionFilters,
  cq: CompiledQuery | null,
  opts: { offset?: number; limit?: number; snippets?: boolean },
): Promise<DecisionSearch> {
  const limit = Math.min(opts.limit ?? 20, 200);
  const offset = opts.offset ?? 0;
  const { store, order, score } = await search(key, db, viewer, filters, cq);
  const pageIds = Array.from(order.subarray(offset, offset + limit), (p) => store.ids[p]!);
  const hl = cq?.any && opts.snippets !== false
    ? (col: SQL) => sql`nullif(ts_headline(a3_text_config(d.language), ${col}, ${cq.any}::tsquery, ${HEADLINE}), ${col})`
    : null;
  // Only the page's rows are read from the wide table (and highlighted).
  const found = pageIds.length
    ? await rows<Record<string, unknown>>(
        db,
        sql`select d.id, d.citation, d.forum, d.outcome, d.body, d.jurisdiction, d.requesting_country, d.decided_on, d.grounds, d.language,
          d.visibility, d.provenance, d.summary,
          ${hl ? sql`coalesce(${hl(sql`d.summary`)}, ${hl(sql`left(d.full_text, 6000)`)})` : sql`null::text`} as snippet
        from decisions d where d.id = any(${idList(pageIds)}::int[])`,
      )
    : [];
  const byId = new Map(found.map((r) => [Number(r.id), r]));
  const hits = pageIds.flatMap((id, i) => {
    const r = byId.get(id);
    return r ? [toHit({ ...r, rank: offset + i + 1, score: score[store.pos[id]! - 1] })] : [];
  });
  let nothingMatched = false;
  if (order.length === 0 && cq?.terms.length) {
    const unfiltered = await search(key, db, viewer, {}, cq);
    nothingMatched = unfiltered.order.length === 0;
  }
  return { total: order.length, hits, facets: countFacets(store, order), query: cq, nothingMatched };
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
    grounds: textArray(r.grounds as string[] | string | null),
    language: (r.language as string | null) ?? null,
    visibility: String(r.visibility),
    provenance: String(r.provenance),
    summary: (r.summary as string | null) ?? null,
    snippet: (r.snippet as string | null) ?? null,
  };
}

/** Every result in the same order as the page, with every column, for the CSV annex. */
export async function exportDecisions(db: Db, viewer: Viewer, filters: DecisionFilters, max = 10_000) {
  return withIndexes(
    db,
    async (tx) => {
      const cq = filters.q ? await compileQuery(tx, filters.q) : null;
      const { store, order } = await search(db, tx, viewer, filters, cq);
      const ids = Array.from(order.subarray(0, max), (p) => store.ids[p]!);
      const out: Record<string, unknown>[] = [];
      // Full texts are long: a few hundred rows a statement.
      for (let k = 0; k < ids.length; k += 250) {
        const chunk = ids.slice(k, k + 250);
        const found = await rows<Record<string, unknown>>(
          tx,
          sql`select d.id, d.citation, d.forum, d.body, d.jurisdiction, d.requesting_country, d.decided_on, d.outcome, d.grounds,
            d.legal_provisions, d.summary, d.full_text, d.language, d.url, d.visibility, cases.key as case_key, d.provenance
          from decisions d left join cases on cases.id = d.case_id and ${visibleTo(viewer, cases, "case")}
          where d.id = any(${idList(chunk)}::int[])`,
        );
        const byId = new Map(found.map((r) => [Number(r.id), r]));
        chunk.forEach((id, i) => {
          const r = byId.get(id);
          if (r) out.push({ rank: k + i + 1, ...r });
        });
      }
      return out;
    },
    { text: !!filters.q },
  );
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
