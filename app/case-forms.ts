// The Track's query string and forms: one zod schema each, used by the loader/action and the
// page, with a message per field in plain words. Multi-valued fields (motives, tactics, countries)
// come as repeated checkboxes or a `;`-separated text, so the forms work without JavaScript.
import { z } from "zod";
import { CASE_SORTS, partialDate, yearRange } from "../lib/case-fields";
import { MONITORING_STATUSES, PRIORITIES } from "../db/schema/cases";
import { countryCode, isCountryCode } from "../lib/countries";
import { isEntityId } from "../lib/notice-id";
import {
  ALERT_STATUSES,
  EXTRADITION_OUTCOMES,
  LIBERTY_STATUSES,
  MOTIVES,
  PROTECTION_STATUSES,
  RELIABILITY,
  SOURCE_KINDS,
  TACTICS,
  TIMELINE_EVENT_KINDS,
  type Vocabulary,
} from "../lib/taxonomy";
import { cleanLine, cleanSearch, cleanText } from "../lib/text";
import { VISIBILITIES } from "../lib/visibility";
import { periodEnd, periodFinish, periodStart } from "../lib/dashboard/filters";
import { pageParam, parseFilters } from "./filters";

export const CASES_PER_PAGE = 50;

const country = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const upper = v.toUpperCase();
    const code = isCountryCode(upper) ? upper : countryCode(v);
    if (!code) {
      ctx.addIssue({ code: "custom", message: "Choose a country from the list." });
      return z.NEVER;
    }
    return code;
  });

const term = (vocab: Vocabulary, message: string) => z.string().refine((v) => vocab.has(v), message);

/** Every value of a repeated parameter, once each, in the order given. */
const allOf = (one: z.ZodType<string, string>) =>
  z
    .array(one)
    .max(5, "Choose at most five.")
    .transform((xs) => [...new Set(xs)]);

/** Parameters that may repeat (parseFilters keeps every value of these). */
export const CASE_FILTER_LISTS = ["host_country", "motive", "tactic"] as const;

export const caseFilterSchema = z.object({
  q: z
    .string()
    .transform(cleanSearch)
    .pipe(z.string().max(200, "Search for at most 200 characters."))
    .transform((v) => v || undefined)
    .optional(),
  requesting_country: country.optional(),
  // Repeatable: `motive=a&motive=b` keeps cases with both (a dashboard bar under a motive filter
  // counts the cases that have the filter's motive and the bar's).
  host_country: allOf(country).optional(),
  motive: allOf(term(MOTIVES, "Choose a motive from the list.")).optional(),
  tactic: allOf(term(TACTICS, "Choose a tactic from the list.")).optional(),
  alert_status: term(ALERT_STATUSES, "Choose an alert status from the list.").optional(),
  liberty_status: term(LIBERTY_STATUSES, "Choose a liberty status from the list.").optional(),
  extradition_outcome: term(EXTRADITION_OUTCOMES, "Choose an extradition outcome from the list.").optional(),
  protection_status: term(PROTECTION_STATUSES, "Choose a protection status from the list.").optional(),
  status: z.enum(MONITORING_STATUSES, { message: "Choose open, watching or closed." }).optional(),
  visibility: z.enum(VISIBILITIES, { message: "Choose public, internal or restricted." }).optional(),
  sort: z.enum(CASE_SORTS, { message: "Choose an order from the list." }).optional(),
  page: pageParam().optional(),
  include: z.enum(["public", "internal", "restricted"], { message: "Choose public, internal or restricted." }).optional(),
  deleted: z.enum(["1"]).optional(),
  // The dashboard's period (cases whose years overlap it) and its "cases by first year" bars, so a
  // click through from a chart opens exactly the cases it counted.
  from: periodEnd.optional(),
  to: periodEnd.optional(),
  began: z.coerce
    .number({ message: "Enter a year such as 2019." })
    .int("Enter a year such as 2019.")
    .min(1900, "Enter a year such as 2019.")
    .max(2200, "Enter a year such as 2019.")
    .optional(),
}).superRefine((v, ctx) => {
  if (v.from && v.to && periodStart(v.from) > periodFinish(v.to)) {
    ctx.addIssue({ code: "custom", path: ["to"], message: `“To” must not be before “from” (${v.from}).` });
  }
});
export type CaseFilterValues = z.infer<typeof caseFilterSchema>;
export const parseCaseFilters = (url: string | URL) => parseFilters(caseFilterSchema, url, { lists: CASE_FILTER_LISTS });

export const CASE_FILTER_LABELS: Record<string, string> = {
  q: "Text",
  requesting_country: "Requesting country",
  host_country: "Host country",
  motive: "Motive",
  tactic: "Tactic",
  alert_status: "Alert status",
  liberty_status: "Liberty status",
  extradition_outcome: "Extradition outcome",
  protection_status: "Protection status",
  status: "Monitoring",
  visibility: "Visibility",
  sort: "Sort by",
  page: "Page",
  include: "Include",
  from: "Years from",
  to: "Years to",
  began: "Began in",
};

