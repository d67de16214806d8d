// Build the app when there is no build or the sources changed since the last one, so a fresh
// clone needs only `npm install && npm start`. `npm start` (scripts/start.ts) calls this in its own
// process; the demo and the end-to-end setup run this file directly.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const roots = ["app", "db", "lib", "config", "public", "vite.config.ts", "package-lock.json"];
const stampFile = "build/.source-hash";

function walk(p: string, out: string[]) {
  if (!existsSync(p)) return;
  if (statSync(p).isDirectory()) {
    for (const name of readdirSync(p).sort()) if (name !== "migrations") walk(path.join(p, name), out);
  } else out.push(p);
}

export function sourceHash(): string {
  const files: string[] = [];
  for (const r of roots) walk(r, files);
  const h = createHash("sha256");
  for (const f of files) h.update(f).update("\0").update(readFileSync(f));
  return h.digest("hex");
}

/**
 * Builds if needed. A SIGTERM or SIGINT during the build stops the build too (a process manager
 * stopping `npm start` must not leave a build running), and this process exits.
 */
export async function ensureBuild(): Promise<void> {
  const hash = sourceHash();
  if (existsSync("build/server/index.js") && existsSync(stampFile) && readFileSync(stampFile, "utf8") === hash) return;
  console.log("Building Article 3 (first start, or the sources changed)…");
  const bin = path.resolve("node_modules/@remix-run/dev/dist/cli.js");
  const child = spawn(process.execPath, [bin, "vite:build"], { stdio: ["ignore", "inherit", "inherit"] });
  let stopped: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals) => {
    stopped = signal;
    child.kill(signal);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  process.off("SIGTERM", stop);
  process.off("SIGINT", stop);
  if (stopped) process.exit(stopped === "SIGINT" ? 130 : 143);
  if (code !== 0) {
    console.error(`The build failed (exit ${code}); see the messages above.`);
    process.exit(1);
  }
  writeFileSync(stampFile, hash);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  // Configuration first: a bad value should stop in a second, not after a build.
  const { loadEnvOrExit } = await import("../config/env");
  loadEnvOrExit();
  await ensureBuild();
}
