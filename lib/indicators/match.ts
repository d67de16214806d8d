// How the indicator rules read a charge text: one fold for the text and for the rules' own
// keywords, so the two always agree whatever the spelling.
//
// - Case, accents and Turkish dotted/dotless i fold away (NFKD, marks dropped, lower case).
// - Cyrillic and other scripts are transliterated to Latin with any-ascii (as lib/name-search.ts
//   does for names), then the spellings of one sound in the usual transliteration systems are
//   unified (shch/sch, kh/h, ts/c, zh/j, y/j/i, x/ks, w/v, doubled letters): a charge typed in
//   Latin ("ekstremistskoj", "massovykh besporyadkakh") matches a rule written in Cyrillic.
// - Arabic and Chinese stay in their script (any-ascii's romanisation of them is lossy): Arabic is
//   normalised (short vowels, tatweel, alef/hamza forms, ta marbuta, alef maqsura) and its
//   keywords match inside a word, because articles and prepositions attach (بالتطرف, والتطرف);
//   Chinese has no spaces, so its keywords match inside a run of characters.
// - Word forms: a keyword ending in `*` is a word prefix (экстремистск* finds экстремистской,
//   экстремистского...); a phrase's words must come in order with at most `gap` words between
//   them (массов* беспорядк* finds "участие в массовых беспорядках").
// - Line breaks are spaces, and a word hyphenated across a line break is joined again.
// - Code articles ("ст. 280", "статья 282.1", "чч. 1, 2 ст. 282.2", "art. 299", "TCK 314/2",
//   "第105条", "第一百零五条") are read with the code they belong to when the text names it.
import anyAscii from "any-ascii";

const HAN = /\p{Script=Han}/u;
const ARABIC = /\p{Script=Arabic}/u;
const HAN_OR_ARABIC_RUN = /[\p{Script=Han}\p{Script=Arabic}]+/gu;

/** Text as the matcher reads it: lines joined, hyphenation across lines undone, invisibles gone. */
export function prepareText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, "")
    .replace(/(\p{L})[-\u2010\u2011]\s*[\r\n]+\s*(\p{L})/gu, "$1$2")
    .replace(/\s+/g, " ")
    .trim();
}

/** Arabic spelling variants that carry no meaning for matching. */
function foldArabic(s: string): string {
  return s
    .replace(/[\u064B-\u065F\u0670\u0640]/g, "") // short vowels, shadda, sukun, dagger alef, tatweel
    .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627") // آ أ إ ٱ → ا
    .replace(/\u0629/g, "\u0647") // ة → ه
    .replace(/\u0649/g, "\u064A") // ى → ي
    .replace(/\u0624/g, "\u0648") // ؤ → و
    .replace(/\u0626/g, "\u064A"); // ئ → ي
}

// Applied in order to a transliterated, lower-case word: one spelling per sound.
const LOOSE: ReadonlyArray<[RegExp, string]> = [
  [/shch|sch/g, "s"],
  [/tsch|tch|ch/g, "c"],
  [/sh/g, "s"],
  [/zh/g, "j"],
  [/kh/g, "h"],
  [/ts|tz/g, "c"],
  [/x/g, "ks"],
  [/ck|q/g, "k"],
  [/w/g, "v"],
  [/ph/g, "f"],
  [/[yj]/g, "i"],
  [/([a-z])\1+/g, "$1"],
];

/** One word folded: Latin-script words loosened, Arabic normalised, Chinese as is. */
// French and Italian elisions: "l'intégrité" is the word "intégrité".
const ELISION = /^(?:l|d|qu|j|n|s|c|m|t|dell|all|nell|sull)['’ʼ](?=\p{L})/u;

export function foldWord(word: string): string {
  const lower = word.toLowerCase().replace(ELISION, "").normalize("NFKD").replace(/[\u0300-\u036f\u064B-\u065F\u0670]/g, "").normalize("NFC");
  if (HAN.test(lower) || ARABIC.test(lower)) {
    // Keep Han and Arabic runs; transliterate anything else in the word (digits, a Latin prefix).
    let out = "";
    let last = 0;
    for (const m of lower.matchAll(HAN_OR_ARABIC_RUN)) {
      out += latin(lower.slice(last, m.index)) + foldArabic(m[0]);
      last = m.index + m[0].length;
    }
    return out + latin(lower.slice(last));
  }
  return latin(lower);
}

function latin(s: string): string {
  if (!s) return "";
  let w = anyAscii(s).toLowerCase().replace(/[^a-z0-9]/g, "");
  for (const [re, to] of LOOSE) w = w.replace(re, to);
  return w;
}

export interface Token {
  /** The folded word. */
  word: string;
  /** Offsets in the prepared text, to quote what matched. */
  start: number;
  end: number;
}

// A word: letters, digits and marks, with apostrophes inside (l'État, stat'ya are one word).
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’ʼ][\p{L}\p{N}\p{M}]+)*/gu;

