// The fake must behave like Interpol's service as described in docs/interpol-api.md, over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_NOW, changedFields, generateNotices, makeNotice, mutateForNextPull } from "../fake-interpol/generate";
import { NOT_FOUND_BODY, startFakeInterpol, type FakeInterpol, type FakeNotice } from "../fake-interpol/server";
import { idToSlug } from "../../lib/notice-id";

type Json = any;

const NOW = DEFAULT_NOW; // 2026-05-15
const LIST_ITEM_KEYS = ["_links", "date_of_birth", "entity_id", "forename", "name", "nationalities"];
const DETAIL_KEYS = [
  "_embedded",
  "_links",
  "arrest_warrants",
  "country_of_birth_id",
  "date_of_birth",
  "distinguishing_marks",
  "entity_id",
  "eyes_colors_id",
  "forename",
  "hairs_id",
  "height",
  "languages_spoken_ids",
  "name",
  "nationalities",
  "place_of_birth",
  "sex_id",
  "weight",
];

async function getJson(url: string): Promise<{ status: number; body: Json; res: Response }> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, res };
}

function newestFirst(a: string, b: string): number {
  const [ay, as] = a.split("/").map(Number);
  const [by, bs] = b.split("/").map(Number);
  return by - ay || bs - as;
}

describe("fake Interpol, generated set of 7,000", () => {
  const set = generateNotices({ count: 7000, seed: 1 });
  let fake: FakeInterpol;
  let red: string;
  beforeAll(async () => {
    fake = await startFakeInterpol({ notices: set, now: NOW });
    red = `${fake.url}/notices/v1/red`;
  });
  afterAll(() => fake.close());

  it("caps any query at 160 notices while total stays the true count, and pages by _links", async () => {
    const first = await getJson(red);
    expect(first.body.total).toBe(7000);
    expect(first.body.query).toEqual({ page: 1, resultPerPage: 20 });
    expect(first.body._links.last.href).toBe(`${red}?&resultPerPage=20&page=8`);
    expect(first.body._links.next.href).toBe(`${red}?&resultPerPage=20&page=2`);

    const seen: string[] = [];
    let url: string | undefined = red;
    let pages = 0;
    while (url) {
      const { body } = await getJson(url);
      seen.push(...body._embedded.notices.map((n: Json) => n.entity_id));
      url = body._links.next?.href;
      pages++;
    }
    expect(pages).toBe(8);
    expect(new Set(seen).size).toBe(160);

    const big = await getJson(`${red}?resultPerPage=500`);
    expect(big.body.query.resultPerPage).toBe(160);
    expect(big.body._embedded.notices).toHaveLength(160);
    expect(big.body._links.next).toBeUndefined();
  });

  it("answers a page past the last with the last page and echoes the clamped page", async () => {
    const last = await getJson(`${red}?resultPerPage=20&page=8`);
    const past = await getJson(`${red}?resultPerPage=20&page=99`);
    expect(past.status).toBe(200);
    expect(past.body.query.page).toBe(8);
    expect(past.body._embedded.notices).toEqual(last.body._embedded.notices);
    expect(past.body._links.next).toBeUndefined();
    expect(Object.keys(past.body._links).sort()).toEqual(["first", "last", "self"]);
  });

  it("lists newest first (entity year, then sequence, descending)", async () => {
    const { body } = await getJson(`${red}?resultPerPage=160`);
    const ids: string[] = body._embedded.notices.map((n: Json) => n.entity_id);
    const expected = set
      .map((n) => n.entity_id)
      .sort(newestFirst)
      .slice(0, 160);
    expect(ids).toEqual(expected);
  });

  it("uses a dash in paths and a slash in entity_id; list items and details carry exactly the real keys", async () => {
    const { body } = await getJson(`${red}?resultPerPage=160`);
    for (const item of body._embedded.notices) {
      expect(Object.keys(item).sort()).toEqual(LIST_ITEM_KEYS);
      expect(item.entity_id).toMatch(/^\d{4}\/\d+$/);
      const dash = idToSlug(item.entity_id);
      const source = set.find((n) => n.entity_id === item.entity_id)!;
      const expectedLinks = source.pictures?.length ? ["images", "self", "thumbnail"] : ["images", "self"];
      expect(Object.keys(item._links).sort()).toEqual(expectedLinks);
      expect(item._links.self.href).toBe(`${red}/${dash}`);
      expect(item._links.images.href).toBe(`${red}/${dash}/images`);
    }
    const withPic = body._embedded.notices.find((n: Json) => n._links.thumbnail);
    const without = body._embedded.notices.find((n: Json) => !n._links.thumbnail);
    for (const item of [withPic, without]) {
      const detail = await getJson(item._links.self.href);
      expect(detail.status).toBe(200);
      expect(detail.res.headers.get("content-type")).toBe("application/json");
      expect(Object.keys(detail.body).sort()).toEqual(DETAIL_KEYS);
      expect(detail.body.entity_id).toBe(item.entity_id);
      expect(detail.body._embedded).toEqual({ links: [] });
      expect(detail.body._links).toEqual(item._links);
      for (const w of detail.body.arrest_warrants) {
        expect(Object.keys(w).sort()).toEqual(["charge", "charge_translation", "issuing_country_id"]);
        expect(w.charge_translation).toBeNull();
      }
    }
  });

  it("serves picture lists and picture bytes", async () => {
    const n = set.find((x) => (x.pictures?.length ?? 0) > 1)!;
    const base = `${red}/${idToSlug(n.entity_id)}`;
    const list = await getJson(`${base}/images`);
    expect(list.body._embedded.images.map((i: Json) => i.picture_id)).toEqual(n.pictures!.map(String));
    const img = await fetch(list.body._embedded.images[0]._links.self.href);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/jpeg");
    const bytes = new Uint8Array(await img.arrayBuffer());
    expect([bytes[0], bytes[1], bytes.at(-2), bytes.at(-1)]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    expect((await fetch(`${base}/images/1`)).status).toBe(404);
  });

  it("answers 404 with the NotFoundError body for a missing notice and unknown paths", async () => {
    for (const path of ["/notices/v1/red/1999-00001", "/notices/v1/red/1999-00001/images", "/notices/v1/nothing"]) {
      const res = await fetch(fake.url + path);
      expect(res.status).toBe(404);
      expect(await res.text()).toBe(NOT_FOUND_BODY);
    }
  });

  it("filters by nationality and warrant country with true totals, echoing filters in query and links", async () => {
    const ru = set.filter((n) => n.nationalities.includes("RU")).length;
    const { body } = await getJson(`${red}?nationality=RU&page=2`);
    expect(body.total).toBe(ru);
    expect(body.query).toEqual({ page: 2, resultPerPage: 20, nationality: "RU" });
    expect(body._links.self.href).toBe(`${red}?nationality=RU&resultPerPage=20&page=2`);
    expect(body._links.last.href).toBe(`${red}?nationality=RU&resultPerPage=20&page=8`);

    const sv = set.filter((n) => n.arrest_warrants.some((w) => w.issuing_country_id === "SV")).length;
    expect((await getJson(`${red}?arrestWarrantCountryId=SV`)).body.total).toBe(sv);
  });

  it("answers freeText with 502", async () => {
    expect((await fetch(`${red}?freeText=ivan`)).status).toBe(502);
  });

  it("serves the country list at /en/notices/data/countries", async () => {
    const { body, res } = await getJson(`${fake.url}/en/notices/data/countries`);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(body).toContainEqual({ name: "France", value: "FR" });
    expect(body.length).toBeGreaterThan(240);
    expect(Object.keys(body[0]).sort()).toEqual(["name", "value"]);
  });

  it("never compresses, even when asked", async () => {
    const res = await fetch(red, { headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(res.headers.get("content-encoding")).toBeNull();
    const text = await res.text();
    expect(Number(res.headers.get("content-length"))).toBe(Buffer.byteLength(text));
  });
});

describe("fake Interpol, hand-made notices", () => {
  let fake: FakeInterpol;
  let red: string;
  const notices: FakeNotice[] = [
    makeNotice({ entity_id: "2020/10001", name: "IVANOV", forename: "IVAN", date_of_birth: "1986/05/15" }), // 40 today
    makeNotice({ entity_id: "2020/10002", name: "PETROV", forename: null, date_of_birth: "1986/05/16" }), // 39
    makeNotice({ entity_id: "2021/10003", name: "LOPEZ", forename: "-", date_of_birth: "1986", nationalities: ["SV"] }), // 40
    makeNotice({ entity_id: "2021/10004", name: "GARCIA", date_of_birth: null, sex_id: "F", nationalities: [] }),
    makeNotice({
      entity_id: "2022/10005",
      name: "KOVALENKO",
      sex_id: "U",
      date_of_birth: "1986/06",
      nationalities: ["UA", "RU"],
      arrest_warrants: [
        { issuing_country_id: "914", charge: "Crimes against humanity\r\nWar crimes", charge_translation: null },
      ],
    }),
    makeNotice({ entity_id: "2022/10006", name: null, forename: "JOSE" }),
    makeNotice({ entity_id: "2023/10007", name: "HIDDEN", unlisted: true }),
  ];
  const ids = async (query: string) => {
    const { body } = await getJson(`${red}?resultPerPage=160&${query}`);
    return (body._embedded.notices as Json[]).map((n) => n.entity_id).sort();
  };
  beforeAll(async () => {
    fake = await startFakeInterpol({ notices, now: NOW });
    red = `${fake.url}/notices/v1/red`;
  });
  afterAll(() => fake.close());

  it("filters ages as inclusive whole years from the date of birth; no date of birth never matches", async () => {
    expect(await ids("ageMin=40&ageMax=40")).toEqual(["2020/10001", "2021/10003"]);
    expect(await ids("ageMax=39")).toEqual(["2020/10002", "2022/10005"]); // "1986/06" counts from June 1st
    expect(await ids("ageMin=39")).not.toContain("2021/10004");
    const q = (await getJson(`${red}?ageMin=30&ageMax=50`)).body.query;
    expect(q).toEqual({ page: 1, resultPerPage: 20, ageMax: 50, ageMin: 30 });
  });

  it("filters by sex, warrant country (special codes too) and any of several nationalities", async () => {
    expect(await ids("sexId=F")).toEqual(["2021/10004"]);
    expect(await ids("sexId=U")).toEqual(["2022/10005"]);
    expect(await ids("arrestWarrantCountryId=914")).toEqual(["2022/10005"]);
    expect(await ids("nationality=UA")).toEqual(["2022/10005"]);
    expect((await ids("nationality=RU")).length).toBe(4);
  });

  it("matches name and forename as case-insensitive patterns; an invalid pattern finds nothing", async () => {
    expect(await ids(`name=${encodeURIComponent("^.....$")}`)).toEqual(["2021/10003"]);
    expect(await ids(`name=${encodeURIComponent("^......$")}`)).toEqual(["2020/10001", "2020/10002", "2021/10004"]);
    expect(await ids("name=ivan")).toEqual(["2020/10001"]);
    expect(await ids("forename=^-$")).toEqual(["2021/10003"]);
    const bad = await getJson(`${red}?name=${encodeURIComponent("([")}`);
    expect(bad.status).toBe(200);
    expect(bad.body.total).toBe(0);
    expect(bad.body.query.page).toBe(1);
  });

  it("keeps an unlisted notice out of every list but answers its detail", async () => {
    expect((await getJson(red)).body.total).toBe(6);
    expect(await ids("name=HIDDEN")).toEqual([]);
    const d = await getJson(`${red}/2023-10007`);
    expect(d.status).toBe(200);
    expect(d.body.entity_id).toBe("2023/10007");
  });

  it("answers 404 for a notice removed between pulls, and update() mutates state", async () => {
    expect((await fetch(`${red}/2020-10002`)).status).toBe(200);
    fake.update((list) => list.filter((n) => n.entity_id !== "2020/10002"));
    const gone = await fetch(`${red}/2020-10002`);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toBe('{"status":404,"name":"NotFoundError","message":"Not Found"}');
    fake.update((list) => {
      list[0].name = "RENAMED";
    });
    expect(fake.notices().find((n) => n.name === "RENAMED")).toBeDefined();
    fake.setNotices(notices);
  });

  it("serves yellow notices (empty by default) without the warrant filter", async () => {
    const y = await getJson(`${fake.url}/notices/v1/yellow?arrestWarrantCountryId=RU&sexId=F`);
    expect(y.body.total).toBe(0);
    expect(y.body.query).toEqual({ page: 1, resultPerPage: 20, sexId: "F" });
    fake.setYellowNotices([makeNotice({ entity_id: "2024/20001", sex_id: "F" })]);
    const y2 = await getJson(`${fake.url}/notices/v1/yellow?sexId=F`);
    expect(y2.body._embedded.notices[0]._links.self.href).toBe(`${fake.url}/notices/v1/yellow/2024-20001`);
    const d = await getJson(`${fake.url}/notices/v1/yellow/2024-20001`);
    expect(d.body.arrest_warrants).toBeUndefined();
    fake.setYellowNotices([]);
  });
});

describe("fault injection", () => {
  let fake: FakeInterpol;
  let red: string;
  beforeAll(async () => {
    fake = await startFakeInterpol({ notices: generateNotices({ count: 300, seed: 2 }), now: NOW });
    red = `${fake.url}/notices/v1/red`;
  });
  afterAll(() => fake.close());

  it("403 answers a short CDN-style HTML page, counts down its times, and logs", async () => {
    fake.resetRequests();
    const f = fake.addFault({ kind: "403", times: 2 });
    for (const expected of [403, 403, 200]) {
      const res = await fetch(red);
      expect(res.status).toBe(expected);
      if (expected === 403) {
        expect(res.headers.get("content-type")).toBe("text/html");
        const html = await res.text();
        expect(html).toMatch(/Access Denied/);
        expect(html.length).toBeGreaterThan(200);
        expect(html.length).toBeLessThan(420);
      } else await res.arrayBuffer();
    }
    expect(f.fired).toBe(2);
    expect(f.remaining).toBe(0);
    expect(fake.requests.map((r) => [r.status, r.fault])).toEqual([
      [403, "403"],
      [403, "403"],
      [200, undefined],
    ]);
  });

  it.each(["429", "502", "503", "504", "413"] as const)(
    "%s answers that status, with Retry-After when asked",
    async (kind) => {
      fake.clearFaults();
      fake.addFault({ kind, times: 1, retryAfter: 7 });
      const res = await fetch(red);
      expect(res.status).toBe(Number(kind));
      expect(res.headers.get("retry-after")).toBe("7");
      await res.arrayBuffer();
      expect((await fetch(red)).status).toBe(200);
    }
  );

  it("404-list hits only the matching list query", async () => {
    fake.clearFaults();
    fake.addFault({ kind: "404-list", match: { path: /\/red$/, query: { nationality: "RU" } } });
    const hit = await fetch(`${red}?nationality=RU`);
    expect(hit.status).toBe(404);
    expect(await hit.text()).toBe(NOT_FOUND_BODY);
    expect((await fetch(`${red}?nationality=SV`)).status).toBe(200);
    expect((await fetch(red)).status).toBe(200);
  });

  it("a predicate matcher selects requests", async () => {
    fake.clearFaults();
    fake.addFault({ kind: "503", match: (r) => r.query.page === "2" });
    expect((await fetch(`${red}?page=2`)).status).toBe(503);
    expect((await fetch(`${red}?page=1`)).status).toBe(200);
  });

  it("timeout never answers until the client gives up", async () => {
    fake.clearFaults();
    fake.addFault({ kind: "timeout", times: 1 });
    await expect(fetch(red, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect((await fetch(red)).status).toBe(200);
  });

  it("reset destroys the connection", async () => {
    fake.clearFaults();
    fake.addFault({ kind: "reset", times: 1 });
    await expect(fetch(red).then((r) => r.text())).rejects.toThrow();
    expect(fake.requests.at(-1)?.fault).toBe("reset");
  });

  it("truncated answers 200 with the real JSON cut mid-way", async () => {
    fake.clearFaults();
    const whole = await (await fetch(red)).text();
    fake.addFault({ kind: "truncated", times: 1 });
    const res = await fetch(red);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.length).toBeLessThan(whole.length);
    expect(whole.startsWith(text)).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });

  it("malformed answers 200 with valid JSON of the wrong shape", async () => {
    fake.clearFaults();
    fake.addFault({ kind: "malformed", times: 2 });
    const list = await getJson(red);
    expect(list.status).toBe(200);
    expect(typeof list.body.total).toBe("string");
    expect(list.body._embedded).toBeUndefined();
    const id = idToSlug(fake.notices()[0].entity_id);
    const detail = await getJson(`${red}/${id}`);
    expect(detail.body.entity_id).toBeUndefined();
    expect(typeof detail.body.nationalities).toBe("string");
  });

  it("a probability 403 is reproducible from its seed", async () => {
    const pattern = async () => {
      fake.clearFaults();
      fake.addFault({ kind: "403", probability: 0.3, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) {
        const r = await fetch(`${red}?resultPerPage=1`);
        await r.arrayBuffer();
        statuses.push(r.status);
      }
      return statuses;
    };
    const a = await pattern();
    expect(await pattern()).toEqual(a);
    const blocked = a.filter((s) => s === 403).length;
    expect(blocked).toBeGreaterThan(3);
    expect(blocked).toBeLessThan(25);
    fake.clearFaults();
  });

  it("faults given at start apply, and close() ends hung requests", async () => {
    const f2 = await startFakeInterpol({ notices: [], faults: [{ kind: "timeout" }] });
    const pending = fetch(`${f2.url}/notices/v1/red`).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await f2.close();
    expect(await pending).toBeInstanceOf(Error);
  });
});

describe("generator", () => {
  const set = generateNotices({ count: 7000, seed: 1 });
  const share = (p: (n: FakeNotice) => boolean) => set.filter(p).length / set.length;

  it("is shaped like the real set", () => {
    expect(share((n) => n.nationalities.includes("RU"))).toBeGreaterThan(0.42);
    expect(share((n) => n.nationalities.includes("RU"))).toBeLessThan(0.48);
    expect(share((n) => n.nationalities.length > 1)).toBeGreaterThan(0.03);
    expect(share((n) => n.nationalities.length === 0)).toBeGreaterThan(0.01);
    expect(share((n) => n.date_of_birth === null)).toBeGreaterThan(0.015);
    expect(share((n) => n.date_of_birth !== null && !/^\d{4}\/\d{2}\/\d{2}$/.test(n.date_of_birth))).toBeGreaterThan(
      0.015
    );
    expect(set.every((n) => n.date_of_birth === null || /^\d{4}(\/\d{2}(\/\d{2})?)?$/.test(n.date_of_birth))).toBe(
      true
    );
    expect(set.some((n) => n.forename === null)).toBe(true);
    expect(set.some((n) => n.forename === "-")).toBe(true);
    expect(set.some((n) => n.name === null)).toBe(true);
    expect(new Set(set.map((n) => n.sex_id))).toEqual(new Set(["M", "F", "U"]));
    expect(share((n) => n.sex_id === "M")).toBeGreaterThan(0.75);
    const issuers = new Set(set.flatMap((n) => n.arrest_warrants.map((w) => w.issuing_country_id)));
    for (const special of ["914", "916", "922", "UNK"]) expect(issuers.has(special)).toBe(true);
    expect(
      set.some((n) => n.nationalities.length > 0 && !n.nationalities.includes(n.arrest_warrants[0].issuing_country_id))
    ).toBe(true);
    const ruCharge = set.find(
      (n) => n.arrest_warrants[0].issuing_country_id === "RU" && n.arrest_warrants[0].charge?.includes("\r\n")
    );
    expect(ruCharge?.arrest_warrants[0].charge).toMatch(/[А-Яа-я]/);
    expect(set.some((n) => n.height === 0) && set.some((n) => n.weight === 0)).toBe(true);
    expect(share((n) => (n.pictures?.length ?? 0) > 0)).toBeGreaterThan(0.3);
    expect(set.every((n) => n.name === null || n.name === n.name.toUpperCase())).toBe(true);
    expect(set.some((n) => /[ÁÉÍÓÚÜÑÇŞİĞÖ]/.test(n.place_of_birth ?? ""))).toBe(true);
    const ids = set.map((n) => n.entity_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^(200[5-9]|201\d|202[0-6])\/\d{5}$/.test(id))).toBe(true);
    expect(new Set(set.flatMap((n) => n.nationalities)).size).toBeGreaterThan(90);
  });

  it("is deterministic by seed", () => {
    expect(generateNotices({ count: 500, seed: 9 })).toEqual(generateNotices({ count: 500, seed: 9 }));
    expect(generateNotices({ count: 500, seed: 10 })).not.toEqual(generateNotices({ count: 500, seed: 9 }));
  });

  it("mutateForNextPull describes exactly the difference it made", () => {
    const before = set.slice(0, 1000);
    const pool = [makeNotice({ entity_id: "2019/55555" })];
    const {
      notices: after,
      description: d,
      removedNotices,
    } = mutateForNextPull(before, {
      seed: 5,
      remove: 4,
      change: 10,
      add: 3,
      reappear: 1,
      removedPool: pool,
    });
    const beforeById = new Map(before.map((n) => [n.entity_id, n]));
    const afterById = new Map(after.map((n) => [n.entity_id, n]));
    const removed = before.filter((n) => !afterById.has(n.entity_id)).map((n) => n.entity_id);
    const appeared = after.filter((n) => !beforeById.has(n.entity_id)).map((n) => n.entity_id);
    const changed = after
      .filter((n) => beforeById.has(n.entity_id))
      .map((n) => ({ entity_id: n.entity_id, fields: changedFields(beforeById.get(n.entity_id)!, n) }))
      .filter((c) => c.fields.length > 0);
    expect(d.removed.sort()).toEqual(removed.sort());
    expect(removedNotices.map((n) => n.entity_id).sort()).toEqual(removed);
    expect([...d.added, ...d.reappeared].sort()).toEqual(appeared.sort());
    expect(d.reappeared).toEqual(["2019/55555"]);
    expect(d.added).toHaveLength(3);
    expect(d.changed.map((c) => c.entity_id).sort()).toEqual(changed.map((c) => c.entity_id).sort());
    for (const c of changed)
      expect(d.changed.find((x) => x.entity_id === c.entity_id)?.fields.sort()).toEqual(c.fields.sort());
    expect(changed.length).toBeGreaterThanOrEqual(8);
    expect(before).toEqual(set.slice(0, 1000)); // pure: the input is untouched
  });
});

describe("control surface", () => {
  it("POST /__fake/step changes the set and says how; GET /__fake/state counts; neither is logged", async () => {
    const fake = await startFakeInterpol({ notices: generateNotices({ count: 1000, seed: 3 }), now: NOW, seed: 3 });
    try {
      const beforeIds = new Set(fake.notices().map((n) => n.entity_id));
      const res = await fetch(`${fake.url}/__fake/step`, { method: "POST" });
      const step = (await res.json()) as Json;
      expect(step.counts.changed).toBeGreaterThan(5);
      expect(step.counts.removed).toBe(3);
      expect(step.counts.added).toBe(4);
      const afterIds = new Set(fake.notices().map((n) => n.entity_id));
      for (const id of step.removed) expect(afterIds.has(id)).toBe(false);
      for (const id of step.added) expect(beforeIds.has(id) || !afterIds.has(id)).toBe(false);
      for (const id of step.removed)
        expect((await fetch(`${fake.url}/notices/v1/red/${idToSlug(id)}`)).status).toBe(404);

      const again = (await (
        await fetch(`${fake.url}/__fake/step`, { method: "POST", body: '{"reappear":2}' })
      ).json()) as Json;
      expect(again.reappeared).toHaveLength(2);
      for (const id of again.reappeared) expect(step.removed).toContain(id);

      const state = (await (await fetch(`${fake.url}/__fake/state`)).json()) as Json;
      expect(state.notices).toBe(fake.notices().length);
      expect(state.steps).toBe(2);
      expect(fake.requests.filter((r) => r.path.startsWith("/__fake/"))).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
