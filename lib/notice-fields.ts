// A notice's fields, declared once. Everything else is derived from NOTICE_FIELD_DEFS: the
// normalised notice's type (NoticeValues), the normaliser (cleanDetail), what the diff compares and
// the content hash covers (HASHED_FIELD_KEYS), the notices table's columns (db/schema/notices.ts maps
// each kind to a column), the pull's writes (db/queries/notice-store.ts), and the labels and the order
// of importance the pages show (NOTICE_FIELD_LABELS, FIELD_RANK). Adding a field is one entry here,
// then `npm run db:generate` for its column.
//
// No server-only imports: pages use the labels in the browser too.

/** The detail as the client's schema hands it over (jobs/interpol/schemas.ts checks it fits). */
export interface RawNoticeDetail {
  entity_id: string;
  name: string | null;
  forename: string | null;
  date_of_birth: string | null;
  sex_id: string | null;
  nationalities: string[] | null;
  arrest_warrants: ReadonlyArray<{ issuing_country_id: string | null; charge: string | null; charge_translation: string | null }>;
  weight: number | null;
  height: number | null;
  languages_spoken_ids: string[] | null;
  eyes_colors_id: string[] | null;
  hairs_id: string[] | null;
  country_of_birth_id: string | null;
  place_of_birth: string | null;
  distinguishing_marks: string | null;
  _links?: { thumbnail?: { href: string } | undefined } | null;
}

export type BirthDatePrecision = "day" | "month" | "year";

export interface NormalizedWarrant {
  /** Alpha-2 country or a special issuer code (914, 916, 922, UNK). */
  issuer: string | null;
  charge: string | null;
  chargeTranslation: string | null;
}

/** What each kind of field holds once cleaned. The schema maps each kind to a column type. */
export interface FieldKindValue {
  id: string;
  name: string | null;
  text: string | null;
  code: string | null;
  codes: string[];
  codesOrNull: string[] | null;
  measure: number | null;
  birthDate: string | null;
  precision: BirthDatePrecision | null;
  warrants: NormalizedWarrant[];
}
export type FieldKind = keyof FieldKindValue;

export interface FieldDef<K extends FieldKind = FieldKind> {
  kind: K;
  /** Shown on pages (history, changes, the notice page). */
  label: string;
  /** Order of importance for display: 1 first (charges, warrant countries, names, birth date). */
  rank: number;
  /**
   * Part of the content hash and compared by the diff. A field outside the hash is stored and
   * kept current but never makes an event (e.g. which picture is the thumbnail).
   */
  hashed: boolean;
  /** From the detail as received to the stored value: placeholders, blanks and noise folded away. */
  clean: (d: RawNoticeDetail) => FieldKindValue[K];
}

// ---- cleaners ---------------------------------------------------------------------------------

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