export function tokenize(prepared: string): Token[] {
  const out: Token[] = [];
  for (const m of prepared.matchAll(WORD)) {
    const word = foldWord(m[0]);
    if (word) out.push({ word, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// ---- Keyword patterns ----

interface PatternWord {
  text: string;
  mode: "prefix" | "exact" | "infix";
  /** Words allowed between the previous word of the phrase and this one. */
  gap: number;
}

export interface Pattern {
  /** As written in the rules (for reading). */
  source: string;
  words: PatternWord[];
  gap: number;
}

/** Words allowed between two words of a phrase unless the rule says otherwise. */
export const DEFAULT_GAP = 3;
/** `…` (or `...`) between two words of a phrase: up to this many words between them (long lists of adjectives). */
export const WIDE_GAP = 10;

/**
 * A keyword or phrase as written in the rules: words separated by spaces, `*` at the end of a
 * word for "any ending". Arabic and Chinese words match inside a word. Returns null for a pattern
 * with nothing left to match (only punctuation). `…` between two words widens the gap between them.
 */
export function compilePattern(source: string, gap = DEFAULT_GAP): Pattern | null {
  const words: PatternWord[] = [];
  let nextGap = gap;
  for (const raw of prepareText(source).split(" ")) {
    if (raw === "…" || raw === "...") {
      nextGap = WIDE_GAP;
      continue;
    }
    const prefix = raw.endsWith("*");
    const bare = raw.replace(/\*+$/, "");
    const folded = [...bare.matchAll(WORD)].map((m) => foldWord(m[0])).join("");
    if (!folded) continue;
    const infix = HAN.test(bare) || ARABIC.test(bare);
    words.push({ text: folded, mode: infix ? "infix" : prefix ? "prefix" : "exact", gap: nextGap });
    nextGap = gap;
  }
  return words.length ? { source, words, gap } : null;
}

function wordMatches(token: string, w: PatternWord): boolean {
  if (w.mode === "exact") return token === w.text;
  if (w.mode === "prefix") return token.startsWith(w.text);
  return token.includes(w.text);
}

/** Where the pattern occurs in the tokens: [first token, last token] of each occurrence. */
export function findPattern(tokens: readonly Token[], p: Pattern): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  const from = (wi: number, ti: number): number => {
    // The last token index of a match of words[wi..] starting at token ti, or -1.
    if (!wordMatches(tokens[ti]!.word, p.words[wi]!)) return -1;
    if (wi === p.words.length - 1) return ti;
    const gap = p.words[wi + 1]!.gap;
    for (let next = ti + 1; next <= Math.min(tokens.length - 1, ti + 1 + gap); next++) {
      const end = from(wi + 1, next);
      if (end >= 0) return end;
    }
    return -1;
  };
  for (let i = 0; i < tokens.length; i++) {
    const end = from(0, i);
    if (end >= 0) {
      found.push([i, end]);
      i = end;
    }
  }
  return found;
}

/** A folded, tokenized text ready for many patterns. */
export interface PreparedText {
  text: string;
  tokens: Token[];
}

export function prepare(text: string): PreparedText {
  const prepared = prepareText(text);
  return { text: prepared, tokens: tokenize(prepared) };
}

/** The quoted words of each occurrence of the pattern in the text. */
export function matchPattern(t: PreparedText, p: Pattern): string[] {
  return findPattern(t.tokens, p).map(([a, b]) => t.text.slice(t.tokens[a]!.start, t.tokens[b]!.end));
}

// ---- Code articles ----

export interface ArticleMention {
  /** "280", "282.1", "105". */
  article: string;
  /** The code named next to it (a key of CODE_MARKERS), or null when the text does not say. */
  code: string | null;
  /** The words quoted ("ст. 282.1 УК РФ"). */
  quote: string;
}

/**
 * How a text names the criminal code an article belongs to, by state. Checked on the words just
 * after the article number ("ч. 2 ст. 280 УК РФ", "TCK'nın 299. maddesi", "刑法第105条" before).
 */
const W = (word: string) => String.raw`(?<![\p{L}\p{N}])${word}(?![\p{L}])`;
const CODE_MARKERS: ReadonlyArray<[string, RegExp]> = (
  [
    ["BY", `беларус|${W("рб")}|belarus`],
    ["KZ", `казахстан|қазақстан|${W("рк")}|kazakhstan`],
    ["TJ", `таджикистан|тоҷикистон|${W("рт")}|tajikistan`],
    ["UZ", `узбекистан|${W("руз")}|uzbekistan`],
    ["KG", `кыргыз|киргиз|${W("кр")}|kyrgyz`],
    ["AZ", `азербайджан|azerbaijan|azərbaycan`],
    ["UA", `україн|украин|ukrain`],
    ["RU", `${W("рф")}|российской|россии|russian federation|${W("rf")}`],
    ["TR", `${W("tck")}|türk ceza|turk ceza|ceza kanun|${W("5237")}|${W("tmk")}|${W("3713")}|turkish (?:penal|criminal)`],
    ["CN", `刑法|中华人民共和国|中華人民共和國|people'?s republic of china|${W("prc")}|chinese criminal`],
  ] as const
).map(([code, re]) => [code, new RegExp(re, "u")]);

/** The code named first in `text`, or null. */
function codeIn(text: string): string | null {
  let best: { code: string; at: number } | null = null;
  for (const [code, re] of CODE_MARKERS) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.at)) best = { code, at: m.index };
  }
  return best?.code ?? null;
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一百零五 → 105, 二百九十三 → 293, 十 → 10; null for anything else. */
export function chineseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  let total = 0;
  let digit = 0;
  let seen = false;
  for (const ch of s) {
    if (ch in CN_DIGITS) {
      digit = CN_DIGITS[ch]!;
      seen = true;
    } else if (ch === "十" || ch === "百" || ch === "千") {
      const unit = ch === "十" ? 10 : ch === "百" ? 100 : 1000;
      total += (seen ? digit : 1) * unit;
      digit = 0;
      seen = false;
    } else return null;
  }
  return total + digit;
}

