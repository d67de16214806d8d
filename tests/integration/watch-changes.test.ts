// Changes that say what changed, a notice page a lawyer can cite, runs in words, and bad input
// on these pages answered with 400/404 and a message: loaders called as Remix calls them, on a
// store filled by two real pulls from the fake Interpol.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as changesAction, loader as changesLoader } from "../../app/routes/changes._index";
import { loader as atomLoader } from "../../app/routes/changes[.]atom";
import { loader as noticeLoader } from "../../app/routes/notices.$id";
import { loader as photoLoader } from "../../app/routes/notices.$id.photos.$pictureId";
import { loader as runLoader } from "../../app/routes/runs.$id";
import { loader as runsLoader } from "../../app/routes/runs._index";
import { ensureSchedule } from "../../db/queries/jobs";
import { listRuns } from "../../db/queries/runs";
import { PULL_JOB_ID } from "../../lib/jobs";
import { noticeCaptures, noticeEvents, notices as noticesTable } from "../../db/schema";
import { makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol } from "../fake-interpol/server";
import { callAction, callLoader, createUserWithSession, type Outcome } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";
import { pullFrom } from "../support/pull";
import { testContext } from "../support/remix";

let database: TestDatabase;
let fake: FakeInterpol;
let cookie: string;
let runIds: number[] = [];

const OLD_CHARGE = "Membership of an armed terrorist organisation, propaganda for a terrorist organisation (articles 314 and 7/2)";
const NEW_CHARGE = "Membership of an armed terrorist organisation, insulting the president (articles 314 and 299)";

const initial = [
  makeNotice({ entity_id: "2021/75051", name: "AKHANLI", forename: "DOGAN", nationalities: ["DE"], arrest_warrants: [{ issuing_country_id: "TR", charge: OLD_CHARGE, charge_translation: null }] }),
  makeNotice({ entity_id: "2019/10001", name: "PETROV", forename: "IVAN", nationalities: ["RU"] }),
  makeNotice({ entity_id: "2019/10002", name: "ORTEGA", forename: "MARIA", nationalities: ["SV"], sex_id: "F", hairs_id: ["BLA"] }),
  makeNotice({ entity_id: "2018/10003", name: "SMITH", forename: null, nationalities: [], arrest_warrants: [{ issuing_country_id: "914", charge: "Crimes against humanity", charge_translation: null }] }),
];
const NEWCOMER = makeNotice({ entity_id: "2026/00001", name: "NOVAK", forename: "JAN", nationalities: ["CZ"] });

interface ChangeData {
  rows: { entityId: string; kind: string; changes: Record<string, unknown> | null; baseline: boolean }[];
  total: number;
  errors: Record<string, string> | null;
  raw: Record<string, string>;
  baseline: { events: number; runs: number; firstAt: Date | null } | null;
  counts: { added: number; changed: number; removed: number; reappeared: number }[];
}

const changes = (path: string) => callLoader(changesLoader, { database, cookie, path });
const dataOf = <T>(o: Outcome) => o.data as T;

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeInterpol({ notices: initial, now: new Date("2026-11-01T00:00:00Z") });
  ({ cookie } = await createUserWithSession(database, "viewer"));
  const first = await pullFrom(database, fake.url);
  // The first pull's additions are the baseline (set here too, so this file does not depend on the pull doing it).
  await database.db.update(noticeEvents).set({ baseline: true }).where(sql`${noticeEvents.runId} = ${first.runId!} and ${noticeEvents.kind} = 'added'`);
  fake.update((list) => [
    ...list
      .filter((n) => n.entity_id !== "2018/10003")
      .map((n) =>
        n.entity_id === "2021/75051"
          ? { ...n, arrest_warrants: [{ issuing_country_id: "TR", charge: NEW_CHARGE, charge_translation: null }] }
          : n.entity_id === "2019/10001"
            ? { ...n, name: "PETROFF" }
            : n.entity_id === "2019/10002"
              ? { ...n, hairs_id: ["GRY"] }
              : n,
      ),
    NEWCOMER,
  ]);
  const second = await pullFrom(database, fake.url);
  runIds = [first.runId!, second.runId!];
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
});

