// What a lawyer types into Precedents, understood before any SQL runs (pure; db/queries/decisions.ts
// turns it into tsqueries on both drivers). docs/decisions/012-precedent-search.md has the ranking.
//
// - words, "quoted phrases" and -exclusions (also -"a phrase");
// - several words never come back empty because one is absent: every term is matched on its own,
//   decisions matching all of them rank first, then those matching most (minimumMatched);
// - the vocabulary's labels and country names are words too: "political motivation" names the
//   ground political_character, "Russia" or "Russian" the requesting state RU (vocabularyMatches),
//   which ranks decisions tagged with them above those that merely mention the words.
import anyAscii from "any-ascii";
import { COUNTRY_CODES, COUNTRY_LANGUAGES, countryCode } from "./countries";
import { FORUMS, GROUNDS, OUTCOMES } from "./taxonomy";
import { cleanSearch } from "./text";
import countries from "i18n-iso-countries";

/** The Precedents sorts (`relevance` by default with a query, else `newest`) and facets. */
export const SORTS = ["relevance", "newest", "oldest"] as const;
export type DecisionSort = (typeof SORTS)[number];
export const FACETS = ["grounds", "forum", "outcome", "jurisdiction", "requesting_country", "year"] as const;
export type Facet = (typeof FACETS)[number];

export interface QueryTerm {
  text: string;
  phrase: boolean;
}

export interface ParsedQuery {
  /** What is searched for, in the order typed, without duplicates. */
  terms: QueryTerm[];
  exclusions: QueryTerm[];
}

/** More than this many terms are ignored (a pasted paragraph is not a query). */
export const MAX_TERMS = 12;
export const MAX_QUERY_LENGTH = 300;

