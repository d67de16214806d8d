// The processes an operator starts (worker, CLI, db:migrate) against a database they cannot
// have: an embedded data folder another process holds, a stale lock left by a killed process,
// an unreachable server, a database that does not exist. Real processes, exit codes, output.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { DataDirInUseError, openDatabase } from "../../db/client";
import { LOCK_FILE } from "../../db/data-dir-lock";
import { testDbKind } from "../support/db";
import { runScript } from "../support/run";
import { withDatabase } from "../support/pg-template";

const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "a3-lock-"));
  dirs.push(d);
  return d;
};
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const baseEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", PULL_CRON: "0 0 1 1 *" });

const run = (script: string, args: string[], env: Record<string, string>, stdin?: string) =>
  runScript(script, args, { env: { PULL_CRON: "0 0 1 1 *", ...env }, stdin });

/** A worker holding `dataDir`, once it says it is running. */
async function startWorker(dataDir: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], {
    env: { ...baseEnv(), DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const until = Date.now() + 120_000;
  while (!/Article 3 worker:/.test(out)) {
    if (child.exitCode !== null) throw new Error(`worker exited early:\n${out}`);
    if (Date.now() > until) throw new Error(`worker never started:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, exited, output: () => out };
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1)!);
const USER = ["user:create", "--email", "lock@example.org", "--name", "Lock Test", "--role", "admin", "--password-stdin"];
const PASSWORD = "granite meadow falcon 61\n";

// The lock is the embedded database's; on PostgreSQL, processes share the server by design.
// Several Node processes each: generous harness limits for a loaded machine (no timing is asserted).
describe.runIf(testDbKind() === "pglite")("one process per embedded data folder", { timeout: 240_000 }, () => {
  it("a second process on a held folder gets one line naming the holder and exits 1; the store is untouched", async () => {
    const dataDir = freshDir();
    const worker = await startWorker(dataDir);
    const pid = worker.child.pid!;
    const inUse = `The data folder ${dataDir} is in use by another Article 3 process (worker, pid ${pid}). Stop it first.`;

    // Four would-be openers at once: the CLI's pull and user:create, db:migrate, a second worker.
    const [pull, create, migrate, second] = await Promise.all([
      run("jobs/cli.ts", ["pull", "--json"], { DATA_DIR: dataDir, INTERPOL_API_BASE: "http://127.0.0.1:9" }),
      run("jobs/cli.ts", USER, { DATA_DIR: dataDir }, PASSWORD),
      run("db/migrate-cli.ts", [], { DATA_DIR: dataDir }),
      run("jobs/worker.ts", [], { DATA_DIR: dataDir }),
    ]);
    expect(lastJson(pull.stdout)).toMatchObject({ runId: null, status: "failed", seen: 0, message: inUse });
    for (const r of [pull, create, migrate, second]) {
      expect(r.stderr.trim().split("\n")).toEqual([inUse]);
      expect(r.code).toBe(1);
    }

    // Stopped cleanly, the worker gives the folder back; nothing was written beside it.
    worker.child.kill("SIGTERM");
    await worker.exited;
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    const db = await openDatabase({ dataDir });
    try {
      const [row] = await db.rows<{ n: number }>(
        (await import("drizzle-orm")).sql`select (select count(*) from users)::int + (select count(*) from crawl_runs)::int as n`,
      );
      expect(row!.n).toBe(0);
    } finally {
      await db.close();
    }
  });

  it("a lock left by a process killed with SIGKILL does not block the next start", async () => {
    const dataDir = freshDir();
    const worker = await startWorker(dataDir);
    worker.child.kill("SIGKILL");
    await worker.exited;
    const lock = JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), "utf8"));
    expect(lock.pid).toBe(worker.child.pid);

    const create = await run("jobs/cli.ts", USER, { DATA_DIR: dataDir }, PASSWORD);
    expect(create.stderr).toBe("");
    expect(create.code).toBe(0);
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it("in one process too, a second open of the folder is refused until the first closes", async () => {
    const dataDir = freshDir();
    const first = await openDatabase({ dataDir, holder: "test" });
    await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirInUseError);
    await first.close();
    const again = await openDatabase({ dataDir });
    await again.close();
  });

  it("an unreadable lock from a crash during its writing is taken over once it is old", async () => {
    const dataDir = freshDir();
    const file = path.join(dataDir, LOCK_FILE);
    writeFileSync(file, "");
    const old = new Date(Date.now() - 60_000);
    (await import("node:fs")).utimesSync(file, old, old);
    const db = await openDatabase({ dataDir });
    expect(JSON.parse(readFileSync(file, "utf8")).pid).toBe(process.pid);
    await db.close();
  });

  it("memory:// takes no lock: any number of in-memory databases open at once", async () => {
    const cwdLock = path.resolve("memory:", LOCK_FILE);
    const a = await openDatabase({ dataDir: "memory://" });
    const b = await openDatabase({ dataDir: "memory://" });
    expect(existsSync(cwdLock)).toBe(false);
    await a.close();
    await b.close();
  });
});

// These never reach a database, so one project runs them (the PostgreSQL one adds a missing database).
describe("a database that cannot be reached", { timeout: 120_000 }, () => {
  const unreachable = "postgres://article3:s3cret-pw@127.0.0.1:1/article3";
  const refused = "Cannot reach the database at 127.0.0.1:1 (connection refused). Is PostgreSQL running there, and is DATABASE_URL right?";

  it.runIf(testDbKind() === "pglite")("cli pull --json: one line on stderr, the JSON summary with status failed as the last line, exit 1", async () => {
    const r = await run("jobs/cli.ts", ["pull", "--json"], { DATABASE_URL: unreachable });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([refused]);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(lastJson(r.stdout)).toMatchObject({ runId: null, status: "failed", seen: 0, message: refused });
    expect(r.stdout + r.stderr).not.toContain("s3cret-pw");
  });

  it.runIf(testDbKind() === "pglite").each([
    ["cli pull", "jobs/cli.ts", ["pull"]],
    ["cli user:create", "jobs/cli.ts", USER],
    ["db:migrate", "db/migrate-cli.ts", []],
    ["worker", "jobs/worker.ts", []],
    ["server", "server.ts", []],
  ] as const)("%s: one line, no stack, exit 1", async (_label, script, args) => {
    const r = await run(script, [...args], { DATABASE_URL: unreachable, PORT: "3999", SCHEDULER: "off" }, args === USER ? PASSWORD : undefined);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([refused]);
    expect(r.stdout + r.stderr).not.toContain("s3cret-pw");
  });

  it.runIf(testDbKind() === "postgres")("a database that does not exist is named, in one line", async () => {
    const { adminUrl } = inject("pgTemplate");
    const missing = withDatabase(adminUrl, "no_such_db_for_article3");
    for (const [script, args] of [
      ["jobs/cli.ts", ["pull", "--json"]],
      ["db/migrate-cli.ts", []],
    ] as const) {
      const r = await run(script, [...args], { DATABASE_URL: missing });
      expect(r.code).toBe(1);
      const line = r.stderr.trim().split("\n");
      expect(line).toHaveLength(1);
      expect(line[0]).toMatch(/^The database "no_such_db_for_article3" does not exist\. /);
      if (args.length) expect(lastJson(r.stdout)).toMatchObject({ status: "failed", message: line[0] });
    }
  });
});
