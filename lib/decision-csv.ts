// A decision's fields, validated once: by the decisions import (CSV, the CLI and the upload page)
// and by the decision form (app/routes/decisions.*), so both accept and refuse the same things.
// The import columns are the issue's contract: citation, forum, body, jurisdiction,
// requesting_country, decided_on, outcome, grounds, legal_provisions, summary, full_text,
// language, url, visibility (default internal), case_key; list cells `;`-separated.
import { z } from "zod";
import { countryCode } from "./countries";
import { parseCsv, splitList, CsvFormatError, type CsvRow } from "./csv";
import { partialDate, type DatePrecision } from "./precedent-search";
import { FORUMS, GROUNDS, OUTCOMES } from "./taxonomy";
import { cleanLine, cleanText } from "./text";
import { VISIBILITIES, type Visibility } from "./visibility";

export const DECISION_COLUMNS = [
  "citation",
  "forum",
  "body",
  "jurisdiction",
  "requesting_country",
  "decided_on",
  "outcome",
  "grounds",
  "legal_provisions",
  "summary",
  "full_text",
  "language",
  "url",
  "visibility",
  "case_key",
] as const;

/** Longest full text accepted (a long judgment is about 200,000 words). */
export const FULL_TEXT_MAX = 2_000_000;

export interface DecisionInput {
  citation: string;
  forum: string;
  outcome: string;
  body: string | null;
  jurisdiction: string | null;
  requestingCountry: string | null;
  decidedOn: string | null;
  decidedPrecision: DatePrecision | null;
  decidedSort: string | null;
  grounds: string[];
  legalProvisions: string[];
  summary: string | null;
  fullText: string | null;
  language: string | null;
  url: string | null;
  visibility: Visibility;
  caseKey: string | null;
}

const line = (max: number, label: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? "" : cleanLine(v)))
    .refine((v) => v.length <= max, `${label}: at most ${max.toLocaleString("en")} characters.`);
const optional = (v: string) => (v === "" ? null : v);

/** A country code or name ("RU", "Russia"), or `INT` for international bodies (jurisdiction only). */
const country = (label: string, allowInt: boolean) =>
  line(100, label).transform((v, ctx) => {
    if (!v) return null;
    if (allowInt && v.toUpperCase() === "INT") return "INT";
    if (/^(unknown|unk|—|-|n\/a)$/i.test(v) && !allowInt) return null;
    const code = countryCode(v);
    if (!code) {
      ctx.addIssue({ code: "custom", message: `${label}: “${v}” is not a country code or name${allowInt ? " (or INT)" : ""}.` });
      return z.NEVER;
    }
    return code;
  });

/** Keys of a vocabulary; labels are accepted too ("Extradition refused"). */
function vocabKey(vocab: { keys: readonly string[]; terms: readonly { key: string; label: string }[]; title: string }, v: string): string | undefined {
  const s = v.trim();
  if (vocab.keys.includes(s)) return s;
  const low = s.toLowerCase();
  return vocab.terms.find((t) => t.key === low || t.label.toLowerCase() === low)?.key;
}

const oneOf = (vocab: typeof FORUMS | typeof OUTCOMES, label: string) =>
  line(200, label).transform((v, ctx) => {
    const key = vocabKey(vocab, v);
    if (!key) {
      ctx.addIssue({ code: "custom", message: v ? `${label}: “${v}” is not one of the known values.` : `${label} is required.` });
      return z.NEVER;
    }
    return key;
  });