/** Split a query into words, "phrases" and -exclusions. Unbalanced quotes close at the end. */
export function parseQuery(input: string): ParsedQuery {
  const q = cleanSearch(input ?? "").slice(0, MAX_QUERY_LENGTH).replace(/[“”„«»]/g, '"');
  const terms: QueryTerm[] = [];
  const exclusions: QueryTerm[] = [];
  const seen = new Set<string>();
  const re = /(-?)"([^"]*)"?|(\S+)/g;
  for (let m = re.exec(q); m; m = re.exec(q)) {
    let negative = m[1] === "-";
    let phrase = m[2] !== undefined;
    let text = phrase ? m[2]! : m[3]!;
    if (!phrase && text.startsWith("-") && text.length > 1) {
      negative = true;
      text = text.slice(1);
    }
    // Punctuation around a word is not part of it ("refused," "(Russia)"); inner hyphens and dots are.
    text = text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").replace(/\s+/g, " ");
    if (!text) continue;
    if (phrase && !text.includes(" ")) phrase = false;
    if (!negative && /^(and|or|AND|OR|et|ou|y|o|und|oder)$/.test(text) && !phrase) continue;
    const key = `${negative ? "-" : ""}${phrase ? '"' : ""}${text.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (negative ? exclusions : terms).push({ text, phrase });
  }
  return { terms: terms.slice(0, MAX_TERMS), exclusions: exclusions.slice(0, MAX_TERMS) };
}

/**
 * How many of n terms a decision must match to be a result: one of one or two; half of more
 * (rounded up), so a long query still narrows, and a missing word never empties the list.
 */
export function minimumMatched(n: number): number {
  return n <= 2 ? Math.min(n, 1) : Math.ceil(n / 2);
}

// ---- The words a key is known by -----------------------------------------------------------

/**
 * Words lawyers use for a ground besides its label (label words are included anyway). Not a
 * vocabulary: lib/taxonomy.ts stays the one list of keys; these only help a query find them.
 */
export const GROUND_ALIASES: Record<string, string[]> = {
  political_character: ["political", "politically motivated", "political motivation", "political offence", "article 3"],
  persecution_protected_grounds: ["persecution", "persecuted", "religion", "ethnicity", "race"],
  refugee_status_or_non_refoulement: ["refugee", "asylum", "non-refoulement", "refoulement", "geneva convention"],
  torture_or_ill_treatment_risk: ["torture", "ill-treatment", "inhuman", "degrading", "prison conditions", "article 3 echr"],
  fair_trial_risk: ["fair trial", "unfair trial", "independence of the judiciary", "denial of justice", "article 6"],
  trial_in_absentia: ["absentia", "in absentia", "default judgment"],
  diplomatic_assurances_assessed: ["assurances", "diplomatic assurances", "guarantees"],
  ne_bis_in_idem: ["double jeopardy", "ne bis in idem", "non bis in idem"],
  statute_of_limitations: ["limitation", "time-barred", "prescription"],
  dual_criminality: ["double criminality", "dual criminality"],
  private_or_commercial_dispute: ["commercial dispute", "private dispute", "civil dispute", "business dispute"],
  death_penalty_or_public_order: ["death penalty", "capital punishment"],
  humanitarian_or_health: ["health", "humanitarian", "medical"],
  misuse_of_interpol_channels: ["interpol abuse", "misuse of interpol", "red notice abuse"],
};

export const OUTCOME_ALIASES: Record<string, string[]> = {
  extradition_refused: ["refused", "refusal", "refuse", "denied", "rejected", "extradition refused", "not extradited"],
  extradition_approved: ["granted", "approved", "extradition granted", "ordered extradited"],
  notice_deleted: ["deleted", "deletion", "removed", "notice deleted"],
  asylum_granted: ["asylum granted"],
  violation_found: ["violation"],
};

export const FORUM_ALIASES: Record<string, string[]> = {
  ccf: ["ccf", "commission for the control of interpol's files", "commission de controle des fichiers"],
  regional_human_rights_court: ["ecthr", "european court of human rights", "strasbourg", "cedh"],
  un_treaty_body: ["committee against torture", "human rights committee", "cat", "ccpr"],
  supreme_or_constitutional_court: ["supreme court", "constitutional court", "cour de cassation", "bundesverfassungsgericht"],
  appeal_court: ["court of appeal", "cour d'appel", "chambre de l'instruction", "oberlandesgericht", "high court"],
};

/** Adjectives and usual short names a country is typed as (names come from lib/countries.ts). */
export const COUNTRY_ALIASES: Record<string, string[]> = {
  RU: ["Russian", "Russie", "Rusia", "Russland", "русский"],
  CN: ["Chinese", "PRC", "Chine", "Chinois", "chino"],
  TR: ["Turkish", "Turkey", "Türkiye", "Turquie", "Türkei", "turc"],
  TJ: ["Tajik", "Tajikistani", "Tadjikistan"],
  BH: ["Bahraini"],
  KZ: ["Kazakh", "Kazakhstani"],
  UZ: ["Uzbek", "Uzbekistani"],
  AZ: ["Azerbaijani", "Azeri"],
  BY: ["Belarusian", "Belarus", "Biélorussie"],
  EG: ["Egyptian"],
  SA: ["Saudi"],
  AE: ["Emirati", "UAE"],
  IR: ["Iranian"],
  UA: ["Ukrainian"],
  VE: ["Venezuelan"],
  KG: ["Kyrgyz"],
  TM: ["Turkmen"],
  RW: ["Rwandan"],
  IN: ["Indian"],
  US: ["American", "USA"],
  GB: ["British", "UK"],
  DE: ["German"],
  FR: ["French"],
  ES: ["Spanish"],
  IT: ["Italian"],
};

export interface SearchTermRow {
  vocabulary: "ground" | "forum" | "outcome" | "country";
  key: string;
  words: string;
}

/** Every row of decision_search_terms, from the vocabularies and the country names. */
export function searchTermRows(): SearchTermRow[] {
  const rows: SearchTermRow[] = [];
  for (const [vocabulary, vocab, aliases] of [
    ["ground", GROUNDS, GROUND_ALIASES],
    ["forum", FORUMS, FORUM_ALIASES],
    ["outcome", OUTCOMES, OUTCOME_ALIASES],
  ] as const) {
    for (const t of vocab.terms) rows.push({ vocabulary, key: t.key, words: [t.label, ...(aliases[t.key] ?? [])].join(" ") });
  }
  for (const code of COUNTRY_CODES) {
    const names = new Set<string>();
    for (const lang of COUNTRY_LANGUAGES) {
      const all = countries.getNames(lang, { select: "all" }) as Record<string, string[]>;
      for (const n of all[code] ?? []) names.add(n);
    }
    for (const a of COUNTRY_ALIASES[code] ?? []) names.add(a);
    rows.push({ vocabulary: "country", key: code, words: [...names].join(" ") });
  }
  return rows.sort((a, b) => (a.vocabulary + a.key).localeCompare(b.vocabulary + b.key));
}

// ---- Which keys a query names ---------------------------------------------------------------

export interface VocabularyMatches {
  grounds: string[];
  forums: string[];
  outcomes: string[];
  countries: string[];
}

const fold = (s: string) =>
  anyAscii(s)
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

// Words that say nothing about a ground on their own ("risk of", "the request").
const WEAK = new Set(["of", "the", "a", "an", "to", "or", "and", "in", "on", "request", "risk", "other", "an", "s", "by", "court", "decision"]);

/** Words compared by their first letters, so "refusal", "refused" and "refuse" agree. */
const stemOf = (w: string) => (w.length > 6 ? w.slice(0, 6) : w);

function phraseMatches(queryStems: string[], phrase: string): boolean {
  const words = fold(phrase)
    .split(" ")
    .filter((w) => w && !WEAK.has(w));
  if (!words.length) return false;
  // Every word of the phrase is in the query (the label "Risk of torture" is named by "torture").
  return words.every((w) => queryStems.includes(stemOf(w)));
}

let compiled: { vocabulary: keyof VocabularyMatches; key: string; phrases: string[] }[] | undefined;
function vocabularyPhrases() {
  if (compiled) return compiled;
  compiled = [];
  for (const [vocabulary, vocab, aliases] of [
    ["grounds", GROUNDS, GROUND_ALIASES],
    ["forums", FORUMS, FORUM_ALIASES],
    ["outcomes", OUTCOMES, OUTCOME_ALIASES],
  ] as const) {
    for (const t of vocab.terms) {
      if (t.key === "other") continue;
      // A label names its key only when the query has all its strong words; aliases likewise.
      compiled.push({ vocabulary, key: t.key, phrases: [t.label, ...(aliases[t.key] ?? [])] });
    }
  }
  return compiled;
}

/** The grounds, forums, outcomes and countries a query names (never an exclusion's). */
export function vocabularyMatches(query: ParsedQuery): VocabularyMatches {
  const out: VocabularyMatches = { grounds: [], forums: [], outcomes: [], countries: [] };
  const words = query.terms.flatMap((t) => fold(t.text).split(" ")).filter(Boolean);
  const stems = words.map(stemOf);
  for (const v of vocabularyPhrases()) {
    if (v.phrases.some((p) => phraseMatches(stems, p)) && !out[v.vocabulary].includes(v.key)) out[v.vocabulary].push(v.key);
  }
  // Countries: one to three consecutive words as typed ("United Kingdom", "Russia", "Türkiye");
  // a two- or three-letter code only when typed in capitals ("RU", "RUS"), never "to" or "in".
  const typed = query.terms.flatMap((t) => t.text.split(/\s+/)).filter(Boolean);
  const alias = new Map<string, string>();
  for (const [code, names] of Object.entries(COUNTRY_ALIASES)) for (const n of names) alias.set(fold(n), code);
  for (let i = 0; i < typed.length; i++) {
    for (let len = 3; len >= 1; len--) {
      const slice = typed.slice(i, i + len);
      if (slice.length < len) continue;
      const text = slice.join(" ");
      const isCode = /^[A-Za-z]{2,3}$/.test(text);
      if (isCode && text !== text.toUpperCase()) continue;
      const code = alias.get(fold(text)) ?? (text.length >= 4 || isCode ? countryCode(text) : undefined);
      if (code && !out.countries.includes(code)) {
        out.countries.push(code);
        break;
      }
    }
  }
  return out;
}

// ---- Dates and citations --------------------------------------------------------------------

export type DatePrecision = "year" | "month" | "day";

/** `2021`, `2021-07` or `2021-07-15` with its precision and first day; null when not such a date. */
export function partialDate(value: string): { value: string; precision: DatePrecision; sort: string } | null {
  const v = value.trim();
  let m = /^(\d{4})$/.exec(v);
  if (m) return { value: v, precision: "year", sort: `${m[1]}-01-01` };
  m = /^(\d{4})-(\d{2})$/.exec(v);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? { value: v, precision: "month", sort: `${v}-01` } : null;
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
      ? { value: v, precision: "day", sort: v }
      : null;
  }
  return null;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** `15 July 2021`, `July 2021` or `2021`. */
export function longDate(value: string | null | undefined): string {
  const p = value ? partialDate(value) : null;
  if (!p) return value ?? "";
  const [y, m, d] = p.value.split("-");
  if (p.precision === "year") return y!;
  if (p.precision === "month") return `${MONTHS[Number(m) - 1]} ${y}`;
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
}

export interface CitableDecision {
  citation: string;
  body: string | null;
  decidedOn: string | null;
  url?: string | null;
}

/** Neutral: "Citation, Body, 15 July 2021" (and the address when there is one). */
export function neutralCitation(d: CitableDecision): string {
  const parts = [d.citation, d.body, d.decidedOn ? longDate(d.decidedOn) : null].filter((p): p is string => !!p && p.trim() !== "");
  return parts.join(", ") + (d.url ? ` <${d.url}>` : "");
}

/**
 * OSCOLA (4th ed.) for a case without a law report: the name in italics is the caller's to style;
 * here the plain text "Citation (Body, 15 July 2021)", the court and date in brackets, no full stop.
 */
export function oscolaCitation(d: CitableDecision): string {
  const inside = [d.body, d.decidedOn ? longDate(d.decidedOn) : null].filter((p): p is string => !!p && p.trim() !== "").join(", ");
  return `${d.citation.replace(/\.$/, "")}${inside ? ` (${inside})` : ""}` + (d.url ? ` <${d.url}>` : "");
}

/** Markers ts_headline puts around matched words (never in stored text: cleanText removes controls). */
export const MARK_START = "\u0001";
export const MARK_END = "\u0002";

/** A highlighted text as parts, marked or not, for the page to render with <mark> (no HTML involved). */
export function markedParts(text: string): { text: string; marked: boolean }[] {
  const out: { text: string; marked: boolean }[] = [];
  const re = new RegExp(`${MARK_START}([^${MARK_END}]*)${MARK_END}`, "g");
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), marked: false });
    out.push({ text: m[1]!, marked: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), marked: false });
  return out.map((p) => ({ ...p, text: p.text.replaceAll(MARK_START, "").replaceAll(MARK_END, "") }));
}

// ---- Phrases without positions ---------------------------------------------------------------
// decision_search (migration decision_search_narrow) holds each text's lexemes without positions
// and its adjacent lexeme pairs ("request 1 state"), so matching never reads positions for words
// and two-word phrases. These turn a tsquery's text (as PostgreSQL prints it) into those forms.

type TsToken = { kind: "lexeme"; text: string } | { kind: "op"; text: string };

function tsTokens(tsquery: string): TsToken[] | null {
  const out: TsToken[] = [];
  const re = /\s*(?:'((?:[^'\\]|''|\\.)*)'|(<->|<\d+>|[&|!()]))/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < tsquery.length && (m = re.exec(tsquery))) {
    at = re.lastIndex;
    if (m[1] !== undefined) out.push({ kind: "lexeme", text: m[1].replace(/''/g, "'").replace(/\\(.)/g, "$1") });
    else out.push({ kind: "op", text: m[2]! });
  }
  return tsquery.slice(at).trim() ? null : out;
}

const quoteLexeme = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/** The same tsquery with every phrase operator made `&`: what a text without positions can answer. */
export function withoutPositions(tsquery: string): string {
  const tokens = tsTokens(tsquery);
  if (!tokens) return tsquery;
  return tokens.map((t) => (t.kind === "lexeme" ? quoteLexeme(t.text) : /^<(-|\d+)>$/.test(t.text) ? "&" : t.text)).join(" ");
}

/** A pair lexeme as a_pairs() writes it (migration decision_search_narrow). */
export const pairLexeme = (a: string, b: string) => `${a} 1 ${b}`;

/**
 * A phrase tsquery (`'a' <-> 'b' <-> 'c'`) as the conjunction of its adjacent pairs, as tsquery
 * text, and whether that is exact: only a two-lexeme chain with `<->` is; longer chains, wider
 * gaps (`<3>`, a stop word inside) and anything else need the positions checked. Null when the
 * query is not a chain of `<->`/`<N>` between lexemes, or has no adjacent pair.
 */
export function phrasePairs(tsquery: string): { pairs: string; exact: boolean } | null {
  const tokens = tsTokens(tsquery);
  if (!tokens || tokens.length < 3 || tokens.length % 2 === 0) return null;
  const lexemes: string[] = [];
  const gaps: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (i % 2 === 0 ? t.kind !== "lexeme" : t.kind !== "op" || !/^<(-|\d+)>$/.test(t.text)) return null;
    (i % 2 === 0 ? lexemes : gaps).push(t.text);
  }
  const pairs: string[] = [];
  gaps.forEach((g, i) => {
    if (g === "<->" || g === "<1>") pairs.push(quoteLexeme(pairLexeme(lexemes[i]!, lexemes[i + 1]!)));
  });
  if (!pairs.length) return null;
  return { pairs: pairs.join(" & "), exact: lexemes.length === 2 && pairs.length === 1 };
}
