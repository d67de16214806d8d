// The process as operators run it: fail fast on bad configuration or an unreachable database,
// finish requests in flight on SIGTERM and exit cleanly (also when a process manager signals npm
// alone), hold the embedded database's folder against a second process, and keep the data across
// restarts.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runToEnd } from "../support/run";
import { descendantsOf, freePort, isAlive, portOpen, startServer, waitUntil } from "./support";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "a3-e2e-server-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const ADMIN = { name: "Sam Signal", email: "sam@example.org", password: "orchard pebble violin 27" };

function form(url: string, fields: Record<string, string>) {
  return fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { origin: new URL(url).origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
}

const npmRun = (args: string[], env: Record<string, string>) => runToEnd("npm", args, { env });

describe("the server process", () => {
  it("`PORT=abc npm start` fails with one line naming PORT, before building or opening the database", async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn("npm", ["start"], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", PORT: "abc", DATA_DIR: dataDir },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.on("exit", (code) => resolve({ code, stderr }));
    });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT/);
    expect(lines[0]).toMatch(/whole number/);
  });

  it("`npm start` with an unreachable database says so in one line and exits 1", async () => {
    const port = await freePort();
    const r = await npmRun(["start"], { PORT: String(port), DATABASE_URL: "postgres://article3:s3cret-pw@127.0.0.1:1/article3" });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual(["Cannot reach the database at 127.0.0.1:1 (connection refused). Is PostgreSQL running there, and is DATABASE_URL right?"]);
    expect(r.stdout + r.stderr).not.toContain("s3cret-pw");
    expect(await portOpen(port)).toBe(false);
  });

  it("`npm start` under a process manager: SIGTERM to npm alone stops the server and every process under npm", async () => {
    const port = await freePort();
    const dir = mkdtempSync(path.join(os.tmpdir(), "a3-e2e-npm-start-"));
    let out = "";
    const npm: ChildProcess = spawn("npm", ["start"], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dir, SCHEDULER: "off" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    npm.stdout!.on("data", (d) => (out += d));
    npm.stderr!.on("data", (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => npm.on("exit", (code) => resolve(code)));
    let tree: number[] = [];
    try {
      await waitUntil(() => /listening on/.test(out), `npm start to print "listening on"; output:\n${out}`, 120_000);
      tree = descendantsOf(npm.pid!);
      expect(tree.length).toBeGreaterThan(0);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

      process.kill(npm.pid!, "SIGTERM"); // npm only, as systemd's KillMode=process or a plain `kill` does
      await waitUntil(async () => !(await portOpen(port)), "the server's port to close");
      await waitUntil(() => tree.every((pid) => !isAlive(pid)), `processes under npm to exit: ${tree.filter(isAlive).join(", ")}`);
      await exited;
      expect(out).toMatch(/SIGTERM received/);
      expect(out).toMatch(/Stopped cleanly/);
    } finally {
      for (const pid of [npm.pid!, ...tree]) if (isAlive(pid)) process.kill(pid, "SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("holds its data folder: a CLI pull beside it exits 1 with one line saying how to ask the server to pull", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "a3-e2e-held-"));
    const server = await startServer({ dataDir: dir });
    try {
      const r = await npmRun(["run", "-s", "cli", "--", "pull", "--json"], { DATA_DIR: dir });
      expect(r.code).toBe(1);
      const line = `The data folder ${dir} is in use by another Article 3 process (server, pid ${server.child.pid}). ` +
        `Stop it first, or ask it to pull: an administrator's "Pull now" on http://localhost:${server.port}/runs queues a pull that the server runs.`;
      expect(r.stderr.trim().split("\n")).toEqual([line]);
      expect(JSON.parse(r.stdout.trim().split("\n").at(-1)!)).toMatchObject({ status: "failed", runId: null, message: line });
      // user:create points at the running server's Users page instead.
      const create = await runToEnd("npm", ["run", "-s", "cli", "--", "user:create", "--email", "x@example.org", "--name", "X", "--role", "viewer", "--password-stdin"], {
        env: { DATA_DIR: dir },
        stdin: "quartz lantern meadow 77\n",
      });
      expect(create.code).toBe(1);
      expect(create.stderr.trim().split("\n")).toEqual([
        `The data folder ${dir} is in use by another Article 3 process (server, pid ${server.child.pid}). ` +
          `Stop it first, or invite the user from Admin › Users in the running server (http://localhost:${server.port}/admin/users).`,
      ]);
      // The server was not disturbed.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("SIGTERM during a request lets it finish, refuses new ones, and exits 0; a restart keeps the data", async () => {
    const server = await startServer({ dataDir });
    const [, link] = server.output().match(/First-run setup: (\S+)/) ?? [];
    expect(link).toBeDefined();
    const setup = await form(`${server.url}${new URL(link!).pathname}`, {
      name: ADMIN.name,
      email: ADMIN.email,
      password: ADMIN.password,
      confirm: ADMIN.password,
    });
    expect(setup.status).toBe(302);

    // A sign-in whose body arrives slowly: the request is in flight when SIGTERM lands.
    const body = new URLSearchParams({ intent: "password", email: ADMIN.email, password: ADMIN.password, redirectTo: "/" }).toString();
    const response = new Promise<{ status: number; location?: string }>((resolve, reject) => {
      const req = http.request(
        `${server.url}/login`,
        {
          method: "POST",
          headers: {
            origin: server.url,
            "content-type": "application/x-www-form-urlencoded",
            "content-length": Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode!, location: res.headers.location }));
        },
      );
      req.on("error", reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        server.child.kill("SIGTERM");
        setTimeout(() => req.end(body.slice(10)), 700);
      }, 300);
    });
    await server.waitForOutput(/SIGTERM received/);
    // While shutting down, new connections are refused.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    const finished = await response;
    expect(finished.status).toBe(302);
    expect(finished.location).toBe("/");
    const code = await server.exited;
    expect(code).toBe(0);
    expect(server.output()).toMatch(/Stopped cleanly/);

    // Same data folder: the administrator is still there and no setup link is offered.
    const again = await startServer({ dataDir });
    try {
      expect(again.output()).not.toMatch(/First-run setup/);
      const signIn = await form(`${again.url}/login`, { intent: "password", email: ADMIN.email, password: ADMIN.password, redirectTo: "/" });
      expect(signIn.status).toBe(302);
      expect(signIn.headers.get("set-cookie")).toMatch(/a3_session=/);
    } finally {
      expect(await again.stop()).toBe(0);
    }
  });
});
