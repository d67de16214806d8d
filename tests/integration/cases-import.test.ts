// Import of cases from CSV: the fifteen public cases with their decisions and sources, all or
// nothing with the row and column named, re-import by key, and export → import round trip.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { importCases } from "../../db/queries/case-import";
import { caseCsvCells, exportCases, type ExportedCase } from "../../db/queries/case-export";
import { listAudit } from "../../db/queries/audit";
import { cases, decisions, sourceLinks, sources } from "../../db/schema/cases";
import { CASE_CSV_COLUMNS, parseCaseCsv } from "../../lib/case-csv";
import { toCsv } from "../../lib/csv";
import { createUserWithSession } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";

const SEED = readFileSync("db/seed/public-cases.csv", "utf8");
const CLI = { userId: null, ip: "cli" };

let a: TestDatabase;
let b: TestDatabase;
beforeAll(async () => {
  [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

async function all(db: TestDatabase, include: "public" | "internal" | "restricted" = "restricted"): Promise<ExportedCase[]> {
  const { user } = await createUserWithSession(db, "admin");
  const out: ExportedCase[] = [];
  for await (const page of exportCases(db.db, { kind: "user", userId: user.id, role: "admin" }, {}, include)) out.push(...page);
  return out;
}

describe(`import cases (${testDbKind()})`, () => {
  it("imports the fifteen public cases with their decisions and sources, and a re-import updates by key", async () => {
    const parsed = parseCaseCsv(SEED);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toHaveLength(15);
    const first = await importCases(a.db, CLI, parsed.rows);
    expect(first).toMatchObject({ created: 15, updated: 0 });
    const [{ n }] = await a.db.select({ n: count() }).from(cases);
    expect(Number(n)).toBe(15);
    const [{ d }] = await a.db.select({ d: count() }).from(decisions);
    expect(Number(d)).toBe(15);
    const h = (await a.db.select().from(cases).where(eq(cases.key, "h-bordeaux")))[0]!;
    expect(h).toMatchObject({ subjectName: "H", subjectIsPseudonym: true, requestingCountry: "CN", hostCountries: ["FR"], visibility: "internal" });
    expect(h.reference).toMatch(/^A3-2020-\d{4}$/);
    const [dec] = await a.db.select().from(decisions).where(eq(decisions.caseId, h.id));
    expect(dec!.citation).toBe("Extradition court (France), 2021-07 (h-bordeaux)");
    expect(dec!.grounds).toEqual(["political_character", "torture_or_ill_treatment_risk"]);
    const hSources = await a.db
      .select({ title: sources.title })
      .from(sourceLinks)
      .innerJoin(sources, eq(sources.id, sourceLinks.sourceId))
      .where(eq(sourceLinks.recordId, h.id));
    expect(hSources.map((s) => s.title)).toEqual(["ICIJ China Targets (2025)", "The Guardian (2025)", "Le Monde and Radio France"]);

    const sourcesBefore = Number((await a.db.select({ n: count() }).from(sources))[0]!.n);
    const again = await importCases(a.db, CLI, parseCaseCsv(SEED).rows);
    expect(again).toMatchObject({ created: 0, updated: 15 });
    expect(Number((await a.db.select({ n: count() }).from(cases))[0]!.n)).toBe(15);
    expect(Number((await a.db.select({ n: count() }).from(sources))[0]!.n)).toBe(sourcesBefore);
    expect(Number((await a.db.select({ n: count() }).from(decisions))[0]!.n)).toBe(15);
    const audits = await listAudit(a.db, { action: "cases.imported" });
    expect(audits).toHaveLength(2);
  });

  it("writes nothing when one row is bad, and names the row and the column", async () => {
    const bad = SEED.replace("coerced_testimony;business_or_asset_dispute", "politcal_opposition;business_or_asset_dispute");
    const parsed = parseCaseCsv(bad);
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors).toEqual([{ row: 1, column: "motives", message: '"politcal_opposition" is not a motive' }]);
    const lines = SEED.trim().split("\n");
    const seventh = lines.slice(0, 7).join("\n") + "\n" + lines[7]!.replace(/,CN,|,[A-Z]{2},/, ",ZZ9,") + "\n" + lines.slice(8).join("\n");
    const e7 = parseCaseCsv(seventh).errors;
    expect(e7[0]).toMatchObject({ row: 7 });
  });

  it("exports to CSV and imports that file into an empty database with the same records", async () => {
    const exported = await all(a);
    expect(exported).toHaveLength(15);
    const csv = toCsv(CASE_CSV_COLUMNS, exported.map((c) => caseCsvCells(c, true)));
    const parsed = parseCaseCsv(csv);
    expect(parsed.errors).toEqual([]);
    await importCases(b.db, CLI, parsed.rows);
    const again = await all(b);
    const strip = (list: ExportedCase[]) =>
      list
        .map(({ id: _i, reference: _r, updatedAt: _u, ...c }) => c)
        .sort((x, y) => x.key.localeCompare(y.key));
    expect(strip(again)).toEqual(strip(exported));
  });

  it("dry run counts and writes nothing", async () => {
    const c = await createTestDatabase();
    try {
      const out = await importCases(c.db, CLI, parseCaseCsv(SEED).rows, { dryRun: true });
      expect(out).toMatchObject({ created: 15, updated: 0 });
      expect(Number((await c.db.select({ n: count() }).from(cases))[0]!.n)).toBe(0);
    } finally {
      await c.close();
    }
  });
});
