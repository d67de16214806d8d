// Sign-in: equal work whether or not the account exists, throttled per account and per address.
import type { AppLoadContext } from "@remix-run/node";
import { blockedUntil, clearFailures, recordFailure, type ThrottleRule } from "../db/queries/throttle";
import { consumeTotpStep, findUserByEmail, getUser, normalizeEmail, updateUser, type UserRow } from "../db/queries/users";
import { dummyHash, verifyPassword } from "../lib/security/password";
import { verifyTotp } from "../lib/security/totp";
import { audit, nowOf } from "./auth.server";

/** Five wrong tries per account in 15 minutes, then a 15-minute wait. */
export const ACCOUNT_RULE: ThrottleRule = { limit: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 };
/** An address may try more accounts (an office behind one NAT), but not endlessly. */
export const IP_RULE: ThrottleRule = { limit: 30, windowMs: 15 * 60_000, blockMs: 15 * 60_000 };

export type SignInOutcome =
  | { kind: "ok"; user: UserRow }
  | { kind: "second-factor"; user: UserRow }
  | { kind: "failed" }
  | { kind: "throttled"; until: Date };

const accountKey = (email: string) => `account:${normalizeEmail(email)}`;
const ipKey = (ip: string) => `ip:${ip}`;

export async function attemptSignIn(context: AppLoadContext, email: string, password: string): Promise<SignInOutcome> {
  const db = context.database.db;
  const now = nowOf(context);
  const keys = [accountKey(email), ipKey(context.ip)];
  const blocked = await blockedUntil(db, keys, now);
  if (blocked) {
    await audit(context, { actorId: null, action: "auth.sign_in_throttled", details: { email: normalizeEmail(email) } });
    return { kind: "throttled", until: blocked };
  }
  const user = await findUserByEmail(db, email);
  // Unknown e-mail: verify against a dummy hash anyway, so the answer takes as long.
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !passwordOk || !user.active) {
    return fail(context, keys, user, email, !user ? "unknown account" : !passwordOk ? "wrong password" : "deactivated");
  }
  await clearFailures(db, accountKey(email));
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
  const keys = [accountKey(user.email), ipKey(context.ip)];
  const blocked = await blockedUntil(db, keys, now);
  if (blocked) return { kind: "throttled", until: blocked };
  const step = verifyTotp(user.totpSecret, code, user.totpLastStep, now);
  if (step === null || !(await consumeTotpStep(db, user.id, step))) {
    return fail(context, keys, user, user.email, "wrong or reused two-factor code");
  }
  await clearFailures(db, accountKey(user.email));
  await completeSignIn(context, user, true);
  return { kind: "ok", user };
}

async function completeSignIn(context: AppLoadContext, user: UserRow, twoFactor: boolean) {
  await updateUser(context.database.db, user.id, { lastSignInAt: nowOf(context) });
  await audit(context, { actorId: user.id, action: "auth.sign_in", targetType: "user", targetId: user.id, details: { twoFactor } });
}

async function fail(
  context: AppLoadContext,
  keys: string[],
  user: UserRow | null,
  email: string,
  reason: string,
): Promise<SignInOutcome> {
  const db = context.database.db;
  const now = nowOf(context);
  const [accountBlock, ipBlock] = [
    await recordFailure(db, keys[0]!, ACCOUNT_RULE, now),
    await recordFailure(db, keys[1]!, IP_RULE, now),
  ];
  // The reason is for administrators reading the log; the person signing in sees one message.
  await audit(context, {
    actorId: null,
    action: "auth.sign_in_failed",
    targetType: user ? "user" : undefined,
    targetId: user?.id,
    details: { email: normalizeEmail(email), reason },
  });
  const until = accountBlock && ipBlock ? (accountBlock > ipBlock ? accountBlock : ipBlock) : accountBlock ?? ipBlock;
  return until ? { kind: "throttled", until } : { kind: "failed" };
}

/** "Try again in 15 minutes (after 14:05 UTC)." */
export function throttleMessage(until: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  const hhmm = until.toISOString().slice(11, 16);
  return `Too many failed sign-in attempts. For your protection, wait and try again in ${minutes} minute${minutes === 1 ? "" : "s"} (after ${hhmm} UTC).`;
}
