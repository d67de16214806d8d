import type { LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { migrationStatus } from "../../db/migrate";

/** Liveness and readiness for operators and load balancers. Public, and says nothing sensitive. */
export async function loader({ context }: LoaderFunctionArgs) {
  const { database, version } = context;
  let reachable = false;
  let migrations = { current: false, applied: 0, expected: 0 };
  try {
    await database.rows(sql`select 1`);
    reachable = true;
    const status = await migrationStatus(database);
    migrations = { current: status.current, applied: status.applied, expected: status.expected };
  } catch {
    // Reported as unhealthy below; the cause goes to the server log, not to the client.
    console.error("[healthz] database check failed");
  }
  const ok = reachable && migrations.current;
  return new Response(
    JSON.stringify({
      status: ok ? "ok" : "unavailable",
      database: { kind: database.kind, reachable },
      migrations,
      version,
    }),
    {
      status: ok ? 200 : 503,
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
    },
  );
}
