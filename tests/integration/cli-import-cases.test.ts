// `npm run -s cli -- import cases FILE.csv [--dry-run] [--json]` as an operator runs it: a real
// process, its exit code, and its last line of output.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";

let database: TestDatabase | undefined;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "a3-cli-cases-"));
  if (testDbKind() === "postgres") database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function cli(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "jobs/cli.ts", ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", DATA_DIR: path.join(dataDir, "data"), ...(database?.url ? { DATABASE_URL: database.url } : {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1)!);

describe.sequential(`cli import cases (${testDbKind()})`, () => {
  it("refuses a file with one bad row (exit 2), naming the row and column, and writes nothing", async () => {
    const bad = path.join(dataDir, "bad.csv");
    writeFileSync(bad, readFileSync("db/seed/public-cases.csv", "utf8").replace("coerced_testimony;", "politcal_opposition;"));
    const r = await cli(["import", "cases", bad, "--json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('row 1, column motives: "politcal_opposition" is not a motive');
    const out = lastJson(r.stdout);
    expect(out).toMatchObject({ created: 0, updated: 0 });
    expect(out.errors[0]).toMatchObject({ row: 1, column: "motives" });
  });

  it("dry run, import, re-import: 15 created, then 15 updated", async () => {
    const dry = await cli(["import", "cases", "db/seed/public-cases.csv", "--dry-run", "--json"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(lastJson(dry.stdout)).toMatchObject({ created: 15, updated: 0, errors: [] });
    const first = await cli(["import", "cases", "db/seed/public-cases.csv", "--json"]);
    expect(first.code, first.stderr).toBe(0);
    expect(lastJson(first.stdout)).toMatchObject({ created: 15, updated: 0, errors: [] });
    const again = await cli(["import", "cases", "db/seed/public-cases.csv", "--json"]);
    expect(lastJson(again.stdout)).toMatchObject({ created: 0, updated: 15, errors: [] });
  });

  it("exits 1 when it cannot run (no such file)", async () => {
    const r = await cli(["import", "cases", path.join(dataDir, "missing.csv"), "--json"]);
    expect(r.code).toBe(1);
    expect(lastJson(r.stdout).errors).toHaveLength(1);
  });
});
