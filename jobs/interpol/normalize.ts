// Normalisation of Interpol's notices. The rule: nothing shows as "changed" unless Interpol really
// changed it. Placeholders ("-", blanks), 0 for unknown, CRLF versus LF, the order of set-like arrays
// and of warrants are representation noise, so they normalise away; everything else is kept as given.
import { createHash } from "node:crypto";
import type { ListItem, NoticeDetail } from "./schemas";

import { SPECIAL_ISSUERS, isSpecialIssuer } from "../../lib/special-issuers";
import {
  cleanDetail,
  cleanName,
  cleanText,
  cleanWarrant,
  codeSet,
  HASHED_FIELD_KEYS,
  NOTICE_FIELD_KEYS,
  parseBirthDate,
  type BirthDatePrecision,
  type NormalizedWarrant,
  type NoticeValues,
  type RawNoticeDetail,
} from "../../lib/notice-fields";

/** Warrant issuers that are not countries (lib/special-issuers.ts). Never count them as states. */
export { SPECIAL_ISSUERS, isSpecialIssuer };

export type { BirthDatePrecision, NormalizedWarrant };
export { cleanName, cleanText, codeSet, parseBirthDate };

/** A notice's fields after normalisation: declared once in lib/notice-fields.ts. */
export type NormalizedNotice = NoticeValues;

// The client's schema output must fit what the declaration cleans (a compile-time check).
const _detailFits = (d: NoticeDetail): RawNoticeDetail => d;
void _detailFits;

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

export function normalizeWarrant(w: NoticeDetail["arrest_warrants"][number]): NormalizedWarrant {
  return cleanWarrant(w);
}

export function normalizeNotice(d: NoticeDetail): NormalizedNotice {
  return cleanDetail(d);
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

/** The hashed fields only (all of them today; see lib/notice-fields.ts `hashed`). */
export function hashedPart(n: NormalizedNotice): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of HASHED_FIELD_KEYS) out[k] = n[k];
  return out;
}

/** sha256 (hex) of the canonical JSON of the canonical notice's hashed fields. */
export function contentHash(n: NormalizedNotice): string {
  return createHash("sha256").update(canonicalJson(hashedPart(canonicalNotice(n))), "utf8").digest("hex");
}

/** Every declared field, in declaration order. */
export const NOTICE_FIELDS: ReadonlyArray<keyof NormalizedNotice> = NOTICE_FIELD_KEYS;
/** The fields the diff compares. */
export const COMPARED_FIELDS: ReadonlyArray<keyof NormalizedNotice> = HASHED_FIELD_KEYS;
