// The sweep against the fake Interpol service (tests/fake-interpol): real HTTP, the 160 cap, clamped
// pages, link paging, and injected faults.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInterpolClient, type InterpolClient } from "../../jobs/interpol/client";
import { fetchDetails, runSweep } from "../../jobs/interpol/sweep";
import { DEFAULT_NOW, generateNotices, makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol, type FakeNotice } from "../fake-interpol/server";
import { idToSlug } from "../../lib/notice-id";

let fake: FakeInterpol;
let notices: FakeNotice[];
let countryCodes: string[];

const clients: InterpolClient[] = [];
function client(over: { retries?: number } = {}): InterpolClient {
  const c = createInterpolClient({
    baseUrl: fake.url,
    countriesUrl: `${fake.url}/en/notices/data/countries`,
    rps: Infinity,
    concurrency: 8,
    timeoutMs: 5000,
    retries: over.retries ?? 2,
    backoffBaseMs: 1,
    backoffMaxMs: 5,
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  notices = [
    ...generateNotices({ count: 1500, seed: 7 }),
    // Hard cases on top of the generated set: reachable only via warrant country and name splits.
    makeNotice({ entity_id: "2024/99001", nationalities: [], date_of_birth: null, sex_id: "U" }),
    makeNotice({ entity_id: "2024/99002", nationalities: [], date_of_birth: null, arrest_warrants: [{ issuing_country_id: "UNK", charge: "War crimes", charge_translation: null }] }),
    makeNotice({ entity_id: "2024/99003", nationalities: ["RU", "UA", "IL"], date_of_birth: "1975" }),
  ];
  fake = await startFakeInterpol({ notices, now: DEFAULT_NOW });
  const c = client();
  const r = await c.countries();
  if (r.kind !== "ok") throw new Error(`countries: ${JSON.stringify(r)}`);
  countryCodes = r.data.map((x) => x.value);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await fake?.close();
});

// Whole sweeps over real HTTP: a loaded machine can take a while (no timing is asserted).
describe("runSweep against the fake", { timeout: 60_000 }, () => {
  it("the fixture has the shapes that make partitioning hard", () => {
    const ru = notices.filter((n) => n.nationalities.includes("RU")).length;
    expect(ru).toBeGreaterThan(300);
    expect(notices.some((n) => n.nationalities.length > 1)).toBe(true);
    expect(notices.filter((n) => n.nationalities.length === 0).length).toBeGreaterThan(5);
    expect(notices.filter((n) => n.date_of_birth === null).length).toBeGreaterThan(5);
  });

  it("sees every listed notice once, splitting the large country, and reports coverage", async () => {
    const progress: number[] = [];
    const c = client();
    const r = await runSweep(c, { countryCodes, onProgress: (p) => progress.push(p.done) });

    const expected = notices.map((n) => n.entity_id).sort();
    expect([...r.seen.keys()].sort()).toEqual(expected);
    expect(r.maxTotal).toBe(notices.length);
    expect(r.coverage).toBe(1);
    expect(r.complete).toBe(true);
    expect(r.failedQueries).toEqual([]);
    expect(r.errors).toEqual([]);
    expect(r.queries.failed).toBe(0);
    expect(r.queries.done).toBe(r.queries.planned);
    expect(r.requests).toBe(c.requestCount());
    expect(progress.length).toBeGreaterThan(10);

    // The large country was split by sex, then age; and some notices came from gap-filling name queries.
    const listed = fake.requests.filter((q) => q.path === "/notices/v1/red").map((q) => q.query);
    expect(listed.some((q) => q.nationality === "RU" && q.sexId === "M" && q.ageMin === undefined)).toBe(true);
    expect(listed.some((q) => q.nationality === "RU" && q.sexId === "M" && q.ageMin !== undefined)).toBe(true);
    expect(listed.some((q) => q.nationality === "RU" && q.sexId === "M" && q.name === "^......$" && q.ageMin === undefined)).toBe(true);
    expect(r.gaps.some((g) => g.key.startsWith("nationality=RU&sexId=M") && g.dimension === "age")).toBe(true);
    // Without a nationality, only the pass the nationality roots leave to can reach them.
    expect(r.wholePass || r.warrantPass).toBe(true);
    expect(r.seen.get("2024/99001")?.firstQuery).not.toMatch(/nationality=/);
    expect(r.seen.get("2024/99002")?.firstQuery).not.toMatch(/nationality=/);
    // No list page was asked twice.
    const asked = fake.requests.filter((q) => q.path === "/notices/v1/red").map((q) => JSON.stringify(Object.entries(q.query).sort()));
    expect(new Set(asked).size).toBe(asked.length);
    // Partition totals as the service reported them, for the guard.
    expect(r.partitions["nationality=RU"]).toEqual({ total: notices.filter((n) => n.nationalities.includes("RU")).length, complete: true });
    expect(r.partitions["(all)"]).toMatchObject({ total: notices.length, complete: true });

    // Every list query stayed within the cap or was split; nothing is left capped here.
    expect(r.cappedQueries).toEqual([]);
    // Normalised list items, not raw ones.
    expect(r.seen.get("2024/99003")).toMatchObject({ birthDate: "1975", birthDatePrecision: "year", nationalities: ["IL", "RU", "UA"] });
  });

  it("pages by links only, never asking for a page past the last", async () => {
    fake.resetRequests();
    const r = await runSweep(client(), { countryCodes: ["SV", "AR", "GT"], resultPerPage: 50 });
    expect(r.complete).toBe(true);
    const listReqs = fake.requests.filter((q) => q.path === "/notices/v1/red");
    // 160 visible per query at 50 per page: pages 1..4 only.
    expect(listReqs.some((q) => Number(q.query.page) > 4)).toBe(false);
    expect(listReqs.some((q) => q.query.page === "4")).toBe(true);
    const sv = notices.filter((n) => n.nationalities.includes("SV")).map((n) => n.entity_id);
    for (const id of sv) expect(r.seen.has(id)).toBe(true);
  });

  it("reports an incomplete sweep and names the partition that failed every retry", async () => {
    const fault = fake.addFault({ kind: "503", match: { path: "/notices/v1/red", query: { nationality: "RU", sexId: "F" } } });
    try {
      const r = await runSweep(client({ retries: 2 }), { countryCodes });
      expect(r.complete).toBe(false);
      expect(r.failedQueries.map((f) => f.key)).toEqual(["nationality=RU&sexId=F"]);
      expect(r.failedQueries[0].error.code).toBe("http_503");
      expect(r.queries.failed).toBe(1);
      expect(fault.fired).toBe(3); // first try and two retries
      // The rest of the sweep went on.
      expect(r.seen.size).toBeGreaterThan(notices.length * 0.9);
    } finally {
      fake.clearFaults();
    }
  });

  it("records a malformed page as an error, skips it, and goes on", async () => {
    fake.addFault({ kind: "malformed", match: { path: "/notices/v1/red", query: { nationality: "AR" } }, times: 1 });
    try {
      const r = await runSweep(client(), { countryCodes: ["AR", "SV"] });
      expect(r.complete).toBe(false);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatchObject({ key: "nationality=AR", code: "malformed" });
      // SV was still swept, and AR notices still came in through the warrant-country root.
      const sv = notices.filter((n) => n.nationalities.includes("SV"));
      expect(sv.every((n) => r.seen.has(n.entity_id))).toBe(true);
    } finally {
      fake.clearFaults();
    }
  });

  it("stops when aborted and says so", async () => {
    const ac = new AbortController();
    let n = 0;
    const r = await runSweep(client(), {
      countryCodes,
      signal: ac.signal,
      onProgress: () => {
        if (++n === 20) ac.abort();
      },
    });
    expect(r.aborted).toBe(true);
    expect(r.complete).toBe(false);
    expect(r.queries.done).toBeLessThan(r.queries.planned);
  });

  it("asks no whole-set or warrant-country query when the nationality roots reach the total", async () => {
    const small = await startFakeInterpol({
      notices: [...generateNotices({ count: 400, seed: 3 })].map((n) => (n.nationalities.length ? n : { ...n, nationalities: ["FR"] })),
      now: DEFAULT_NOW,
    });
    try {
      const c = createInterpolClient({ baseUrl: small.url, rps: Infinity, concurrency: 8, timeoutMs: 5000, backoffBaseMs: 1, backoffMaxMs: 5 });
      clients.push(c);
      const r = await runSweep(c, { countryCodes });
      expect(r.seen.size).toBe(400);
      expect(r.wholePass).toBe(false);
      expect(r.warrantPass).toBe(false);
      const lists = small.requests.filter((q) => q.path === "/notices/v1/red");
      expect(lists.some((q) => q.query.arrestWarrantCountryId !== undefined || (q.query.sexId && !q.query.nationality))).toBe(false);
    } finally {
      await small.close();
    }
  });

  it("asks details conditionally: a 304 when the version held is current", async () => {
    const id = notices[0]!.entity_id;
    const c = client();
    const first = await c.detail(id);
    if (first.kind !== "ok") throw new Error(first.kind);
    expect(first.raw.headers.etag).toBeTruthy();
    const results: string[] = [];
    const counts = await fetchDetails(c, [id, notices[1]!.entity_id], (_id, r) => void results.push(r.kind), {
      validators: (x) => (x === id ? { etag: first.raw.headers.etag, lastModified: first.raw.headers["last-modified"] } : undefined),
    });
    expect(counts).toMatchObject({ ok: 1, notModified: 1 });
    expect(c.requestCounts()).toMatchObject({ detail: 3, notModified: 1 });
    // A stale validator gets the content.
    const stale = await c.detail(id, { validators: { etag: '"stale"' } });
    expect(stale.kind).toBe("ok");
  });

});
