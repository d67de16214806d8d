// How a lawyer cites a notice: what Interpol served, when, and the checksum of the exact bytes.
import { formatMoment } from "../lib/words";

/** Interpol's own public page for a red notice (its site opens the notice from the fragment). */
export function interpolNoticePage(entityId: string): string {
  return `https://www.interpol.int/en/How-we-work/Notices/Red-Notices/View-Red-Notices#${entityId.replace("/", "-")}`;
}

/**
 * "Interpol red notice 2021/75051, as served by ws-public.interpol.int on 1 March 2026 at 06:00 UTC
 * (SHA-256 …), archived by Article 3."
 */
export function noticeCitation(p: { entityId: string; url: string; capturedAt: Date | string; sha256: string }): string {
  let host = "Interpol's notices service";
  try {
    host = new URL(p.url).host;
  } catch {
    // A stored URL that does not parse: say whose service it was rather than nothing.
  }
  return `Interpol red notice ${p.entityId}, as served by ${host} on ${formatMoment(p.capturedAt)} (SHA-256 ${p.sha256}), archived by Article 3.`;
}
