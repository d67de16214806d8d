// Article 3's process entry: configuration, database, the web server and the scheduler.
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { loadEnvOrExit } from "./config/env";
import { openDatabaseOrExit } from "./db/client";
import { migrateDatabase } from "./db/migrate";
import { resealTotpSecrets } from "./db/queries/users";
import { loadTotpKeys } from "./lib/security/totp-key";

const dev = process.argv.includes("--dev");
// NODE_ENV decides how React, Express and Remix behave (development builds show details): set it
// from the validated configuration, production unless said otherwise, before any of them load.
if (dev && !process.env.NODE_ENV?.trim()) process.env.NODE_ENV = "development";
const env = loadEnvOrExit();
process.env.NODE_ENV = env.NODE_ENV;
const { createApp } = await import("./server/app");
const { startBackground } = await import("./server/background");
const { applyServerTimeouts } = await import("./server/body-limit");
const { startupWarnings } = await import("./server/warnings");
const version = (JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string })
  .version;

// A data folder held by another process, or an unreachable database: one line, exit 1.
const database = await openDatabaseOrExit({
  url: env.DATABASE_URL,
  dataDir: env.DATA_DIR,
  holder: "server",
  holderUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
});
await migrateDatabase(database);
// Warnings after the database opened: when it cannot be, that is the one line to read.
for (const warning of startupWarnings(env)) console.warn(`Warning: ${warning}`);

// Two-factor secrets are sealed at rest; any still in clear (or under an older key) are sealed now.
const totp = (() => {
  try {
    return loadTotpKeys(env, { create: true });
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
})();
if (totp.created) console.log(`Generated the key for two-factor secrets in ${totp.file} (back it up with the database).`);
const resealed = await resealTotpSecrets(database.db, totp.ring);
if (resealed.sealedClear + resealed.resealed > 0) {
  console.log(`Two-factor secrets: ${resealed.sealedClear} sealed, ${resealed.resealed} re-sealed with the current key.`);
}
if (resealed.unreadable > 0) {
  console.warn(
    `Warning: ${resealed.unreadable} two-factor secret(s) were sealed with a key this process does not have ` +
      `(${totp.source === "env" ? "TOTP_KEY / TOTP_KEY_PREVIOUS" : totp.file}). Those users cannot sign in until ` +
      "the right key is configured or an administrator resets their two-factor sign-in.",
  );
}

let build: ServerBuild | (() => Promise<ServerBuild>);
let vite: import("vite").ViteDevServer | undefined;
if (dev) {
  const { createServer } = await import("vite");
  vite = await createServer({ server: { middlewareMode: true } });
  const v = vite;
  build = () => v.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
} else {
  // @ts-ignore: the build exists at run time (`npm start` builds it first)
  build = (await import("./build/server/index.js")) as ServerBuild;
}

let shuttingDown = false;
const app = createApp({ env, database, version, totpKeys: totp.ring, build, vite, isShuttingDown: () => shuttingDown });
const background = await startBackground({ env, database, log: console });

const server: Server = app.listen(env.PORT, env.HOST, () => {
  const where = database.kind === "pglite" ? `embedded PGlite in ${env.DATA_DIR}` : "PostgreSQL";
  console.log(`Article 3 ${version} listening on http://localhost:${env.PORT} (${where})`);
});
applyServerTimeouts(server);
server.on("error", async (err: NodeJS.ErrnoException) => {
  console.error(
    err.code === "EADDRINUSE" ? `PORT ${env.PORT} is already in use; set PORT to a free port.` : err.message,
  );
  await database.close().catch(() => {});
  process.exit(1);
});

/**
 * Graceful shutdown: stop accepting, let requests in flight finish, stop background work,
 * close the database (PGlite must flush to its data folder), and exit within 10 s whatever happens.
 */
async function shutdown(signal: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log(`${signal} received: finishing requests in flight, then stopping.`);
  // A running job gets JOBS_STOP_GRACE_SECONDS to finish before it is told to stop.
  const limitMs = Math.max(10_000, env.JOBS_STOP_GRACE_SECONDS * 1000 + 8_000);
  setTimeout(() => {
    console.error(`Shutdown took longer than ${limitMs / 1000} s; exiting.`);
    process.exit(1);
  }, limitMs).unref();
  // Background jobs stop taking work at once, in parallel with the requests in flight.
  const jobsStopped = background.stop();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // Requests still running after 8 s are cut so the database can close in time.
  const cut = setTimeout(() => server.closeAllConnections(), 8_000);
  cut.unref();
  await closed;
  clearTimeout(cut);
  await jobsStopped;
  await vite?.close();
  await database.close();
  console.log("Stopped cleanly.");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
