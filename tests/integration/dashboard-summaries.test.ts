// The dashboard's summaries (migration dashboard_summaries, decision 013) are kept by triggers in
// the same transaction as the pull's writes: after pulls that add, remove, bring back and re-issue
// notices (and a baseline), and after case edits, each summary equals a count of the live tables
// written here, and equals what the migration's backfill counts afresh.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../db/client";
import { noticeEvents } from "../../db/schema";
import { makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol } from "../fake-interpol/server";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";
import { pullFrom } from "../support/pull";
import { insertCase } from "../support/seed-cases";

let database: TestDatabase;
let fake: FakeInterpol;
const warrant = (c: string) => ({ issuing_country_id: c, charge: "Fraud", charge_translation: null });

async function query(text: string): Promise<Record<string, unknown>[]> {
  return rowsOf<Record<string, unknown>>(await database.db.execute(sql.raw(text)));
}

/** Rows as sorted strings, zero rows left out (a summary may keep a row whose count fell to zero). */
async function table(text: string): Promise<string[]> {
  return (await query(text)).map((r) => Object.values(r).map(String).join("|")).sort();
}

const COUNTED = `(e.kind = 'removed' or (e.kind = 'added' and not e.baseline))`;
const DELTA = `case when e.kind in ('added', 'reappeared') then 1 when e.kind = 'removed' then -1 else 0 end`;

/** The notice summaries as kept, and as counted directly from notice_events and notices. */
async function noticeSummaries() {
  return {
    changes: await table(`select day::text, country, added, removed from dashboard_notice_changes where added <> 0 or removed <> 0`),
    perNotice: await table(`select entity_id, n from dashboard_notice_change_counts where n <> 0`),
    runs: await table(`select run_id, country, delta, events from dashboard_run_changes where events <> 0`),
  };
}
async function noticeCountsLive() {
  return {
    changes: await table(`select (e.occurred_at at time zone 'UTC')::date::text, c, count(*) filter (where e.kind = 'added') as added, count(*) filter (where e.kind = 'removed') as removed
      from notice_events e join notices n on n.entity_id = e.entity_id cross join lateral unnest(n.warrant_countries) c where ${COUNTED} group by 1, 2`),
    perNotice: await table(`select e.entity_id, count(*) from notice_events e where ${COUNTED} group by 1`),
    runs: await table(`select e.run_id, '' as c, sum(${DELTA}) as delta, count(*) as events from notice_events e where e.kind <> 'changed' group by 1
      union all
      select e.run_id, c, sum(${DELTA}) as delta, count(*) as events from notice_events e join notices n on n.entity_id = e.entity_id
        cross join lateral (select distinct w from unnest(n.warrant_countries) w) cs(c) where e.kind <> 'changed' group by 1, 2`),
  };
}

const caseCounts = () => table(`select visibility, dim, key, key2, n from dashboard_case_counts where n <> 0`);

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeInterpol({
    notices: [
      makeNotice({ entity_id: "2021/1", arrest_warrants: [warrant("RU")] }),
      makeNotice({ entity_id: "2021/2", arrest_warrants: [warrant("RU"), warrant("BY")] }),
      makeNotice({ entity_id: "2021/3", arrest_warrants: [warrant("TJ")] }),
      makeNotice({ entity_id: "2021/4", arrest_warrants: [warrant("TR"), warrant("TR")] }),
    ],
    now: new Date("2026-11-02T00:00:00Z"),
  });
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
});

describe(`dashboard summaries (${testDbKind()})`, () => {
  it("equal the live counts after pulls with additions, removals, reappearances, re-issued warrants and a baseline", async () => {
    const db = database.db;
    const first = await pullFrom(database, fake.url);
    // The first pull's additions are the baseline (an update of the events, as an older store's migration did).
    await db.update(noticeEvents).set({ baseline: true }).where(sql`${noticeEvents.runId} = ${first.runId!} and ${noticeEvents.kind} = 'added'`);
    expect(await noticeSummaries()).toEqual(await noticeCountsLive());
    expect((await noticeSummaries()).changes).toEqual([]); // a baseline is not news

    // Second pull: one removed, two new, one re-issued by another country (its events move with it).
    fake.update((list) => [
      ...list.filter((n) => n.entity_id !== "2021/3" && n.entity_id !== "2021/1"),
      makeNotice({ entity_id: "2021/1", arrest_warrants: [warrant("BY")] }),
      makeNotice({ entity_id: "2021/5", arrest_warrants: [warrant("TJ")] }),
      makeNotice({ entity_id: "2021/6", arrest_warrants: [warrant("RU"), warrant("KZ")] }),
    ]);
    await pullFrom(database, fake.url);
    const afterSecond = await noticeSummaries();
    expect(afterSecond).toEqual(await noticeCountsLive());
    expect(afterSecond.changes.length).toBeGreaterThan(0);
    expect(afterSecond.runs.some((r) => r.includes("|-1|") || r.includes("|1|"))).toBe(true);

    // Third pull: the removed one comes back, another goes.
    fake.update((list) => [
      ...list.filter((n) => n.entity_id !== "2021/5"),
      makeNotice({ entity_id: "2021/3", arrest_warrants: [warrant("TJ")] }),
    ]);
    await pullFrom(database, fake.url);
    const kinds = (await query(`select distinct kind from notice_events`)).map((r) => String(r.kind)).sort();
    expect(kinds).toEqual(expect.arrayContaining(["added", "reappeared", "removed"]));
    expect(await noticeSummaries()).toEqual(await noticeCountsLive());

    // Rewriting history (not what a pull does, but nothing can make the summary disagree).
    await db.execute(sql`delete from notice_events where entity_id = '2021/6'`);
    await db.execute(sql`update notice_events set occurred_at = occurred_at - interval '9 days' where entity_id = '2021/3'`);
    expect(await noticeSummaries()).toEqual(await noticeCountsLive());

    // The migration's backfill counts the same afresh.
    const kept = await noticeSummaries();
    await db.execute(sql`select dashboard_summaries_rebuild()`);
    expect(await noticeSummaries()).toEqual(kept);
  });

  it("case counts follow inserts, edits, soft and hard deletes", async () => {
    const db = database.db;
    const a = await insertCase(db, { requestingCountry: "RU", hostCountries: ["FR", "DE"], motives: ["political_opposition"], visibility: "public", yearFrom: 2019 });
    const b = await insertCase(db, { requestingCountry: "TJ", hostCountries: [], motives: [], tactics: ["red_notice"], visibility: "restricted" });
    await insertCase(db, { requestingCountry: null, hostCountries: ["PL"], visibility: "internal", yearFrom: 2020 });
    await db.execute(sql`update cases set visibility = 'internal', motives = array['journalism_media', 'political_opposition'] where id = ${a}`);
    await db.execute(sql`update cases set deleted_at = now() where id = ${b}`);
    const kept = await caseCounts();
    expect(kept).toContain("internal|pair|RU|FR|1");
    expect(kept).toContain("internal|motive|journalism_media||1");
    expect(kept.some((r) => r.startsWith("restricted|"))).toBe(false); // the deleted case counts nowhere
    await db.execute(sql`select dashboard_summaries_rebuild()`);
    expect(await caseCounts()).toEqual(kept);
    await db.execute(sql`delete from cases where id = ${b}`);
    expect(await caseCounts()).toEqual(kept);
  });
});
