// The Precedents search parameters (issue 10): q, forum, outcome, grounds, jurisdiction,
// requesting_country, year_from, year_to, sort (relevance by default with a query, else newest);
// a repeated parameter means any of its values. One schema for the page and /precedents.csv.
import { z } from "zod";
import type { DecisionFilters } from "../db/queries/decisions";
import { isCountryCode } from "../lib/countries";
import { MAX_QUERY_LENGTH, SORTS } from "../lib/precedent-search";
import { FORUMS, GROUNDS, OUTCOMES } from "../lib/taxonomy";
import { cleanSearch } from "../lib/text";
import { pageParam, parseFilters, type FilterResult } from "./filters";

export const PRECEDENT_LISTS = ["forum", "outcome", "grounds", "jurisdiction", "requesting_country"] as const;

const keys = (vocab: { has(k: unknown): boolean; title: string }) =>
  z
    .array(z.string())
    .refine((v) => v.every((k) => vocab.has(k)), `Choose a ${vocab.title.toLowerCase()} from the list.`)
    .optional();

const year = z.coerce
  .number({ message: "Enter a year such as 2019." })
  .int("Enter a whole year such as 2019.")
  .min(1900, "Enter a year from 1900.")
  .max(2200, "Enter a year before 2200.");

export const precedentFiltersSchema = z
  .object({
    q: z
      .string()
      .transform(cleanSearch)
      .refine((v) => v.length <= MAX_QUERY_LENGTH, `A search may be at most ${MAX_QUERY_LENGTH} characters.`)
      .optional(),
    forum: keys(FORUMS),
    outcome: keys(OUTCOMES),
    grounds: keys(GROUNDS),
    jurisdiction: z
      .array(z.string().trim().toUpperCase())
      .refine((v) => v.every((c) => c === "INT" || isCountryCode(c)), "Choose a country code or INT.")
      .optional(),
    requesting_country: z
      .array(z.string().trim())
      .transform((v) => v.map((c) => (c.toLowerCase() === "unknown" ? "unknown" : c.toUpperCase())))
      .refine((v) => v.every((c) => c === "unknown" || isCountryCode(c)), "Choose a country code, or unknown.")
      .optional(),
    year_from: year.optional(),
    year_to: year.optional(),
    sort: z.enum(SORTS, { message: "Sort by relevance, newest or oldest." }).optional(),
    page: pageParam(5_000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.year_from !== undefined && v.year_to !== undefined && v.year_from > v.year_to) {
      ctx.addIssue({ code: "custom", path: ["year_to"], message: `“To” must not be before “from” (${v.year_from}).` });
    }
  });

export type PrecedentParams = DecisionFilters & { page?: number };

export function parsePrecedentFilters(url: string | URL): FilterResult<PrecedentParams> {
  return parseFilters(precedentFiltersSchema, url, { lists: PRECEDENT_LISTS }) as FilterResult<PrecedentParams>;
}
