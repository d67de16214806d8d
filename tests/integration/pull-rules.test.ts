// The pull's rules, one scenario each, against the fake Interpol over real HTTP on a real database:
// what counts as news (the baseline), what a notice's own page decides, what a partition that
// empties does to a run, conditional requests, and photos kept as evidence.
import { createHash } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeCounts, listChanges } from "../../db/queries/events";
import { getNoticeImage, listNoticeImages } from "../../db/queries/notice-images";
import { getRun } from "../../db/queries/runs";
import { noticeCaptures, noticeEvents, noticeImages, notices } from "../../db/schema";
import { generateNotices, makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol, type FakeNotice } from "../fake-interpol/server";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";
import { pullFrom } from "../support/pull";

let database: TestDatabase;
let fake: FakeInterpol;

const base = generateNotices({ count: 300, seed: 21 });
const initial: FakeNotice[] = [
  ...base,
  makeNotice({ entity_id: "2019/40001", name: "GONE", forename: "LISTED", nationalities: ["AR"], pictures: [70000001] }),
  makeNotice({ entity_id: "2019/40002", name: "FLAKY", forename: "DETAIL", nationalities: ["AR"] }),
  makeNotice({ entity_id: "2019/40003", name: "MISSED", forename: "CHANGED", nationalities: ["AR"] }),
  makeNotice({ entity_id: "2019/40004", name: "NEWPHOTO", forename: "SAME", nationalities: ["AR"], pictures: [70000010, 70000011] }),
];
/** For runs where many queries fail on purpose: one retry is enough to show they fail. */
const fewRetries = { rps: 10_000, backoffBaseMs: 1, backoffMaxMs: 2, timeoutMs: 1500, retries: 1 };
const T = (d: string) => new Date(`2026-06-0${d}T12:00:00Z`);
const clock = (d: Date) => () => d;

async function eventsOfRun(runId: number) {
  return database.db
    .select({ entityId: noticeEvents.entityId, kind: noticeEvents.kind, changes: noticeEvents.changes, baseline: noticeEvents.baseline })
    .from(noticeEvents)
    .where(eq(noticeEvents.runId, runId))
    .orderBy(asc(noticeEvents.entityId));
}
async function row(id: string) {
  const [r] = await database.db.select().from(notices).where(eq(notices.entityId, id));
  return r!;
}
const imageCount = async (id?: string) =>
  (await database.db.select({ n: sql<number>`count(*)::int` }).from(noticeImages).where(id ? eq(noticeImages.entityId, id) : undefined))[0]!.n;

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeInterpol({ notices: initial, now: new Date("2026-06-01T00:00:00Z") });
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
});

