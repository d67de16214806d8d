// How a person's name is searched: one fold, used both when a notice is stored (its search keys
// are precomputed columns on `notices`) and when a query is ranked, so the two always agree.
//
// - Scripts: any-ascii transliterates every script to Latin ("Петров" → PETROV, "Жуков" → ZHUKOV,
//   Kazakh, Belarusian, Arabic, Chinese...), so a query in Cyrillic finds the Latin spelling
//   Interpol publishes, and a Latin query finds a name stored in Cyrillic.
// - Case, accents, apostrophes and punctuation fold away: "Akhanlı" = AKHANLI, "O'Brien" = OBRIEN.
// - Spelling variants (Sergey/Sergei, Aleksandr/Alexander, Yuri/Yury/Iurii, Mohammed/Muhammad)
//   share a consonant skeleton: common transliteration digraphs unified, vowels and doubled
//   letters dropped. The skeleton only ever ranks below an exact match (see db/queries/notices.ts).
import anyAscii from "any-ascii";
import { cleanSearch } from "./text";

/** Bump when the fold or the skeleton changes: stored keys of an older version are recomputed. */
export const NAME_SEARCH_VERSION = 1;

/** A name or query as upper-case ASCII words separated by single spaces ("" when nothing is left). */
export function foldName(text: string | null | undefined): string {
  if (!text) return "";
  return anyAscii(cleanSearch(text))
    .toUpperCase()
    .replace(/['`\u2019]/g, "")
    .replace(/[^A-Z0-9]+/g, " ")
    .trim();
}

export function nameWords(text: string | null | undefined): string[] {
  const folded = foldName(text);
  return folded ? folded.split(" ") : [];
}

// Applied in order to a folded word: spellings of one sound in the transliteration systems that
// Interpol's names come through (ICAO passports, BGN/PCGN, French, German, Turkish, older Soviet).
const DIGRAPHS: ReadonlyArray<[RegExp, string]> = [
  [/SHCH|SCH|SZ/g, "S"], // Щукин: SHCHUKIN / SCHUKIN
  [/TSCH|TCH|CH|CZ/g, "C"],
  [/DZH|DJ|ZH|J/g, "J"], // Жуков: ZHUKOV / JUKOV / DJOUKOV
  [/SH/g, "S"],
  [/KH|H/g, "H"], // Хабибуллин: KHABIBULLIN / HABIBULLIN
  [/PH/g, "F"],
  [/TS|TZ/g, "C"], // Цой: TSOI / TZOI
  [/X/g, "KS"], // ALEXANDER = ALEKSANDER
  [/CK|Q|K/g, "K"], // Qasym / Kasym
  [/W/g, "V"], // IWANOW = IVANOV
  [/GH/g, "G"],
  [/FF?$/g, "V"], // IVANOFF = IVANOV (older French and German spellings of -ов)
];

/**
 * The consonant skeleton of one folded word: IVANOV → VNV, SERGEY and SERGEI → SRG, ALEKSANDR and
 * ALEXANDER → LKSNDR, YURI / YURY / IURII → R, MOHAMMED / MUHAMMAD → MHMD. Digits are kept.
 */
export function wordSkeleton(word: string): string {
  let w = word.toUpperCase().replace(/[^A-Z0-9]/g, "");
  for (const [re, to] of DIGRAPHS) w = w.replace(re, to);
  return w.replace(/[AEIOUY]/g, "").replace(/(.)\1+/g, "$1");
}

export interface NameSearchKeys {
  /** The folded full name, name words then forename words ("IVANOV SERGEY"): fuzzy and substring matching. */
  searchName: string;
  /** Its words, for order-free exact matching ("Sergey Ivanov" = IVANOV SERGEY). */
  nameWords: string[];
  /** The words of the surname alone: a surname that matches outranks a forename that does. */
  surnameWords: string[];
  /** The words' skeletons, for spelling variants; empty skeletons dropped. */
  nameSkeleton: string[];
  /** The skeletons joined without spaces: a name split differently ("MAO ZEDONG" / 毛泽东) still matches. */
  nameCompact: string;
  nameKeysVersion: number;
}

/** The precomputed search columns of a notice (db/schema/notices.ts). */
export function nameSearchKeys(name: string | null | undefined, forename: string | null | undefined): NameSearchKeys {
  const surname = nameWords(name);
  const words = [...surname, ...nameWords(forename)];
  const skeleton = words.map(wordSkeleton).filter(Boolean);
  return {
    searchName: words.join(" "),
    nameWords: words,
    surnameWords: surname,
    nameSkeleton: skeleton,
    nameCompact: skeleton.join(""),
    nameKeysVersion: NAME_SEARCH_VERSION,
  };
}

export interface NameQuery {
  /** The query folded like a stored name. */
  folded: string;
  words: string[];
  /** Every word's skeleton: the whole name in another spelling. */
  skeleton: string[];
  /** Skeletons of the words of three letters or more: one or two letters say too little alone. */
  strongSkeleton: string[];
  /** The skeletons without spaces, in both word orders: a name split differently still matches. */
  compact: string[];
}

/** What a search query contributes to name matching; `folded` is "" when it has no letters or digits. */
export function nameQuery(q: string): NameQuery {
  const words = nameWords(q);
  const skeleton = words.map(wordSkeleton).filter(Boolean);
  const compact = [...new Set([skeleton.join(""), [...skeleton].reverse().join("")])].filter((c) => c.length >= 3);
  const strongSkeleton = words.filter((w) => w.length >= 3).map(wordSkeleton).filter(Boolean);
  return { folded: words.join(" "), words, skeleton, strongSkeleton, compact };
}
