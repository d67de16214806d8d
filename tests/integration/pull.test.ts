// The pull against the fake Interpol over real HTTP, on a real database: the events it records
// are what lawyers will cite, so each scenario checks exactly which events exist and no others.
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRun } from "../../db/queries/runs";
import { noticeCaptures, noticeEvents, notices } from "../../db/schema";
import { generateNotices, makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol, type FakeNotice } from "../fake-interpol/server";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";
import { pullFrom } from "../support/pull";
import { idToSlug } from "../../lib/notice-id";

let database: TestDatabase;
let fake: FakeInterpol;

// ~900 generated notices (about 45% Russian, so RU needs splitting by sex and age), plus notices
// that only the warrant-country split can reach (no nationality) and multi-nationality ones.
const base = generateNotices({ count: 900, seed: 7 });
const stateless = [
  makeNotice({ entity_id: "2019/11111", name: "NOBODY", forename: "STATELESS", nationalities: [], arrest_warrants: [{ issuing_country_id: "TR", charge: "Membership of an armed organisation", charge_translation: null }] }),
  makeNotice({ entity_id: "2018/22222", name: "NULLDOB", forename: null, date_of_birth: null, nationalities: [], arrest_warrants: [{ issuing_country_id: "914", charge: "Crimes against humanity", charge_translation: null }] }),
];
const multi = makeNotice({ entity_id: "2022/33333", name: "DUAL", forename: "CITIZEN", nationalities: ["RU", "IL", "DE"] });
const initial: FakeNotice[] = [...base, ...stateless, multi];

async function storedIds(status?: "active" | "removed") {
  const rows = await database.db
    .select({ id: notices.entityId })
    .from(notices)
    .where(status ? eq(notices.status, status) : undefined);
  return rows.map((r) => r.id).sort();
}
async function eventsOfRun(runId: number) {
  return database.db
    .select({ entityId: noticeEvents.entityId, kind: noticeEvents.kind, changes: noticeEvents.changes })
    .from(noticeEvents)
    .where(eq(noticeEvents.runId, runId))
    .orderBy(asc(noticeEvents.entityId));
}

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeInterpol({ notices: initial, now: new Date("2026-11-01T00:00:00Z") });
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
});

