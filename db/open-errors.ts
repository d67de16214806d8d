// Why a database would not open, in one line an operator can act on: no stack trace, and never
// the password of DATABASE_URL. Process entries (server, worker, CLI, db:migrate) print the line
// and exit 1.

/** Something that stops a database from opening, said in one line. */
export class DatabaseOpenError extends Error {
  override name = "DatabaseOpenError";
}

/** host:port of a postgres:// URL, for messages (never the user's password). */
export function databaseAddress(url: string): { where: string; database: string; user: string } {
  try {
    const u = new URL(url);
    const socketHost = u.searchParams.get("host");
    const host = socketHost ?? (u.hostname || "localhost");
    return {
      where: `${host}${socketHost?.startsWith("/") ? "" : `:${u.port || "5432"}`}`,
      database: decodeURIComponent(u.pathname.replace(/^\//, "")) || decodeURIComponent(u.username) || "postgres",
      user: decodeURIComponent(u.username) || "postgres",
    };
  } catch {
    return { where: "the configured address", database: "?", user: "?" };
  }
}

const NETWORK: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "timed out",
  CONNECT_TIMEOUT: "timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ECONNRESET: "connection reset",
  ENOENT: "no socket there",
};

/** The one-line reason a PostgreSQL connection failed. */
export function postgresOpenError(url: string, error: unknown): DatabaseOpenError {
  const { where, database, user } = databaseAddress(url);
  const e = error as { code?: string; message?: string; errors?: { code?: string }[] };
  // Node reports "localhost" failing on both ::1 and 127.0.0.1 as one AggregateError.
  const code = e.code ?? e.errors?.[0]?.code ?? "";
  let line: string;
  if (NETWORK[code]) line = `Cannot reach the database at ${where} (${NETWORK[code]}). Is PostgreSQL running there, and is DATABASE_URL right?`;
  else if (code === "3D000") line = `The database "${database}" does not exist. Create it on ${where}, or correct DATABASE_URL.`;
  else if (code === "28P01" || code === "28000")
    line = `The database at ${where} refused user "${user}" (${String(e.message ?? "").split("\n")[0]}). Correct DATABASE_URL.`;
  else if (code === "57P03") line = `The database at ${where} is starting up or shutting down; try again in a moment.`;
  else {
    let message = String(e.message ?? error).split("\n")[0]!;
    try {
      const password = decodeURIComponent(new URL(url).password);
      if (password) message = message.split(password).join("***");
    } catch {}
    line = `Cannot connect to the database at ${where}: ${message}`;
  }
  return new DatabaseOpenError(line, { cause: error });
}
