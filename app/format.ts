// Display helpers shared by pages (no server-only imports).
import { countryLabel as labelIn } from "../lib/countries";

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

/** Rounded down, so 6,999 of 7,000 reads 99.9% and only a full sweep reads 100.0%. */
export const percent = (x: number) => `${(Math.floor(x * 1000) / 10).toFixed(1)}%`;

export const FIELD_LABELS: Record<string, string> = {
  name: "Name",
  forename: "Forename",
  birthDate: "Date of birth",
  birthDatePrecision: "Birth date precision",
  sex: "Sex",
  nationalities: "Nationalities",
  warrantCountries: "Warrant issued by",
  warrants: "Warrants and charges",
  height: "Height (m)",
  weight: "Weight (kg)",
  eyes: "Eye colour",
  hair: "Hair",
  languages: "Languages",
  countryOfBirth: "Country of birth",
  placeOfBirth: "Place of birth",
  distinguishingMarks: "Distinguishing marks",
};

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