export const CASE_SORT_LABELS: Record<(typeof CASE_SORTS)[number], string> = {
  updated: "Last changed",
  reference: "Reference",
  title: "Title",
  requesting_country: "Requesting country",
  priority: "Priority",
};

export function caseFilterErrorText(errors: Record<string, string>): string {
  return Object.entries(errors)
    .map(([k, m]) => `${CASE_FILTER_LABELS[k] ?? k}: ${m}`)
    .join("\n");
}

// ---- Form building blocks ----

const line = (max: number, label: string) =>
  z
    .string()
    .transform(cleanLine)
    .pipe(z.string().max(max, `${label}: at most ${max} characters.`));
const optionalLine = (max: number, label: string) =>
  z
    .string()
    .default("")
    .pipe(line(max, label))
    .transform((v) => v || null);
const optionalText = (max: number, label: string) =>
  z
    .string()
    .default("")
    .transform(cleanText)
    .pipe(z.string().max(max, `${label}: at most ${max.toLocaleString("en")} characters.`))
    .transform((v) => v || null);

/** A field a form may leave out (restricted fields): absent → undefined (stored value kept), blank → null. */
const keptUnlessGiven = (clean: (s: string) => string, max: number, label: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const c = clean(v);
      if (c.length > max) {
        ctx.addIssue({ code: "custom", message: `${label}: at most ${max.toLocaleString("en")} characters.` });
        return z.NEVER;
      }
      return c || null;
    });

/** A `;`- or `,`-separated list of country codes or names. */
const countryList = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const out: string[] = [];
    for (const piece of (v ?? "").split(/[;,]/).map((s) => s.trim()).filter(Boolean)) {
      const code = isCountryCode(piece.toUpperCase()) ? piece.toUpperCase() : countryCode(piece);
      if (!code) {
        ctx.addIssue({ code: "custom", message: `“${piece.slice(0, 40)}” is not a country: use a code such as FR or a name.` });
        return z.NEVER;
      }
      if (!out.includes(code)) out.push(code);
    }
    return out;
  });

const optionalCountry = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const s = (v ?? "").trim();
    if (!s) return null;
    const code = isCountryCode(s.toUpperCase()) ? s.toUpperCase() : countryCode(s);
    if (!code) {
      ctx.addIssue({ code: "custom", message: "Choose a country from the list." });
      return z.NEVER;
    }
    return code;
  });

/** Checkbox groups arrive joined by parseForm as the last value; we read them with formList instead. */
const termList = (vocab: Vocabulary, noun: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const keys: string[] = (v ?? "").split(/[;,]/).map((s) => s.trim()).filter(Boolean);
      for (const k of keys) {
        if (!(vocab.has as (x: string) => boolean)(k)) {
          ctx.addIssue({ code: "custom", message: `“${k.slice(0, 40)}” is not ${noun}.` });
          return z.NEVER;
        }
      }
      return [...new Set(keys)];
    });

const axis = (vocab: Vocabulary, noun: string) =>
  z
    .string()
    .optional()
    .transform((v) => v || "unknown")
    .refine((v) => vocab.has(v), `Choose ${noun} from the list.`);

const visibility = z.enum(VISIBILITIES, { message: "Choose who may see it: public, internal or restricted." });
const version = z.coerce.number({ message: "The form is missing its version: reload the page." }).int().min(1).optional();

export const caseFormSchema = z.object({
  title: line(300, "Title").pipe(z.string().min(1, "Give the case a title, e.g. “H: pursued by China in France”.")),
  subjectName: line(200, "Subject").pipe(z.string().min(1, "Name the subject, or give a pseudonym such as “H”.")),
  subjectIsPseudonym: z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "true" || v === "1"),
  // Absent (a form that does not show them): left as stored.
  legalName: keptUnlessGiven(cleanLine, 300, "Legal name"),
  contactDetails: keptUnlessGiven(cleanText, 2000, "Contact details"),
  subjectRole: optionalLine(200, "Role"),
  nationalities: countryList,
  residenceCountries: countryList,
  hostCountries: countryList,
  requestingCountry: optionalCountry,
  years: optionalLine(40, "Years").refine((v) => v === null || yearRange(v).yearFrom !== null, "Enter a year or a range, e.g. 2020-2021."),
  chargesAlleged: optionalText(4000, "Charges"),
  motives: termList(MOTIVES, "a motive"),
  tactics: termList(TACTICS, "a tactic"),
  alertStatus: axis(ALERT_STATUSES, "an alert status"),
  libertyStatus: axis(LIBERTY_STATUSES, "a liberty status"),
  extraditionOutcome: axis(EXTRADITION_OUTCOMES, "an extradition outcome"),
  protectionStatus: axis(PROTECTION_STATUSES, "a protection status"),
  summary: optionalText(20000, "Summary"),
  monitoringStatus: z.enum(MONITORING_STATUSES, { message: "Choose open, watching or closed." }).default("open"),
  priority: z.enum(PRIORITIES, { message: "Choose a priority." }).default("normal"),
  visibility,
  version,
  fromNotice: z
    .string()
    .optional()
    .transform((v) => (v && isEntityId(v.trim()) ? v.trim() : null)),
});
export type CaseFormValues = z.infer<typeof caseFormSchema>;

