// Query-string schemas for the Watch pages (notices, changes, runs), used by loaders and pages.
// Bad values fall back to "no filter" rather than erroring: a shared link should still open.
import { z } from "zod";

const code = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,3}$/)
  .optional()
  .catch(undefined);
const age = z.coerce.number().int().min(0).max(120).optional().catch(undefined);
const page = z.coerce.number().int().min(1).max(100_000).optional().catch(undefined);

export const noticeFilterSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  issuer: code,
  nationality: code,
  status: z.enum(["active", "removed", "all"]).optional().catch(undefined),
  sex: z.enum(["M", "F", "U"]).optional().catch(undefined),
  ageMin: age,
  ageMax: age,
  sort: z.enum(["name", "newest", "oldest", "updated"]).optional().catch(undefined),
  page,
});
export type NoticeFilterParams = z.infer<typeof noticeFilterSchema>;

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

/** `2021/75051` ↔ `2021-75051`: URLs use the dash, as Interpol's own paths do. */
export const idToSlug = (entityId: string) => entityId.replace("/", "-");
export const slugToId = (slug: string) => (/^\d{4}-\d+$/.test(slug) ? slug.replace("-", "/") : null);