describe.sequential(`pull from the fake Interpol (${testDbKind()})`, () => {
  let firstRun = 0;

  it("first pull stores every notice exactly once, including ones only a split can reach", async () => {
    const ruCount = initial.filter((n) => n.nationalities.includes("RU")).length;
    expect(ruCount).toBeGreaterThan(300); // the scenario really needs splitting
    const s = await pullFrom(database, fake.url);
    firstRun = s.runId!;
    expect(s.status).toBe("succeeded");
    expect(s.added).toBe(initial.length);
    expect(s.seen).toBe(initial.length);
    expect(s.coverage).toBe(1);
    expect(await storedIds("active")).toEqual(initial.map((n) => n.entity_id).sort());
    const events = await eventsOfRun(firstRun);
    expect(events).toHaveLength(initial.length);
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(["added"]));

    // Fields normalised as documented; special issuers kept; raw JSON and evidence kept.
    const [nulldob] = await database.db.select().from(notices).where(eq(notices.entityId, "2018/22222"));
    expect(nulldob).toMatchObject({ forename: null, birthDate: null, nationalities: [], warrantCountries: ["914"] });
    const [dual] = await database.db.select().from(notices).where(eq(notices.entityId, "2022/33333"));
    expect(dual!.nationalities).toEqual(["DE", "IL", "RU"]);
    expect((dual!.raw as { entity_id: string }).entity_id).toBe("2022/33333");
    const [cap] = await database.db.select().from(noticeCaptures).where(eq(noticeCaptures.entityId, "2022/33333"));
    expect(JSON.parse(cap!.body.toString("utf8")).entity_id).toBe("2022/33333");
    expect(cap!.url).toMatch(/\/notices\/v1\/red\/2022-33333$/);

    const run = await getRun(database.db, firstRun);
    expect(run).toMatchObject({ status: "succeeded", seen: initial.length, added: initial.length, phase: "done" });
    expect(run!.requests).toBeGreaterThan(initial.length); // lists + details
    expect(run!.queriesPlanned).toBeGreaterThan(200);
  });

  it("a second pull records exactly the removals, changes and additions, and keeps a notice the planner missed", async () => {
    const [r1, r2, c1, c2, missed] = [base[10]!, base[20]!, base[30]!, base[40]!, base[50]!];
    const added = [
      makeNotice({ entity_id: "2026/70001", name: "NEWMAN", forename: "ALEX", nationalities: ["AR"] }),
      makeNotice({ entity_id: "2026/70002", name: "NOVAK", forename: "JANA", nationalities: ["CZ"], sex_id: "F" }),
    ];
    fake.update((list) => [
      ...list
        .filter((n) => n.entity_id !== r1.entity_id && n.entity_id !== r2.entity_id)
        .map((n) => {
          if (n.entity_id === c1.entity_id) return { ...n, name: "CHANGEDNAME" };
          if (n.entity_id === c2.entity_id)
            return { ...n, arrest_warrants: [{ issuing_country_id: "BY", charge: "Extremism\r\nArticle 361", charge_translation: null }] };
          if (n.entity_id === missed.entity_id) return { ...n, unlisted: true };
          // Representation noise only: must not count as a change.
          if (n.entity_id === base[60]!.entity_id) return { ...n, height: n.height ? n.height : n.height === 0 ? null : 0, forename: n.forename ?? "-" };
          return n;
        }),
      ...added,
    ]);
    const s = await pullFrom(database, fake.url);
    expect(s.status).toBe("succeeded");
    const events = await eventsOfRun(s.runId!);
    const byKind = (k: string) => events.filter((e) => e.kind === k).map((e) => e.entityId).sort();
    expect(byKind("removed")).toEqual([r1.entity_id, r2.entity_id].sort());
    expect(byKind("added")).toEqual(["2026/70001", "2026/70002"]);
    expect(byKind("changed")).toEqual([c1.entity_id, c2.entity_id].sort());
    expect(byKind("reappeared")).toEqual([]);
    expect(events).toHaveLength(6);
    const nameChange = events.find((e) => e.entityId === c1.entity_id)!;
    expect(Object.keys(nameChange.changes as object)).toEqual(["name"]);
    expect((nameChange.changes as Record<string, unknown[]>).name![1]).toBe("CHANGEDNAME");
    const warrantChange = events.find((e) => e.entityId === c2.entity_id)!.changes as Record<string, unknown>;
    expect(Object.keys(warrantChange).sort()).toEqual(
      c2.arrest_warrants.some((w) => w.issuing_country_id === "BY") ? ["warrants"] : ["warrantCountries", "warrants"],
    );
    // Missed by the lists, still published: active, counted as missed, no event.
    expect(s.missed).toBe(1);
    const [m] = await database.db.select().from(notices).where(eq(notices.entityId, missed.entity_id));
    expect(m!.status).toBe("active");
    const [r] = await database.db.select().from(notices).where(eq(notices.entityId, r1.entity_id));
    expect(r!.status).toBe("removed");
    expect(r!.removedAt).toBeInstanceOf(Date);
  });

  it("a pull with one partition failing every retry ends partial and removes only what its own 404 confirms", async () => {
    fake.update((list) => list.map((n) => ({ ...n, unlisted: false })));
    // Every list query for Russia, by nationality or by warrant, fails whatever the retries, and so
    // does every query over the whole set by sex (the other way to Russian notices).
    const f1 = fake.addFault({ kind: "503", match: { path: /\/red$/, query: { nationality: "RU" } } });
    const f2 = fake.addFault({
      kind: "503",
      match: (r) => r.path === "/notices/v1/red" && (r.query.arrestWarrantCountryId === "RU" || (!!r.query.sexId && !r.query.nationality && !r.query.arrestWarrantCountryId)),
    });
    // One Russian notice really is gone; another's detail keeps failing.
    const ru = (await database.db.select().from(notices).where(sql`${notices.nationalities} = array['RU']::text[] and ${notices.status} = 'active' and ${notices.warrantCountries} = array['RU']::text[]`)).map((n) => n.entityId).sort();
    const [gone, flaky] = [ru[0]!, ru[1]!];
    fake.update((list) => list.filter((n) => n.entity_id !== gone));
    const f3 = fake.addFault({ kind: "502", match: { path: `/notices/v1/red/${idToSlug(flaky)}` } });
    try {
      const s = await pullFrom(database, fake.url);
      expect(s.status).toBe("partial");
      expect(f1.fired + f2.fired).toBeGreaterThan(0);
      const events = await eventsOfRun(s.runId!);
      expect(events.filter((e) => e.kind === "removed").map((e) => e.entityId)).toEqual([gone]);
      expect(events.filter((e) => e.kind !== "removed")).toEqual([]);
      const [fl] = await database.db.select().from(notices).where(eq(notices.entityId, flaky));
      expect(fl!.status).toBe("active");
      expect(s.unconfirmed).toBe(1);
      // Russians reached only by their own detail: hidden by the failed partition, not missed by the planner.
      expect(s.hidden).toBeGreaterThan(100);
      expect(s.missed).toBe(0);
      expect(s.partitionsAtFault).toEqual(expect.arrayContaining(["nationality=RU", "arrestWarrantCountryId=RU"]));
      const run = await getRun(database.db, s.runId!);
      expect(run!.status).toBe("partial");
      expect((run!.failedQueries as unknown[]).length).toBeGreaterThan(0);
      expect(run!.errorCount).toBeGreaterThan(0);
      expect(run!.message).toMatch(/could not be confirmed/);
      // The message names the failed partition as the cause, not the planning.
      expect(run!.message).toMatch(/nationality=RU/);
      expect(run!.message).not.toMatch(/not reachable through any list query/);
      expect(run!.hidden).toBe(s.hidden);
    } finally {
      f1.remove();
      f2.remove();
      f3.remove();
    }
  });

  it("notices that come back are 'reappeared' on the same record, history intact", async () => {
    const [removedRow] = await database.db.select().from(notices).where(eq(notices.status, "removed")).limit(1);
    const original = initial.find((n) => n.entity_id === removedRow!.entityId)!;
    fake.update((list) => [...list, { ...original, weight: 99 }]);
    const s = await pullFrom(database, fake.url);
    expect(s.status).toBe("succeeded");
    expect(s.reappeared).toBe(1);
    const history = await database.db
      .select({ kind: noticeEvents.kind, changes: noticeEvents.changes })
      .from(noticeEvents)
      .where(eq(noticeEvents.entityId, original.entity_id))
      .orderBy(asc(noticeEvents.id));
    expect(history.map((h) => h.kind)).toEqual(["added", "removed", "reappeared"]);
    expect(Object.keys(history[2]!.changes as object)).toEqual(["weight"]);
    const [row] = await database.db.select().from(notices).where(eq(notices.entityId, original.entity_id));
    expect(row!.status).toBe("active");
    expect(row!.removedAt).toBeNull();
    // First seen stays the first pull's, not the comeback's.
    const [addedEvent] = await database.db
      .select()
      .from(noticeEvents)
      .where(sql`${noticeEvents.entityId} = ${original.entity_id} and ${noticeEvents.kind} = 'added'`);
    expect(addedEvent!.runId).toBe(firstRun);
    expect(row!.firstSeenAt.getTime()).toBe(addedEvent!.occurredAt.getTime());
    expect(row!.firstSeenAt.getTime()).toBeLessThan(row!.lastSeenAt.getTime());
  });

  it("transient 403, 429, 5xx, resets and a truncated body do not fail the run or invent changes", async () => {
    fake.addFault({ kind: "403", match: { path: /\/red$/ }, times: 3 });
    fake.addFault({ kind: "429", match: { path: /\/red$/, query: { nationality: "AR" } }, times: 1, retryAfter: 0 });
    fake.addFault({ kind: "502", match: { path: /\/red\/\d{4}-/ }, times: 2 });
    fake.addFault({ kind: "503", match: { path: /\/red$/, query: { nationality: "IN" } }, times: 1 });
    fake.addFault({ kind: "504", match: { path: /\/red$/, query: { nationality: "PK" } }, times: 1 });
    fake.addFault({ kind: "reset", match: { path: /\/red\/\d{4}-/ }, times: 1 });
    const trunc = fake.addFault({ kind: "truncated", match: { path: /\/red\/\d{4}-/ }, times: 1 });
    const s = await pullFrom(database, fake.url);
    fake.clearFaults();
    expect(trunc.fired).toBe(1);
    expect(s.status).toBe("succeeded");
    expect(s.added + s.changed + s.removed + s.reappeared).toBe(0);
    expect(s.requests).toBeGreaterThan(s.seen);
  });

  it("a malformed detail is recorded on the run and skipped, never stored; the next pull adds the notice", async () => {
    const fresh = makeNotice({ entity_id: "2026/80001", name: "LATER", forename: "ADDED", nationalities: ["KZ"] });
    fake.update((list) => [...list, fresh]);
    const fault = fake.addFault({ kind: "malformed", match: { path: "/notices/v1/red/2026-80001" } });
    const s = await pullFrom(database, fake.url);
    fault.remove();
    expect(s.status).toBe("partial");
    expect(s.added).toBe(0);
    expect(await database.db.select().from(notices).where(eq(notices.entityId, fresh.entity_id))).toHaveLength(0);
    const run = await getRun(database.db, s.runId!);
    expect(JSON.stringify(run!.errors)).toMatch(/malformed/);
    const next = await pullFrom(database, fake.url);
    expect(next.status).toBe("succeeded");
    expect(next.added).toBe(1);
  });
});
