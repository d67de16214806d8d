// Call loaders and actions directly, as Remix would, with the context server.ts provides.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parseEnv } from "../../config/env";
import type { Database } from "../../db/client";
import { keyring, newKeyBytes, toKey } from "../../lib/security/secret-box";

/** One key per test process, as a server would hold one (lib/security/totp-key.ts). */
export const testTotpKeys = keyring(toKey(newKeyBytes()));

export const TEST_ORIGIN = "http://localhost:3000";

export function testContext(database: Database, overrides: Partial<LoaderFunctionArgs["context"]> = {}) {
  return {
    database,
    env: parseEnv({ NODE_ENV: "test", SCHEDULER: "off" }),
    version: "0.1.0",
    cspNonce: "test-nonce",
    totpKeys: testTotpKeys,
    ip: "127.0.0.1",
    ...overrides,
  };
}

export function loaderArgs(
  database: Database,
  path: string,
  init: { headers?: Record<string, string>; params?: Record<string, string> } = {},
): LoaderFunctionArgs {
  return {
    request: new Request(new URL(path, TEST_ORIGIN), { headers: init.headers }),
    params: init.params ?? {},
    context: testContext(database),
  };
}

export function actionArgs(
  database: Database,
  path: string,
  form: Record<string, string | string[]>,
  init: { headers?: Record<string, string>; params?: Record<string, string> } = {},
): ActionFunctionArgs {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const item of [v].flat()) body.append(k, item);
  return {
    request: new Request(new URL(path, TEST_ORIGIN), {
      method: "POST",
      body,
      headers: { origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded", ...init.headers },
    }),
    params: init.params ?? {},
    context: testContext(database),
  };
}

/** A loader's return type without Remix's `data()` wrapper. */
export type Unwrapped<R> = R extends { type: string; data: infer D; init: unknown } ? D : R;

/**
 * A loader's answer as the browser would get it: plain data is a 200; `data(value, { status })`
 * (Remix single fetch) carries its status. Thrown responses are left to the caller.
 */
export function answered<R>(result: R): { status: number; data: Unwrapped<R> } {
  const r = result as { type?: unknown; data?: unknown; init?: ResponseInit | null };
  if (r && typeof r === "object" && r.type === "DataWithResponseInit") {
    return { status: r.init?.status ?? 200, data: r.data as Unwrapped<R> };
  }
  return { status: 200, data: result as Unwrapped<R> };
}
