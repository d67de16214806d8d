// `npm run -s cli -- pull --json` as an operator runs it: a real process, its exit code and its
// last line of output, against the fake Interpol over HTTP.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateNotices } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol } from "../fake-interpol/server";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";

let fake: FakeInterpol;
let database: TestDatabase | undefined;
let dataDir: string;

beforeAll(async () => {
  fake = await startFakeInterpol({ notices: generateNotices({ count: 250, seed: 3 }) });
  dataDir = mkdtempSync(path.join(os.tmpdir(), "a3-cli-"));
  // On PostgreSQL the CLI uses a fresh database of its own; on PGlite a fresh data folder.
  if (testDbKind() === "postgres") database = await createTestDatabase();
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "jobs/cli.ts", ...args], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "production",
        DATA_DIR: dataDir,
        ...(database?.url ? { DATABASE_URL: database.url } : {}),
        INTERPOL_API_BASE: fake.url,
        INTERPOL_COUNTRIES_URL: `${fake.url}/en/notices/data/countries`,
        INTERPOL_RPS: "100",
        INTERPOL_CONCURRENCY: "8",
        INTERPOL_RETRIES: "2",
        INTERPOL_BACKOFF_MS: "5",
        INTERPOL_TIMEOUT_MS: "2000",
        ...env,
      },
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

// Each test spawns a CLI process (tsx compile + a pull): generous on a loaded 2-core machine.
describe.sequential(`cli pull (${testDbKind()})`, { timeout: 180_000 }, () => {
  it("prints one JSON summary as its last line and exits 0 on success", async () => {
    // Only INTERPOL_API_BASE set: the country list is asked of the same base, never of interpol.int.
    fake.resetRequests();
    const r = await cli(["pull", "--json"], { INTERPOL_COUNTRIES_URL: "" });
    expect(fake.requests.filter((q) => q.path === "/en/notices/data/countries")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/Country list unavailable/);
    expect(r.stderr).toMatch(/Run 1: succeeded/);
    expect(r.code).toBe(0);
    const s = lastJson(r.stdout);
    // The documented keys, and the added ones.
    expect(Object.keys(s).sort()).toEqual(
      [
        ...["runId", "status", "seen", "added", "changed", "removed", "reappeared", "requests", "coverage", "errors"],
        ...["missed", "hidden", "unconfirmed", "reportedTotal", "requestsLowerBound", "requestsRatio", "notModified", "imageRequests", "message"],
      ].sort(),
    );
    // The cost of the pull against the fewest requests it could make.
    expect(s.requestsLowerBound).toBe(250 + Math.ceil(250 / 160));
    expect(s.requestsRatio).toBeCloseTo(s.requests / s.requestsLowerBound, 2);
    expect(r.stderr).toMatch(/coverage 100\.0%/);
    expect(s).toMatchObject({ runId: 1, status: "succeeded", seen: 250, added: 250, changed: 0, removed: 0, reappeared: 0, coverage: 1, errors: 0 });
    expect(s.requests).toBeGreaterThan(250);
  });

  it("exits 3 for a partial run", async () => {
    const fault = fake.addFault({ kind: "503", match: { path: /\/red$/, query: { nationality: "RU" } } });
    const r = await cli(["pull", "--json"]);
    fault.remove();
    expect(r.code).toBe(3);
    expect(lastJson(r.stdout)).toMatchObject({ status: "partial", removed: 0 });
    expect(lastJson(r.stdout).errors).toBeGreaterThan(0);
  });

  it("exits 1 when the service cannot be reached at all", async () => {
    const r = await cli(["pull", "--json"], { INTERPOL_API_BASE: "http://127.0.0.1:9", INTERPOL_COUNTRIES_URL: "http://127.0.0.1:9/c" });
    expect(r.code).toBe(1);
    expect(lastJson(r.stdout)).toMatchObject({ status: "failed", seen: 0 });
    expect(r.stderr).toMatch(/did not answer/);
  });

  // PGlite's data folder belongs to one process, so two processes can only share PostgreSQL.
  it.runIf(testDbKind() === "postgres")("two processes started together never pull at once", async () => {
    const before = fake.requests.length;
    const [a, b] = await Promise.all([cli(["pull", "--json"]), cli(["pull", "--json"])]);
    const statuses = [lastJson(a.stdout).status, lastJson(b.stdout).status].sort();
    expect(statuses).toEqual(["skipped", "succeeded"]);
    expect([a.code, b.code].sort()).toEqual([0, 1]);
    // Only one sweep's worth of requests reached the service.
    const made = fake.requests.length - before;
    const winner = [a, b].map((x) => lastJson(x.stdout)).find((x) => x.status === "succeeded");
    expect(made).toBe(winner.requests + winner.imageRequests);
  });

  it("rejects a bad setting with one line naming it", async () => {
    const r = await cli(["pull"], { INTERPOL_RPS: "fast" });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^Invalid configuration: INTERPOL_RPS/);
  });
});
