// The cases CSV, in and out: the columns of db/seed/public-cases.csv plus `visibility`,
// `legal_name`, `nationalities` and `notice_ids`. Parsing and validation are pure and shared by
// the CLI (`import cases`) and the upload page, so both name the same row and column for the same
// mistake: `row 7, column motives: "politcal_opposition" is not a motive`.
import { isCountryCode } from "./countries";
import { parseCsv, splitList, CsvFormatError } from "./csv";
import { isEntityId } from "./notice-id";
import {
  ALERT_STATUSES,
  EXTRADITION_OUTCOMES,
  FORUMS,
  GROUNDS,
  LIBERTY_STATUSES,
  MOTIVES,
  OUTCOMES,
  PROTECTION_STATUSES,
  TACTICS,
  type Vocabulary,
} from "./taxonomy";
import { CASE_CSV_COLUMNS, partialDate, rowErrorText, subjectCell, yearRange, type CaseCsvColumn, type RowError } from "./case-fields";
import { cleanLine, cleanText } from "./text";

export { CASE_CSV_COLUMNS, partialDate, rowErrorText, subjectCell, yearRange, type CaseCsvColumn, type RowError };
import { VISIBILITIES, type Visibility } from "./visibility";


export const REQUIRED_CASE_COLUMNS: readonly CaseCsvColumn[] = ["key", "subject"];

/** A pseudonym is written `H (pseudonym)` in the file. */
const PSEUDONYM = /\s*\(pseudonym\)\s*$/i;

export interface CaseImportRow {
  row: number;
  key: string;
  subjectName: string;
  subjectIsPseudonym: boolean;
  subjectRole: string | null;
  requestingCountry: string | null;
  hostCountries: string[];
  years: string | null;
  yearFrom: number | null;
  yearTo: number | null;
  chargesAlleged: string | null;
  motives: string[];
  tactics: string[];
  alertStatus: string;
  libertyStatus: string;
  extraditionOutcome: string;
  protectionStatus: string;
  decision: null | { forum: string; decidedOn: string | null; outcome: string; grounds: string[] };
  summary: string | null;
  sources: string[];
  visibility: Visibility;
  /** undefined: the file has no legal_name column (an update keeps what is stored). */
  legalName: string | null | undefined;
  nationalities: string[];
  noticeIds: string[];
}


const NOUNS: Record<string, string> = {
  motive: "a motive",
  tactic: "a tactic",
  alert_status: "an alert status",
  liberty_status: "a liberty status",
  extradition_outcome: "an extradition outcome",
  protection_status: "a protection status",
  forum: "a decision forum",
  outcome: "a decision outcome",
  ground: "a decision ground",
};

/**
 * Parse and check a cases CSV. `mapping` renames the file's columns to ours (the upload page's
 * column mapping: `{ "Case key": "key" }`). Every problem is reported, not just the first.
 */
