// Small pure helpers of the Track shared by pages (client bundles too), queries and the CSV:
// partial dates, year ranges, how a pseudonym is written, the list's sort orders.

/** Orders of the cases list (`?sort=`). */
export const CASE_SORTS = ["updated", "reference", "title", "requesting_country", "priority"] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

/** `2021`, `2021-07` or `2021-07-15`, with its precision and the first day of the period. */
export function partialDate(value: string): { value: string; precision: "year" | "month" | "day"; sort: string } | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = m[2] ? Number(m[2]) : 1;
  const d = m[3] ? Number(m[3]) : 1;
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12) return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return {
    value: value.trim(),
    precision: m[3] ? "day" : m[2] ? "month" : "year",
    sort: `${m[1]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`,
  };
}

/** "2020-2021" → 2020, 2021; "2017" → 2017, 2017; anything else → nulls. */
export function yearRange(years: string | null): { yearFrom: number | null; yearTo: number | null } {
  const m = /^\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*$/.exec(years ?? "");
  if (!m) return { yearFrom: null, yearTo: null };
  return { yearFrom: Number(m[1]), yearTo: Number(m[2] ?? m[1]) };
}

/** How the subject is written in the file. */
export const subjectCell = (name: string, pseudonym: boolean) => (pseudonym ? `${name} (pseudonym)` : name);


/** The columns, in file order. The first 19 are those of public-cases.csv. */
export const CASE_CSV_COLUMNS = [
  "key",
  "subject",
  "subject_role",
  "requesting_country",
  "host_country",
  "years",
  "charges_alleged",
  "motives",
  "tactics",
  "alert_status",
  "liberty_status",
  "extradition_outcome",
  "protection_status",
  "decision_forum",
  "decision_date",
  "decision_outcome",
  "decision_grounds",
  "summary",
  "sources",
  "visibility",
  "legal_name",
  "nationalities",
  "notice_ids",
] as const;
export type CaseCsvColumn = (typeof CASE_CSV_COLUMNS)[number];

export interface RowError {
  row: number;
  column: string;
  message: string;
}

export const rowErrorText = (e: RowError) => (e.row > 0 ? `row ${e.row}, column ${e.column}: ${e.message}` : e.message);
