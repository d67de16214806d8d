// The indicator engine: a pure function from a notice and what the database knows around it to
// a score and its reasons. No I/O; jobs/tasks/score-notices.ts gathers the inputs and stores the
// result. Each reason names its rule, its weight and the words or facts that fired it.
import { createHash } from "node:crypto";
import { articleMentions, compilePattern, matchPattern, prepare, type Pattern } from "./match";
import { DEFAULT_RULES, MAX_SCORE, PROTECTED_STATUSES as PROTECTED, type ChargeRule, type RuleKey, type RuleSet } from "./rules";

export interface ScoreWarrant {
  issuer: string | null;
  charge: string | null;
  chargeTranslation?: string | null;
}

export interface ScoreNotice {
  warrants: readonly ScoreWarrant[];
}

export interface ScoreContext {
  /** The requesting states' cases in this organisation's data: how many, and how many allege a political motive. */
  issuerCases?: Readonly<Record<string, { total: number; political: number }>>;
  /** The notice reappeared after a removal (a `reappeared` event). */
  reappeared?: boolean;
  /** The notice's charges changed while it stayed published (a `changed` event on its warrants). */
  chargesChanged?: boolean;
  /** Protection statuses of the cases linked to it (case_alerts.entity_id). */
  linkedProtection?: readonly string[];
}

export interface Reason {
  key: RuleKey;
  weight: number;
  /** Weak reasons never flag a notice on their own. */
  weak: boolean;
  /** The words that fired (quoted from the charges) or the facts ("RU: Freedom House, 2021"). */
  matched: string[];
}

export interface ScoreResult {
  score: number;
  flagged: boolean;
  reasons: Reason[];
}

interface Compiled {
  charge: Array<{ rule: ChargeRule; patterns: Pattern[] }>;
  wording: Array<{ code: string; article: string; patterns: Pattern[] }>;
}

const compiledCache = new WeakMap<RuleSet, Compiled>();

function compiled(rules: RuleSet): Compiled {
  let c = compiledCache.get(rules);
  if (!c) {
    c = {
      charge: rules.charge.map((rule) => ({
        rule,
        patterns: Object.values(rule.terms)
          .flat()
          .map((t) => compilePattern(t))
          .filter((p): p is Pattern => p !== null),
      })),
      wording: Object.entries(rules.statutoryWording).flatMap(([code, articles]) =>
        Object.entries(articles).map(([article, terms]) => ({
          code,
          article,
          patterns: terms.map((t) => compilePattern(t)).filter((p): p is Pattern => p !== null),
        })),
      ),
    };
    compiledCache.set(rules, c);
  }
  return c;
}

const MAX_QUOTES = 5;

/** Adds a quote unless one already kept contains it; a longer quote replaces the ones it contains. */
function addQuote(list: string[], q: string) {
  const lower = q.toLowerCase();
  if (list.some((x) => x.toLowerCase().includes(lower))) return;
  for (let i = list.length - 1; i >= 0; i--) if (lower.includes(list[i]!.toLowerCase())) list.splice(i, 1);
  if (list.length < MAX_QUOTES) list.push(q);
}

/** Which charge rules fire on one text, with the words quoted (no context, no issuer conditions). */
export function chargeMatches(text: string, rules: RuleSet = DEFAULT_RULES): Map<ChargeRule["key"], string[]> {
  const t = prepare(text);
  const out = new Map<ChargeRule["key"], string[]>();
  for (const { rule, patterns } of compiled(rules).charge) {
    const quotes: string[] = [];
    for (const p of patterns) for (const q of matchPattern(t, p)) addQuote(quotes, q);
    if (quotes.length) out.set(rule.key, quotes);
  }
  return out;
}