export function caseInputOf(v: CaseFormValues) {
  const { version: _v, fromNotice: _f, legalName, contactDetails, ...rest } = v;
  return {
    ...rest,
    ...(legalName !== undefined ? { legalName } : {}),
    ...(contactDetails !== undefined ? { contactDetails } : {}),
    ...yearRange(v.years),
  };
}

const partial = z
  .string()
  .transform((v) => v.trim())
  .refine((v) => partialDate(v) !== null, "Enter a date as 2021, 2021-07 or 2021-07-15.");
const optionalPartial = z
  .string()
  .optional()
  .transform((v) => (v ?? "").trim() || null)
  .refine((v) => v === null || partialDate(v) !== null, "Enter a date as 2021, 2021-07 or 2021-07-15.");

export const eventFormSchema = z.object({
  occurredOn: partial,
  approximate: z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "true" || v === "1"),
  kind: z.string().refine((v) => TIMELINE_EVENT_KINDS.has(v), "Choose what happened from the list."),
  actor: optionalLine(300, "Who acted"),
  target: optionalLine(300, "Against whom"),
  placeCountry: optionalCountry,
  place: optionalLine(300, "Place"),
  description: optionalText(10000, "Description"),
  visibility,
  id: z.coerce.number().int().positive().optional(),
  version,
});

export function eventInputOf(v: z.infer<typeof eventFormSchema>) {
  const d = partialDate(v.occurredOn)!;
  const { id: _i, version: _v, ...rest } = v;
  return { ...rest, occurredOn: d.value, precision: d.precision, sortDate: d.sort };
}

export const alertFormSchema = z.object({
  kind: z.enum(["red_notice", "diffusion", "other"], { message: "Choose red notice, diffusion or other." }),
  issuingCountry: optionalCountry,
  issuedOn: optionalPartial,
  publishedOn: optionalPartial,
  removedOn: optionalPartial,
  status: axis(ALERT_STATUSES, "a status"),
  entityId: z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim() || null)
    .refine((v) => v === null || isEntityId(v), "A notice id looks like 2021/75051: pick one from the search."),
  notes: optionalText(4000, "Notes"),
  visibility,
  id: z.coerce.number().int().positive().optional(),
  version,
});

export const sourceFormSchema = z.object({
  kind: z.string().refine((v) => SOURCE_KINDS.has(v), "Choose a kind of source."),
  title: line(500, "Title").pipe(z.string().min(1, "Give the source a title, e.g. “ICIJ China Targets (2025)”.")),
  publisher: optionalLine(300, "Publisher"),
  publishedOn: optionalPartial,
  url: z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim() || null)
    .refine((v) => v === null || /^https?:\/\/[^\s]+$/i.test(v), "Enter a web address starting with https://"),
  reliability: z.string().refine((v) => RELIABILITY.has(v), "Choose how reliable it is."),
  confidentialIdentity: optionalText(2000, "Confidential identity"),
  notes: optionalText(4000, "Notes"),
  visibility,
  /** What it supports: `case` or `case_event:12`, `decision:3`, `case_alert:4`. */
  attachTo: z
    .string()
    .optional()
    .transform((v) => v || "case")
    .refine((v) => /^(case|case_event:\d+|decision:\d+|case_alert:\d+)$/.test(v), "Choose what the source supports."),
  locator: optionalLine(200, "Where in the source"),
  id: z.coerce.number().int().positive().optional(),
  version,
});

export const actorFormSchema = z.object({
  name: line(300, "Name").pipe(z.string().min(1, "Name the person or organisation.")),
  kind: z.enum(["person", "organisation"], { message: "Choose person or organisation." }),
  role: optionalLine(200, "Role"),
  description: optionalText(4000, "Description"),
  visibility,
  id: z.coerce.number().int().positive().optional(),
  version,
});

/** Checkbox groups: FormData has several values under one name; join them for the schema. */
export function joinLists(form: FormData, names: readonly string[]): FormData {
  const out = new FormData();
  for (const [k, v] of form.entries()) if (!names.includes(k) && typeof v === "string") out.append(k, v);
  for (const n of names) out.set(n, form.getAll(n).filter((v): v is string => typeof v === "string").join(";"));
  return out;
}
