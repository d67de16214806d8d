// `npm start` calls this first: build the app when there is no build or the sources changed
// since the last one, so a fresh clone needs only `npm install && npm start`.
import { createHash } from "node:crypto";
import { execSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadEnvOrExit } from "../config/env";

// Configuration first: a bad value should stop `npm start` in a second, not after a build.
loadEnvOrExit();

const roots = ["app", "db", "config", "public", "vite.config.ts", "package-lock.json"];
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

const hash = sourceHash();
const current = existsSync("build/server/index.js") && existsSync(stampFile) && readFileSync(stampFile, "utf8") === hash;
if (!current) {
  console.log("Building Article 3 (first start, or the sources changed)…");
  execSync("npx remix vite:build", { stdio: ["ignore", "inherit", "inherit"] });
  writeFileSync(stampFile, hash);
}