const NUM = String.raw`\d{1,4}(?:\s?[.\-]\s?\d{1,2})?`;
const NUM_LIST = String.raw`${NUM}(?:\s*(?:,|;|и|і|та|ve|y|et|and|or|или)\s*(?:(?:ст|арт)\.?\s*)?${NUM})*`;
// The article words of the codes charges cite: Russian (and Belarusian, Kazakh, Tajik charges in
// Russian), Belarusian, Ukrainian, Kazakh, Turkish, and the Latin "article" words.
const ARTICLE_BEFORE = new RegExp(
  String.raw`(?:^|[^\p{L}])(?:ст(?:ст)?|st|стат(?:ья|ьи|ье|ьей|ьёй|ей|ті|тя|тею)|арт|артыкул\p{L}*|бап\p{L}*|` +
    String.raw`art(?:s|icles?|ículos?|iculos?|igos?|\.)?|sections?|sec|madde(?:si|leri)?|m)\.?\s*(${NUM_LIST})`,
  "giu",
);
// Turkish puts the number first: "299. maddesi", "314/2. madde", "TCK 314/2".
const TURKISH_AFTER = /(?:(?<![\p{L}])tck|ceza kanunu)(?:['’]?n[ıi]n)?\s*(?:m\.\s*)?(\d{1,3})(?:\s*\/\s*\d{1,2})?(?![\d.])|(?<![\p{L}\p{N}])(\d{1,3})(?:\s*\/\s*\d{1,2})?\s*\.\s*madde/giu;
const CHINESE = /第\s*([0-9]{1,4}|[零〇一二两三四五六七八九十百千]{1,8})\s*条(?:\s*之\s*([一二三四五六七八九]))?/gu;

function normaliseNumber(n: string): string {
  return n.replace(/\s/g, "").replace("-", ".");
}

/** The code articles a charge text cites, each with the code it names when it names one. */
export function articleMentions(text: string): ArticleMention[] {
  const prepared = prepareText(text);
  const lower = prepared.toLowerCase();
  const out: ArticleMention[] = [];
  for (const m of lower.matchAll(ARTICLE_BEFORE)) {
    const end = m.index + m[0].length;
    const code = codeIn(lower.slice(end, end + 70));
    const start = m.index + (m[0].length - m[0].replace(/^[^\p{L}]/u, "").length);
    // The citation as written, up to the end of the code's name ("ст. 282.1 УК РФ").
    const tail = /^[^);,\n]{0,40}/.exec(prepared.slice(end))?.[0] ?? "";
    const quote = prepared.slice(start, end + tail.length).trim();
    for (const n of m[1]!.matchAll(new RegExp(NUM, "g"))) out.push({ article: normaliseNumber(n[0]), code, quote });
  }
  for (const m of lower.matchAll(TURKISH_AFTER)) {
    const n = m[1] ?? m[2];
    if (n) out.push({ article: n, code: "TR", quote: prepared.slice(m.index, m.index + m[0].length) });
  }
  for (const m of prepared.matchAll(CHINESE)) {
    const n = chineseNumber(m[1]!);
    if (n === null) continue;
    const sub = m[2] ? chineseNumber(m[2]) : null;
    const before = lower.slice(Math.max(0, m.index - 20), m.index);
    out.push({ article: sub ? `${n}.${sub}` : String(n), code: codeIn(before) ?? "CN", quote: m[0] });
  }
  return out;
}
