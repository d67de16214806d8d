import { hash, verify } from "@node-rs/argon2";

export { passwordProblem, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH } from "./password-policy";

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 20-40 ms on a server core.
// algorithm 2 is Argon2id (a const enum in the typings, which isolatedModules cannot read).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a password nobody knows, with the same parameters as real ones. Sign-in verifies
 * against it when the e-mail is unknown, so both paths do the same work.
 */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hash(`no-such-user-${Math.random()}`, OPTIONS);
  return dummy;
}

