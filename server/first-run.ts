import type { Env } from "../config/env";
import type { Database } from "../db/client";
import { createSetupToken, SETUP_TTL_HOURS } from "../db/queries/invites";
import { countUsers } from "../db/queries/users";

/**
 * With no user yet, print a one-time link for creating the first administrator. The token is
 * random, only its hash is stored, it expires, and it works once; each start prints a new one, and
 * all stop working once the first user exists. Whoever reads the server's output can use it, as intended.
 */
export async function announceFirstRun(opts: {
  env: Env;
  database: Database;
  log: Pick<Console, "log">;
  now?: Date;
}): Promise<string | null> {
  if ((await countUsers(opts.database.db)) > 0) return null;
  const { token } = await createSetupToken(opts.database.db, opts.now ?? new Date());
  const base = (opts.env.PUBLIC_URL ?? `http://localhost:${opts.env.PORT}`).replace(/\/$/, "");
  const url = `${base}/setup/${token}`;
  opts.log.log(
    [
      "",
      "No users yet. Create the first administrator with this one-time link",
      `(valid for ${SETUP_TTL_HOURS} hours, works once):`,
      "",
      `  First-run setup: ${url}`,
      "",
    ].join("\n"),
  );
  return url;
}
