// The process as operators run it: fail fast on bad configuration, finish requests in flight on
// SIGTERM and exit cleanly, and keep the embedded database across restarts.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServer } from "./support";

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

describe("the server process", () => {
  it("`PORT=abc npm start` fails fast with one line naming PORT", async () => {
    const started = Date.now();
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
    expect(Date.now() - started).toBeLessThan(20_000); // no build, no database first
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
