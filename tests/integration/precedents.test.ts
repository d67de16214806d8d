// Precedents over a fixture of 35 decisions modelled on published ones (tests/fixtures/decisions.csv),
// imported the way an operator would: ranking, highlights, facets equal to direct counts, languages,
// and what a viewer must never see (a restricted decision carries the canary CANARY-RESTRICTED).
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as csvRoute from "../../app/routes/precedents[.]csv";
import { exportDecisions, importDecisions, searchDecisions, setDecisionDeleted, similarDecisions, getDecision, type DecisionFilters } from "../../db/queries/decisions";
import { decisions } from "../../db/schema/cases";
import { loadDemoDecisions } from "../../db/seed/demo-decisions";
import { parseDecisionCsv } from "../../lib/decision-csv";
import { MARK_START } from "../../lib/precedent-search";
import { viewerOf, type Viewer } from "../../lib/visibility";
import { createUserWithSession } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";
import { loaderArgs } from "../support/remix";
import { openDatabase } from "../../db/client";

let database: TestDatabase;
let editor: Viewer;
let viewer: Viewer;
let viewerCookie: string;
const CANARY = "CANARY-RESTRICTED";

beforeAll(async () => {
  database = await createTestDatabase();
  const parsed = parseDecisionCsv(readFileSync("tests/fixtures/decisions.csv", "utf8"));
  expect(parsed.errors).toEqual([]);
  expect(parsed.decisions.length).toBeGreaterThanOrEqual(30);
  const result = await importDecisions(database.db, { userId: null }, parsed.decisions);
  expect(result.errors).toEqual([]);
  const e = await createUserWithSession(database, "editor");
  const v = await createUserWithSession(database, "viewer");
  editor = viewerOf(e.user);
  viewer = viewerOf(v.user);
  viewerCookie = v.cookie;
}, 120_000);
afterAll(async () => {
  await database?.close();
});

const search = (v: Viewer, f: DecisionFilters, limit = 50) => searchDecisions(database.db, v, f, { limit });

