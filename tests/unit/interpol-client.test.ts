// The client against a tiny local HTTP server: this needs byte-level and timing control (exact
// bodies, in-flight counts, hanging answers) that is simplest to script per test.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import net from "node:net";
import {
  createInterpolClient,
  parseRetryAfter,
  type InterpolClient,
  type InterpolClientOptions,
} from "../../jobs/interpol/client";
import { BROWSER_HEADERS } from "../../jobs/interpol/http";
import { RateLimiter } from "../../jobs/interpol/pacing";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface Stub {
  url: string;
  seen: Array<{ url: string; headers: http.IncomingHttpHeaders; at: number }>;
  maxInFlight: number;
  close(): Promise<void>;
}

const stubs: Stub[] = [];
const clients: InterpolClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(stubs.splice(0).map((s) => s.close()));
});

async function stub(handler: Handler): Promise<Stub> {
  let inFlight = 0;
  const s: Stub = { url: "", seen: [], maxInFlight: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    s.seen.push({ url: req.url ?? "", headers: req.headers, at: Date.now() });
    inFlight++;
    s.maxInFlight = Math.max(s.maxInFlight, inFlight);
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    res.on("finish", finish);
    res.on("close", finish);
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  s.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  s.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  stubs.push(s);
  return s;
}

/** Answers scripted in order; the last one repeats. */
function script(steps: Array<Handler>): Handler {
  let i = 0;
  return (req, res) => steps[Math.min(i++, steps.length - 1)](req, res);
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
};
const reset: Handler = (req) => req.socket.destroy();
const hang: Handler = () => {};

const PAGE = {
  total: 1,
  query: { page: 1, resultPerPage: 20 },
  _embedded: {
    notices: [
      {
        forename: "ÖZGÜR",
        name: "ÖZERDEM",
        date_of_birth: "1979/01/17",
        entity_id: "2021/75051",
        nationalities: ["TR"],
        _links: { self: { href: "https://ws-public.interpol.int/notices/v1/red/2021-75051" } },
      },
    ],
  },
  _links: { self: { href: "https://ws-public.interpol.int/notices/v1/red?&resultPerPage=20&page=1" } },
};

const DETAIL = {
  arrest_warrants: [{ issuing_country_id: "TR", charge: "Line 1\r\nLine 2", charge_translation: null }],
  weight: 0,
  forename: "-",
  date_of_birth: "1979",
  entity_id: "2021/75051",
  languages_spoken_ids: null,
  nationalities: [],
  height: 0,
  sex_id: "M",
  country_of_birth_id: null,
  name: "ÖZERDEM",
  distinguishing_marks: null,
  eyes_colors_id: null,
  hairs_id: null,
  place_of_birth: null,
  _embedded: { links: [] },
  _links: { self: { href: "https://ws-public.interpol.int/notices/v1/red/2021-75051" } },
};

function client(s: Stub, over: Partial<InterpolClientOptions> = {}) {
  const delays: number[] = [];
  const c = createInterpolClient({
    baseUrl: s.url,
    rps: Infinity,
    concurrency: 4,
    timeoutMs: 2000,
    retries: 5,
    backoffBaseMs: 100,
    backoffMaxMs: 1000,
    random: () => 1, // deterministic top of the jitter range
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...over,
  });
  clients.push(c);
  return { c, delays };
}

describe("interpol client: evidence", () => {
  it("keeps the exact body bytes, asks for identity encoding, and records the exchange", async () => {
    // Deliberate byte-level detail: non-ASCII, odd spacing, no trailing newline.
    const bytes = Buffer.from(JSON.stringify(PAGE, null, 1).replace("\n", "\r\n"), "utf8");
    const s = await stub((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "X-Trace": "abc" });
      res.end(bytes);
    });
    const { c } = client(s);
    const r = await c.list("red", { nationality: "TR", resultPerPage: 160 });
    expect(r.kind).toBe("ok");
    if (r.kind !== "ok") return;
    expect(Buffer.compare(r.raw.body, bytes)).toBe(0);
    expect(r.raw.status).toBe(200);
    expect(r.raw.headers["x-trace"]).toBe("abc");
    expect(r.raw.rawHeaders).toContainEqual(["X-Trace", "abc"]); // case as received
    expect(r.raw.request.url).toBe(`${s.url}/notices/v1/red?nationality=TR&resultPerPage=160`);
    expect(r.raw.request.method).toBe("GET");
    expect(r.raw.request.headers["accept-encoding"]).toBe("identity");
    expect(r.raw.startedAt.getTime()).toBeLessThanOrEqual(r.raw.endedAt.getTime());
    expect(r.raw.attempt).toBe(1);
    expect(r.data._embedded.notices[0].name).toBe("ÖZERDEM");
    expect(s.seen[0].headers["accept-encoding"]).toBe("identity");
  });

  it("never decompresses: a gzip-encoded image comes back as the gzip bytes sent", async () => {
    const picture = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0, 255]);
    const gz = gzipSync(picture);
    const s = await stub((_req, res) => {
      res.writeHead(200, { "content-type": "image/jpeg", "content-encoding": "gzip" });
      res.end(gz);
    });
    const { c } = client(s);
    const r = await c.image("2021/75051", "62311920");
    expect(r.kind).toBe("ok");
    if (r.kind !== "ok") return;
    expect(Buffer.compare(r.data.bytes, gz)).toBe(0);
    expect(s.seen[0].url).toBe("/notices/v1/red/2021-75051/images/62311920");
  });

  it("sends browser-like headers", async () => {
    const s = await stub(json(200, DETAIL));
    const { c } = client(s);
    await c.detail("2021/75051");
    const h = s.seen[0].headers;
    expect(h.accept).toBe("*/*");
    expect(h.origin).toBe("https://www.interpol.int");
    expect(h.referer).toBe("https://www.interpol.int/");
    expect(h["sec-fetch-mode"]).toBe("cors");
    expect(h["sec-fetch-site"]).toBe("same-site");
    expect(h["sec-fetch-dest"]).toBe("empty");
    expect(h["user-agent"]).toMatch(/Mozilla\/5\.0 .*Chrome\/\d+/);
    expect(h["user-agent"]).toBe(BROWSER_HEADERS["user-agent"]);
  });
});

