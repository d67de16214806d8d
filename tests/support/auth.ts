// Act as a role in tests: a user and a valid session cookie header for calling loaders directly.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parseEnv } from "../../config/env";
import { createSession } from "../../db/queries/sessions";
import { createUser, type Role, type UserRow } from "../../db/queries/users";
import type { Database } from "../../db/client";
import { hashPassword } from "../../lib/security/password";
import type { Keyring } from "../../lib/security/secret-box";
import { randomToken } from "../../lib/security/tokens";
import { TEST_ORIGIN, testContext } from "./remix";

export const TEST_PASSWORD = "correct horse battery staple 7";
let cachedHash: Promise<string> | undefined;

/** Cookie name used when PUBLIC_URL is not https (as in testContext). */
export const SESSION_COOKIE = "a3_session";

export async function createUserWithSession(
  database: Database,
  role: Role,
  opts: { email?: string; name?: string; now?: Date } = {},
): Promise<{ user: UserRow; cookie: string }> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const user = await createUser(database.db, {
    email: opts.email ?? `${role}-${randomToken().slice(0, 8).toLowerCase()}@example.org`,
    name: opts.name ?? `Test ${role}`,
    role,
    passwordHash: await cachedHash,
  });
  return { user, cookie: await sessionCookieFor(database, user.id, opts.now) };
}

/** Another session for an existing user (a second browser). */
export async function sessionCookieFor(database: Database, userId: string, now = new Date()): Promise<string> {
  const { token } = await createSession(database.db, {
    userId,
    now,
    limits: { idleMinutes: 60, maxHours: 12 },
  });
  return `${SESSION_COOKIE}=${token}`;
}

// ---------------------------------------------------------------------------------------------
// Calling a route module's loader or action as a browser would, and reading the outcome
// whether the route returned or threw it.


export interface RouteCall {
  database: Database;
  path: string;
  cookie?: string;
  params?: Record<string, string>;
  /** Form fields for an action (POST). */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  now?: () => Date;
  ip?: string;
  env?: Record<string, string>;
  /** Another key ring for TOTP secrets than the test process's one (rotation tests). */
  totpKeys?: Keyring;
}

export interface Outcome {
  status: number;
  location: string | null;
  headers: Headers;
  data: unknown;
  /** Set-Cookie values (several possible). */
  cookies: string[];
}

function contextFor(c: RouteCall) {
  const base = testContext(c.database, { ip: c.ip ?? "127.0.0.1", now: c.now, ...(c.totpKeys ? { totpKeys: c.totpKeys } : {}) });
  if (c.env) {
    // Re-parse so overrides go through the same validation as in production.
    base.env = parseEnv({ NODE_ENV: "test", SCHEDULER: "off", ...c.env });
  }
  return base;
}

function request(c: RouteCall, method: "GET" | "POST"): Request {
  const headers = new Headers(c.headers);
  if (c.cookie) headers.set("cookie", c.cookie);
  if (method === "POST") {
    const body = new URLSearchParams(c.form ?? {});
    if (!headers.has("origin")) headers.set("origin", TEST_ORIGIN);
    headers.set("content-type", "application/x-www-form-urlencoded");
    return new Request(new URL(c.path, TEST_ORIGIN), { method, body, headers });
  }
  return new Request(new URL(c.path, TEST_ORIGIN), { headers });
}

function toOutcome(value: unknown): Outcome {
  if (value instanceof Response) {
    return {
      status: value.status,
      location: value.headers.get("location"),
      headers: value.headers,
      data: null,
      cookies: value.headers.getSetCookie(),
    };
  }
  if (value && typeof value === "object" && (value as { type?: unknown }).type === "DataWithResponseInit") {
    const v = value as { data: unknown; init: ResponseInit | null };
    const headers = new Headers(v.init?.headers);
    return { status: v.init?.status ?? 200, location: headers.get("location"), headers, data: v.data, cookies: headers.getSetCookie() };
  }
  return { status: 200, location: null, headers: new Headers(), data: value, cookies: [] };
}

type Fn = (args: never) => unknown;

export async function callLoader(loader: Fn, c: RouteCall): Promise<Outcome> {
  const args: LoaderFunctionArgs = { request: request(c, "GET"), params: c.params ?? {}, context: contextFor(c) };
  try {
    return toOutcome(await (loader as (a: LoaderFunctionArgs) => unknown)(args));
  } catch (e) {
    if (e instanceof Response) return toOutcome(e);
    throw e;
  }
}

export async function callAction(action: Fn, c: RouteCall): Promise<Outcome> {
  const args: ActionFunctionArgs = { request: request(c, "POST"), params: c.params ?? {}, context: contextFor(c) };
  try {
    return toOutcome(await (action as (a: ActionFunctionArgs) => unknown)(args));
  } catch (e) {
    if (e instanceof Response) return toOutcome(e);
    throw e;
  }
}

/** "a3_session=..." from an outcome's Set-Cookie, ready to send back as a Cookie header. */
export function sessionFrom(outcome: Outcome, name = SESSION_COOKIE): string | undefined {
  const c = outcome.cookies.find((s) => s.startsWith(`${name}=`) && !/Max-Age=0/.test(s));
  return c?.split(";")[0];
}
