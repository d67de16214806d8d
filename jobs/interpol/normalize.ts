// Normalisation of Interpol's notices. The rule: nothing shows as "changed" unless Interpol really
// changed it. Placeholders ("-", blanks), 0 for unknown, CRLF versus LF, the order of set-like arrays
// and of warrants are representation noise, so they normalise away; everything else is kept as given.
import { createHash } from "node:crypto";
import type { ListItem, NoticeDetail } from "./schemas";

import { SPECIAL_ISSUERS, isSpecialIssuer } from "../../lib/special-issuers";

/** Warrant issuers that are not countries (lib/special-issuers.ts). Never count them as states. */
export { SPECIAL_ISSUERS, isSpecialIssuer };

export type BirthDatePrecision = "day" | "month" | "year";

export interface NormalizedWarrant {
  /** Alpha-2 country or a special issuer code (see isSpecialIssuer). */
  issuer: string | null;
  charge: string | null;
  chargeTranslation: string | null;
}

export interface NormalizedNotice {
  entityId: string;
  name: string | null;
  forename: string | null;
  /** "1979-01-17", "1979-01", "1979"; an unreadable raw value is kept trimmed with precision null. */
  birthDate: string | null;
  birthDatePrecision: BirthDatePrecision | null;
  sex: string | null;
  nationalities: string[];
  /** Distinct issuers, sorted; special issuers included (flag them with isSpecialIssuer). */
  warrantCountries: string[];
  /** In the order given; compared order-insensitively (see canonicalNotice). */
  warrants: NormalizedWarrant[];
  height: number | null;
  weight: number | null;
  eyes: string[] | null;
  hair: string[] | null;
  languages: string[] | null;
  countryOfBirth: string | null;
  placeOfBirth: string | null;
  distinguishingMarks: string | null;
}

export interface NormalizedListItem {
  entityId: string;
  name: string | null;
  forename: string | null;
  birthDate: string | null;
  birthDatePrecision: BirthDatePrecision | null;
  nationalities: string[];
  detailHref: string | null;
  thumbnailHref: string | null;
}

/** Trim, collapse inner runs of spaces; "-" and blanks are Interpol's "unknown". */
export function cleanName(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const s = v.replace(/\s+/g, " ").trim();
  if (s === "" || /^[-\s]+$/.test(s)) return null;
  return s;
}

/** Free text (charges, marks, places): LF line ends, no trailing spaces on lines, trimmed. */
export function cleanText(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const s = v
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+$/, ""))
    .join("\n")
    .trim();
  if (s === "" || /^[-\s]+$/.test(s)) return null;
  return s;
}

function cleanCode(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const s = v.trim().toUpperCase();
  return s === "" || s === "-" ? null : s;
}

/** Upper-cased, deduped, sorted; empty stays an empty array. */
export function codeSet(v: readonly (string | null)[] | null | undefined): string[] {
  if (!v) return [];
  const out = new Set<string>();
  for (const c of v) {
    const s = cleanCode(c);
    if (s) out.add(s);
  }
  return [...out].sort();
}

/** Like codeSet, but "none" is null whether sent as null or []: both mean unknown. */
function codeSetOrNull(v: readonly (string | null)[] | null | undefined): string[] | null {
  const s = codeSet(v);
  return s.length ? s : null;
}

function measure(v: number | null | undefined): number | null {
  if (v === null || v === undefined || !Number.isFinite(v) || v <= 0) return null;
  return v;
}

/**
 * "YYYY/MM/DD" | "YYYY/MM" | "YYYY" → ISO-like with its precision. Zero month or day (seen in other
 * registries) means that part is unknown, so "1979/00/00" is the year 1979.
 */
