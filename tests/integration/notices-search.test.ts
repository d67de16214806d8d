// The notices search as an analyst uses it, on a store filled by a real pull from the fake
// Interpol (1,500 generated notices shaped like the real set, plus the people the searches look
// for): ranking, transliteration, spelling variants, stemmed charges, and bad input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as noticesLoader } from "../../app/routes/notices._index";
import { loader as csvLoader } from "../../app/routes/notices[.]csv";
import { parseCsv } from "../../lib/csv";
import { interpolNoticeUrl } from "../../lib/notice-id";
import { generateNotices, makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol } from "../fake-interpol/server";
import { createUserWithSession } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";
import { pullFrom } from "../support/pull";
import { answered, loaderArgs } from "../support/remix";

let database: TestDatabase;
let fake: FakeInterpol;
let viewer: { user: { id: string }; cookie: string };

const ru = (charge: string) => [{ issuing_country_id: "RU", charge, charge_translation: null }];
const people = [
  makeNotice({ entity_id: "2015/900001", name: "IVANOV", forename: "SERGEY", nationalities: ["RU"], date_of_birth: "1971/03/02", arrest_warrants: ru("Убийство") }),
  makeNotice({ entity_id: "2015/900002", name: "IVANOV", forename: "SERGEY", nationalities: ["RU"], date_of_birth: "1985/11/20", arrest_warrants: ru("Убийство") }),
  makeNotice({ entity_id: "2015/900003", name: "IVANOV", forename: "SERGEY PETROVICH", nationalities: ["RU"], arrest_warrants: ru("Убийство") }),
  makeNotice({ entity_id: "2015/900004", name: "IVANOV", forename: "SERGEI", nationalities: ["RU"], arrest_warrants: ru("Убийство") }),
  makeNotice({ entity_id: "2015/900005", name: "ALIENKO", forename: "SERGEY", nationalities: ["UA"], arrest_warrants: ru("Убийство") }),
  makeNotice({ entity_id: "2015/900006", name: "PETROV", forename: "ANDREY", nationalities: ["RU"], arrest_warrants: ru("Убийство") }),
  // Stored in Cyrillic: a Latin query must find it.
  makeNotice({ entity_id: "2015/900007", name: "ЖУКОВ", forename: "АЛЕКСАНДР", nationalities: ["RU"], arrest_warrants: ru("Убийство") }),
  // A charge in an inflected form (genitive): the nominative query must find it by its stem.
  makeNotice({
    entity_id: "2015/900008",
    name: "KUZNETSOVA",
    forename: "OLGA",
    nationalities: ["RU"],
    arrest_warrants: ru("Совершение мошенничества группой лиц по предварительному сговору (ч. 3 ст. 159 УК РФ)"),
  }),
  makeNotice({
    entity_id: "2015/900009",
    name: "QUINTANILLA",
    forename: "WALTER",
    nationalities: ["SV"],
    arrest_warrants: [{ issuing_country_id: "SV", charge: "Homicidios agravados y extorsiones", charge_translation: null }],
  }),
  makeNotice({
    entity_id: "2015/900010",
    name: "MOHAMMED",
    forename: "ALI",
    nationalities: ["EG"],
    arrest_warrants: [{ issuing_country_id: "EG", charge: "Escroqueries en bande organisée", charge_translation: null }],
  }),
  makeNotice({
    entity_id: "2015/900011",
    name: "HALILOVIC",
    forename: "ENES",
    nationalities: [],
    arrest_warrants: [{ issuing_country_id: "922", charge: "Crimes against humanity", charge_translation: null }],
  }),
];

const as = (path: string) => loaderArgs(database, path, { headers: { cookie: viewer.cookie } });
const list = async (path: string) => answered(await noticesLoader(as(path)));
const ids = async (q: string, extra = "") => (await list(`/notices?q=${encodeURIComponent(q)}${extra}`)).data.rows.map((r) => r.entityId);
/** Every match of `q`, page after page, in order. */
async function allIds(q: string): Promise<string[]> {
  const out: string[] = [];
  for (let page = 1; ; page++) {
    const { data } = await list(`/notices?q=${encodeURIComponent(q)}&page=${page}`);
    out.push(...data.rows.map((r) => r.entityId));
    if (page >= data.pages) return out;
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeInterpol({ notices: [...generateNotices({ count: 1500, seed: 11 }), ...people] });
  viewer = await createUserWithSession(database, "viewer");
  const run = await pullFrom(database, fake.url);
  expect(run.status).toBe("succeeded");
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
});

