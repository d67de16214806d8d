// The notices list's query string (/notices and /notices.csv): one schema, with a message per
// field. A bad value is never dropped: the page shows it back with its message and no results.
import { z } from "zod";
import { countryCode, isCountryCode } from "../lib/countries";
import { NOTICE_SORTS } from "../lib/notice-sorts";
import { isSpecialIssuer } from "../lib/special-issuers";
import { cleanSearch } from "../lib/text";
import { pageParam, parseFilters } from "./filters";

export const NOTICE_SEARCH_MAX = 200;
export const NOTICES_PER_PAGE = 50;

/** A country or special issuer by code ("RU", "914"), or by name ("Russia", "Türkiye"). */
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

const age = z.coerce
  .number({ message: "Enter an age in whole years, e.g. 30." })
  .int("Enter an age in whole years, e.g. 30.")
  .min(0, "Enter an age from 0 to 120.")
  .max(120, "Enter an age from 0 to 120.");

export const noticeFilterSchema = z
  .object({
    // Invisible and control characters (a NUL, a zero-width space) are removed before anything else.
    q: z
      .string()
      .transform(cleanSearch)
      .pipe(z.string().max(NOTICE_SEARCH_MAX, `Search for at most ${NOTICE_SEARCH_MAX} characters.`))
      .transform((v) => v || undefined)
      .optional(),
    issuer: country.optional(),
    nationality: country.optional(),
    status: z.enum(["active", "removed", "all"], { message: "Choose published, removed or all." }).optional(),
    sex: z.enum(["M", "F", "U"], { message: "Choose male, female or unknown." }).optional(),
    ageMin: age.optional(),
    ageMax: age.optional(),
    sort: z.enum(NOTICE_SORTS, { message: "Choose an order from the list." }).optional(),
    // Indicators: 1 for flagged notices only (the review queue's threshold), 0 for the others.
    flagged: z
      .enum(["1", "0", "true", "false", ""], { message: "Choose flagged or not flagged." })
      .transform((v) => (v === "" ? undefined : v === "1" || v === "true"))
      .optional(),
    page: pageParam().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.ageMin !== undefined && v.ageMax !== undefined && v.ageMin > v.ageMax) {
      ctx.addIssue({ code: "custom", path: ["ageMax"], message: `“To” must not be below “from” (${v.ageMin}).` });
    }
  });

export type NoticeFilterValues = z.infer<typeof noticeFilterSchema>;

export const parseNoticeFilters = (url: string | URL) => parseFilters(noticeFilterSchema, url);

/** Field errors as one plain sentence per field, for the CSV export's 400 answer. */
export const FILTER_LABELS: Record<string, string> = {
  q: "Name or charge",
  issuer: "Warrant issued by",
  nationality: "Nationality",
  status: "Status",
  sex: "Sex",
  ageMin: "Age from",
  ageMax: "Age to",
  sort: "Sort by",
  flagged: "Flagged",
  page: "Page",
};

export function filterErrorText(errors: Record<string, string>): string {
  return Object.entries(errors)
    .map(([k, m]) => `${FILTER_LABELS[k] ?? k}: ${m}`)
    .join("\n");
}
