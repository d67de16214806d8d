// Sign-in: equal work whether or not the account exists, and brute force kept slow without
// handing an attacker a way to lock a real user out (docs/decisions/003).
//
// Every failure is counted under three keys: the account from this address ("pair"), the
// account from anywhere, and the address for any account. Each key imposes a delay that grows
// with its failures (see db/queries/throttle.ts), never a lock, and which keys apply depends on
// the address:
// - the pair always applies: one address guessing one account gets slower and slower;
// - the account-wide count applies only to addresses with failures of their own, and not to an
//   address this user signed in from lately: a botnet's failures cannot stop the real user, who
//   signs in from a clean or familiar address with the right password;
// - the address-wide count (password spraying) does not apply to an address this user signed in
//   from lately, so behind one proxy address (TRUST_PROXY off) others' failures stop no one who
//   has signed in from there before.
// Two-factor codes count under their own key per account, which a correct password never resets.
import type { AppLoadContext } from "@remix-run/node";
import { signedInFrom } from "../db/queries/sessions";
import { clearFailures, recordFailure, throttleState, type ThrottleRule } from "../db/queries/throttle";
import { consumeTotpStep, findUserByEmail, getUser, normalizeEmail, totpPurpose, updateUser, type UserRow } from "../db/queries/users";
import { dummyHash, verifyPassword } from "../lib/security/password";
import { verifyTotp } from "../lib/security/totp";
import { audit, nowOf } from "./auth.server";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** One address guessing one account: 4 free tries, then 30 s, 1, 2, 4, 8, 15 minutes between tries. */
export const PAIR_RULE: ThrottleRule = { free: 4, baseMs: 30_000, maxMs: 15 * MINUTE, memoryMs: DAY };
/** One account guessed from many addresses: 10 free, then 1 minute doubling to 15 (unfamiliar, failing addresses only). */
export const ACCOUNT_RULE: ThrottleRule = { free: 10, baseMs: MINUTE, maxMs: 15 * MINUTE, memoryMs: DAY };
/** One address trying many accounts (an office behind one NAT may fail often): 30 free, then 1 minute doubling to 15. */
export const ADDRESS_RULE: ThrottleRule = { free: 30, baseMs: MINUTE, maxMs: 15 * MINUTE, memoryMs: DAY };
/** Two-factor codes per account, whatever the address: 4 free, then 30 s doubling to 15 minutes. */
export const CODE_RULE: ThrottleRule = { free: 4, baseMs: 30_000, maxMs: 15 * MINUTE, memoryMs: DAY };
/** Confirming one's password on profile pages (a stolen session guessing it). */
export const REAUTH_RULE: ThrottleRule = { free: 4, baseMs: 30_000, maxMs: 15 * MINUTE, memoryMs: DAY };
/** An address counts as familiar for an account this long after a full sign-in from it. */
export const FAMILIAR_FOR_MS = 30 * DAY;

export type SignInOutcome =
  | { kind: "ok"; user: UserRow }
  | { kind: "second-factor"; user: UserRow }
  | { kind: "failed" }
  | { kind: "throttled"; until: Date };

export const throttleKeys = {
  pair: (email: string, ip: string) => `pair:${normalizeEmail(email)}|${ip}`,
  account: (email: string) => `account:${normalizeEmail(email)}`,
  address: (ip: string) => `ip:${ip}`,
  code: (userId: string) => `code:${userId}`,
  reauth: (userId: string) => `reauth:${userId}`,
};

const latest = (dates: (Date | null)[]) =>
  dates.reduce<Date | null>((a, b) => (b && (!a || b > a) ? b : a), null);

export async function attemptSignIn(context: AppLoadContext, email: string, password: string): Promise<SignInOutcome> {
  const db = context.database.db;
  const now = nowOf(context);
  const ip = context.ip;
  const keys = {
    pair: { key: throttleKeys.pair(email, ip), rule: PAIR_RULE },
    account: { key: throttleKeys.account(email), rule: ACCOUNT_RULE },
    address: { key: throttleKeys.address(ip), rule: ADDRESS_RULE },
  };
  const user = await findUserByEmail(db, email);
  const familiar = user ? await signedInFrom(db, user.id, ip, new Date(now.getTime() - FAMILIAR_FOR_MS)) : false;
  const state = await throttleState(db, keys, now);
  const clean = state.address!.failures === 0;
  const applies = (s: { pair: Date | null; account: Date | null; address: Date | null }) =>
    latest([s.pair, familiar || clean ? null : s.account, familiar ? null : s.address]);

  const wait = applies({ pair: state.pair!.waitUntil, account: state.account!.waitUntil, address: state.address!.waitUntil });
  if (wait) {
    // Not even looked at: no password is checked while a wait runs.
    await audit(context, { actorId: null, action: "auth.sign_in_throttled", targetType: user ? "user" : undefined, targetId: user?.id, details: { email: normalizeEmail(email) } });
    return { kind: "throttled", until: wait };
  }
  // Unknown e-mail: verify against a dummy hash anyway, so the answer takes as long.
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !passwordOk || !user.active) {
    const reason = !user ? "unknown account" : !passwordOk ? "wrong password" : "deactivated";
    const after = {
      pair: await recordFailure(db, keys.pair.key, PAIR_RULE, now),
      account: await recordFailure(db, keys.account.key, ACCOUNT_RULE, now),
      address: await recordFailure(db, keys.address.key, ADDRESS_RULE, now),
    };
    // The reason is for administrators reading the log; the person signing in sees one message.
    await audit(context, {
      actorId: null,
      action: "auth.sign_in_failed",
      targetType: user ? "user" : undefined,
      targetId: user?.id,
      details: { email: normalizeEmail(email), reason },
    });
    // This failure makes the address unclean from now on, so the account-wide wait applies next time.
    const until = latest([after.pair, familiar ? null : after.account, familiar ? null : after.address]);
    return until ? { kind: "throttled", until } : { kind: "failed" };
  }
  // Success forgives this address's failures on this account, not the account's elsewhere.
  await clearFailures(db, keys.pair.key);
  if (user.totpSecret) return { kind: "second-factor", user };
  await completeSignIn(context, user, false);
  return { kind: "ok", user };
}