describe.sequential(`the pull's rules (${testDbKind()})`, () => {
  it("marks a first pull into an empty store as the baseline, not news, and keeps every photo", async () => {
    const s = await pullFrom(database, fake.url, { now: clock(T("1")) });
    expect(s.status).toBe("succeeded");
    expect(s.added).toBe(initial.length);
    expect(s.baselineAdded).toBe(initial.length);
    const events = await eventsOfRun(s.runId!);
    expect(events.every((e) => e.kind === "added" && e.baseline)).toBe(true);
    // "New" counts exclude the baseline; the event reads say which is which.
    expect(await changeCounts(database.db, { by: "week" })).toEqual([]);
    const [week] = await changeCounts(database.db, { by: "week", baseline: "only" });
    expect(week).toMatchObject({ added: initial.length });
    const page = await listChanges(database.db, { perPage: 5, baseline: "include" });
    expect(page.rows.length).toBe(5);
    expect(page.rows.every((r) => r.baseline === true)).toBe(true);
    expect((await listChanges(database.db, {})).total).toBe(0);

    // Photos: every picture of every notice, bytes as served, once.
    const pictures = initial.reduce((n, x) => n + (x.pictures?.length ?? 0), 0);
    expect(pictures).toBeGreaterThan(100);
    expect(await imageCount()).toBe(pictures);
    expect(s.imagesStored).toBe(pictures);
    // Image requests are counted apart from the pull's requests and its ratio.
    expect(s.imageRequests).toBe(initial.filter((x) => x.pictures?.length).length + pictures);
    const run = await getRun(database.db, s.runId!);
    expect(run).toMatchObject({ imageRequests: s.imageRequests, requests: s.requests, baselineAdded: initial.length });
    expect(run!.listRequests + run!.detailRequests + 1).toBe(s.requests);
    expect(s.requestsLowerBound).toBe(initial.length + Math.ceil(initial.length / 160));
    expect(run!.requestsRatio).toBeCloseTo(s.requests / s.requestsLowerBound, 2);

    const list = await listNoticeImages(database.db, "2019/40004");
    expect(list.map((i) => i.pictureId).sort()).toEqual(["70000010", "70000011"]);
    expect(list[0]).not.toHaveProperty("bytes");
    const served = await fetch(`${fake.url}/notices/v1/red/2019-40004/images/70000010`);
    const bytes = Buffer.from(await served.arrayBuffer());
    const img = await getNoticeImage(database.db, "2019/40004", "70000010");
    expect(Buffer.compare(img!.bytes, bytes)).toBe(0);
    expect(img!.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(img!.contentType).toBe("image/jpeg");
    expect(await getNoticeImage(database.db, "2019/40004", "1")).toBeNull();
  });

  it("asks unchanged details conditionally, keeps every notice current, and fetches no photo again", async () => {
    fake.resetRequests();
    const s = await pullFrom(database, fake.url, { now: clock(T("2")) });
    expect(s.status).toBe("succeeded");
    expect(s.added + s.changed + s.removed + s.reappeared).toBe(0);
    // Every detail, and the list pages kept from the first pull, answered 304.
    const details304 = fake.requests.filter((r) => /^\/notices\/v1\/red\/\d{4}-\d+$/.test(r.path) && r.status === 304).length;
    const lists304 = fake.requests.filter((r) => r.path === "/notices/v1/red" && r.status === 304).length;
    expect(details304).toBe(initial.length);
    expect(lists304).toBeGreaterThan(20);
    expect(fake.requests.filter((r) => r.path === "/notices/v1/red" && r.status === 200).length).toBeLessThan(lists304 / 5);
    expect(s.notModified).toBe(details304 + lists304);
    expect((await getRun(database.db, s.runId!))!.notModified).toBe(s.notModified);
    expect(s.imageRequests).toBe(0);
    // Still published, so last seen now (the run's own clock).
    const stale = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(notices)
      .where(sql`${notices.lastSeenAt} <> ${T("2").toISOString()}::timestamptz`);
    expect(stale[0]!.n).toBe(0);
    // First seen stays the moment of the first capture (the evidence), not this run's.
    const [first] = await database.db
      .select({ startedAt: noticeCaptures.startedAt })
      .from(noticeCaptures)
      .where(eq(noticeCaptures.entityId, base[0]!.entity_id))
      .orderBy(noticeCaptures.startedAt)
      .limit(1);
    expect((await row(base[0]!.entity_id)).firstSeenAt.toISOString()).toBe(first!.startedAt.toISOString());
  });

  it("decides by each notice's own page: listed but gone is removed, a failed detail keeps it and makes the run partial", async () => {
    const added = makeNotice({ entity_id: "2026/40005", name: "FRESH", forename: "NEWS", nationalities: ["AR"] });
    fake.update((list) => [
      ...list.map((n) => {
        if (n.entity_id === "2019/40003") return { ...n, unlisted: true, name: "MISSED-RENAMED" };
        if (n.entity_id === "2019/40004") return { ...n, pictures: [70000012] };
        return n;
      }),
      added,
    ]);
    // Listed by every list query, but its own page says Not Found.
    const gone = fake.addFault({ kind: "404-list", match: { path: "/notices/v1/red/2019-40001" } });
    const flaky = fake.addFault({ kind: "502", match: { path: "/notices/v1/red/2019-40002" } });
    try {
      const s = await pullFrom(database, fake.url, { now: clock(T("3")) });
      expect(gone.fired).toBeGreaterThan(0);
      expect(flaky.fired).toBeGreaterThan(0);
      const events = await eventsOfRun(s.runId!);
      expect(events.map((e) => [e.entityId, e.kind, e.baseline])).toEqual([
        ["2019/40001", "removed", false],
        ["2019/40003", "changed", false],
        ["2026/40005", "added", false],
      ]);
      expect(Object.keys(events[1]!.changes as object)).toEqual(["name"]);
      // A failed detail: still published, content unknown this run; the run says so.
      expect(s.status).toBe("partial");
      expect(s.message).toMatch(/1 notice page could not be fetched/);
      const fl = await row("2019/40002");
      expect(fl.status).toBe("active");
      expect(fl.lastSeenAt.toISOString()).toBe(T("3").toISOString());
      expect((await row("2019/40001")).status).toBe("removed");
      // The missed notice was found through its own page, and is counted as missed, not hidden.
      expect(s.missed).toBe(1);
      expect(s.hidden).toBe(0);
      // A new thumbnail: its photo kept, the old ones too; no event for it.
      expect(await imageCount("2019/40004")).toBe(3);
      expect((await row("2019/40004")).pictureId).toBe("70000012");
      const captures = await database.db.select().from(noticeCaptures).where(eq(noticeCaptures.entityId, "2019/40004"));
      expect(captures).toHaveLength(2);
      // Events carry the time of their evidence (the capture, on the real clock) and removals the
      // run's clock, so under this test's clock they may fall in different weeks: add them up.
      const weeks = await changeCounts(database.db, { by: "week" });
      const sum = (k: "added" | "removed" | "changed") => weeks.reduce((n, w) => n + w[k], 0);
      expect({ added: sum("added"), removed: sum("removed"), changed: sum("changed") }).toEqual({ added: 1, removed: 1, changed: 1 });
      const [baseline] = await changeCounts(database.db, { by: "week", baseline: "only" });
      expect(baseline).toMatchObject({ added: initial.length });
    } finally {
      gone.remove();
      flaky.remove();
    }
  });

  it("records a notice listed again as reappeared even when its detail keeps failing", async () => {
    fake.update((list) => list.map((n) => (n.entity_id === "2019/40003" ? { ...n, unlisted: false } : n)));
    const flaky = fake.addFault({ kind: "502", match: { path: "/notices/v1/red/2019-40001" } });
    try {
      const s = await pullFrom(database, fake.url, { now: clock(T("4")) });
      const events = await eventsOfRun(s.runId!);
      expect(events.map((e) => [e.entityId, e.kind])).toEqual([["2019/40001", "reappeared"]]);
      expect(events[0]!.changes).toEqual({});
      const r = await row("2019/40001");
      expect(r).toMatchObject({ status: "active", removedAt: null, name: "GONE" });
      expect(s.status).toBe("partial");
    } finally {
      flaky.remove();
    }
  });

  it("a partition that silently empties makes the run partial, names it, and removes nothing", async () => {
    // A good run first, to compare against.
    const good = await pullFrom(database, fake.url, { now: clock(T("5")) });
    expect(good.status).toBe("succeeded");
    const ru = initial.filter((n) => n.nationalities.includes("RU")).length;
    expect(ru).toBeGreaterThan(40);
    // Every Russian query answers as if there were none: { total: 0 }.
    const empty = fake.addFault({
      kind: "empty",
      match: (r) => r.path === "/notices/v1/red" && (r.query.nationality === "RU" || r.query.arrestWarrantCountryId === "RU"),
    });
    try {
      const s = await pullFrom(database, fake.url, { now: clock(T("6")) });
      expect(empty.fired).toBeGreaterThan(0);
      expect(s.status).toBe("partial");
      expect(s.removed).toBe(0);
      expect(s.partitionsAtFault).toContain("nationality=RU");
      expect(s.message).toMatch(/nationality=RU reported 0 notices against [\d,]+ in the last good run/);
      // Notices the emptied list hid are not the planner's misses.
      expect(s.missed).toBe(0);
      const run = await getRun(database.db, s.runId!);
      expect(run!.status).toBe("partial");
      expect(JSON.stringify(run!.errors)).toMatch(/partition_dropped/);
      expect((run!.droppedPartitions as Array<{ key: string; before: number }>).find((d) => d.key === "nationality=RU")).toMatchObject({ before: ru, total: 0 });
      const removed = await database.db.select().from(noticeEvents).where(and(eq(noticeEvents.runId, s.runId!), eq(noticeEvents.kind, "removed")));
      expect(removed).toEqual([]);
    } finally {
      empty.remove();
    }
    // Once the list answers again, so does the run.
    const after = await pullFrom(database, fake.url, { now: clock(T("7")) });
    expect(after.status).toBe("succeeded");
  });
});

describe.sequential(`baseline on a partition's first coverage (${testDbKind()})`, () => {
  let db2: TestDatabase;
  let fake2: FakeInterpol;
  const kz = [1, 2, 3].map((i) => makeNotice({ entity_id: `2018/5000${i}`, name: `KAZAKH${i}`, nationalities: ["KZ"], arrest_warrants: [{ issuing_country_id: "KZ", charge: "Fraud", charge_translation: null }] }));
  beforeAll(async () => {
    db2 = await createTestDatabase();
    fake2 = await startFakeInterpol({ notices: [...generateNotices({ count: 400, seed: 5 }).filter((n) => !n.nationalities.includes("KZ")), ...kz] });
  });
  afterAll(async () => {
    await fake2?.close();
    await db2?.close();
  });

  it("marks as baseline what a partition held when it was first covered, and nothing else", async () => {
    // Kazakhstan, and every other way to its (older) notices, fail on the first run; the unfiltered
    // list shows only the newest 160.
    const f = fake2.addFault({
      kind: "503",
      match: (r) =>
        r.path === "/notices/v1/red" &&
        (r.query.nationality === "KZ" || r.query.arrestWarrantCountryId !== undefined || (!!r.query.sexId && !r.query.nationality)),
    });
    const first = await pullFrom(db2, fake2.url, { clientOverrides: fewRetries });
    f.remove();
    expect(first.status).toBe("partial");
    const firstIds = (await db2.db.select({ id: notices.entityId }).from(notices)).map((r) => r.id);
    expect(firstIds).not.toContain(kz[0]!.entity_id);

    const news = makeNotice({ entity_id: "2026/50009", name: "BRANDNEW", nationalities: ["AR"] });
    fake2.update((list) => [...list, news]);
    const second = await pullFrom(db2, fake2.url);
    expect(second.status).toBe("succeeded");
    const events = await db2.db
      .select({ id: noticeEvents.entityId, baseline: noticeEvents.baseline })
      .from(noticeEvents)
      .where(and(eq(noticeEvents.runId, second.runId!), eq(noticeEvents.kind, "added")))
      .orderBy(asc(noticeEvents.entityId));
    // Kazakhstan's, and those without a nationality the first run could not reach, were published
    // all along: baseline. The one notice that really is new is news.
    expect(events).toEqual(expect.arrayContaining([...kz.map((n) => ({ id: n.entity_id, baseline: true })), { id: news.entity_id, baseline: false }]));
    expect(events.filter((e) => !e.baseline)).toEqual([{ id: news.entity_id, baseline: false }]);
    expect(second.baselineAdded).toBe(events.length - 1);
  });
});

describe(`a partition empty from the first run (${testDbKind()})`, () => {
  it("is named even without an earlier run to compare with: the run saw its notices elsewhere", async () => {
    const db4 = await createTestDatabase();
    const f = await startFakeInterpol({ notices: generateNotices({ count: 300, seed: 21 }) });
    f.addFault({ kind: "empty", match: (r) => r.path === "/notices/v1/red" && (r.query.nationality === "RU" || r.query.arrestWarrantCountryId === "RU") });
    try {
      const s = await pullFrom(db4, f.url);
      expect(s.status).toBe("partial");
      expect(s.partitionsAtFault).toContain("nationality=RU");
      expect(s.message).toMatch(/nationality=RU reported 0 notices while this run saw [\d,]+ of them through other queries/);
      expect(s.removed).toBe(0);
    } finally {
      await f.close();
      await db4.close();
    }
  });
});

describe(`notices the totals count and no list shows (${testDbKind()})`, () => {
  it("make a first run partial when no crowded query accounts for them", async () => {
    const db5 = await createTestDatabase();
    const f = await startFakeInterpol({ notices: generateNotices({ count: 300, seed: 21 }) });
    // Russia's lists empty, and every other way to its notices answers nothing either.
    f.addFault({
      kind: "empty",
      match: (r) => r.path === "/notices/v1/red" && (r.query.nationality === "RU" || !!r.query.arrestWarrantCountryId || (!!r.query.sexId && !r.query.nationality)),
    });
    try {
      const s = await pullFrom(db5, f.url);
      expect(s.seen).toBeLessThan(s.reportedTotal - 20);
      expect(s.status).toBe("partial");
      const run = await getRun(db5.db, s.runId!);
      expect(JSON.stringify(run!.errors)).toMatch(/unexplained_gap/);
    } finally {
      await f.close();
      await db5.close();
    }
  });
});

describe(`a run that saw nothing (${testDbKind()})`, () => {
  it("fails rather than reporting a partial picture when every list query failed", async () => {
    const db3 = await createTestDatabase();
    const empty = await startFakeInterpol({ notices: [] });
    empty.addFault({ kind: "503", match: (r) => r.path === "/notices/v1/red" && r.query.nationality !== undefined });
    try {
      const s = await pullFrom(db3, empty.url, { clientOverrides: fewRetries });
      expect(s.seen).toBe(0);
      expect(s.errors).toBeGreaterThan(0);
      expect(s.status).toBe("failed");
    } finally {
      await empty.close();
      await db3.close();
    }
  });
});
