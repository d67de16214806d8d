// Which Chromium the end-to-end tests drive, so that `npm test` works on a fresh machine:
//   1. CHROMIUM_PATH, when set (a wrong path is reported, never silently replaced);
//   2. a system Chromium or Chrome (Debian's /usr/bin/chromium, then the usual names on PATH);
//   3. the Chromium that the @sparticuz/chromium devDependency ships inside itself (Linux x64),
//      decompressed once into a folder of its own under the temp directory.
// When none can be had, the reason is one line and only the tests that need a browser fail.
import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

export type ChromiumChoice = { path: string; source: string } | { path: null; problem: string };

export const SYSTEM_CANDIDATES = ["/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/** What to do when there is none, said once. */
export const NO_CHROMIUM_HINT =
  "set CHROMIUM_PATH, install Chromium (apt-get install -y chromium), or run `npm install` so that @sparticuz/chromium (Linux x64) is there";

function isExecutable(file: string) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A candidate by absolute path, or looked up on PATH. */
export function findExecutable(name: string, envPath = process.env.PATH ?? ""): string | null {
  if (name.includes("/")) return isExecutable(name) ? name : null;
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    if (isExecutable(file)) return file;
  }
  return null;
}

/**
 * The Chromium inside @sparticuz/chromium, decompressed into `<tmp>/article3-chromium-<version>`.
 * The package decompresses into `os.tmpdir()`; pointing that at a private folder first keeps
 * other versions (and other users of the package) out, and the rename makes a concurrent first
 * use by two test runs safe: one wins, the other uses the winner's copy.
 */
export async function bundledChromium(): Promise<{ path: string; version: string } | { problem: string }> {
  if (process.platform !== "linux" || process.arch !== "x64") {
    return { problem: `@sparticuz/chromium ships Chromium for Linux x64 only (this is ${process.platform} ${process.arch})` };
  }
  let root: string;
  try {
    const entry = createRequire(path.join(process.cwd(), "package.json")).resolve("@sparticuz/chromium");
    root = path.resolve(path.dirname(entry), "..", "..");
  } catch {
    return { problem: "@sparticuz/chromium is not installed" };
  }
  const version = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
  const final = path.join(os.tmpdir(), `article3-chromium-${version}`);
  const binary = path.join(final, "chromium");
  if (isExecutable(binary)) return { path: binary, version };

  const partial = `${final}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const savedTmp = process.env.TMPDIR;
  try {
    process.env.TMPDIR = partial;
    const { default: sparticuz } = (await import("@sparticuz/chromium")) as typeof import("@sparticuz/chromium");
    await sparticuz.executablePath(path.join(root, "bin"));
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    return { problem: `@sparticuz/chromium could not decompress its Chromium: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  }
  try {
    renameSync(partial, final);
  } catch {
    // Another run got there first.
    rmSync(partial, { recursive: true, force: true });
  }
  return isExecutable(binary) ? { path: binary, version } : { problem: `no Chromium at ${binary} after decompressing` };
}

/** `chromium --version` answers: the binary and the libraries it needs are there. */
function probe(file: string): string | null {
  try {
    execFileSync(file, ["--headless", "--no-sandbox", "--version"], { stdio: ["ignore", "pipe", "pipe"], timeout: 30_000 });
    return null;
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    const first = String(err.stderr ?? "").trim().split("\n")[0] || err.message.split("\n")[0];
    return `${file} does not start: ${first}`;
  }
}

export interface ResolveOptions {
  env?: Record<string, string | undefined>;
  candidates?: string[];
  bundled?: typeof bundledChromium;
  probe?: (file: string) => string | null;
}

/**
 * Resolves the browser in the documented order. `CHROMIUM_SYSTEM=off` and `CHROMIUM_BUNDLED=off`
 * skip a step, to see what a machine without that browser does.
 */
export async function resolveChromium(opts: ResolveOptions = {}): Promise<ChromiumChoice> {
  const env = opts.env ?? process.env;
  const check = opts.probe ?? probe;
  if (env.CHROMIUM_PATH) {
    const file = env.CHROMIUM_PATH;
    if (!existsSync(file)) return { path: null, problem: `no Chromium: CHROMIUM_PATH=${file} does not exist` };
    const broken = check(file);
    return broken ? { path: null, problem: `no Chromium: ${broken} (CHROMIUM_PATH)` } : { path: file, source: "CHROMIUM_PATH" };
  }
  const problems: string[] = [];
  const candidates = opts.candidates ?? SYSTEM_CANDIDATES;
  for (const name of env.CHROMIUM_SYSTEM === "off" ? [] : candidates) {
    const file = findExecutable(name, env.PATH ?? "");
    if (!file) continue;
    const broken = check(file);
    if (!broken) return { path: file, source: "system" };
    problems.push(broken);
  }
  if (env.CHROMIUM_SYSTEM === "off") problems.push("CHROMIUM_SYSTEM=off");
  else if (!problems.length) problems.push(`none of ${candidates.join(", ")} found`);
  if (env.CHROMIUM_BUNDLED === "off") {
    problems.push("CHROMIUM_BUNDLED=off");
  } else {
    const bundled = await (opts.bundled ?? bundledChromium)();
    if ("path" in bundled) {
      const broken = check(bundled.path);
      if (!broken) return { path: bundled.path, source: `@sparticuz/chromium ${bundled.version}` };
      problems.push(broken);
    } else problems.push(bundled.problem);
  }
  return { path: null, problem: `no Chromium (${problems.join("; ")}): ${NO_CHROMIUM_HINT}` };
}