export function cleanCode(v: string | null | undefined): string | null {
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
export function codeSetOrNull(v: readonly (string | null)[] | null | undefined): string[] | null {
  const s = codeSet(v);
  return s.length ? s : null;
}

/** Height and weight: 0, negative and non-finite mean unknown. */
export function cleanMeasure(v: number | null | undefined): number | null {
  if (v === null || v === undefined || !Number.isFinite(v) || v <= 0) return null;
  return v;
}

/**
 * "YYYY/MM/DD" | "YYYY/MM" | "YYYY" → ISO-like with its precision. Zero month or day (seen in other
 * registries) means that part is unknown, so "1979/00/00" is the year 1979. An unreadable value is
 * kept trimmed with precision null: not invented, not dropped.
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

export function cleanWarrant(w: RawNoticeDetail["arrest_warrants"][number]): NormalizedWarrant {
  return { issuer: cleanCode(w.issuing_country_id), charge: cleanText(w.charge), chargeTranslation: cleanText(w.charge_translation) };
}

/** In the order given; the diff and the hash compare them order-insensitively. */
export function cleanWarrants(d: RawNoticeDetail): NormalizedWarrant[] {
  return (d.arrest_warrants ?? []).map(cleanWarrant);
}

/** Distinct issuers of the warrants, sorted; special issuers included. */
export function warrantIssuers(d: RawNoticeDetail): string[] {
  const issuers = new Set<string>();
  for (const w of cleanWarrants(d)) if (w.issuer) issuers.add(w.issuer);
  return [...issuers].sort();
}

/** The picture id at the end of a thumbnail href (`…/images/62311920`), or null. */
export function pictureIdOf(href: string | null | undefined): string | null {
  const m = href ? /\/images\/([A-Za-z0-9_-]+)\/?$/.exec(href) : null;
  return m ? m[1]! : null;
}

// ---- the declaration --------------------------------------------------------------------------

const f = <K extends FieldKind>(def: FieldDef<K>) => def;

/**
 * Every field of a stored notice, in display order of the notice page. `rank` orders them by what
 * matters to a reader of changes: charges, warrant countries, names and birth date first; hair,
 * eyes and languages last.
 */
export const NOTICE_FIELD_DEFS = {
  entityId: f({ kind: "id", label: "Entity id", rank: 0, hashed: true, clean: (d) => d.entity_id }),
  name: f({ kind: "name", label: "Name", rank: 3, hashed: true, clean: (d) => cleanName(d.name) }),
  forename: f({ kind: "name", label: "Forename", rank: 4, hashed: true, clean: (d) => cleanName(d.forename) }),
  birthDate: f({ kind: "birthDate", label: "Date of birth", rank: 5, hashed: true, clean: (d) => parseBirthDate(d.date_of_birth).birthDate }),
  birthDatePrecision: f({
    kind: "precision",
    label: "Birth date precision",
    rank: 6,
    hashed: true,
    clean: (d) => parseBirthDate(d.date_of_birth).birthDatePrecision,
  }),
  sex: f({ kind: "code", label: "Sex", rank: 8, hashed: true, clean: (d) => cleanCode(d.sex_id) }),
  nationalities: f({ kind: "codes", label: "Nationalities", rank: 7, hashed: true, clean: (d) => codeSet(d.nationalities) }),
  warrantCountries: f({ kind: "codes", label: "Warrant issued by", rank: 2, hashed: true, clean: warrantIssuers }),
  warrants: f({ kind: "warrants", label: "Warrants and charges", rank: 1, hashed: true, clean: cleanWarrants }),
  height: f({ kind: "measure", label: "Height (m)", rank: 12, hashed: true, clean: (d) => cleanMeasure(d.height) }),
  weight: f({ kind: "measure", label: "Weight (kg)", rank: 13, hashed: true, clean: (d) => cleanMeasure(d.weight) }),
  eyes: f({ kind: "codesOrNull", label: "Eye colour", rank: 15, hashed: true, clean: (d) => codeSetOrNull(d.eyes_colors_id) }),
  hair: f({ kind: "codesOrNull", label: "Hair", rank: 14, hashed: true, clean: (d) => codeSetOrNull(d.hairs_id) }),
  languages: f({ kind: "codesOrNull", label: "Languages", rank: 16, hashed: true, clean: (d) => codeSetOrNull(d.languages_spoken_ids) }),
  countryOfBirth: f({ kind: "code", label: "Country of birth", rank: 9, hashed: true, clean: (d) => cleanCode(d.country_of_birth_id) }),
  placeOfBirth: f({ kind: "text", label: "Place of birth", rank: 10, hashed: true, clean: (d) => cleanText(d.place_of_birth) }),
  distinguishingMarks: f({
    kind: "text",
    label: "Distinguishing marks",
    rank: 11,
    hashed: true,
    clean: (d) => cleanText(d.distinguishing_marks),
  }),
  // Which picture is the thumbnail: a new one means new photos to keep (the images themselves are
  // evidence, in notice_images). Outside the hash: a photo swap is not a change of the notice's text.
  pictureId: f({ kind: "code", label: "Photo", rank: 17, hashed: false, clean: (d) => pictureIdOf(d._links?.thumbnail?.href) }),
} as const satisfies Record<string, FieldDef>;

export type NoticeFieldDefs = typeof NOTICE_FIELD_DEFS;
export type NoticeFieldKey = keyof NoticeFieldDefs;
export type NoticeFieldKind<K extends NoticeFieldKey> = NoticeFieldDefs[K]["kind"];

/** A normalised notice: one value per declared field. */
export type NoticeValues = { [K in NoticeFieldKey]: FieldKindValue[NoticeFieldKind<K>] };

export const NOTICE_FIELD_KEYS = Object.keys(NOTICE_FIELD_DEFS) as NoticeFieldKey[];

/** The fields the diff compares and the content hash covers. */
export const HASHED_FIELD_KEYS: readonly NoticeFieldKey[] = NOTICE_FIELD_KEYS.filter((k) => NOTICE_FIELD_DEFS[k].hashed);

/** Every field from the detail as received. */
export function cleanDetail(d: RawNoticeDetail): NoticeValues {
  const out = {} as Record<NoticeFieldKey, unknown>;
  for (const k of NOTICE_FIELD_KEYS) out[k] = (NOTICE_FIELD_DEFS[k].clean as (d: RawNoticeDetail) => unknown)(d);
  return out as NoticeValues;
}

// ---- for pages --------------------------------------------------------------------------------

/** field key → label. Indexed by any string: event JSON from older versions may hold other keys. */
export const NOTICE_FIELD_LABELS: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(NOTICE_FIELD_KEYS.map((k) => [k, NOTICE_FIELD_DEFS[k].label])),
);

/** Ranks up to this one are the fields that matter most: charges, warrant countries, names, birth date. */
export const IMPORTANT_FIELD_RANK = 6;

/** field key → importance rank (1 first). Unknown keys sort last. */
export const FIELD_RANK: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(NOTICE_FIELD_KEYS.map((k) => [k, NOTICE_FIELD_DEFS[k].rank])),
);

export function fieldLabel(key: string): string {
  return NOTICE_FIELD_LABELS[key] ?? key;
}

/** Field keys sorted by importance (then by key, for a stable order). */
export function byFieldRank(keys: Iterable<string>): string[] {
  const rank = (k: string) => FIELD_RANK[k] ?? Number.MAX_SAFE_INTEGER;
  return [...keys].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