export function parseCaseCsv(text: string, mapping: Record<string, string> = {}): { rows: CaseImportRow[]; errors: RowError[]; columns: string[]; fileColumns: string[] } {
  let parsed: ReturnType<typeof parseCsv>;
  try {
    parsed = parseCsv(text);
  } catch (e) {
    return { rows: [], columns: [], fileColumns: [], errors: [{ row: 0, column: "", message: e instanceof CsvFormatError ? e.message : String(e) }] };
  }
  const rename = new Map(Object.entries(mapping).map(([from, to]) => [from.trim().toLowerCase(), to]));
  const columns = parsed.columns.map((c) => rename.get(c) ?? c);
  const errors: RowError[] = [];
  for (const required of REQUIRED_CASE_COLUMNS) {
    if (!columns.includes(required)) errors.push({ row: 0, column: required, message: `The file has no “${required}” column.` });
  }
  const fileColumns = parsed.columns.filter(Boolean);
  if (errors.length) return { rows: [], errors, columns, fileColumns };
  const hasLegalName = columns.includes("legal_name");
  const rows: CaseImportRow[] = [];
  const keys = new Map<string, number>();
  for (const r of parsed.rows) {
    const values: Record<string, string> = {};
    for (const [c, v] of Object.entries(r.values)) values[rename.get(c) ?? c] = v;
    const err = (column: string, message: string) => errors.push({ row: r.row, column, message });
    const cell = (c: CaseCsvColumn) => cleanLine(values[c] ?? "");
    const long = (c: CaseCsvColumn) => cleanText(values[c] ?? "") || null;
    const terms = (c: CaseCsvColumn, vocab: Vocabulary) => {
      const list = splitList(cell(c));
      for (const v of list) if (!vocab.has(v)) err(c, `"${v}" is not ${NOUNS[vocab.name] ?? `a ${vocab.name}`}`);
      return [...new Set(list)];
    };
    const term = (c: CaseCsvColumn, vocab: Vocabulary, fallback = "unknown") => {
      const v = cell(c);
      if (!v) return fallback;
      if (!vocab.has(v)) err(c, `"${v}" is not ${NOUNS[vocab.name] ?? `a ${vocab.name}`}`);
      return v;
    };
    const countries = (c: CaseCsvColumn) => {
      const list = splitList(cell(c)).map((v) => v.toUpperCase());
      for (const v of list) if (!isCountryCode(v)) err(c, `"${v}" is not a country code (use two letters, e.g. FR)`);
      return [...new Set(list)];
    };

    const key = cell("key");
    if (!key) err("key", "a key is required (e.g. h-bordeaux)");
    else if (!/^[a-z0-9][a-z0-9._-]{0,99}$/i.test(key)) err("key", `"${key}" is not a key: use letters, digits, "-", "_" or "." (at most 100)`);
    else if (keys.has(key)) err("key", `"${key}" is already used by row ${keys.get(key)}`);
    else keys.set(key, r.row);
    const subjectRaw = cell("subject");
    if (!subjectRaw) err("subject", "a subject is required (a name or a pseudonym)");
    const requesting = countries("requesting_country");
    if (requesting.length > 1) err("requesting_country", "give one requesting country");
    const years = cell("years") || null;
    if (years && yearRange(years).yearFrom === null) err("years", `"${years}" is not a year or a range of years (e.g. 2020-2021)`);
    const forum = cell("decision_forum");
    const decisionDate = cell("decision_date");
    if (decisionDate && !partialDate(decisionDate)) err("decision_date", `"${decisionDate}" is not a date (2021, 2021-07 or 2021-07-15)`);
    const outcome = cell("decision_outcome");
    const grounds = terms("decision_grounds", GROUNDS);
    if (forum && !FORUMS.has(forum)) err("decision_forum", `"${forum}" is not ${NOUNS.forum}`);
    if (outcome && !OUTCOMES.has(outcome)) err("decision_outcome", `"${outcome}" is not ${NOUNS.outcome}`);
    if (!forum && (outcome || decisionDate || grounds.length)) err("decision_forum", "a decision needs its forum");
    if (forum && !outcome) err("decision_outcome", "a decision needs its outcome");
    const visibility = (cell("visibility") || "internal") as Visibility;
    if (!VISIBILITIES.includes(visibility)) err("visibility", `"${visibility}" is not a visibility (public, internal or restricted)`);
    const noticeIds = splitList(cell("notice_ids"));
    for (const id of noticeIds) if (!isEntityId(id)) err("notice_ids", `"${id}" is not a notice entity id (e.g. 2021/75051)`);

    rows.push({
      row: r.row,
      key,
      subjectName: subjectRaw.replace(PSEUDONYM, ""),
      subjectIsPseudonym: PSEUDONYM.test(subjectRaw),
      subjectRole: cell("subject_role") || null,
      requestingCountry: requesting[0] ?? null,
      hostCountries: countries("host_country"),
      years,
      ...yearRange(years),
      chargesAlleged: long("charges_alleged"),
      motives: terms("motives", MOTIVES),
      tactics: terms("tactics", TACTICS),
      alertStatus: term("alert_status", ALERT_STATUSES),
      libertyStatus: term("liberty_status", LIBERTY_STATUSES),
      extraditionOutcome: term("extradition_outcome", EXTRADITION_OUTCOMES),
      protectionStatus: term("protection_status", PROTECTION_STATUSES),
      decision: forum ? { forum, decidedOn: decisionDate || null, outcome, grounds } : null,
      summary: long("summary"),
      sources: [...new Set(splitList(values.sources ?? "").map(cleanLine).filter(Boolean))],
      visibility,
      legalName: hasLegalName ? cell("legal_name") || null : undefined,
      nationalities: countries("nationalities"),
      noticeIds: [...new Set(noticeIds)],
    });
  }
  return { rows: errors.length ? [] : rows, errors, columns, fileColumns };
}