describe(`Notices search (${testDbKind()})`, () => {
  it('"Ivanov Sergey": the exact name first, then its name parts, then other spellings, then the rest', async () => {
    const { status, data } = await list("/notices?q=Ivanov%20Sergey");
    expect(status).toBe(200);
    expect(data.sort).toBe("relevance");
    const order = data.rows.map((r) => r.entityId);
    expect(order.slice(0, 2)).toEqual(["2015/900001", "2015/900002"]);
    expect(order[2]).toBe("2015/900003"); // every word typed, plus a patronymic
    expect(order[3]).toBe("2015/900004"); // SERGEI for SERGEY
    // ALIENKO, SERGEY shares only the forename: if listed at all, after every IVANOV SERGEY.
    const alienko = order.indexOf("2015/900005");
    expect(alienko === -1 || alienko > 3).toBe(true);
    // Either order of the name, and another spelling: the same people on top.
    expect((await ids("Sergey Ivanov")).slice(0, 2)).toEqual(["2015/900001", "2015/900002"]);
    const sergei = await ids("Sergei Ivanov");
    expect(sergei[0]).toBe("2015/900004");
    expect(sergei.slice(1, 3).sort()).toEqual(["2015/900001", "2015/900002"]);
    // Sorting by name instead lists the same matches alphabetically.
    const byName = (await list("/notices?q=Ivanov%20Sergey&sort=name")).data;
    expect(byName.total).toBe(data.total);
    const names = byName.rows.map((r) => `${r.name} ${r.forename}`);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));
  });

  it("names typed in another script find their transliteration, and back", async () => {
    // Every PETROV comes before anything else, ANDREY among them.
    const petrov = (await list(`/notices?q=${encodeURIComponent("Петров")}`)).data.rows;
    const firstOther = petrov.findIndex((r) => r.name !== "PETROV");
    const petrovs = petrov.slice(0, firstOther === -1 ? petrov.length : firstOther);
    expect(petrovs.map((r) => r.entityId)).toContain("2015/900006");
    expect(petrov.slice(petrovs.length).every((r) => r.name !== "PETROV")).toBe(true);
    expect((await ids("Иванов Сергей")).slice(0, 2)).toEqual(["2015/900001", "2015/900002"]);
    // Stored in Cyrillic, found in Latin; Ukrainian spelling of the forename found as a variant.
    expect(await ids("Zhukov")).toContain("2015/900007");
    expect((await ids("Aleksandr Zhukov"))[0]).toBe("2015/900007");
    expect((await ids("Alexander Zhukov"))[0]).toBe("2015/900007");
    expect((await ids("Олександр Жуков"))[0]).toBe("2015/900007");
    // Arabic script (written without vowels), and a variant spelling: MOHAMMED ALI among the first,
    // and before MAHMOOD, whose consonants are the same but who has no ALI.
    for (const q of ["محمد علي", "Muhammad Ali"]) {
      const found = (await list(`/notices?q=${encodeURIComponent(q)}`)).data.rows;
      const at = found.findIndex((r) => r.entityId === "2015/900010");
      expect(at, q).toBeGreaterThanOrEqual(0);
      expect(found.slice(0, at).every((r) => /MOHAMMED|MUHAMMAD|MOHAMED|MOHAMMAD/.test(`${r.name} ${r.forename}`) && /\bALI\b/.test(`${r.name} ${r.forename}`)), q).toBe(true);
    }
  });

  it("charges are searched per language, inflected forms included", async () => {
    // The nominative query finds the genitive "мошенничества", ranked below the exact word's notices.
    const fraud = await allIds("мошенничество");
    expect(fraud).toContain("2015/900008");
    expect(await ids("homicidio")).toContain("2015/900009");
    expect(await ids("escroquerie")).toContain("2015/900010");
    expect(await ids("humanity")).toContain("2015/900011");
    // A name and a charge together.
    expect((await ids("Kuznetsova мошенничество"))[0]).toBe("2015/900008");
  });

  it("what people type is cleaned, and wildcards match only themselves", async () => {
    // A zero-width space (and a bidi mark) inside the name.
    expect((await ids("Iva\u200Bnov Ser\u200Egey")).slice(0, 2)).toEqual(["2015/900001", "2015/900002"]);
    const everything = (await list("/notices")).data.total;
    for (const q of ["%", "_", "%%", "\\", "%_%"]) {
      const { status, data } = await list(`/notices?q=${encodeURIComponent(q)}`);
      expect(status).toBe(200);
      expect(data.total).toBeLessThan(everything);
      expect(data.total).toBe(0);
    }
    // NUL: stripped, the page answers as without it.
    const nul = await list("/notices?q=%00");
    expect(nul.status).toBe(200);
    expect(nul.data.total).toBe(everything);
  });

  it("bad filters answer 400 with a message per field, the values typed, and no results", async () => {
    const cases: Array<[string, string[]]> = [
      [`q=${"x".repeat(201)}`, ["q"]],
      ["ageMin=200", ["ageMin"]],
      ["ageMin=abc", ["ageMin"]],
      ["ageMin=40&ageMax=30", ["ageMax"]],
      ["page=0", ["page"]],
      ["sort=shoe-size", ["sort"]],
      ["issuer=Narnia&sex=Q", ["issuer", "sex"]],
    ];
    for (const [query, fields] of cases) {
      const { status, data } = await list(`/notices?${query}`);
      expect(status, query).toBe(400);
      expect(Object.keys(data.errors).sort(), query).toEqual(fields.sort());
      expect(data.rows, query).toEqual([]);
      expect(data.total, query).toBe(0);
      for (const [k, v] of new URLSearchParams(query)) expect(data.raw[k], query).toBe(v);
    }
    // A country by name is read as its code.
    const russia = await list("/notices?nationality=Russia&q=Ivanov");
    expect(russia.status).toBe(200);
    expect(russia.data.filters.nationality).toBe("RU");
    // A page past the last says so, with the number of the last page.
    const past = await list("/notices?page=99999");
    expect(past.status).toBe(404);
    expect(past.data.pastLast).toBe(true);
    expect(past.data.rows).toEqual([]);
    expect(past.data.pages).toBe(Math.ceil(past.data.total / past.data.perPage));
  });

  it("country selects: sorted by name with counts; special issuers apart, never states", async () => {
    const { data } = await list("/notices");
    const ruCount = data.nationalities.find((o) => o.code === "RU")!.count;
    const ruTotal = (await list("/notices?nationality=RU")).data.total;
    expect(ruCount).toBe(ruTotal);
    expect(data.issuers.find((o) => o.code === "922")?.count).toBeGreaterThanOrEqual(1);
    expect(data.nationalities.some((o) => o.code === "922")).toBe(false);
  });

  it("the placeholder suggests a search that finds something", async () => {
    const { data } = await list("/notices");
    const terms = data.placeholder.replace(/^e\.g\. /, "").split(", ");
    expect(terms.length).toBeGreaterThanOrEqual(1);
    for (const t of terms) expect((await list(`/notices?q=${encodeURIComponent(t)}`)).data.total, t).toBeGreaterThan(0);
  });

  it("CSV: the same search and validation as the list, and a link to Interpol's page", async () => {
    const q = "Ivanov Sergey";
    const total = (await list(`/notices?q=${encodeURIComponent(q)}`)).data.total;
    const res = (await csvLoader(as(`/notices.csv?q=${encodeURIComponent(q)}`))) as Response;
    expect(res.status).toBe(200);
    const csv = parseCsv(await res.text());
    expect(csv.rows).toHaveLength(total);
    expect(csv.columns).toContain("interpol_url");
    const exact = csv.rows.find((r) => r.values.entity_id === "2015/900001")!;
    expect(exact.values.interpol_url).toBe(interpolNoticeUrl("2015/900001"));
    expect(interpolNoticeUrl("2015/900001")).toBe("https://www.interpol.int/How-we-work/Notices/Red-Notices/View-Red-Notices#2015-900001");

    for (const bad of ["ageMin=abc", `q=${"y".repeat(201)}`, "ageMin=200"]) {
      const r = (await csvLoader(as(`/notices.csv?${bad}`))) as Response;
      expect(r.status, bad).toBe(400);
      expect(r.headers.get("content-type")).toContain("text/plain");
      expect(await r.text()).toMatch(/Age from|Name or charge/);
    }
    const nul = (await csvLoader(as("/notices.csv?q=%00"))) as Response;
    expect(nul.status).toBe(200);
  });
});
