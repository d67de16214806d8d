// CSV in and out, through csv-stringify and csv-parse, for every export and import.
//
// Exports are opened in spreadsheets, so every cell is quoted and any value a spreadsheet could
// read as a formula is neutralised with a leading apostrophe (OWASP "CSV injection"): at the start
// of the cell and at the start of every piece a spreadsheet could split out of it (after `;`, `,`
// or a tab: multi-valued cells are `;`-separated, and a spreadsheet splitting on `;` would
// otherwise see `=cmd|…` as a cell of its own). Imports undo exactly that, so an export imports
// back to the same values.
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

const FORMULA_AT_PIECE_START = /(^|[;,\t]\s*)([=+\-@\t\r])/g;
const NEUTRALISED_AT_PIECE_START = /(^|[;,\t]\s*)'([=+\-@\t\r])/g;

export function neutraliseFormula(value: string): string {
  return value.replace(FORMULA_AT_PIECE_START, "$1'$2");
}

export function restoreFormula(value: string): string {
  return value.replace(NEUTRALISED_AT_PIECE_START, "$1$2");
}

export type CsvValue = string | number | boolean | Date | null | undefined | readonly string[];

/** A cell as text: dates in ISO 8601 UTC, lists `;`-separated, nothing as empty. */
export function cellText(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.join(";");
  return String(value);
}

/** One CSV record (with CRLF), every cell quoted and formula-safe. For streaming exports. */
export function csvRecord(values: readonly CsvValue[]): string {
  return stringify([values.map((v) => neutraliseFormula(cellText(v)))], { quoted: true, quoted_empty: true, record_delimiter: "\r\n" });
}

/** A whole CSV document: header then rows. `bom` helps spreadsheets detect UTF-8. */
export function toCsv(columns: readonly string[], rows: Iterable<readonly CsvValue[]>, opts: { bom?: boolean } = {}): string {
  let out = opts.bom === false ? "" : "\uFEFF";
  out += csvRecord(columns);
  for (const r of rows) out += csvRecord(r);
  return out;
}

export interface CsvRow {
  /** 1 for the first record after the header. */
  row: number;
  /** The line number in the file where the record starts (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

export class CsvFormatError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/**
 * Parse a CSV document with a header row. Column names are trimmed and lower-cased; cell values
 * are trimmed and formula neutralisation is undone. A malformed file throws CsvFormatError naming
 * the line.
 */
export function parseCsv(text: string): { columns: string[]; rows: CsvRow[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new CsvFormatError(`The file is not valid CSV${err.lines ? ` (line ${err.lines})` : ""}: ${err.message}`, err.lines);
  }
  if (records.length === 0) throw new CsvFormatError("The file is empty: it needs a header row.");
  const columns = records[0]!.record.map((c) => c.trim().toLowerCase());
  const rows: CsvRow[] = [];
  for (const { record, info } of records.slice(1)) {
    if (record.every((c) => c.trim() === "")) continue;
    const values: Record<string, string> = {};
    columns.forEach((c, i) => {
      if (c) values[c] = restoreFormula((record[i] ?? "").trim());
    });
    if (record.length > columns.length && record.slice(columns.length).some((c) => c.trim() !== "")) {
      throw new CsvFormatError(`Line ${info.lines}: ${record.length} cells but the header has ${columns.length}.`, info.lines);
    }
    rows.push({ row: rows.length + 1, line: info.lines, values });
  }
  return { columns, rows };
}

/** A multi-valued cell: `a; b;c` → ["a", "b", "c"], blanks dropped. */
export function splitList(cell: string | undefined | null): string[] {
  if (!cell) return [];
  return cell
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
}
