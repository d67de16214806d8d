// The built server as an outside attacker meets it, with NODE_ENV left unset as a process manager
// might: no stack traces or paths, TRACE refused, bodies capped, broken bodies answered 400, and
// two-factor secrets sealed with a key kept in the data folder.
import { existsSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "./support";

let server: RunningServer;
beforeAll(async () => {
  // Blank counts as unset: the server must choose production itself.
  server = await startServer({ env: { NODE_ENV: "" } });
});
afterAll(() => server?.stop());

const NO_DETAILS = /node_modules|\/work\/|\/tmp\/|at [\w.<>]+ \(|URIError|Error:/;

function raw(method: string, pathname: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: server.port, method, path: pathname, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the built server against hostile requests", () => {
  it("says at start what an operator should fix, and keeps the two-factor key in the data folder", () => {
    expect(server.output()).toMatch(/PUBLIC_URL is not set/);
    const key = path.join(server.dataDir, "secrets", "totp.key");
    expect(existsSync(key)).toBe(true);
    expect(statSync(key).mode & 0o777).toBe(0o600);
  });

  it("answers /% and TRACE with plain pages that show nothing of the server", async () => {
    const bad = await raw("GET", "/%");
    expect(bad.status).toBe(400);
    expect(bad.body).not.toMatch(NO_DETAILS);
    const trace = await raw("TRACE", "/", { cookie: "a3_session=abc" });
    expect(trace.status).toBe(405);
    expect(trace.body).not.toContain("a3_session");
  });

  it("refuses a sign-in body over the form limit with 413, and a JSON one with a 400 page that says why", async () => {
    const origin = server.url;
    const big = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { origin, "content-type": "application/x-www-form-urlencoded" },
      body: `email=a%40example.org&password=${"x".repeat(1024 * 1024)}`,
    });
    expect(big.status).toBe(413);
    expect(await big.text()).toMatch(/at most 64 KB/);
    const json = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { origin, "content-type": "application/json" },
      body: JSON.stringify({ email: "a@example.org", password: "x" }),
    });
    expect(json.status).toBe(400);
    const page = await json.text();
    expect(page).toMatch(/accepts form submissions only/);
    expect(page).not.toMatch(NO_DETAILS);
    // The server is still fine afterwards.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
