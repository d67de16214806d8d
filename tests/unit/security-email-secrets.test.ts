// Pure pieces of the hardening: e-mail canonical form, sealed secrets, throttle messages, and
// configuration errors that never echo a key.
import { describe, expect, it } from "vitest";
import { throttleMessage } from "../../app/sign-in.server";
import { EnvError, parseEnv } from "../../config/env";
import { asciiDomainVariant, canonicalEmail } from "../../lib/email";
import { keyring, newKeyBytes, open, parseKey, seal, sealedKeyId, toKey } from "../../lib/security/secret-box";

describe("canonicalEmail", () => {
  it.each([
    ["анна@пример.рф", "анна@пример.рф"],
    ["АННА@ПРИМЕР.РФ", "анна@пример.рф"],
    ["анна@xn--e1afmkfd.xn--p1ai", "анна@пример.рф"],
    [" Bob@Example.ORG ", "bob@example.org"],
    ["mu\u0308ller@bu\u0308cher.de", "müller@bücher.de"], // decomposed umlauts: NFC
    ["user+tag@sub.example.co.uk", "user+tag@sub.example.co.uk"],
  ])("%s → %s", (input, out) => expect(canonicalEmail(input)).toBe(out));

  it.each(["", "анна", "a@b", "a@localhost", "a@1.2.3.4", "a b@c.org", "a\u202E@c.org", "a\u200B@c.org", '"q"@c.org', "a@c..org", "a..b@c.org", "a@-c.org", "a@c.org."])(
    "refuses %j",
    (input) => expect(canonicalEmail(input)).toBeNull(),
  );

  it("gives the punycode spelling for rows stored before", () => {
    expect(asciiDomainVariant("анна@пример.рф")).toBe("анна@xn--e1afmkfd.xn--p1ai");
  });
});

describe("sealed secrets", () => {
  const key = toKey(newKeyBytes());
  it("open only with the key and the purpose they were sealed for, and detect tampering", () => {
    const sealed = seal("JBSWY3DPEHPK3PXP", "totp:u1", key);
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(sealedKeyId(sealed)).toBe(key.id);
    expect(open(sealed, "totp:u1", [key])).toBe("JBSWY3DPEHPK3PXP");
    expect(open(sealed, "totp:u2", [key])).toBeNull();
    expect(open(sealed, "totp:u1", [toKey(newKeyBytes())])).toBeNull();
    const parts = sealed.split(":");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    expect(open([...parts.slice(0, 3), body.toString("base64url")].join(":"), "totp:u1", [key])).toBeNull();
    expect(seal("x", "p", key)).not.toBe(seal("x", "p", key)); // fresh nonce each time
  });

  it("a ring seals with its current key and opens with any", () => {
    const old = toKey(newKeyBytes());
    const ring = keyring(key, [old]);
    expect(ring.open(seal("s", "p", old), "p")).toBe("s");
    expect(sealedKeyId(ring.seal("s", "p"))).toBe(key.id);
  });

  it("parses keys from base64 of exactly 32 bytes", () => {
    const b64 = newKeyBytes().toString("base64");
    expect(parseKey(b64)?.bytes.length).toBe(32);
    expect(parseKey(Buffer.from(b64, "base64").toString("base64url"))).not.toBeNull();
    expect(parseKey("abc")).toBeNull();
    expect(parseKey(Buffer.alloc(16).toString("base64"))).toBeNull();
  });
});

describe("configuration with keys", () => {
  it("refuses a bad TOTP_KEY without printing it", () => {
    const secret = "not-a-key-but-secret-looking-text";
    let error: unknown;
    try {
      parseEnv({ TOTP_KEY: secret });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as Error).message).toMatch(/TOTP_KEY expected 32 bytes in base64/);
    expect((error as Error).message).not.toContain(secret);
  });
});

describe("throttleMessage", () => {
  const now = new Date("2026-11-28T14:00:00Z");
  it("says when to try again, in seconds for short waits and minutes for long ones", () => {
    expect(throttleMessage(new Date(now.getTime() + 30_000), now)).toBe(
      "Too many failed sign-in attempts. For your protection, wait and try again in 30 seconds (after 14:00:30 UTC).",
    );
    expect(throttleMessage(new Date(now.getTime() + 15 * 60_000), now, "code")).toBe(
      "Too many wrong two-factor codes. For your protection, wait and try again in 15 minutes (after 14:15 UTC).",
    );
  });
});