describe("interpol client: detail", () => {
  it("puts a dash in the path and validates the detail", async () => {
    const s = await stub(json(200, DETAIL));
    const { c } = client(s);
    const r = await c.detail("2021/75051");
    expect(s.seen[0].url).toBe("/notices/v1/red/2021-75051");
    expect(r).toMatchObject({ kind: "ok", attempts: 1, data: { entity_id: "2021/75051", sex_id: "M" } });
  });

  it("returns not_found for a 404 detail without retrying", async () => {
    const s = await stub(json(404, '{"status":404,"name":"NotFoundError","message":"Not Found"}'));
    const { c, delays } = client(s);
    const r = await c.detail("2019/12345");
    expect(r.kind).toBe("not_found");
    expect(s.seen).toHaveLength(1);
    expect(delays).toEqual([]);
    if (r.kind === "not_found") expect(r.raw.body.toString()).toContain("NotFoundError");
  });

  it("retries a 502 detail and, if it persists, reports an error, never not_found", async () => {
    const s = await stub(json(502, "<html>bad gateway</html>"));
    const { c } = client(s, { retries: 2 });
    const r = await c.detail("2019/12345");
    expect(r.kind).toBe("error");
    if (r.kind !== "error") return;
    expect(r.error.code).toBe("http_502");
    expect(r.attempts).toBe(3);
    expect(s.seen).toHaveLength(3);
    expect(r.raw?.status).toBe(502);
  });

  it("refuses a malformed id without a request", async () => {
    const s = await stub(json(200, DETAIL));
    const { c } = client(s);
    const r = await c.detail("2021-75051");
    expect(r).toMatchObject({ kind: "error", error: { code: "bad_request" } });
    expect(s.seen).toHaveLength(0);
  });
});

