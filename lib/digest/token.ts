// Unsubscribe links (RFC 8058 one-click): `<payload>.<signature>`, both base64url. The payload
// names the recipient and a random token id; the signature is an HMAC-SHA256 with the database's
// digest key (db/queries/digest.ts digestSigningKey). A used token id is stored, so a link works once.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export interface UnsubscribePayload {
  /** Token id, random: stored when used. */
  id: string;
  /** `user:<id>` or `external:<id>`. */
  k: string;
  /** The period of the digest it came in (for the record). */
  p: string;
}

const sign = (key: Buffer, data: string) => createHmac("sha256", key).update(data).digest();

export function signUnsubscribe(key: Buffer, p: { recipientKey: string; period: string }): string {
  const payload: UnsubscribePayload = { id: randomBytes(12).toString("base64url"), k: p.recipientKey, p: p.period };
  const data = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${data}.${sign(key, data).toString("base64url")}`;
}

/** The payload of a token signed with `key`, or null for anything forged, altered or malformed. */
export function verifyUnsubscribe(key: Buffer, token: string): UnsubscribePayload | null {
  if (typeof token !== "string" || token.length > 1000) return null;
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const given = Buffer.from(m[2]!, "base64url");
  const expected = sign(key, m[1]!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const p = JSON.parse(Buffer.from(m[1]!, "base64url").toString("utf8")) as UnsubscribePayload;
    if (typeof p.id !== "string" || typeof p.k !== "string" || typeof p.p !== "string") return null;
    if (!/^(user:.+|external:\d+)$/.test(p.k)) return null;
    return p;
  } catch {
    return null;
  }
}
