// Cross-origin state changes are refused before any route runs.
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSameOriginRequest, noStore, originCheck } from "../../server/origin-check";
import { hashToken, looksLikeToken, randomToken } from "../../lib/security/tokens";

describe("isSameOriginRequest", () => {
  const ours = ["https://a3.example.org"];
  it.each([
    ["GET", {}, true],
    ["POST", { origin: "https://a3.example.org" }, true],
    ["POST", { origin: "https://a3.example.org", secFetchSite: "same-origin" }, true],
    ["POST", { secFetchSite: "same-origin" }, true],
    ["POST", { origin: "https://evil.example" }, false],
    ["POST", { origin: "https://a3.example.org", secFetchSite: "cross-site" }, false],
    ["POST", { origin: "https://sub.a3.example.org", secFetchSite: "same-site" }, false],
    ["POST", { origin: "null" }, false],
    ["DELETE", { origin: "http://a3.example.org" }, false],
    ["POST", {}, false],
    // Exact origins only: no prefix, suffix or userinfo tricks; ports and case normalised.
    ["POST", { origin: "https://a3.example.org.evil.com" }, false],
    ["POST", { origin: "https://a3.example.org@evil.com" }, false],
    ["POST", { origin: "https://a3.example.org/path" }, false],
    ["POST", { origin: "https://a3.example.org:8443" }, false],
    ["POST", { origin: "https://a3.example.org:443" }, true],
    ["POST", { origin: "HTTPS://A3.EXAMPLE.ORG" }, true],
    ["POST", { secFetchSite: "same-site" }, false],
    ["POST", { origin: "https://a3.example.org", secFetchSite: "same-site" }, false],
    ["POST", { origin: "https://a3.example.org", secFetchSite: "none" }, false],
  ] as const)("%s with %j → %s", (method, headers, ok) => {
    expect(isSameOriginRequest(method, headers, ours)).toBe(ok);
  });
});

/** An app behind the origin check that answers "changed" to whatever passes. */
function serveBehindCheck(publicUrl?: string) {
  const state = { url: "", close: () => {} };
  beforeAll(async () => {
    const app = express();
    app.use(originCheck({ publicUrl }), noStore);
    app.all("*", (_req, res) => void res.send("changed"));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    state.close = () => server.close();
  });
  afterAll(() => state.close());
  return state;
}

describe("originCheck middleware", () => {
  const served = serveBehindCheck();

  it("refuses a cross-origin POST with 403 and lets a same-origin one through", async () => {
    const { url } = served;
    const cross = await fetch(`${url}/logout`, { method: "POST", headers: { origin: "https://evil.example" } });
    expect(cross.status).toBe(403);
    expect(await cross.text()).toMatch(/Cross-origin request refused/);
    const same = await fetch(`${url}/logout`, { method: "POST", headers: { origin: url } });
    expect(same.status).toBe(200);
    expect(same.headers.get("cache-control")).toBe("no-store");
  });
});

describe("originCheck with PUBLIC_URL", () => {
  const served = serveBehindCheck("https://a3.example.org");

  it("does not trust the Host header: only PUBLIC_URL's origin may change state", async () => {
    const { url } = served;
    const post = (origin: string, host?: string) =>
      new Promise<number>((resolve, reject) => {
        const u = new URL(url);
        const req = http.request({ host: u.hostname, port: u.port, method: "POST", path: "/logout", headers: { origin, ...(host ? { host } : {}) } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on("error", reject);
        req.end();
      });
    expect(await post("http://evil.example", "evil.example")).toBe(403);
    expect(await post("https://a3.example.org.evil.com", "a3.example.org.evil.com")).toBe(403);
    expect(await post("https://a3.example.org")).toBe(200);
  });
});

describe("tokens", () => {
  it("are 256-bit, URL-safe, and stored as SHA-256", () => {
    const t = randomToken();
    expect(Buffer.from(t, "base64url")).toHaveLength(32);
    expect(looksLikeToken(t)).toBe(true);
    expect(looksLikeToken(`${t}x`)).toBe(false);
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(randomToken()).not.toEqual(t);
  });
});