/** The political articles a text cites, given the state the warrant comes from when the text names no code. */
export function politicalArticles(text: string, issuer: string | null, rules: RuleSet = DEFAULT_RULES): string[] {
  const out: string[] = [];
  for (const m of articleMentions(text)) {
    const code = m.code ?? issuer;
    const what = code ? rules.articles[code]?.[m.article] : undefined;
    if (what) addQuote(out, `${m.quote} (${code} ${m.article}: ${what})`);
  }
  // The article's own words, in a warrant from the state whose code it is.
  if (issuer) {
    const t = prepare(text);
    for (const w of compiled(rules).wording) {
      if (w.code !== issuer) continue;
      const what = rules.articles[w.code]?.[w.article];
      for (const p of w.patterns) for (const q of matchPattern(t, p)) addQuote(out, `${q} (${w.code} ${w.article}: ${what ?? "its wording"})`);
    }
  }
  return out;
}

/**
 * The score of a notice: the sum of the weights of the rules that fire (each rule once, with all
 * the words that fired it), capped at MAX_SCORE. Flagged when the score reaches the threshold and
 * at least one reason is not weak.
 */
export function score(notice: ScoreNotice, context: ScoreContext = {}, rules: RuleSet = DEFAULT_RULES): ScoreResult {
  const off = new Set(rules.disabled);
  const found = new Map<RuleKey, string[]>();
  const add = (key: RuleKey, quotes: string[]) => {
    if (off.has(key) || !quotes.length) return;
    const list = found.get(key) ?? [];
    for (const q of quotes) addQuote(list, q);
    found.set(key, list);
  };
  const issuers = new Set<string>();
  for (const w of notice.warrants) {
    if (w.issuer) issuers.add(w.issuer);
    for (const text of [w.charge, w.chargeTranslation]) {
      if (!text) continue;
      for (const [key, quotes] of chargeMatches(text, rules)) {
        const rule = rules.charge.find((r) => r.key === key)!;
        if (rule.issuers && !(w.issuer && rule.issuers.includes(w.issuer))) continue;
        add(key, quotes);
      }
      add("code_article", politicalArticles(text, w.issuer, rules));
    }
  }
  const sortedIssuers = [...issuers].sort();
  add(
    "issuer_record",
    rules.issuerRecords.filter((r) => issuers.has(r.country)).map((r) => `${r.country}: ${r.source} (${r.year})`),
  );
  const { minCases, minShare } = rules.issuerCases;
  add(
    "issuer_cases",
    sortedIssuers.flatMap((c) => {
      const s = context.issuerCases?.[c];
      return s && s.total >= minCases && s.political / s.total >= minShare
        ? [`${c}: ${s.political} of ${s.total} cases allege a political motive`]
        : [];
    }),
  );
  if (context.reappeared) add("reappeared", ["Published again after it had been removed"]);
  if (context.chargesChanged) add("charges_changed", ["The charges changed since first seen"]);
  add(
    "linked_protection",
    [...new Set(context.linkedProtection ?? [])].filter((s) => (PROTECTED as readonly string[]).includes(s)).map((s) => `Linked case: ${s}`),
  );

  const weights = new Map<RuleKey, { weight: number; weak: boolean }>();
  for (const r of rules.charge) weights.set(r.key, r);
  for (const r of rules.context) weights.set(r.key, r);
  const reasons: Reason[] = [];
  for (const [key, matched] of found) {
    const w = weights.get(key);
    if (!w || w.weight <= 0) continue;
    reasons.push({ key, weight: w.weight, weak: w.weak, matched });
  }
  reasons.sort((a, b) => b.weight - a.weight || a.key.localeCompare(b.key));
  const total = Math.min(MAX_SCORE, reasons.reduce((s, r) => s + r.weight, 0));
  return { score: total, flagged: total >= rules.threshold && reasons.some((r) => !r.weak), reasons };
}

/**
 * What the score reads of a notice, hashed: a review sticks while this stays the same, and the
 * notice returns to the queue when its charges or issuers change.
 */
export function scoredHash(notice: ScoreNotice): string {
  const canonical = notice.warrants.map((w) => [w.issuer ?? "", w.charge ?? "", w.chargeTranslation ?? ""]);
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}
