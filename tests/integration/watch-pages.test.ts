// The Watch pages' loaders and actions, called as Remix calls them, on a store filled by real
// pulls from the fake Interpol.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as dashboardLoader } from "../../app/routes/dashboard";
import { loader as captureLoader } from "../../app/routes/notices.$id.captures.$captureId";
import { loader as noticeLoader } from "../../app/routes/notices.$id";
import { loader as noticesLoader } from "../../app/routes/notices._index";
import { loader as csvLoader } from "../../app/routes/notices[.]csv";
import { action as changesAction, loader as changesLoader } from "../../app/routes/changes._index";
import { loader as atomLoader } from "../../app/routes/changes[.]atom";
import { action as runsAction, loader as runsLoader } from "../../app/routes/runs._index";
import { loader as runLoader } from "../../app/routes/runs.$id";
import { listAudit } from "../../db/queries/audit";
import { listJobRuns, pendingJob } from "../../db/queries/jobs";
import { updateUser } from "../../db/queries/users";
import { sql } from "drizzle-orm";
import { noticeEvents } from "../../db/schema";
import { startRunner } from "../../jobs/runner";
import { tasks } from "../../jobs/tasks/index";
import { PULL_JOB_ID } from "../../lib/jobs";
import { makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol } from "../fake-interpol/server";
import { createUserWithSession } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";
import { fakeEnv, pullFrom } from "../support/pull";
import { actionArgs, answered, loaderArgs, testContext } from "../support/remix";

let database: TestDatabase;
let fake: FakeInterpol;
let viewer: { user: { id: string }; cookie: string };
let admin: { user: { id: string }; cookie: string };

const notices = [
  makeNotice({ entity_id: "2021/75051", name: "AKHANLI", forename: "DOGAN", nationalities: ["DE"], arrest_warrants: [{ issuing_country_id: "TR", charge: "Robbery and murder (1989)\r\nreopened 2013", charge_translation: null }] }),
  makeNotice({ entity_id: "2019/10001", name: "PETROV", forename: "IVAN", nationalities: ["RU"], sex_id: "M", date_of_birth: "1980/05/02" }),
  makeNotice({ entity_id: "2019/10002", name: "ORTEGA", forename: "MARIA", nationalities: ["SV"], sex_id: "F", date_of_birth: "1995", arrest_warrants: [{ issuing_country_id: "SV", charge: "=HYPERLINK(\"x\")", charge_translation: null }] }),
  makeNotice({ entity_id: "2018/10003", name: "SMITH", forename: null, nationalities: [], arrest_warrants: [{ issuing_country_id: "914", charge: "Crimes against humanity", charge_translation: null }] }),
];

const as = (who: { cookie: string }, path: string, params: Record<string, string> = {}) =>
  loaderArgs(database, path, { headers: { cookie: who.cookie }, params });

/** What a loader returned, whether plain or wrapped by `data()` with a status. */
async function dataOf<T>(p: Promise<T>): Promise<T extends { data: infer D } ? D : T> {
  const r = (await p) as unknown as { type?: string; data?: unknown };
  return (r && r.type === "DataWithResponseInit" ? r.data : r) as never;
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    const r = await p;
    return r instanceof Response ? r.status : 200;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeInterpol({ notices, now: new Date("2026-11-01T00:00:00Z") });
  viewer = await createUserWithSession(database, "viewer");
  admin = await createUserWithSession(database, "admin");
  const first = await pullFrom(database, fake.url);
  // The first pull's additions are the baseline (the pull marks them; set here too so this file
  // does not depend on it): what was published when watching began, not news.
  await database.db.update(noticeEvents).set({ baseline: true }).where(sql`${noticeEvents.runId} = ${first.runId!} and ${noticeEvents.kind} = 'added'`);
  fake.update((list) =>
    list.map((n) => (n.entity_id === "2019/10001" ? { ...n, name: "PETROFF" } : n)).filter((n) => n.entity_id !== "2019/10002"),
  );
  await pullFrom(database, fake.url);
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
});

