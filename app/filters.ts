// Query-string filters (lists, searches, dashboards): parsed with one zod schema per page, used by
// the loader and the page. A bad value is never dropped silently: the page re-renders the filter
// form with the user's values and a message per field, and shows no results rather than all of
// them (the loader answers 400). Shared links with good values open as they were.
import { z } from "zod";

export type RawFilters = Record<string, string | string[]>;

export type FilterResult<T> =
  | { ok: true; values: T; raw: RawFilters }
  | { ok: false; errors: Record<string, string>; raw: RawFilters };

/**
 * Parse the query string of `url` with `schema`. Blank values are dropped; keys listed in
 * `lists` keep every repeated value as an array (`grounds=a&grounds=b`), others keep the first.
 * Unknown parameters are ignored (they are not filters), but kept in `raw`.
 */
export function parseFilters<S extends z.ZodType>(
  schema: S,
  url: string | URL,
  opts: { lists?: readonly string[] } = {},
): FilterResult<z.infer<S>> {
  const raw: RawFilters = {};
  const lists = new Set(opts.lists ?? []);
  for (const [k, v] of new URL(url).searchParams) {
    if (v.trim() === "") continue;
    if (lists.has(k)) raw[k] = [...((raw[k] as string[] | undefined) ?? []), v];
    else if (!(k in raw)) raw[k] = v;
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, values: result.data, raw };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return { ok: false, errors, raw };
}

/** The value to show back in a filter control: what the user typed, valid or not. */
export function rawValue(raw: RawFilters, key: string): string {
  const v = raw[key];
  return Array.isArray(v) ? (v[0] ?? "") : (v ?? "");
}

export function rawValues(raw: RawFilters, key: string): string[] {
  const v = raw[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Rebuild a query string from filter values, with overrides (another page, another sort). */
export function toSearch(values: Record<string, unknown>, overrides: Record<string, unknown> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...overrides })) {
    if (v === undefined || v === null || v === "") continue;
    for (const item of Array.isArray(v) ? v : [v]) if (item !== undefined && item !== null && item !== "") p.append(k, String(item));
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

// Building blocks with messages people can act on.

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not). */
export const dayParam = z
  .string()
  .trim()
  .refine((s) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return false;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (y < 1900 || y > 2200) return false;
    const date = new Date(Date.UTC(y, mo - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  }, "Enter a date as YYYY-MM-DD, e.g. 2026-03-01.");

/** A page number from 1 to `max`. */
export const pageParam = (max = 100_000) =>
  z.coerce
    .number({ message: "Enter a page number." })
    .int("Enter a whole page number.")
    .min(1, "Pages start at 1.")
    .max(max, `There are at most ${max.toLocaleString("en")} pages.`);

/** Checks that `from` is not after `to` (both YYYY-MM-DD), reporting the error on `to`. */
export function orderedRange<T extends { from?: string; to?: string }>(v: T, ctx: z.RefinementCtx, fromKey = "from", toKey = "to") {
  const a = (v as Record<string, unknown>)[fromKey];
  const b = (v as Record<string, unknown>)[toKey];
  if (typeof a === "string" && typeof b === "string" && a > b) {
    ctx.addIssue({ code: "custom", path: [toKey], message: `“To” must not be before “from” (${a}).` });
  }
}
