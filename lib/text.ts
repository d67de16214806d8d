// Text that people type: cleaned once, the same way everywhere (names, search input, imports).

// Bidirectional controls (embeddings, overrides, isolates, marks): a name containing U+202E shows
// reversed in the header and the audit log, so they never survive input.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// Invisible characters that break matching: zero-width space, word joiner, BOM, soft hyphen,
// invisible operators. ZWNJ and ZWJ (U+200C, U+200D) are kept in names: Persian and Indic
// spellings need them.
const INVISIBLE = /[\u00AD\u180E\u200B\u2060-\u2064\uFEFF]/g;
// Every other format character (Unicode category Cf), for search input, where none helps.
const FORMAT = /\p{Cf}/gu;
// C0/C1 controls except tab and newlines; NUL would also make PostgreSQL refuse the text.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** A single-line value a person typed (a name, a title): controls and invisibles gone, spaces collapsed. */
export function cleanLine(value: string): string {
  return value
    .normalize("NFC")
    .replace(BIDI, "")
    .replace(INVISIBLE, "")
    .replace(CONTROL, "")
    .replace(/[\t\r\n\u2028\u2029]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Multi-line text (a summary, a note): as cleanLine, but keeps line breaks (as \n). */
export function cleanText(value: string): string {
  return value
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(BIDI, "")
    .replace(INVISIBLE, "")
    .replace(CONTROL, "")
    .replace(/[ \t]+\n/g, "\n")
    .trim();
}

/** Search input: every format character removed as well, so "Pet\u200Brov" finds PETROV. */
export function cleanSearch(value: string): string {
  return cleanLine(value.replace(FORMAT, ""));
}

/** Escape LIKE/ILIKE wildcards so `%` and `_` in a search match themselves (with ESCAPE '\'). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