export function parseBirthDate(v: string | null | undefined): {
  birthDate: string | null;
  birthDatePrecision: BirthDatePrecision | null;
} {
  const s = v?.trim();
  if (!s) return { birthDate: null, birthDatePrecision: null };
  const m = /^(\d{4})(?:[/-](\d{1,2})(?:[/-](\d{1,2}))?)?$/.exec(s);
  if (!m) return { birthDate: s, birthDatePrecision: null };
  const [, y, mo, d] = m;
  const month = mo ? Number(mo) : 0;
  const day = d ? Number(d) : 0;
  if (month < 0 || month > 12 || day < 0 || day > 31) return { birthDate: s, birthDatePrecision: null };
  if (!month) return { birthDate: y, birthDatePrecision: "year" };
  const mm = String(month).padStart(2, "0");
  if (!day) return { birthDate: `${y}-${mm}`, birthDatePrecision: "month" };
  return { birthDate: `${y}-${mm}-${String(day).padStart(2, "0")}`, birthDatePrecision: "day" };
}

export function normalizeWarrant(w: NoticeDetail["arrest_warrants"][number]): NormalizedWarrant {
  return {
    issuer: cleanCode(w.issuing_country_id),
    charge: cleanText(w.charge),
    chargeTranslation: cleanText(w.charge_translation),
  };
}

export function normalizeNotice(d: NoticeDetail): NormalizedNotice {
  const warrants = (d.arrest_warrants ?? []).map(normalizeWarrant);
  const issuers = new Set<string>();
  for (const w of warrants) if (w.issuer) issuers.add(w.issuer);
  const sex = cleanCode(d.sex_id);
  return {
    entityId: d.entity_id,
    name: cleanName(d.name),
    forename: cleanName(d.forename),
    ...parseBirthDate(d.date_of_birth),
    sex,
    nationalities: codeSet(d.nationalities),
    warrantCountries: [...issuers].sort(),
    warrants,
    height: measure(d.height),
    weight: measure(d.weight),
    eyes: codeSetOrNull(d.eyes_colors_id),
    hair: codeSetOrNull(d.hairs_id),
    languages: codeSetOrNull(d.languages_spoken_ids),
    countryOfBirth: cleanCode(d.country_of_birth_id),
    placeOfBirth: cleanText(d.place_of_birth),
    distinguishingMarks: cleanText(d.distinguishing_marks),
  };
}

export function normalizeListItem(item: ListItem): NormalizedListItem {
  return {
    entityId: item.entity_id,
    name: cleanName(item.name),
    forename: cleanName(item.forename),
    ...parseBirthDate(item.date_of_birth),
    nationalities: codeSet(item.nationalities),
    detailHref: item._links.self?.href ?? null,
    thumbnailHref: item._links.thumbnail?.href ?? null,
  };
}

/** Issuers that are states (special issuers removed): what country statistics should count. */
export function warrantStates(n: Pick<NormalizedNotice, "warrantCountries">): string[] {
  return n.warrantCountries.filter((c) => !isSpecialIssuer(c));
}

function compareWarrants(a: NormalizedWarrant, b: NormalizedWarrant): number {
  const ka = JSON.stringify([a.issuer, a.charge, a.chargeTranslation]);
  const kb = JSON.stringify([b.issuer, b.charge, b.chargeTranslation]);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * The form compared and hashed: warrants sorted, since Interpol re-ordering them is not a change.
 * (The stored `warrants` keep Interpol's order for display.)
 */
export function canonicalNotice(n: NormalizedNotice): NormalizedNotice {
  return { ...n, warrants: [...n.warrants].sort(compareWarrants) };
}

/** JSON with object keys sorted at every level; arrays keep their order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

/** sha256 (hex) of the canonical JSON of the canonical notice. */
export function contentHash(n: NormalizedNotice): string {
  return createHash("sha256").update(canonicalJson(canonicalNotice(n)), "utf8").digest("hex");
}

export const NOTICE_FIELDS: ReadonlyArray<keyof NormalizedNotice> = [
  "entityId",
  "name",
  "forename",
  "birthDate",
  "birthDatePrecision",
  "sex",
  "nationalities",
  "warrantCountries",
  "warrants",
  "height",
  "weight",
  "eyes",
  "hair",
  "languages",
  "countryOfBirth",
  "placeOfBirth",
  "distinguishingMarks",
];
