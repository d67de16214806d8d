// The Changes page's filters (also the Atom feed's), parsed by app/filters.ts: a bad value gets a
// message on its field and no results, never all of them.
import { z } from "zod";
import { NOTICE_EVENT_KINDS } from "../lib/notice-events";
import { dayParam, orderedRange, pageParam } from "./filters";
import { CHANGE_FIELDS } from "./format";
import { intIdParam } from "./ids";

const fieldValues = [...new Set(CHANGE_FIELDS.flatMap((f) => [f.param, f.key]))] as [string, ...string[]];

export const changeFilterSchema = z
  .object({
    kind: z.enum(NOTICE_EVENT_KINDS, { message: "Choose added, changed, removed or reappeared." }).optional(),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9]{2,3}$/, "Choose a country from the list.")
      .optional(),
    // The warrant's issuer only (the dashboard's weekly changes by issuing country link here).
    issuer: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9]{2,3}$/, "Choose a country from the list.")
      .optional(),
    field: z.enum(fieldValues, { message: "Choose a field from the list." }).optional(),
    from: dayParam.optional(),
    to: dayParam.optional(),
    by: z.enum(["day", "week"], { message: "Group by day or by week." }).optional(),
    sort: z.enum(["newest", "important"], { message: "Choose newest or important first." }).optional(),
    baseline: z.enum(["include", "only"], { message: "Choose how to show the baseline." }).optional(),
    run: intIdParam("the pull number").optional(),
    page: pageParam().optional(),
  })
  .superRefine((v, ctx) => orderedRange(v, ctx));

export type ChangeFilterValues = z.infer<typeof changeFilterSchema>;

export const CHANGE_FILTER_LABELS: Record<string, string> = {
  kind: "What",
  country: "Country",
  issuer: "Warrant issued by",
  field: "Field changed",
  from: "From",
  to: "To",
  by: "Group by",
  sort: "Order",
  baseline: "Baseline",
  run: "Pull",
  page: "Page",
};

const DAY = 86_400_000;

/** The filter values as the events query takes them (dates as UTC bounds, `to` inclusive). */
export function changeQuery(f: ChangeFilterValues) {
  const field = f.field ? CHANGE_FIELDS.find((c) => c.param === f.field || c.key === f.field)?.key : undefined;
  return {
    kind: f.kind,
    country: f.country,
    issuer: f.issuer,
    field,
    runId: f.run,
    baseline: f.baseline ?? "exclude",
    from: f.from ? new Date(`${f.from}T00:00:00Z`) : undefined,
    to: f.to ? new Date(new Date(`${f.to}T00:00:00Z`).getTime() + DAY) : undefined,
  } as const;
}
