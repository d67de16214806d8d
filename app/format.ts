// Display helpers shared by pages (no server-only imports).
import { countryLabel as labelIn } from "../lib/countries";
import { formatPercent } from "../lib/coverage";
import { FIELD_RANK as DECLARED_FIELD_RANK, IMPORTANT_FIELD_RANK, NOTICE_FIELD_LABELS } from "../lib/notice-fields";

/** "Russia (RU)", in English; one argument, so it can be handed to `.map`. */
export const countryLabel = (code: string | null | undefined): string => labelIn(code);
export { isSpecialIssuer } from "../lib/special-issuers";

/** A count with thousands separators, the same on every page: 6,999. */
export function formatCount(n: number): string {
  return n.toLocaleString("en");
}

/** "1 notice", "6,999 notices". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Dates are stored in UTC and shown in UTC, so lawyers citing them all see the same value. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "—";
  const d = typeof value === "string" ? new Date(value) : value;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "—";
  const d = typeof value === "string" ? new Date(value) : value;
  return d.toISOString().slice(0, 10);
}

export function personName(n: { name: string | null; forename: string | null }): string {
  const parts = [n.name, n.forename].filter(Boolean);
  return parts.length ? parts.join(", ") : "(name not published)";
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Rounded down, so 6,999 of 7,000 reads 99.9% and only a full sweep reads 100.0% (lib/coverage.ts). */
export const percent = formatPercent;

/** Field labels, declared with the fields in lib/notice-fields.ts. */
export const FIELD_LABELS: Readonly<Record<string, string>> = NOTICE_FIELD_LABELS;

/**
 * What matters most to a lawyer when a notice changes: the charges (they live in the warrants),
 * who asks for the arrest, who the person is. Ranks come from the one declaration of the fields
 * (lib/notice-fields.ts); only the important ones have a rank here, the rest follow in label order.
 * Used to order the fields within an event and to list important events first.
 */
export const FIELD_RANK: Record<string, number> = Object.fromEntries(
  Object.entries(DECLARED_FIELD_RANK).filter(([, rank]) => rank >= 1 && rank <= IMPORTANT_FIELD_RANK),
);

/** The name a field goes by in `?field=`: people filter by "charges", which live in the warrants. */
const FIELD_PARAM: Record<string, string> = { warrants: "charges" };

export interface ChangeField {
  /** The key in notice_events.changes. */
  key: string;
  /** Its value in `?field=`. */
  param: string;
  label: string;
  /** Lower is more important; undefined for the rest. */
  rank: number | undefined;
}

const fieldOrder = (key: string) => {
  const i = Object.keys(FIELD_LABELS).indexOf(key);
  return (FIELD_RANK[key] ?? 100) * 1000 + (i < 0 ? 999 : i);
};

/** Every field a change can name, most important first. */
export const CHANGE_FIELDS: readonly ChangeField[] = Object.keys(FIELD_LABELS)
  .sort((a, b) => fieldOrder(a) - fieldOrder(b))
  .map((key) => ({ key, param: FIELD_PARAM[key] ?? key, label: FIELD_LABELS[key]!, rank: FIELD_RANK[key] }));

export const CHANGE_FIELD_PARAMS = CHANGE_FIELDS.map((f) => f.param) as [string, ...string[]];

/** `?field=` value → the changes key ("charges" → "warrants"); the key itself is accepted too. */
export function fieldFromParam(param: string): ChangeField | undefined {
  return CHANGE_FIELDS.find((f) => f.param === param || f.key === param);
}

/** Field keys in the order a reader should see them: important first. */
export function sortFieldKeys(keys: readonly string[]): string[] {
  return [...keys].sort((a, b) => fieldOrder(a) - fieldOrder(b));
}

export const fieldLabel = (key: string) => FIELD_LABELS[key] ?? key;

const SEX: Record<string, string> = { M: "Male", F: "Female", U: "Unknown" };

/**
 * A field's value as a reader should see it: country names with their codes, sex in words,
 * units on measures, one warrant per line. Text for word diffs and for screen readers alike.
 */
export function fieldValueText(key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (key === "nationalities" || key === "warrantCountries") {
    return Array.isArray(value) && value.length ? value.map((c) => countryLabel(String(c))).join(", ") : "—";
  }
  if (key === "countryOfBirth") return countryLabel(String(value));
  if (key === "sex") return SEX[String(value)] ?? String(value);
  if (key === "height" && typeof value === "number") return `${value} m`;
  if (key === "weight" && typeof value === "number") return `${value} kg`;
  if (key === "warrants" && Array.isArray(value)) {
    if (!value.length) return "—";
    return value
      .map((w: { issuer?: string | null; charge?: string | null; chargeTranslation?: string | null }) => {
        const head = `${w.issuer ? countryLabel(w.issuer) : "Unknown issuer"}: ${w.charge ?? "(no charge text)"}`;
        return w.chargeTranslation ? `${head}\nTranslation: ${w.chargeTranslation}` : head;
      })
      .join("\n\n");
  }
  return fieldText(value);
}

/** A field value as readable text, for history tables. */
export function fieldText(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) {
    if (value.length === 0) return "—";
    if (typeof value[0] === "object")
      return value
        .map((w: { issuer?: string; charge?: string }) => `${w.issuer ?? "?"}: ${w.charge ?? "(no charge text)"}`)
        .join("\n");
    return value.join(", ");
  }
  return String(value);
}
