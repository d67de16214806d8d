// Warrant issuers that Interpol names by codes that are not ISO countries: international courts
// and the UN mission in Kosovo. They issue warrants but are not states, so they are never
// counted or charted as countries and are listed apart in country filters (docs/interpol-api.md).

export interface SpecialIssuer {
  code: string;
  /** Full name, for labels. */
  name: string;
  /** Short form, for tight places. */
  short: string;
}

export const SPECIAL_ISSUER_LIST: readonly SpecialIssuer[] = [
  { code: "914", name: "International Criminal Court", short: "ICC" },
  { code: "916", name: "Special Tribunal for Lebanon", short: "STL" },
  { code: "922", name: "International Residual Mechanism for Criminal Tribunals", short: "UN residual mechanism" },
  { code: "UNK", name: "Kosovo (UNMIK)", short: "UNMIK" },
];

/** code → full name. */
export const SPECIAL_ISSUERS: Readonly<Record<string, string>> = Object.fromEntries(
  SPECIAL_ISSUER_LIST.map((s) => [s.code, s.name]),
);

export const SPECIAL_ISSUER_CODES: readonly string[] = SPECIAL_ISSUER_LIST.map((s) => s.code);

/** Whether a warrant issuer code is an international body rather than a state (case and spaces ignored). */
export function isSpecialIssuer(code: string | null | undefined): boolean {
  return !!code && Object.prototype.hasOwnProperty.call(SPECIAL_ISSUERS, code.trim().toUpperCase());
}
