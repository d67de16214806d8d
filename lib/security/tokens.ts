import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

/** A random 256-bit secret, URL-safe: session ids, setup and invite links. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps instead of the token: a leaked table cannot be replayed. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Tokens we hand out are exactly 43 base64url characters; anything else is not ours. */
export function looksLikeToken(value: string | null | undefined): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}

export function newId(): string {
  return randomUUID();
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