describe(`Changes (${testDbKind()})`, () => {
  it("leaves the baseline out of the list and the counts by default, says what it is, and shows it on request", async () => {
    const page = dataOf<ChangeData>(await changes("/changes"));
    // 3 changed, 1 removed, 1 genuinely new; the 4 notices already published at the first pull are not news.
    expect(page.total).toBe(5);
    expect(page.rows.some((r) => r.baseline)).toBe(false);
    expect(page.counts.reduce((n, c) => n + c.added, 0)).toBe(1);
    expect(page.baseline).toMatchObject({ events: 4, runs: 1 });
    const only = dataOf<ChangeData>(await changes("/changes?baseline=only"));
    expect(only.rows.map((r) => r.entityId).sort()).toEqual(initial.map((n) => n.entity_id).sort());
    expect(only.counts.reduce((n, c) => n + c.added, 0)).toBe(4);
    const all = dataOf<ChangeData>(await changes("/changes?baseline=include"));
    expect(all.total).toBe(9);
    const weekly = dataOf<ChangeData>(await changes("/changes?by=week"));
    expect(weekly.counts.reduce((n, c) => n + c.added + c.changed + c.removed + c.reappeared, 0)).toBe(5);
  });

  it("carries before and after for each changed field, and filters by field (charges live in the warrants)", async () => {
    const charges = dataOf<ChangeData>(await changes("/changes?field=charges"));
    expect(charges.rows.map((r) => r.entityId)).toEqual(["2021/75051"]);
    const [before, after] = charges.rows[0]!.changes!.warrants as [{ charge: string }[], { charge: string }[]];
    expect(before[0]!.charge).toBe(OLD_CHARGE);
    expect(after[0]!.charge).toBe(NEW_CHARGE);
    expect(dataOf<ChangeData>(await changes("/changes?field=hair")).rows.map((r) => r.entityId)).toEqual(["2019/10002"]);
    expect(dataOf<ChangeData>(await changes("/changes?field=name")).rows.map((r) => r.entityId)).toEqual(["2019/10001"]);
    // A field filter also narrows the counts.
    expect(dataOf<ChangeData>(await changes("/changes?field=name")).counts.reduce((n, c) => n + c.changed, 0)).toBe(1);
  });

  it("lists important changes first on request: removals, charges, names, then new notices, then the rest", async () => {
    const page = dataOf<ChangeData>(await changes("/changes?sort=important"));
    expect(page.rows.map((r) => r.entityId)).toEqual(["2018/10003", "2021/75051", "2019/10001", "2026/00001", "2019/10002"]);
    const newest = dataOf<ChangeData>(await changes("/changes"));
    expect(newest.rows.map((r) => r.entityId)).not.toEqual(page.rows.map((r) => r.entityId));
  });

  it("shows one pull's changes with ?run=", async () => {
    const second = dataOf<ChangeData>(await changes(`/changes?run=${runIds[1]}`));
    expect(second.total).toBe(5);
    const first = dataOf<ChangeData>(await changes(`/changes?run=${runIds[0]}&baseline=include`));
    expect(first.total).toBe(4);
  });

  it("answers bad filters with 400, the user's values and a message per field, and lists nothing", async () => {
    for (const [path, field] of [
      ["/changes?from=2026-13-45", "from"],
      ["/changes?from=0000-00-00", "from"],
      ["/changes?to=2026-02-30", "to"],
      ["/changes?from=2026-11-20&to=2026-11-01", "to"],
      ["/changes?field=shoe_size", "field"],
      ["/changes?kind=deleted", "kind"],
      ["/changes?run=1e10", "run"],
      ["/changes?run=9999999999999", "run"],
      ["/changes?page=abc", "page"],
    ] as const) {
      const out = await changes(path);
      expect(out.status, path).toBe(400);
      const d = dataOf<ChangeData>(out);
      expect(Object.keys(d.errors ?? {}), path).toContain(field);
      expect(d.rows, path).toEqual([]);
      expect(d.total, path).toBe(0);
      // The value typed is kept, to be corrected in place.
      expect(d.raw[field], path).toBe(new URL(path, "http://x").searchParams.get(field));
    }
  });

  it("says so when a page is past the last", async () => {
    const out = await changes("/changes?page=99");
    expect(out.status).toBe(404);
    const d = dataOf<ChangeData & { lastPage: number }>(out);
    expect(d.errors?.page).toMatch(/Page 99 is past the last: there is 1 page/);
    expect(d.rows).toEqual([]);
    expect(d.lastPage).toBe(1);
  });

  it("gives the feed the same filters, and refuses bad ones with a 400 that says why", async () => {
    const created = await callAction(changesAction, { database, cookie, path: "/changes", form: { intent: "create-feed-token" } });
    const feedUrl = new URL((created.data as { feedUrl: string }).feedUrl);
    feedUrl.searchParams.set("field", "charges");
    const res = (await atomLoader({ request: new Request(feedUrl), params: {}, context: testContext(database) })) as Response;
    const xml = await res.text();
    expect(xml.match(/<entry>/g)).toHaveLength(1);
    expect(xml).toContain("AKHANLI");
    feedUrl.searchParams.set("from", "2026-13-45");
    const bad = await callLoader(atomLoader, { database, path: feedUrl.pathname + feedUrl.search });
    expect(bad.status).toBe(400);
  });
});

