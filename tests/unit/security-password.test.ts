import { describe, expect, it } from "vitest";
import { isCommonPassword } from "../../lib/security/common-passwords";
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from "../../lib/security/password";

describe("password hashing", () => {
  it("uses argon2id with a salt, and verifies only the right password", async () => {
    const [a, b] = [await hashPassword("river lamp octave 88"), await hashPassword("river lamp octave 88")];
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toEqual(b);
    expect(await verifyPassword(a, "river lamp octave 88")).toBe(true);
    expect(await verifyPassword(a, "river lamp octave 89")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
  });

  it("has a dummy hash with the same parameters, for unknown accounts", async () => {
    expect(await dummyHash()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(await dummyHash(), "")).toBe(false);
  });
});

describe("password policy", () => {
  it("wants at least 12 characters", () => {
    expect(passwordProblem("short phrase")).toBeNull();
    expect(passwordProblem("eleven char")).toMatch(/at least 12/);
  });

  it.each([
    "password1234", "Password2024!", "P@ssw0rd1234", "qwertyuiop123", "123456789012", "aaaaaaaaaaaa",
    "abcabcabcabc", "iloveyou1234", "1q2w3e4r5t6y", "zyxwvutsrqpo", "Welcome12345!", "letmeinletmein", "Interpol2024!",
  ])("refuses the common password %s", (pw) => {
    expect(isCommonPassword(pw)).toBe(true);
    expect(passwordProblem(pw)).toMatch(/too common/);
  });

  it.each(["violet tractor harbour 42", "correct-staple-9-kettle", "Mq7#vL2!pX9z", "839201746583"])("accepts %s", (pw) => {
    expect(passwordProblem(pw)).toBeNull();
  });

  it("refuses a password built on the user's e-mail address", () => {
    expect(passwordProblem("maria.kovacs-2024", { email: "maria.kovacs@example.org" })).toMatch(/e-mail/);
  });
});
