// E-mail addresses as people type them, internationalised ones included (анна@пример.рф).
// One normalised form is stored and compared: NFC, lower-case, and the domain in Unicode (an
// `xn--` domain is the same address as its Unicode spelling, so both reach the same account).
// Pure, for the browser and the server alike: the URL parser applies IDNA (UTS #46) mapping and
// validation, punycode.js turns its ASCII answer back into Unicode.
import { toUnicode } from "punycode/punycode.es6.js";

export const EMAIL_MAX_LENGTH = 320;

// Characters never part of an address we accept: whitespace, controls, format characters
// (bidi overrides, zero-width), and the ones RFC 5322 only allows inside quotes.
const FORBIDDEN_IN_LOCAL = /[\s\p{Cc}\p{Cf}@"(),:;<>[\\\]]/u;

/** The domain in its canonical Unicode form, or null when it is not a valid host name. */
function canonicalDomain(domain: string): string | null {
  if (!domain || domain.length > 253 || /[\s/?#\\@:%[\]]/.test(domain)) return null;
  let ascii: string;
  try {
    ascii = new URL(`http://${domain}`).hostname;
  } catch {
    return null;
  }
  // A name with a dot and a top-level label of letters (or xn--): not an IP address, not "localhost".
  const labels = ascii.split(".");
  if (labels.length < 2 || labels.some((l) => l.length === 0 || l.length > 63)) return null;
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(labels.at(-1)!)) return null;
  if (!labels.every((l) => /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(l))) return null;
  return toUnicode(ascii).normalize("NFC");
}

/**
 * The stored form of an address, or null when it is not one we accept. Accepts Unicode in the
 * local part and the domain (RFC 6531/6532); refuses quoted local parts, comments, IP-literal
 * domains and anything invisible.
 */
export function canonicalEmail(input: string): string | null {
  const value = input.normalize("NFC").trim();
  if (value.length === 0 || value.length > EMAIL_MAX_LENGTH) return null;
  const at = value.lastIndexOf("@");
  if (at <= 0 || at === value.length - 1) return null;
  const local = value.slice(0, at).toLowerCase();
  if (local.length > 64 || FORBIDDEN_IN_LOCAL.test(local)) return null;
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) return null;
  const domain = canonicalDomain(value.slice(at + 1).toLowerCase());
  return domain ? `${local}@${domain}` : null;
}

/**
 * What lookups compare with: the canonical form when valid, else the trimmed lower-cased text
 * (a lookup of something invalid then simply finds nobody).
 */
export function normalizeEmail(input: string): string {
  return canonicalEmail(input) ?? input.normalize("NFC").trim().toLowerCase();
}

/** The same address with its domain in ASCII (punycode), for rows stored before IDN support. */
export function asciiDomainVariant(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return email;
  try {
    return `${email.slice(0, at)}@${new URL(`http://${email.slice(at + 1)}`).hostname}`;
  } catch {
    return email;
  }
}
