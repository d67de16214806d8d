import type { Env } from "../config/env";
import type { Database } from "../db/client";
import type { Keyring } from "../lib/security/secret-box";

/** What server.ts hands every loader and action. */
export interface AppContext {
  database: Database;
  env: Env;
  cspNonce: string;
  /** Client address as seen by Express (honours TRUST_PROXY). */
  ip: string;
  version: string;
  /** Seals and opens TOTP secrets (lib/security/totp-key.ts): the database never holds them in clear. */
  totpKeys: Keyring;
  /** Tests replace the clock to jump past session limits; absent in production. */
  now?: () => Date;
}

declare module "@remix-run/node" {
  interface AppLoadContext extends AppContext {}
}