describe(`precedents (${testDbKind()})`, () => {
  it("finds refusals of extradition to Russia on political grounds first, ranked, with highlights", async () => {
    const r = await search(viewer, { q: "Russia political extradition refused" });
    expect(r.total).toBeGreaterThan(3);
    const top = r.hits.slice(0, 4);
    for (const h of top) {
      expect(h.requestingCountry, h.citation).toBe("RU");
      expect(["extradition_refused", "decree_annulled"], h.citation).toContain(h.outcome);
      expect(h.grounds, h.citation).toContain("political_character");
    }
    expect(top.map((h) => h.rank)).toEqual([1, 2, 3, 4]);
    expect(r.hits.every((h, i) => i === 0 || r.hits[i - 1]!.score >= h.score)).toBe(true);
    expect(top.filter((h) => h.snippet?.includes(MARK_START)).length).toBeGreaterThan(0);
  });

  it("puts H's Bordeaux decision first for China political extradition refused", async () => {
    const r = await search(viewer, { q: "China political extradition refused" });
    expect(r.hits[0]?.citation).toContain("Bordeaux");
  });

  it("never comes back empty because one word is absent, and says when nothing matches", async () => {
    const r = await search(viewer, { q: "Zakayev torture xylophoneword" });
    expect(r.hits[0]?.citation).toContain("Zakayev");
    const none = await search(viewer, { q: "xylophoneword quuxfrobnicate" });
    expect(none.total).toBe(0);
    expect(none.nothingMatched).toBe(true);
  });

  it("understands phrases and exclusions", async () => {
    const phrase = await search(viewer, { q: '"death row"' });
    expect(phrase.hits.map((h) => h.citation)).toEqual([expect.stringContaining("Soering")]);
    const all = await search(viewer, { q: "Russia torture" });
    const minus = await search(viewer, { q: "Russia torture -Chechen" });
    expect(minus.total).toBeLessThan(all.total);
    expect(minus.hits.some((h) => /Zakayev|Shamayev/.test(h.citation))).toBe(false);
  });

  it("finds a French decision by an English query through its grounds, and by a French query through its text", async () => {
    const en = await search(viewer, { q: "China political character" });
    expect(en.hits.slice(0, 3).map((h) => h.citation)).toContainEqual(expect.stringContaining("Bordeaux"));
    const fr = await search(viewer, { q: "sœur arrêtée vice-ministre" });
    expect(fr.hits[0]?.citation).toContain("Bordeaux");
    const stem = await search(viewer, { q: "opposants régime kazakh" });
    expect(stem.hits[0]?.citation).toContain("Ablyazov");
  });

  it("finds a party's name in another spelling or script", async () => {
    const r = await search(viewer, { q: "Zakaev" });
    expect(r.hits[0]?.citation).toContain("Zakayev");
    const accents = await search(viewer, { q: "Dogan Akhanli" });
    expect(accents.hits[0]?.citation).toContain("Akhanlı");
  });

  it("counts facets that equal a direct count for the same filter", async () => {
    const filters: DecisionFilters = { q: "extradition torture", grounds: ["torture_or_ill_treatment_risk"] };
    const r = await search(viewer, filters, 200);
    expect(r.hits.length).toBe(r.total);
    for (const facet of ["forum", "outcome", "requesting_country", "jurisdiction"] as const) {
      for (const { key, count } of r.facets[facet]) {
        const narrowed = await search(viewer, { ...filters, [facet]: [key] }, 200);
        expect(narrowed.total, `${facet}=${key}`).toBe(count);
      }
    }
    for (const { key, count } of r.facets.grounds) {
      expect(r.hits.filter((h) => h.grounds.includes(key)).length, key).toBe(count);
    }
    for (const { key, count } of r.facets.year) {
      const narrowed = await search(viewer, { ...filters, year_from: Number(key), year_to: Number(key) }, 200);
      expect(narrowed.total, key).toBe(count);
    }
    // Without text: a direct SQL count over what a viewer may see.
    const rows = await database.rows<{ n: number }>(
      sql`select count(*)::int as n from decisions where requesting_country = 'RU' and deleted_at is null and visibility <> 'restricted'`,
    );
    const ru = await search(viewer, { requesting_country: ["RU"] });
    expect(ru.total).toBe(Number(rows[0]!.n));
  });

  it("offers similar decisions: shared grounds and the same requesting state first", async () => {
    const [zak] = await database.db.select().from(decisions).where(sql`citation like '%Zakayev%'`);
    const similar = await similarDecisions(database.db, viewer, zak!.id);
    expect(similar.length).toBeGreaterThan(2);
    expect(similar[0]!.requestingCountry).toBe("RU");
    expect(similar[0]!.sharedGrounds.length).toBeGreaterThan(0);
  });

  it("never shows a viewer a restricted decision: results, facets, similar lists, the CSV", async () => {
    const asEditor = await search(editor, { q: "Russia political" }, 200);
    expect(asEditor.hits.some((h) => h.citation.includes(CANARY))).toBe(true);
    const asViewer = await search(viewer, { q: "Russia political" }, 200);
    expect(JSON.stringify(asViewer)).not.toContain(CANARY);
    expect(asEditor.total).toBe(asViewer.total + 1);
    const sumOf = (s: typeof asViewer) => s.facets.forum.reduce((a, b) => a + b.count, 0);
    expect(sumOf(asViewer)).toBe(asViewer.total);
    expect(asViewer.facets.year.find((y) => y.key === "2023")).toBeUndefined();
    const [zak] = await database.db.select().from(decisions).where(sql`citation like '%Zakayev%'`);
    expect(JSON.stringify(await similarDecisions(database.db, viewer, zak!.id, 50))).not.toContain(CANARY);
    expect(JSON.stringify(await similarDecisions(database.db, editor, zak!.id, 50))).toContain(CANARY);
    const [canary] = await database.db.select().from(decisions).where(sql`citation like ${`%${CANARY}%`}`);
    expect(await getDecision(database.db, viewer, canary!.id)).toBeNull();
    expect(await similarDecisions(database.db, viewer, canary!.id)).toEqual([]);
    const csv = (await csvRoute.loader(loaderArgs(database, "/precedents.csv?q=Russia+political", { headers: { cookie: viewerCookie } }))) as Response;
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).not.toContain(CANARY);
    expect(text).toContain("Zakayev");
  });

  it("exports in the page's order, rank first", async () => {
    const f: DecisionFilters = { q: "China torture assurances" };
    const page = await search(viewer, f, 200);
    const rows = await exportDecisions(database.db, viewer, f);
    expect(rows.map((r) => r.citation)).toEqual(page.hits.map((h) => h.citation));
    expect(rows.map((r) => r.rank)).toEqual(page.hits.map((_, i) => i + 1));
    const csv = (await csvRoute.loader(loaderArgs(database, "/precedents.csv?q=China+torture+assurances", { headers: { cookie: viewerCookie } }))) as Response;
    const lines = (await csv.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]!.startsWith('"rank","citation"')).toBe(true);
    expect(lines.length - 1).toBe(page.total);
  });

  it("re-importing updates by citation, and a bad file writes nothing", async () => {
    const text = readFileSync("tests/fixtures/decisions.csv", "utf8");
    const again = await importDecisions(database.db, { userId: null }, parseDecisionCsv(text).decisions);
    expect(again).toMatchObject({ created: 0, updated: 0, errors: [] });
    const bad = parseDecisionCsv(
      "citation,forum,outcome,decided_on,grounds\nNew one,ccf,notice_deleted,2021,political_character\nBad one,nowhere,notice_deleted,2021-13,\n",
    );
    expect(bad.errors.map((e) => [e.row, e.column])).toEqual([
      [2, "forum"],
      [2, "decided_on"],
    ]);
  });

  it("loads the demo's fictional decisions once, marked as such, in several languages", async () => {
    expect(await loadDemoDecisions(database.db, 120)).toBe(120);
    expect(await loadDemoDecisions(database.db, 120)).toBe(0);
    const rows = await database.rows<{ provenance: string; languages: number; n: number }>(
      sql`select provenance, count(distinct language)::int as languages, count(*)::int as n from decisions where citation like '[Fictional]%' group by provenance`,
    );
    expect(rows).toEqual([{ provenance: "fictional", languages: expect.any(Number), n: 120 }]);
    expect(rows[0]!.languages).toBeGreaterThan(4);
    const r = await search(editor, { q: "fictional torture" }, 5);
    expect(r.hits.every((h) => h.provenance === "fictional")).toBe(true);
  });

  it("matches phrases in the full text only where the words are adjacent, and forgets a deleted decision", async () => {
    // Full texts only (the summary empty), so the side table's pairs and positions are what decide.
    const csv = [
      "citation,forum,outcome,decided_on,summary,full_text,language,visibility",
      'Phrase probe adjacent,extradition_court,extradition_refused,2020,,"The court weighed the quokka zebra doctrine at length and the narwhal ibis okapi test.",en,internal',
      'Phrase probe apart,extradition_court,extradition_refused,2020,,"A zebra was seen; no quokka doctrine applies. The okapi, the ibis and the narwhal.",en,internal',
    ].join("\n");
    const parsed = parseDecisionCsv(csv);
    expect(parsed.errors).toEqual([]);
    expect((await importDecisions(database.db, { userId: null }, parsed.decisions)).errors).toEqual([]);
    const cites = async (q: string) => (await search(viewer, { q })).hits.map((h) => h.citation);
    expect(await cites('"quokka zebra"')).toEqual(["Phrase probe adjacent"]);
    expect(await cites('"zebra quokka"')).toEqual([]);
    expect(await cites('"narwhal ibis okapi"')).toEqual(["Phrase probe adjacent"]);
    expect(await cites('"okapi ibis narwhal"')).toEqual([]);
    expect((await cites("quokka zebra")).sort()).toEqual(["Phrase probe adjacent", "Phrase probe apart"]);
    expect(await cites('quokka -"quokka zebra"')).toEqual(["Phrase probe apart"]);
    const [probe] = await database.db.select().from(decisions).where(sql`citation = 'Phrase probe adjacent'`);
    const e = await createUserWithSession(database, "editor");
    await setDecisionDeleted(database.db, { kind: "user", userId: e.user.id, role: "editor" }, probe!.id, true);
    expect(await cites("quokka")).toEqual(["Phrase probe apart"]);
    const facets = await search(editor, { q: "quokka" });
    expect(facets.total).toBe(1);
    expect(facets.facets.forum).toEqual([{ key: "extradition_court", count: 1 }]);
  });
  it("counts what the database holds now, whoever changed a decision: an import, SQL, another connection", async () => {
    // Facet values are kept in memory between searches (decision 012): every kind of write must show.
    const row = (outcome: string, country: string) =>
      `Facet probe pangolin,extradition_court,${outcome},Court,GB,${country},2019,political_character,,"The pangolin doctrine.",,en,,internal,`;
    const head = "citation,forum,outcome,body,jurisdiction,requesting_country,decided_on,grounds,legal_provisions,summary,full_text,language,url,visibility,case_key";
    const write = async (outcome: string, country: string) => {
      const parsed = parseDecisionCsv(`${head}\n${row(outcome, country)}\n`);
      expect(parsed.errors).toEqual([]);
      expect(JSON.stringify((await importDecisions(database.db, { userId: null }, parsed.decisions)).errors)).toBe("[]");
    };
    const facets = async () => {
      const r = await search(viewer, { q: "pangolin" });
      return { total: r.total, outcome: r.facets.outcome, country: r.facets.requesting_country, year: r.facets.year };
    };
    await write("extradition_refused", "RU");
    expect(await facets()).toEqual({
      total: 1,
      outcome: [{ key: "extradition_refused", count: 1 }],
      country: [{ key: "RU", count: 1 }],
      year: [{ key: "2019", count: 1 }],
    });
    // Re-imported with another outcome (an update by citation).
    await write("extradition_approved", "RU");
    expect((await facets()).outcome).toEqual([{ key: "extradition_approved", count: 1 }]);
    // Plain SQL, from another connection where there is one (another process, as the CLI is).
    const other = testDbKind() === "postgres" ? await openDatabase({ url: database.url!, max: 1 }) : null;
    try {
      const rowsOn = other ? other.rows.bind(other) : database.rows.bind(database);
      await rowsOn(sql`update decisions set requesting_country = 'TR', decided_sort = '2011-05-01', decided_on = '2011-05' where citation = 'Facet probe pangolin'`);
      expect(await facets()).toMatchObject({ country: [{ key: "TR", count: 1 }], year: [{ key: "2011", count: 1 }] });
      await rowsOn(
        sql`insert into decisions (citation, forum, outcome, requesting_country, grounds, summary, language, visibility, provenance)
          values ('Facet probe pangolin 2', 'ccf', 'notice_deleted', null, '{refugee_status}', 'Another pangolin.', 'en', 'internal', 'original')`,
      );
      const two = await search(viewer, { q: "pangolin" });
      expect(two.total).toBe(2);
      expect(two.facets.requesting_country).toEqual([
        { key: "TR", count: 1 },
        { key: "unknown", count: 1 },
      ]);
      expect(two.facets.grounds).toEqual([
        { key: "political_character", count: 1 },
        { key: "refugee_status", count: 1 },
      ]);
      await rowsOn(sql`delete from decisions where citation like 'Facet probe pangolin%'`);
      expect(await facets()).toEqual({ total: 0, outcome: [], country: [], year: [] });
    } finally {
      await other?.close();
    }
  });
});