describe(`Watch pages (${testDbKind()})`, () => {
  it("Notices: signed-in users only; search by name with accents folded and by charge text", async () => {
    expect(await status(noticesLoader(loaderArgs(database, "/notices")))).toBe(302);
    const list = async (path: string) => answered(await noticesLoader(as(viewer, path))).data;
    const all = await list("/notices?status=all");
    expect(all.total).toBe(4);
    expect(all.counts).toEqual({ active: 3, removed: 1 });
    const accent = await list("/notices?q=Akhanlı");
    expect(accent.rows.map((r) => r.entityId)).toEqual(["2021/75051"]);
    const charge = await list("/notices?q=humanity");
    expect(charge.rows.map((r) => r.entityId)).toEqual(["2018/10003"]);
    const issuer = await list("/notices?issuer=TR");
    expect(issuer.rows.map((r) => r.entityId)).toEqual(["2021/75051"]);
    const removed = await list("/notices?status=removed");
    expect(removed.rows.map((r) => r.entityId)).toEqual(["2019/10002"]);
    // Born 1995 (year only): 31 in 2026. The others were born in 1980.
    const aged = await list("/notices?ageMin=25&ageMax=35&status=all");
    expect(aged.rows.map((r) => r.entityId)).toEqual(["2019/10002"]);
    // A bad value is shown back with its message, and nothing is listed rather than everything.
    const bad = answered(await noticesLoader(as(viewer, "/notices?sex=X&ageMin=abc")));
    expect(bad.status).toBe(400);
    expect(bad.data.total).toBe(0);
    expect(bad.data.rows).toEqual([]);
    expect(Object.keys(bad.data.errors).sort()).toEqual(["ageMin", "sex"]);
    expect(bad.data.raw).toMatchObject({ sex: "X", ageMin: "abc" });
  });

  it("CSV of the current filter: all matching rows, safe cells, audited", async () => {
    const res = (await csvLoader(as(viewer, "/notices.csv?status=all"))) as Response;
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="article3-notices-/);
    const text = await res.text();
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toContain('"entity_id","status","name"');
    expect(lines).toHaveLength(5);
    // Formula injection neutralised.
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    const entries = await listAudit(database.db, { action: "export.notices_csv", limit: 10 });
    expect(entries.some((e) => e.actorId === viewer.user.id)).toBe(true);
  });

  it("Notice page: fields, warrants and the full history with field-level changes", async () => {
    const data = await noticeLoader(as(viewer, "/notices/2019-10001", { id: "2019-10001" }));
    expect(data.notice.name).toBe("PETROFF");
    expect(data.history.map((h) => h.kind)).toEqual(["changed", "added"]);
    expect(data.history[0]!.changes).toEqual({ name: ["PETROV", "PETROFF"] });
    expect(data.captures.length).toBe(2);
    expect(JSON.stringify(data)).not.toContain('"raw"');
    expect(await status(noticeLoader(as(viewer, "/notices/2019-99999", { id: "2019-99999" })))).toBe(404);
    expect(await status(noticeLoader(as(viewer, "/notices/nonsense", { id: "nonsense" })))).toBe(404);
    const cap = (await captureLoader(
      as(viewer, `/notices/2019-10001/captures/${data.captures[0]!.id}`, { id: "2019-10001", captureId: String(data.captures[0]!.id) }),
    )) as Response;
    expect(cap.headers.get("content-type")).toBe("application/octet-stream");
    expect(JSON.parse(await cap.text()).name).toBe("PETROFF");
  });

  it("Changes: events by day with filters, and a per-user Atom feed that ends when revoked or the user is deactivated", async () => {
    // The 4 baseline additions are not news: by default 1 changed and 1 removed.
    const data = await dataOf(changesLoader(as(viewer, "/changes")));
    expect(data.total).toBe(2);
    expect(data.counts.reduce((n, c) => n + c.added + c.changed + c.removed + c.reappeared, 0)).toBe(2);
    expect(data.baseline).toMatchObject({ events: 4, runs: 1 });
    const all = await dataOf(changesLoader(as(viewer, "/changes?baseline=include")));
    expect(all.total).toBe(6); // 4 added, 1 changed, 1 removed
    const removed = await dataOf(changesLoader(as(viewer, "/changes?kind=removed")));
    expect(removed.rows.map((r) => r.entityId)).toEqual(["2019/10002"]);
    const byCountry = await dataOf(changesLoader(as(viewer, "/changes?country=RU")));
    expect(byCountry.rows.every((r) => r.entityId === "2019/10001")).toBe(true);

    const created = (await changesAction({
      ...actionArgs(database, "/changes", { intent: "create-feed-token" }, { headers: { cookie: viewer.cookie } }),
    })) as { feedUrl: string };
    const feedUrl = new URL(created.feedUrl);
    const feed = (await atomLoader({
      request: new Request(feedUrl),
      params: {},
      context: testContext(database),
    })) as Response;
    const xml = await feed.text();
    expect(feed.headers.get("content-type")).toContain("application/atom+xml");
    // The feed leaves the baseline out too.
    expect(xml.match(/<entry>/g)).toHaveLength(2);
    expect(xml).toContain("Changed fields: Name.");
    // Wrong token: nothing. Deactivated user: nothing.
    const wrong = new URL(feedUrl);
    wrong.searchParams.set("token", "A".repeat(43));
    expect(await status(atomLoader({ request: new Request(wrong), params: {}, context: testContext(database) }))).toBe(404);
    const other = await createUserWithSession(database, "viewer");
    const otherFeed = (await changesAction(
      actionArgs(database, "/changes", { intent: "create-feed-token" }, { headers: { cookie: other.cookie } }),
    )) as { feedUrl: string };
    await updateUser(database.db, other.user.id, { active: false });
    expect(
      await status(atomLoader({ request: new Request(otherFeed.feedUrl), params: {}, context: testContext(database) })),
    ).toBe(404);
    await changesAction(actionArgs(database, "/changes", { intent: "revoke-feed-token" }, { headers: { cookie: viewer.cookie } }));
    expect(await status(atomLoader({ request: new Request(feedUrl), params: {}, context: testContext(database) }))).toBe(404);
  });

  it("Runs: everyone signed in reads them; only admins may ask for a pull, which a worker then runs", async () => {
    const page = await runsLoader(as(viewer, "/runs"));
    expect(page.runs).toHaveLength(2);
    expect(page.canPull).toBe(false);
    const run = await runLoader(as(viewer, `/runs/${page.runs[0]!.id}`, { id: String(page.runs[0]!.id) }));
    expect(run.run.removed).toBe(1);
    expect(
      await status(runsAction(actionArgs(database, "/runs", { intent: "pull-now" }, { headers: { cookie: viewer.cookie } }))),
    ).toBe(403);
    expect(await pendingJob(database.db, PULL_JOB_ID)).toBeNull();

    expect(await status(runsAction(actionArgs(database, "/runs", { intent: "pull-now" }, { headers: { cookie: admin.cookie } })))).toBe(302);
    // Asking twice does not queue two pulls, and only the first request is audited.
    await runsAction(actionArgs(database, "/runs", { intent: "pull-now" }, { headers: { cookie: admin.cookie } }));
    const waiting = await runsLoader(as(admin, "/runs"));
    expect(waiting.live).toBe(true);
    expect(waiting.pending).toMatchObject({ state: "created", trigger: "manual" });
    const requests = await listAudit(database.db, { action: "pull.requested" });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ actorId: admin.user.id, targetType: "job_request" });

    const runner = await startRunner({
      database,
      env: { ...fakeEnv(fake.url), PULL_CRON: "0 0 1 1 *" },
      tasks,
      log: { log: () => {}, error: () => {} },
      pollMs: 50,
      schedules: false,
      taskOptions: { [PULL_JOB_ID]: { clientOverrides: { rps: 10_000, backoffBaseMs: 2, backoffMaxMs: 10 } } },
    });
    try {
      for (let i = 0; i < 600 && (await pendingJob(database.db, PULL_JOB_ID)); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await runner.stop();
    }
    expect(await pendingJob(database.db, PULL_JOB_ID)).toBeNull();
    const [record] = await listJobRuns(database.db, { jobId: PULL_JOB_ID });
    expect(record).toMatchObject({ trigger: "manual", requestedBy: admin.user.id, status: "succeeded", attempts: 1 });
    const after = await runsLoader(as(admin, "/runs"));
    expect(after.runs).toHaveLength(3);
    expect(after.runs[0]).toMatchObject({ trigger: "manual", requestedBy: admin.user.id, status: "succeeded" });
    expect(record!.detail).toMatchObject({ runId: after.runs[0]!.id, status: "succeeded" });
    expect(after.live).toBe(false);
    expect(after.pending).toBeNull();
    expect(after.jobs[0]).toMatchObject({ job: "Pull from Interpol", trigger: "requested", status: "succeeded" });
  });

  it("Dashboard: what is published, what was removed, and the last week's changes", async () => {
    const data = (await dashboardLoader(as(viewer, "/dashboard"))) as Exclude<Awaited<ReturnType<typeof dashboardLoader>>, { type: string }>;
    expect(data.heads?.activeNotices).toBe(3);
    expect(data.heads?.removed7).toBe(1);
    expect(data.heads?.added7).toBe(0); // the first pull's notices are the baseline
  });
});