describe(`Notice page (${testDbKind()})`, () => {
  const notice = (slug: string) => callLoader(noticeLoader, { database, cookie, path: `/notices/${slug}`, params: { id: slug } });

  it("cites the latest capture with its full hash, links to Interpol's page, and first-seen agrees with the evidence", async () => {
    const out = await notice("2021-75051");
    expect(out.status).toBe(200);
    const d = out.data as {
      notice: Record<string, unknown> & { firstSeenAt: Date };
      captures: { id: number; sha256: string; startedAt: Date; url: string }[];
      history: { kind: string; at: Date; details: { captureId?: number } | null }[];
      citation: string;
      interpolUrl: string;
      photos: unknown[];
    };
    expect(d.captures).toHaveLength(2);
    const [latest, firstCapture] = d.captures;
    expect(latest!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(d.citation).toContain(`Interpol red notice 2021/75051, as served by ${new URL(fake.url).host} on `);
    expect(d.citation).toContain(`(SHA-256 ${latest!.sha256}), archived by Article 3.`);
    expect(d.interpolUrl).toBe("https://www.interpol.int/en/How-we-work/Notices/Red-Notices/View-Red-Notices#2021-75051");
    // First seen is when the first capture was taken, and so is the "added" event.
    const added = d.history.find((h) => h.kind === "added")!;
    expect(d.notice.firstSeenAt.getTime()).toBe(firstCapture!.startedAt.getTime());
    expect(added.at.getTime()).toBe(firstCapture!.startedAt.getTime());
    // Each change points at the capture that showed it.
    const changed = d.history.find((h) => h.kind === "changed")!;
    expect(changed.details?.captureId).toBe(latest!.id);
    expect(changed.at.getTime()).toBe(latest!.startedAt.getTime());
    // The page reads only what it shows.
    expect(Object.keys(d.notice)).not.toContain("raw");
    expect(Object.keys(d.notice)).not.toContain("fields");
    expect(Object.keys(d.notice)).not.toContain("searchText");
  });

  it("agrees on first seen in the store itself, for every notice", async () => {
    const rows = await database.db
      .select({ id: noticesTable.entityId, first: noticesTable.firstSeenAt, capture: sql<Date>`min(${noticeCaptures.startedAt})`.mapWith(noticeCaptures.startedAt) })
      .from(noticesTable)
      .innerJoin(noticeCaptures, sql`${noticeCaptures.entityId} = ${noticesTable.entityId}`)
      .groupBy(noticesTable.entityId, noticesTable.firstSeenAt);
    expect(rows.length).toBe(5);
    for (const r of rows) expect(r.first.getTime(), r.id).toBe(r.capture.getTime());
  });

  it("answers 404 for unknown notices and photos, and refuses cross-site photo requests", async () => {
    expect((await notice("2019-99999")).status).toBe(404);
    expect((await notice("nonsense")).status).toBe(404);
    const photo = (pictureId: string, headers?: Record<string, string>) =>
      callLoader(photoLoader, { database, cookie, headers, path: `/notices/2021-75051/photos/${pictureId}`, params: { id: "2021-75051", pictureId } });
    expect((await photo("62311920")).status).toBe(404);
    expect((await photo("../../etc")).status).toBe(404);
    expect((await photo("62311920", { "sec-fetch-site": "cross-site" })).status).toBe(403);
  });
});

describe(`Runs (${testDbKind()})`, () => {
  it("lists runs without their stored errors, says the schedule in words and the baseline apart", async () => {
    const raw = await listRuns(database.db);
    expect(Object.keys(raw[0]!)).not.toContain("errors");
    expect(Object.keys(raw[0]!)).not.toContain("failedQueries");
    await ensureSchedule(database.db, { id: PULL_JOB_ID, cron: "*/15 * * * *" });
    const page = (await callLoader(runsLoader, { database, cookie, path: "/runs" })).data as {
      schedule: { words: string | null; cron: string };
      runs: { id: number; added: number; baselineAdded: number }[];
    };
    expect(page.schedule.words).toBe("every 15 minutes");
    const first = page.runs.find((r) => r.id === runIds[0])!;
    expect(first).toMatchObject({ added: 4, baselineAdded: 4 });
    expect(page.runs.find((r) => r.id === runIds[1])).toMatchObject({ added: 1, baselineAdded: 0 });
  });

  it("shows a run's changes, most important first, and answers 404 for ids that cannot exist", async () => {
    const out = await callLoader(runLoader, { database, cookie, path: `/runs/${runIds[1]}`, params: { id: String(runIds[1]) } });
    const d = out.data as { run: Record<string, unknown>; changes: { rows: { entityId: string }[]; total: number } };
    expect(d.changes.total).toBe(5);
    expect(d.changes.rows[0]!.entityId).toBe("2018/10003");
    expect(Object.keys(d.run)).not.toContain("errors");
    for (const id of ["1e10", "9999999999999", "2147483648", "0", "-1", "abc", "1.5"]) {
      expect((await callLoader(runLoader, { database, cookie, path: `/runs/${id}`, params: { id } })).status, id).toBe(404);
    }
  });
});
