// Numbers and counted nouns in plain English, the same way on every page, in the CLI and in
// e-mails: thousands separators always ("7,007"), and "1 notice" / "2 notices", never "notice(s)".

/** A whole number with thousands separators: 7007 → "7,007". */
export function formatNumber(n: number): string {
  return n.toLocaleString("en-GB", { maximumFractionDigits: 0 });
}

/**
 * `n` and the noun agreeing with it: plural(1, "notice") → "1 notice", plural(7007, "notice") →
 * "7,007 notices", plural(2, "query", "queries") → "2 queries". The one pluralisation helper.
 */
export function plural(n: number, one: string, other = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : other}`;
}

/** The noun alone, agreeing with `n` ("was"/"were" style choices too): noun(2, "was", "were"). */
export function noun(n: number, one: string, other = `${one}s`): string {
  return n === 1 ? one : other;
}

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/** "1 March 2026 at 06:00 UTC": how a citation states a moment (always UTC). */
export function formatMoment(value: Date | string): string {
  const d = typeof value === "string" ? new Date(value) : value;
  const hh = String(d.getUTCHours()).padStart(2, "0");
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} at ${hh}:${mm} UTC`;
}

/** "1 March 2026". */
export function formatDay(value: Date | string): string {
  const d = typeof value === "string" ? new Date(value) : value;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
