// The dashboard's one filter bar, kept in the URL with the issue's parameter names. Parsed by
// app/filters.ts parseFilters: a bad value gets a message on its field and no chart shows counts.
import { z } from "zod";
import { countryCode, isCountryCode } from "../countries";
import { isSpecialIssuer } from "../special-issuers";
import { MOTIVES, TACTICS } from "../taxonomy";
import { VISIBILITIES } from "../visibility";

export { DASHBOARD_FILTER_KEYS, DASHBOARD_FILTER_LABELS, type DashboardFilterKey } from "./filter-names";

/** A country or special issuer by code ("RU", "914") or by name ("Russia"). */
const country = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const upper = v.toUpperCase();
    const code = isCountryCode(upper) || isSpecialIssuer(upper) ? upper : countryCode(v);
    if (!code) {
      ctx.addIssue({ code: "custom", message: "Choose a country from the list." });
      return z.NEVER;
    }
    return code;
  });

/** A year (`2019`) or a day (`2019-06-01`) that exists; the cases list takes the same period. */
export const periodEnd = z
  .string()
  .trim()
  .refine((s) => {
    if (/^\d{4}$/.test(s)) return Number(s) >= 1900 && Number(s) <= 2200;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return false;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (y < 1900 || y > 2200) return false;
    const date = new Date(Date.UTC(y, mo - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  }, "Enter a year (2019) or a date as YYYY-MM-DD, e.g. 2019-06-01.");

export const dashboardFilterSchema = z
  .object({
    requesting_country: country.optional(),
    host_country: country.optional(),
    motive: z.enum(MOTIVES.keys as unknown as [string, ...string[]], { message: "Choose a motive from the list." }).optional(),
    tactic: z.enum(TACTICS.keys as unknown as [string, ...string[]], { message: "Choose a tactic from the list." }).optional(),
    from: periodEnd.optional(),
    to: periodEnd.optional(),
    visibility: z.enum(VISIBILITIES, { message: "Choose public, internal or restricted." }).optional(),
  })
  .superRefine((v, ctx) => {
    const from = v.from ? periodStart(v.from) : undefined;
    const to = v.to ? periodFinish(v.to) : undefined;
    if (from && to && from > to) ctx.addIssue({ code: "custom", path: ["to"], message: `“To” must not be before “from” (${v.from}).` });
  });

export type DashboardFilters = z.infer<typeof dashboardFilterSchema>;

/** First day of a period end (`2019` → 2019-01-01). */
export function periodStart(v: string): string {
  return v.length === 4 ? `${v}-01-01` : v;
}

/** Last day of a period end (`2019` → 2019-12-31), inclusive. */
export function periodFinish(v: string): string {
  return v.length === 4 ? `${v}-12-31` : v;
}

/** The filters as the queries take them: the period as inclusive days and their years. */
export interface DashboardQuery {
  requestingCountry?: string;
  hostCountry?: string;
  motive?: string;
  tactic?: string;
  visibility?: (typeof VISIBILITIES)[number];
  /** Inclusive YYYY-MM-DD. */
  fromDay?: string;
  toDay?: string;
}

export function dashboardQuery(f: DashboardFilters): DashboardQuery {
  return {
    requestingCountry: f.requesting_country,
    hostCountry: f.host_country,
    motive: f.motive,
    tactic: f.tactic,
    visibility: f.visibility as DashboardQuery["visibility"],
    fromDay: f.from ? periodStart(f.from) : undefined,
    toDay: f.to ? periodFinish(f.to) : undefined,
  };
}

/** True when a filter only cases carry is set (notices are linked to cases through their alerts). */
export function hasCaseOnlyFilter(q: DashboardQuery): boolean {
  return Boolean(q.hostCountry || q.motive || q.tactic || q.visibility);
}