/** The fields as strings (a CSV row or a form), keyed by the CSV column names. */
export const decisionFieldsSchema = z
  .object({
    citation: line(500, "Citation").refine((v) => v.length > 0, "Citation is required."),
    forum: oneOf(FORUMS, "Forum"),
    outcome: oneOf(OUTCOMES, "Outcome"),
    body: line(300, "Body").transform(optional),
    jurisdiction: country("Jurisdiction", true),
    requesting_country: country("Requesting country", false),
    decided_on: line(10, "Decision date").transform((v, ctx) => {
      if (!v) return null;
      const p = partialDate(v);
      if (!p) {
        ctx.addIssue({ code: "custom", message: `Decision date: “${v}” is not 2021, 2021-07 or 2021-07-15.` });
        return z.NEVER;
      }
      return p;
    }),
    grounds: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const out: string[] = [];
        for (const g of splitList(v)) {
          const key = vocabKey(GROUNDS, g);
          if (!key) ctx.addIssue({ code: "custom", message: `Grounds: “${g}” is not a known ground.` });
          else if (!out.includes(key)) out.push(key);
        }
        return out;
      }),
    legal_provisions: z
      .string()
      .optional()
      .transform((v) => [...new Set(splitList(v).map(cleanLine).filter(Boolean))].slice(0, 100)),
    summary: z
      .string()
      .optional()
      .transform((v) => optional(cleanText(v ?? "")))
      .refine((v) => !v || v.length <= 20_000, "Summary: at most 20,000 characters."),
    full_text: z
      .string()
      .optional()
      .transform((v) => optional(cleanText(v ?? "")))
      .refine((v) => !v || v.length <= FULL_TEXT_MAX, `Full text: at most ${FULL_TEXT_MAX.toLocaleString("en")} characters.`),
    language: line(10, "Language").transform((v, ctx) => {
      if (!v) return null;
      const code = v.toLowerCase();
      if (!/^[a-z]{2}$/.test(code)) {
        ctx.addIssue({ code: "custom", message: `Language: “${v}” is not a two-letter code such as en, fr or ru.` });
        return z.NEVER;
      }
      return code;
    }),
    url: line(2000, "Link").transform((v, ctx) => {
      if (!v) return null;
      try {
        const u = new URL(v);
        if (u.protocol === "https:" || u.protocol === "http:") return u.toString();
      } catch {
        // fall through
      }
      ctx.addIssue({ code: "custom", message: "Link: enter a web address starting with https://." });
      return z.NEVER;
    }),
    visibility: line(20, "Visibility").transform((v, ctx) => {
      const s = (v || "internal").toLowerCase();
      if (!(VISIBILITIES as readonly string[]).includes(s)) {
        ctx.addIssue({ code: "custom", message: `Visibility: “${v}” is not public, internal or restricted.` });
        return z.NEVER;
      }
      return s as Visibility;
    }),
    case_key: line(200, "Case").transform(optional),
  })
  .transform(
    (v): DecisionInput => ({
      citation: v.citation,
      forum: v.forum,
      outcome: v.outcome,
      body: v.body,
      jurisdiction: v.jurisdiction,
      requestingCountry: v.requesting_country,
      decidedOn: v.decided_on?.value ?? null,
      decidedPrecision: v.decided_on?.precision ?? null,
      decidedSort: v.decided_on?.sort ?? null,
      grounds: v.grounds,
      legalProvisions: v.legal_provisions,
      summary: v.summary,
      fullText: v.full_text,
      language: v.language,
      url: v.url,
      visibility: v.visibility,
      caseKey: v.case_key,
    }),
  );

export interface RowError {
  row: number;
  line: number;
  column?: string;
  message: string;
}

export interface ParsedDecisionFile {
  decisions: { row: number; line: number; input: DecisionInput }[];
  errors: RowError[];
}

/** Parse and validate a whole file; every problem is reported with its row and line. */
export function parseDecisionCsv(text: string): ParsedDecisionFile {
  let parsed: { columns: string[]; rows: CsvRow[] };
  try {
    parsed = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvFormatError) return { decisions: [], errors: [{ row: 0, line: e.line ?? 1, message: e.message }] };
    throw e;
  }
  const errors: RowError[] = [];
  const missing = ["citation", "forum", "outcome"].filter((c) => !parsed.columns.includes(c));
  if (missing.length) {
    return { decisions: [], errors: [{ row: 0, line: 1, message: `The header lacks the column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}.` }] };
  }
  const decisions: ParsedDecisionFile["decisions"] = [];
  const citations = new Map<string, number>();
  for (const r of parsed.rows) {
    const result = decisionFieldsSchema.safeParse(r.values);
    if (!result.success) {
      for (const issue of result.error.issues) {
        errors.push({ row: r.row, line: r.line, column: String(issue.path[0] ?? ""), message: issue.message });
      }
      continue;
    }
    const key = result.data.citation.toLowerCase();
    const first = citations.get(key);
    if (first !== undefined) {
      errors.push({ row: r.row, line: r.line, column: "citation", message: `Citation “${result.data.citation}” is already on row ${first}.` });
      continue;
    }
    citations.set(key, r.row);
    decisions.push({ row: r.row, line: r.line, input: result.data });
  }
  return { decisions, errors };
}
