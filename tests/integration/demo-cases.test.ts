// `npm run demo`'s cases: the public ones as reported (public, with sources and H's timeline), the
// fictional ones marked so; loading twice adds nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getCase } from "../../db/queries/cases";
import { cases } from "../../db/schema/cases";
import { DEMO_FICTIONAL_COUNT, loadDemoCases } from "../../db/seed/demo-cases";
import { PUBLIC_VIEWER } from "../../lib/visibility";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe(`demo cases (${testDbKind()})`, () => {
  it("loads the public cases as reported and the fictional ones, once", async () => {
    expect(await loadDemoCases(database.db)).toEqual({ public: 15, fictional: DEMO_FICTIONAL_COUNT });
    expect(await loadDemoCases(database.db)).toEqual({ public: 15, fictional: DEMO_FICTIONAL_COUNT });
    const [h] = await database.db.select({ reference: cases.reference }).from(cases).where(eq(cases.key, "h-bordeaux"));
    const detail = await getCase(database.db, PUBLIC_VIEWER, h!.reference);
    expect(detail?.case.provenance).toBe("as_reported");
    expect(detail?.events.map((e) => e.kind)).toContain("relative_detained");
    expect(detail?.sources.length).toBe(3);
    const [{ n }] = (await database.db.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(cases).where(sql`${cases.provenance} = 'fictional' and ${cases.legalName} is not null`)) as [{ n: number }];
    expect(n).toBeGreaterThan(0);
  });
});
