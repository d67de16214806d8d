// The Express app as it runs (server/app.ts), over real HTTP, in front of a minimal Remix build:
// no stack traces or paths for anyone, TRACE refused, request bodies capped while they stream,
// broken form bodies answered 400, the X-Forwarded-For warning said once.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readForm } from "../../app/forms";
import { parseEnv } from "../../config/env";
import type { Database } from "../../db/client";
import { keyring, newKeyBytes, toKey } from "../../lib/security/secret-box";
import { createApp } from "../../server/app";
import { applyServerTimeouts, SERVER_TIMEOUTS } from "../../server/body-limit";
import { startupWarnings } from "../../server/warnings";
import { stubBuild } from "../support/stub-build";

const SECRET_PATH = "/home/article3/secret-place/app.ts";

function build() {
  return stubBuild({
    echo: {
      loader: () => new Response("ok"),
      action: async ({ request }) => {
        const form = await readForm(request);
        return Response.json({ fields: [...form.keys()], bytes: String(form.get("text") ?? "").length });
      },
    },
    "cases/import": {
      action: async ({ request }) => {
        const form = await readForm(request);
        const file = form.get("file");
        return Response.json({ bytes: file instanceof Blob ? file.size : 0 });
      },
    },
    boom: {
      loader: () => {
        throw new Error(`failed reading ${SECRET_PATH}`);
      },
    },
  });
}

interface Running {
  url: string;
  logs: string[];
  close(): Promise<void>;
}

