// Countries: ISO 3166-1 alpha-2 codes and their names in several languages, from
// i18n-iso-countries. Shared by the pull (the planner falls back to COUNTRY_CODES when the
// country list endpoint fails), the pages (names for codes, filters), the fake service and search
// (a country typed by name). Interpol's special issuer codes (914, 916, 922, UNK) are not
// countries; they live in lib/special-issuers.ts and are never in COUNTRIES.
import anyAscii from "any-ascii";
import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json";
import es from "i18n-iso-countries/langs/es.json";
import fr from "i18n-iso-countries/langs/fr.json";
import ru from "i18n-iso-countries/langs/ru.json";
import { SPECIAL_ISSUER_LIST, SPECIAL_ISSUERS, isSpecialIssuer } from "./special-issuers";

export { SPECIAL_ISSUERS, isSpecialIssuer };

/** Languages whose names are loaded: English for the pages; French, Spanish, Russian for digests. */
export const COUNTRY_LANGUAGES = ["en", "fr", "es", "ru"] as const;
export type CountryLanguage = (typeof COUNTRY_LANGUAGES)[number];

for (const locale of [en, fr, es, ru]) countries.registerLocale(locale);

export interface Country {
  code: string;
  name: string;
}

// Kosovo's user-assigned XK is in the library but not in ISO 3166-1; Interpol names warrants
// from Kosovo by UNK (a special issuer). The planner's fallback list must stay the ISO set.
const NOT_ISO = new Set(["XK"]);

export const COUNTRY_CODES: readonly string[] = Object.keys(countries.getAlpha2Codes())
  .filter((c) => !NOT_ISO.has(c))
  .sort();

const isoSet = new Set(COUNTRY_CODES);

/**
 * The name to show for a code, from the library's names for it (official first, then aliases):
 * the common short form where the official name contains it ("Russia" in "Russian Federation",
 * "China" in "People's Republic of China"), never an abbreviation ("UK") nor a name another code
 * also has ("Congo"), and never an inverted "Moldova, Republic of" when a plain one exists.
 */
function displayName(all: readonly string[], sharedNames: ReadonlySet<string>): string {
  const plain = all.filter((n) => !/[,()]/.test(n) && !/^[A-Z.]{1,4}$/.test(n) && !sharedNames.has(n));
  // "Cote d'Ivoire" and "Côte d'Ivoire" both listed: keep the accented spelling.
  const candidates = plain.filter((n) => !plain.some((m) => m !== n && m.normalize("NFD").replace(/\p{M}/gu, "") === n));
  const first = candidates[0];
  if (!first) return all[0] ?? "";
  const shorter = candidates.filter((n) => n !== first && n.length < first.length && first.includes(n));
  return shorter.sort((a, b) => a.length - b.length)[0] ?? first;
}

function namesFor(lang: CountryLanguage): Map<string, string> {
  const all = countries.getNames(lang, { select: "all" }) as Record<string, string[]>;
  const seen = new Map<string, number>();
  for (const code of COUNTRY_CODES) for (const n of new Set(all[code] ?? [])) seen.set(n, (seen.get(n) ?? 0) + 1);
  const shared = new Set([...seen].filter(([, k]) => k > 1).map(([n]) => n));
  return new Map(COUNTRY_CODES.map((code) => [code, displayName(all[code] ?? [code], shared)]));
}

const names = new Map<CountryLanguage, Map<string, string>>();
function table(lang: CountryLanguage): Map<string, string> {
  let t = names.get(lang);
  if (!t) names.set(lang, (t = namesFor(lang)));
  return t;
}

/** Every ISO country with its English name, by code. */
export const COUNTRIES: readonly Country[] = COUNTRY_CODES.map((code) => ({ code, name: table("en").get(code)! }));

/**
 * The name of an alpha-2 code or a special issuer code in `lang` (English by default);
 * undefined when unknown. Special issuers keep their English names in every language for now.
 */
export function countryName(code: string, lang: CountryLanguage = "en"): string | undefined {
  const c = code.trim().toUpperCase();
  return table(lang).get(c) ?? SPECIAL_ISSUERS[c];
}

export function isCountryCode(code: string): boolean {
  return isoSet.has(code);
}

/** "Russia (RU)"; the code alone when unknown; "—" for none. */
export function countryLabel(code: string | null | undefined, lang: CountryLanguage = "en"): string {
  if (!code) return "—";
  const name = countryName(code, lang);
  return name ? `${name} (${code})` : code;
}

// ---- Name → code, for search and imports ("Russia", "Türkiye", "Turkey", "Россия", "RUS") ----

/** Case, accents, scripts, punctuation and a leading article folded away. */
function foldCountry(name: string): string {
  return anyAscii(name.normalize("NFC"))
    .toLowerCase()
    .replace(/['’`]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/^(the|la|le|les|el|los|las) /, "");
}

let lookup: Map<string, string> | undefined;
function nameLookup(): Map<string, string> {
  if (lookup) return lookup;
  const candidates = new Map<string, Set<string>>();
  const add = (name: string, code: string) => {
    const key = foldCountry(name);
    if (!key) return;
    let set = candidates.get(key);
    if (!set) candidates.set(key, (set = new Set()));
    set.add(code);
  };
  for (const lang of COUNTRY_LANGUAGES) {
    const all = countries.getNames(lang, { select: "all" }) as Record<string, string[]>;
    for (const code of COUNTRY_CODES) for (const n of all[code] ?? []) add(n, code);
  }
  for (const s of SPECIAL_ISSUER_LIST) {
    add(s.name, s.code);
    add(s.short, s.code);
  }
  // Kosovo's warrants come from UNMIK.
  add("Kosovo", "UNK");
  // A name two codes share ("Congo") names neither.
  lookup = new Map([...candidates].filter(([, set]) => set.size === 1).map(([k, set]) => [k, [...set][0]!]));
  return lookup;
}

/**
 * The code for a country typed by name in any loaded language, or by its alpha-2 or alpha-3
 * code; special issuers by name or short form ("ICC"). Undefined when unknown or ambiguous.
 */
export function countryCode(name: string): string | undefined {
  const raw = name.trim();
  if (!raw) return undefined;
  const upper = raw.toUpperCase();
  if (isoSet.has(upper) || isSpecialIssuer(upper)) return upper;
  if (/^[A-Z]{3}$/.test(upper)) {
    const a2 = countries.alpha3ToAlpha2(upper);
    if (a2 && isoSet.has(a2)) return a2;
  }
  return nameLookup().get(foldCountry(raw));
}
