import { describe, expect, it } from "vitest";
import { newTotpSecret, totpCode, totpUri, verifyTotp } from "../../lib/security/totp";

describe("TOTP", () => {
  const secret = newTotpSecret();
  const t = new Date("2026-11-28T12:00:10Z");
  const step = Math.floor(t.getTime() / 30_000);

  it("makes 160-bit base32 secrets and an otpauth URI", () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(totpUri(secret, "a@example.org")).toMatch(/^otpauth:\/\/totp\/Article%203:a%40example\.org\?issuer=Article%203&secret=/);
  });

  it("accepts the current code and one step of drift either way, and returns its step", () => {
    expect(verifyTotp(secret, totpCode(secret, t), null, t)).toBe(step);
    expect(verifyTotp(secret, totpCode(secret, new Date(t.getTime() - 30_000)), null, t)).toBe(step - 1);
    expect(verifyTotp(secret, totpCode(secret, new Date(t.getTime() + 30_000)), null, t)).toBe(step + 1);
    expect(verifyTotp(secret, totpCode(secret, new Date(t.getTime() - 90_000)), null, t)).toBeNull();
  });

  it("refuses a code whose step was already used, or any older one", () => {
    const code = totpCode(secret, t);
    expect(verifyTotp(secret, code, step, t)).toBeNull();
    expect(verifyTotp(secret, code, step - 1, t)).toBe(step);
    expect(verifyTotp(secret, totpCode(secret, new Date(t.getTime() - 30_000)), step - 1, t)).toBeNull();
  });

  it("refuses malformed input", () => {
    for (const c of ["", "12345", "1234567", "abcdef"]) expect(verifyTotp(secret, c, null, t)).toBeNull();
    expect(verifyTotp(secret, ` ${totpCode(secret, t).slice(0, 3)} ${totpCode(secret, t).slice(3)} `, null, t)).toBe(step);
  });
});