/** The second step: a TOTP code for the user whose password was right a moment ago. */
export async function attemptSecondFactor(context: AppLoadContext, userId: string, code: string): Promise<SignInOutcome> {
  const db = context.database.db;
  const now = nowOf(context);
  const user = await getUser(db, userId);
  if (!user || !user.active || !user.totpSecret) return { kind: "failed" };
  const key = { key: throttleKeys.code(user.id), rule: CODE_RULE };
  const { code: state } = await throttleState(db, { code: key }, now);
  if (state!.waitUntil) return { kind: "throttled", until: state!.waitUntil };
  const secret = context.totpKeys.open(user.totpSecret, totpPurpose(user.id));
  const step = secret === null ? null : verifyTotp(secret, code, user.totpLastStep, now);
  if (step === null || !(await consumeTotpStep(db, user.id, step))) {
    const until = await recordFailure(db, key.key, CODE_RULE, now);
    await audit(context, {
      actorId: null,
      action: "auth.sign_in_failed",
      targetType: "user",
      targetId: user.id,
      details: { email: user.email, reason: secret === null ? "two-factor secret unreadable (key missing)" : "wrong or reused two-factor code" },
    });
    return until ? { kind: "throttled", until } : { kind: "failed" };
  }
  await clearFailures(db, key.key);
  await completeSignIn(context, user, true);
  return { kind: "ok", user };
}

async function completeSignIn(context: AppLoadContext, user: UserRow, twoFactor: boolean) {
  await updateUser(context.database.db, user.id, { lastSignInAt: nowOf(context) });
  await audit(context, { actorId: user.id, action: "auth.sign_in", targetType: "user", targetId: user.id, details: { twoFactor } });
}

export type ConfirmOutcome = { kind: "ok" } | { kind: "wrong" } | { kind: "throttled"; until: Date };

/**
 * A signed-in user confirms their password before a sensitive change (new password, two-factor
 * on or off). Failures count per user, so a stolen session cannot guess the password quickly.
 */
export async function confirmPassword(context: AppLoadContext, user: UserRow, password: string, action: string): Promise<ConfirmOutcome> {
  const db = context.database.db;
  const now = nowOf(context);
  const key = { key: throttleKeys.reauth(user.id), rule: REAUTH_RULE };
  const { reauth } = await throttleState(db, { reauth: key }, now);
  if (reauth!.waitUntil) return { kind: "throttled", until: reauth!.waitUntil };
  if (await verifyPassword(user.passwordHash, password)) {
    await clearFailures(db, key.key);
    return { kind: "ok" };
  }
  const until = await recordFailure(db, key.key, REAUTH_RULE, now);
  await audit(context, { actorId: user.id, action, targetType: "user", targetId: user.id });
  return until ? { kind: "throttled", until } : { kind: "wrong" };
}

/** "…wait and try again in 2 minutes (after 14:05 UTC)." Seconds when the wait is short. */
export function throttleMessage(until: Date, now: Date, what: "sign-in" | "code" | "password" = "sign-in"): string {
  const ms = Math.max(0, until.getTime() - now.getTime());
  const subject = {
    "sign-in": "Too many failed sign-in attempts.",
    code: "Too many wrong two-factor codes.",
    password: "Too many wrong passwords.",
  }[what];
  if (ms < 120_000) {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    return `${subject} For your protection, wait and try again in ${seconds} second${seconds === 1 ? "" : "s"} (after ${until.toISOString().slice(11, 19)} UTC).`;
  }
  const minutes = Math.ceil(ms / 60_000);
  return `${subject} For your protection, wait and try again in ${minutes} minutes (after ${until.toISOString().slice(11, 16)} UTC).`;
}