async function start(envOverrides: Record<string, string> = {}): Promise<Running> {
  const logs: string[] = [];
  const log = { warn: (...a: unknown[]) => logs.push(a.join(" ")), error: (...a: unknown[]) => logs.push(a.join(" ")) };
  const env = parseEnv({ NODE_ENV: "production", SCHEDULER: "off", FORM_MAX_BYTES: "65536", UPLOAD_MAX_BYTES: "300000", ...envOverrides });
  const app = createApp({
    env,
    database: {} as Database,
    version: "test",
    totpKeys: keyring(toKey(newKeyBytes())),
    build: build(),
    log,
  });
  const server = app.listen(0, "127.0.0.1");
  applyServerTimeouts(server);
  await new Promise((r) => server.once("listening", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    logs,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A raw request (fetch refuses TRACE and normalises paths). */
function raw(url: string, method: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const u = new URL(url);
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const NO_DETAILS = /node_modules|\/work\/|\/home\/|at [\w.<>]+ \(|URIError|Error:|stack/i;

let app: Running;
beforeAll(async () => {
  app = await start();
});
afterAll(() => app?.close());

describe("error pages say nothing about the server", () => {
  it("answers /% with a plain 400 page, no stack trace or path, and logs it without the query", async () => {
    const res = await raw(app.url, "GET", "/%?token=do-not-log-me");
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(res.body).toMatch(/Bad request/);
    expect(res.body).not.toMatch(NO_DETAILS);
    expect(app.logs.join("\n")).not.toContain("do-not-log-me");
  });

  it("refuses TRACE with 405 before anything else runs (TRACK never gets past Node's parser)", async () => {
    const res = await raw(app.url, "TRACE", "/echo", { origin: app.url, cookie: "a3_session=x" });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("GET, HEAD, POST");
    expect(res.body).not.toContain("a3_session");
    expect(res.body).not.toMatch(NO_DETAILS);
    const track = await raw(app.url, "TRACK", "/echo", { cookie: "a3_session=x" }).catch(() => ({ status: 400, body: "" }));
    expect(track.status).toBeGreaterThanOrEqual(400);
    expect(track.body).not.toContain("a3_session");
  });

  it("answers an error thrown by a route with a 500 that shows nothing of it", async () => {
    const res = await fetch(`${app.url}/boom`);
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toContain(SECRET_PATH);
    expect(body).not.toMatch(NO_DETAILS);
  });
});

describe("request bodies", () => {
  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, { method: "POST", body, headers: { origin: app.url, ...headers }, duplex: "half" } as RequestInit);

  it("lets a form of normal size through to the route", async () => {
    const res = await post("/echo", new URLSearchParams({ text: "x".repeat(10_000) }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ fields: ["text"], bytes: 10_000 });
  });

  it("answers 413 with a plain page to a form body over FORM_MAX_BYTES, declared or not", async () => {
    const big = new URLSearchParams({ text: "x".repeat(200_000) }).toString();
    const declared = await post("/echo", big, { "content-type": "application/x-www-form-urlencoded" });
    expect(declared.status).toBe(413);
    expect(await declared.text()).toMatch(/at most 64 KB/);
    // Streamed without Content-Length (chunked): counted as it arrives.
    const chunks = [...Array(40)].map(() => new TextEncoder().encode("x".repeat(16_384)));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const streamed = await post("/echo", stream, { "content-type": "application/x-www-form-urlencoded" });
    expect(streamed.status).toBe(413);
    // A Content-Length that lies low changes nothing: the bytes are counted.
    const lying = await new Promise<number>((resolve, reject) => {
      const u = new URL(app.url);
      const req = http.request(
        { host: u.hostname, port: u.port, method: "POST", path: "/echo", headers: { origin: app.url, "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" } },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on("error", reject);
      for (let i = 0; i < 10; i++) req.write("x".repeat(16_384));
      req.end();
    });
    expect(lying).toBe(413);
  });

  it("allows uploads up to UPLOAD_MAX_BYTES on import paths only", async () => {
    const file = (n: number) => {
      const form = new FormData();
      form.set("file", new Blob(["a".repeat(n)], { type: "text/csv" }), "cases.csv");
      return form;
    };
    const ok = await post("/cases/import", file(200_000));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ bytes: 200_000 });
    const tooBig = await post("/cases/import", file(400_000));
    expect(tooBig.status).toBe(413);
    expect(await tooBig.text()).toMatch(/UPLOAD_MAX_BYTES/);
    // The same file to an ordinary form is over the form limit.
    expect((await post("/echo", file(200_000))).status).toBe(413);
  });

  it("answers 400 with a page saying what was wrong to a JSON or broken multipart body", async () => {
    const json = await post("/echo", JSON.stringify({ email: "a@b.org" }), { "content-type": "application/json" });
    expect(json.status).toBe(400);
    expect((await json.json()) as unknown).toEqual({ message: expect.stringMatching(/form submissions only/) });
    const broken = await post("/echo", "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated", {
      "content-type": "multipart/form-data; boundary=xyz",
    });
    expect(broken.status).toBe(400);
    expect(JSON.stringify(await broken.json())).toMatch(/could not be read/);
    // A string body goes out as text/plain: not a form either.
    const text = await post("/echo", "email=a");
    expect(text.status).toBe(400);
  });
});

describe("server settings", () => {
  it("bounds how long a request and its headers may take", () => {
    const server = http.createServer();
    applyServerTimeouts(server);
    expect(server.requestTimeout).toBe(SERVER_TIMEOUTS.requestTimeout);
    expect(server.headersTimeout).toBe(SERVER_TIMEOUTS.headersTimeout);
    expect(server.keepAliveTimeout).toBeLessThan(server.headersTimeout);
    expect(server.requestTimeout).toBeGreaterThan(0);
  });

  it("warns once when requests carry X-Forwarded-For but TRUST_PROXY is off", async () => {
    const local = await start();
    try {
      await fetch(`${local.url}/echo`, { headers: { "x-forwarded-for": "198.51.100.7" } });
      await fetch(`${local.url}/echo`, { headers: { "x-forwarded-for": "198.51.100.8" } });
      const warnings = local.logs.filter((l) => /X-Forwarded-For/.test(l));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/TRUST_PROXY=on/);
    } finally {
      await local.close();
    }
    const proxied = await start({ TRUST_PROXY: "on" });
    try {
      await fetch(`${proxied.url}/echo`, { headers: { "x-forwarded-for": "198.51.100.7" } });
      expect(proxied.logs.filter((l) => /X-Forwarded-For/.test(l))).toHaveLength(0);
    } finally {
      await proxied.close();
    }
  });

  it("warns at start when PUBLIC_URL is unset in production", () => {
    expect(startupWarnings(parseEnv({ NODE_ENV: "production" })).join("\n")).toMatch(/PUBLIC_URL is not set/);
    expect(startupWarnings(parseEnv({ NODE_ENV: "production", PUBLIC_URL: "https://a3.example.org" }))).toEqual([]);
  });
});
