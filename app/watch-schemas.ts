// Query-string schemas for the Watch pages (changes, runs; notices: app/notice-filters.ts), used by loaders and pages.
// Bad values fall back to "no filter" rather than erroring: a shared link should still open.
import { z } from "zod";

const code = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,3}$/)
  .optional()
  .catch(undefined);
const page = z.coerce.number().int().min(1).max(100_000).optional().catch(undefined);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

export const changeFilterSchema = z.object({
  kind: z.enum(["added", "changed", "removed", "reappeared"]).optional().catch(undefined),
  country: code,
  from: day,
  to: day,
  by: z.enum(["day", "week"]).optional().catch(undefined),
  page,
});
export type ChangeFilterParams = z.infer<typeof changeFilterSchema>;

/** Query-string values, blanks dropped, parsed with `schema`. */
export function parseSearch<S extends z.ZodType>(schema: S, url: string | URL): z.infer<S> {
  const params = Object.fromEntries([...new URL(url).searchParams].filter(([, v]) => v.trim() !== ""));
  return schema.parse(params);
}

/** Rebuild a query string from filters, with overrides (e.g. another page). */
export function toSearch(values: Record<string, unknown>, overrides: Record<string, unknown> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...overrides })) {
    if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}