describe("interpol client: retries", () => {
  it("retries 403, 429, 502, 503, 504 with exponential full-jitter back-off, then succeeds", async () => {
    const html403: Handler = (_q, res) => {
      res.writeHead(403, { "content-type": "text/html" });
      res.end("<html><head><title>403 Forbidden</title></head></html>");
    };
    const s = await stub(script([html403, json(429, ""), json(502, ""), json(503, ""), json(504, ""), json(200, PAGE)]));
    const events: number[] = [];
    const { c, delays } = client(s, { onRequest: (e) => events.push(e.attempt) });
    const r = await c.list("red", {});
    expect(r.kind).toBe("ok");
    expect(r.attempts).toBe(6);
    expect(s.seen).toHaveLength(6);
    // random() = 1 gives the ceiling: base·2^(n-1), capped at max.
    expect(delays).toEqual([100, 200, 400, 800, 1000]);
    expect(c.requestCount()).toBe(6);
    expect(events).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("draws jitter from the whole range [0, ceiling]", async () => {
    const s = await stub(script([json(503, ""), json(503, ""), json(200, PAGE)]));
    const { c, delays } = client(s, { random: () => 0.25 });
    await c.list("red", {});
    expect(delays).toEqual([25, 50]);
  });

  it("retries connection resets and timeouts, then succeeds", async () => {
    const s = await stub(script([reset, hang, json(200, DETAIL)]));
    const { c, delays } = client(s, { timeoutMs: 300 });
    const r = await c.detail("2021/75051");
    expect(r.kind).toBe("ok");
    expect(r.attempts).toBe(3);
    expect(delays).toHaveLength(2);
  });

  it("reports a typed timeout error after the last retry", async () => {
    const s = await stub(hang);
    const { c } = client(s, { timeoutMs: 150, retries: 1 });
    const r = await c.list("red", { nationality: "FR" });
    expect(r).toMatchObject({ kind: "error", attempts: 2, error: { code: "timeout" } });
  });

  it("honours Retry-After in seconds and as an HTTP date", async () => {
    const date = new Date(Date.now() + 5000).toUTCString();
    const s = await stub(script([json(429, "", { "retry-after": "3" }), json(503, "", { "retry-after": date }), json(200, PAGE)]));
    const { c, delays } = client(s);
    const r = await c.list("red", {});
    expect(r.kind).toBe("ok");
    expect(delays[0]).toBe(3000);
    // Second precision in HTTP dates: between 3 and 5 s from now.
    expect(delays[1]).toBeGreaterThan(3000);
    expect(delays[1]).toBeLessThanOrEqual(5000);
    expect(parseRetryAfter("garbage", Date.now())).toBeNull();
  });

  it("does not retry other 4xx on detail (413)", async () => {
    const s = await stub(json(413, ""));
    const { c } = client(s);
    const r = await c.detail("2021/75051");
    expect(r).toMatchObject({ kind: "error", attempts: 1, error: { code: "http_413" } });
  });
});

describe("interpol client: validation", () => {
  it("turns truncated JSON into a malformed error that keeps the raw bytes", async () => {
    const full = JSON.stringify(PAGE);
    const cut = full.slice(0, Math.floor(full.length / 2));
    const s = await stub(json(200, cut));
    const { c } = client(s, { retries: 1 });
    const r = await c.list("red", {});
    expect(r.kind).toBe("error");
    if (r.kind !== "error") return;
    expect(r.error.code).toBe("malformed");
    expect(r.error.malformed).toBe("json");
    expect(r.raw?.body.toString()).toBe(cut);
  });

  it("rejects well-formed JSON of the wrong shape without retrying", async () => {
    const s = await stub(json(200, { ...PAGE, total: "many" }));
    const { c } = client(s);
    const r = await c.list("red", {});
    expect(r).toMatchObject({ kind: "error", attempts: 1, error: { code: "malformed", malformed: "schema" } });
    if (r.kind === "error") {
      expect(r.error.issues?.join()).toMatch(/total/);
      expect(r.raw?.body.toString()).toContain('"many"');
    }
  });

  it("rejects a detail whose entity_id is not NNNN/NNNNN", async () => {
    const s = await stub(json(200, { ...DETAIL, entity_id: "2021-75051" }));
    const { c } = client(s);
    expect((await c.detail("2021/75051")).kind).toBe("error");
  });
});

describe("interpol client: links", () => {
  it("follows the service's absolute hrefs onto the configured base URL, and refuses other hosts", async () => {
    const s = await stub(json(200, PAGE));
    const { c } = client(s);
    const r = await c.listPage("https://ws-public.interpol.int/notices/v1/red?&resultPerPage=20&page=2");
    expect(r.kind).toBe("ok");
    expect(s.seen[0].url).toBe("/notices/v1/red?&resultPerPage=20&page=2");
    const bad = await c.listPage("https://evil.example/notices/v1/red?page=2");
    expect(bad).toMatchObject({ kind: "error", error: { code: "bad_request" } });
    expect(s.seen).toHaveLength(1);
  });

  it("validates the countries list", async () => {
    const s = await stub(json(200, [{ name: "France", value: "FR" }]));
    const { c } = client(s, { countriesUrl: `${s.url}/en/notices/data/countries` });
    const r = await c.countries();
    expect(r).toMatchObject({ kind: "ok", data: [{ name: "France", value: "FR" }] });
  });
});

describe("interpol client: politeness", () => {
  it("caps requests in flight across all calls of one client", async () => {
    const s = await stub((_req, res) => setTimeout(() => json(200, DETAIL)(_req, res), 40));
    const { c } = client(s, { concurrency: 3 });
    const results = await Promise.all(Array.from({ length: 12 }, () => c.detail("2021/75051")));
    expect(results.every((r) => r.kind === "ok")).toBe(true);
    expect(s.maxInFlight).toBe(3);
  });

  it("sends every attempt through the rate limiter, retries included", async () => {
    const s = await stub(script([json(503, ""), json(200, DETAIL)]));
    // A limiter that lets each caller through only when the test says so, and counts them.
    let taken = 0;
    const gates: Array<() => void> = [];
    const limiter = {
      take: () =>
        new Promise<void>((resolve) => {
          taken++;
          gates.push(resolve);
        }),
    };
    const { c } = client(s, { rps: 20, concurrency: 8, limiter });
    const all = Promise.all(Array.from({ length: 7 }, () => c.detail("2021/75051")));
    // Nothing reaches the service until the limiter lets it.
    await new Promise((r) => setTimeout(r, 50));
    expect(s.seen).toHaveLength(0);
    for (let released = 0; released < 8; released++) {
      while (!gates.length) await new Promise((r) => setTimeout(r, 5));
      gates.shift()!();
      // Each release lets exactly one request out.
      while (s.seen.length < released + 1) await new Promise((r) => setTimeout(r, 5));
      expect(s.seen).toHaveLength(released + 1);
    }
    const results = await all;
    expect(results.every((r) => r.kind === "ok")).toBe(true);
    expect(taken).toBe(8); // 7 requests and one retry
    expect(s.seen).toHaveLength(8);
  });
});

describe("rate limiter", () => {
  it("spaces starts by 1/rps on its clock, whatever the callers do at once", async () => {
    let now = 1000;
    const slept: number[] = [];
    const limiter = new RateLimiter(20, 1, () => now, async (ms) => {
      slept.push(ms);
    });
    await Promise.all(Array.from({ length: 8 }, () => limiter.take()));
    // The first goes at once; each next one waits one more 50 ms slot.
    expect(slept).toEqual([50, 100, 150, 200, 250, 300, 350]);
    // After a quiet spell longer than the slots reserved, the next goes at once again.
    now += 10_000;
    slept.length = 0;
    await limiter.take();
    expect(slept).toEqual([]);
  });
});

describe("interpol client: proxy", () => {
  it("goes through the configured proxy (CONNECT tunnel)", async () => {
    const s = await stub(json(200, DETAIL));
    const connects: string[] = [];
    const proxy = http.createServer();
    proxy.on("connect", (req, socket, head) => {
      connects.push(req.url ?? "");
      const [host, port] = (req.url ?? "").split(":");
      const upstream = net.connect(Number(port), host, () => {
        socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on("error", () => socket.destroy());
      socket.on("error", () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const c = createInterpolClient({ baseUrl: s.url, proxyUrl, rps: Infinity, concurrency: 1, timeoutMs: 2000, backoffBaseMs: 1, backoffMaxMs: 1 });
      clients.push(c);
      const r = await c.detail("2021/75051");
      expect(r.kind).toBe("ok");
      expect(connects).toEqual([s.url.replace("http://", "")]);
      await c.close();
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });
});

describe("interpol client against the fake service", () => {
  it("survives its faults: reset, timeout, 403 and 429 then success; truncated JSON is malformed", async () => {
    const { startFakeInterpol } = await import("../fake-interpol/server");
    const { makeNotice } = await import("../fake-interpol/generate");
    const n = makeNotice({ entity_id: "2022/12345", forename: "-" });
    const fake = await startFakeInterpol({ notices: [n] });
    try {
      const delays: number[] = [];
      const c = createInterpolClient({
        baseUrl: fake.url,
        rps: Infinity,
        concurrency: 2,
        timeoutMs: 200,
        retries: 5,
        backoffBaseMs: 1,
        backoffMaxMs: 2,
        sleep: async (ms) => {
          delays.push(ms);
        },
      });
      clients.push(c);
      const path = "/notices/v1/red/2022-12345";
      for (const kind of ["reset", "timeout", "403", "429"] as const) fake.addFault({ kind, match: { path }, times: 1 });
      fake.addFault({ kind: "502", match: { path }, times: 1, retryAfter: 7 });
      const r = await c.detail("2022/12345");
      expect(r).toMatchObject({ kind: "ok", attempts: 6, data: { entity_id: "2022/12345", forename: "-" } });
      expect(delays[4]).toBe(7000);

      fake.addFault({ kind: "truncated", match: { path: "/notices/v1/red" } });
      const t = await c.list("red", {});
      expect(t).toMatchObject({ kind: "error", error: { code: "malformed", malformed: "json" } });
      fake.clearFaults();

      const gone = await c.detail("2022/99999");
      expect(gone.kind).toBe("not_found");
    } finally {
      await fake.close();
    }
  });
});
