import { Secret, TOTP } from "otpauth";

const PERIOD = 30;

function totp(secret: string, label = "Article 3") {
  return new TOTP({ issuer: "Article 3", label, algorithm: "SHA1", digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app imports. */
export function totpUri(secret: string, email: string): string {
  return totp(secret, email).toString();
}

/** The current code; tests and the e2e use it to act as an authenticator app. */
export function totpCode(secret: string, now: Date = new Date()): string {
  return totp(secret).generate({ timestamp: now.getTime() });
}

/**
 * Checks a code against the step before, at and after `now` (clock drift) and returns its
 * step, or null. A code is accepted only for a step later than `lastStep`, so each is usable once.
 */
export function verifyTotp(secret: string, code: string, lastStep: number | null, now: Date = new Date()): number | null {
  const clean = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(clean)) return null;
  const delta = totp(secret).validate({ token: clean, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 1000 / PERIOD) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}
