// A click on a dashboard bar opens the cases list with the same filters: the list must then show
// exactly the cases the bar counted, for every case chart, under a period, for a viewer and an
// admin. (The cases list once ignored `from`/`to`, so a bar counted under a period opened every case.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as casesPage from "../../app/routes/cases._index";
import { chartData } from "../../db/queries/dashboard";
import { CASE_CHART_IDS, chartDef, type ChartId } from "../../lib/dashboard/charts";
import { dashboardFilterSchema, dashboardQuery, type DashboardFilters } from "../../lib/dashboard/filters";
import { viewerOf } from "../../lib/visibility";
import { callLoader, createUserWithSession } from "../support/auth";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { seedDecisions, seedVariedCases } from "../support/seed-cases";
import * as changesPage from "../../app/routes/changes._index";
import * as precedentsPage from "../../app/routes/precedents._index";
import { sql } from "drizzle-orm";
import { noticeEvents } from "../../db/schema";
import { makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol } from "../fake-interpol/server";
import { pullFrom } from "../support/pull";

let database: TestDatabase;
let fake: FakeInterpol;
const warrant = (c: string) => ({ issuing_country_id: c, charge: "Fraud", charge_translation: null });
const people: { label: string; user: { id: string; role: "viewer" | "admin" }; cookie: string }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const ids = await seedVariedCases(database.db, 120, 5);
  await seedDecisions(database.db, ids, 50, 9);
  // Notices: a baseline, then additions and a removal a week later (RU on two of them, BY with RU on one).
  fake = await startFakeInterpol({
    notices: [
      makeNotice({ entity_id: "2020/1", arrest_warrants: [warrant("RU")] }),
      makeNotice({ entity_id: "2020/2", arrest_warrants: [warrant("RU"), warrant("BY")] }),
      makeNotice({ entity_id: "2020/3", arrest_warrants: [warrant("TJ")] }),
    ],
  });
  const first = await pullFrom(database, fake.url);
  await database.db.update(noticeEvents).set({ baseline: true }).where(sql`${noticeEvents.runId} = ${first.runId!}`);
  fake.update((list) => [
    ...list.filter((n) => n.entity_id !== "2020/2"),
    makeNotice({ entity_id: "2020/4", arrest_warrants: [warrant("RU")] }),
    makeNotice({ entity_id: "2020/5", arrest_warrants: [warrant("BY"), warrant("TJ")] }),
  ]);
  await pullFrom(database, fake.url);
  for (const role of ["viewer", "admin"] as const) {
    const u = await createUserWithSession(database, role);
    people.push({ label: role, user: { id: u.user.id, role }, cookie: u.cookie });
  }
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
});

const CASE_CHARTS: readonly ChartId[] = CASE_CHART_IDS;

const FILTERS: Record<string, DashboardFilters> = {
  unfiltered: {},
  "a period": dashboardFilterSchema.parse({ from: "2012", to: "2016" }),
  "a period of days and a motive": dashboardFilterSchema.parse({ from: "2010-03-01", to: "2020-06-30", motive: "political_opposition" }),
};

async function listTotal(cookie: string, href: string): Promise<number> {
  const out = await callLoader(casesPage.loader, { database, path: href, cookie });
  expect(out.status, `${href} answered ${out.status}`).toBe(200);
  return (out.data as { list: { total: number } }).list.total;
}

describe("dashboard click-through to the cases list", () => {
  for (const [name, f] of Object.entries(FILTERS)) {
    it(`every case bar's link lists exactly the cases it counts (${name})`, async () => {
      let checked = 0;
      for (const who of people) {
        for (const id of CASE_CHARTS) {
          const data = await chartData(database.db, viewerOf(who.user), dashboardQuery(f), id);
          for (const row of data.rows.slice(0, 6)) {
            const href = chartDef(id).link(row, f);
            if (!href?.startsWith("/cases")) continue;
            // A tactic family's row counts its cases once across its tactics; it has no list of its own.
            if (id === "cases-by-tactic" && !/[?&]tactic=/.test(href)) continue;
            expect(await listTotal(who.cookie, href), `${who.label}: ${id} ${row.key} → ${href}`).toBe(row.count);
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(20);
    });
  }

  it("a week's bar of notice changes opens Changes counting the same additions and removals for that issuer", async () => {
    const viewer = people[0]!;
    const data = await chartData(database.db, viewerOf(viewer.user), dashboardQuery({}), "notice-changes-by-country");
    expect(data.rows.map((r) => r.extra?.country).sort()).toEqual(["BY", "RU", "TJ"]);
    for (const row of data.rows) {
      const href = chartDef("notice-changes-by-country").link(row, {})!;
      expect(href).toMatch(/^\/changes\?/);
      const out = await callLoader(changesPage.loader, { database, path: href, cookie: viewer.cookie });
      expect(out.status, href).toBe(200);
      const counts = (out.data as { counts: { period: string; added: number; removed: number }[] }).counts;
      const week = counts.find((c) => c.period === row.extra!.week);
      expect({ added: week?.added, removed: week?.removed }, `${row.key} → ${href}`).toEqual(row.series);
    }
  });

  for (const [name, f] of Object.entries({ unfiltered: {}, "whole years": dashboardFilterSchema.parse({ from: "2012", to: "2020" }) })) {
    it(`a year's bar of decisions opens Precedents with exactly those decisions (${name})`, async () => {
      let checked = 0;
      for (const who of people) {
        const data = await chartData(database.db, viewerOf(who.user), dashboardQuery(f), "decisions-over-time");
        for (const row of data.rows) {
          const href = chartDef("decisions-over-time").link(row, f)!;
          const out = await callLoader(precedentsPage.loader, { database, path: href, cookie: who.cookie });
          expect(out.status, href).toBe(200);
          expect((out.data as { result: { total: number } }).result.total, `${who.label}: ${row.key} → ${href}`).toBe(row.count);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(5);
    });
  }

  it("the cases list shows the period it was given and says what is wrong with a bad one", async () => {
    const admin = people[1]!;
    const bad = async (path: string) => {
      const out = await callLoader(casesPage.loader, { database, path, cookie: admin.cookie });
      expect(out.status).toBe(400);
      return out.data as { errors: Record<string, string>; raw: Record<string, string> };
    };
    expect((await bad("/cases?from=2021&to=2019")).errors.to).toMatch(/must not be before/);
    const d = await bad("/cases?began=19x&from=2019-02-30");
    expect(d.errors.began).toMatch(/year/);
    expect(d.errors.from).toMatch(/YYYY-MM-DD/);
    expect(d.raw.began).toBe("19x");
  });
});
