// Display helpers shared by pages (no server-only imports).
import { countryName, SPECIAL_ISSUERS } from "../lib/countries";
import { formatPercent } from "../lib/coverage";
import { NOTICE_FIELD_LABELS } from "../lib/notice-fields";

export function countryLabel(code: string | null | undefined): string {
  if (!code) return "—";
  const name = countryName(code);
  return name ? `${name} (${code})` : code;
}

export const isSpecialIssuer = (code: string) => Object.prototype.hasOwnProperty.call(SPECIAL_ISSUERS, code);

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
