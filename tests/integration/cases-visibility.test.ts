// The Track's promises, on both databases: a viewer never sees a restricted case, field or event
// (canary strings planted in every restricted place, looked for in every page, list, search,
// facet count, export and error); sharing grants exactly that record; changes and restricted
// views are audited; a concurrent edit conflicts and loses nothing; soft delete hides the case
// everywhere and a restore brings it back whole; a removed linked notice notifies followers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as caseEditRoute from "../../app/routes/cases.$reference.edit";
import * as casePage from "../../app/routes/cases.$reference._index";
import * as casesList from "../../app/routes/cases._index";
import * as csvRoute from "../../app/routes/cases[.]csv";
import * as ftmRoute from "../../app/routes/cases[.]ftm[.]json";
import * as jsonRoute from "../../app/routes/cases[.]json";
import * as noticePage from "../../app/routes/notices.$id";
import * as notificationsPage from "../../app/routes/notifications._index";
import * as rootRoute from "../../app/root";
import { listAudit } from "../../db/queries/audit";
import {
  createCase,
  deleteCase,
  getCase,
  restoreCase,
  saveCaseRecord,
  saveSource,
  setFollow,
  shareCase,
  updateCase,
  type CaseInput,
} from "../../db/queries/cases";
import { notifyLinkedNoticeChanges } from "../../db/queries/notifications";
import type { UserRow } from "../../db/queries/users";
import { viewerOf } from "../../lib/visibility";
import { makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol } from "../fake-interpol/server";
import { callAction, callLoader, createUserWithSession } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";
import { pullFrom } from "../support/pull";
import { loaderArgs } from "../support/remix";

const C = {
  legal: "CANARYLEGALNAME7731",
  contact: "CANARYCONTACT7732",
  event: "CANARYRESTRICTEDEVENT7733",
  sourceId: "CANARYSOURCEIDENTITY7734",
  rTitle: "CANARYRESTRICTEDCASE7735",
  rSubject: "CANARYRSUBJECT7736",
  rSummary: "CANARYRSUMMARY7737",
  rSource: "CANARYRESTRICTEDSOURCE7738",
  rAlertNote: "CANARYALERTNOTE7739",
  rLegal: "CANARYRLEGAL7740",
};
const CANARIES = Object.values(C);
const NOTICE = "2019/55501";

let database: TestDatabase;
let fake: FakeInterpol;
const u: Record<"viewer" | "viewer2" | "editor" | "admin", { user: UserRow; cookie: string }> = {} as never;
let publicRef: string;
let restrictedRef: string;
let publicId: number;
let restrictedId: number;

const base = (over: Partial<CaseInput>): CaseInput => ({
  title: "Case",
  subjectName: "Subject",
  subjectIsPseudonym: false,
  subjectRole: "journalist",
  nationalities: [],
  residenceCountries: [],
  hostCountries: ["FR"],
  requestingCountry: "CN",
  years: "2021",
  yearFrom: 2021,
  yearTo: 2021,
  chargesAlleged: null,
  motives: ["journalism_media"],
  tactics: ["red_notice"],
  alertStatus: "active",
  libertyStatus: "at_liberty",
  extraditionOutcome: "pending",
  protectionStatus: "none",
  summary: null,
  monitoringStatus: "open",
  priority: "normal",
  visibility: "public",
  ...over,
});

const event = (description: string, visibility: "public" | "restricted") => ({
  occurredOn: "2021-07",
  precision: "month" as const,
  approximate: false,
  sortDate: "2021-07-01",
  kind: "relative_detained",
  actor: "Police",
  target: "Sister",
  placeCountry: "CN",
  place: null,
  description,
  visibility,
});

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeInterpol({
    notices: [makeNotice({ entity_id: NOTICE, name: "SUBJECTNAME", forename: "PUB", arrest_warrants: [{ issuing_country_id: "CN", charge: "Fraud", charge_translation: null }] })],
    now: new Date("2026-11-01T00:00:00Z"),
  });
  await pullFrom(database, fake.url);
  for (const r of ["viewer", "viewer2", "editor", "admin"] as const) u[r] = await createUserWithSession(database, r === "viewer2" ? "viewer" : r);
  const actor = { userId: u.editor.user.id };
  const p = await createCase(database.db, actor, base({ title: "Public case of PUBSUBJECT", subjectName: "PUBSUBJECT", legalName: C.legal, contactDetails: C.contact }));
  publicRef = p.reference;
  publicId = p.id;
  await saveCaseRecord(database.db, actor, "case_event", p.id, event("Public event text", "public"));
  await saveCaseRecord(database.db, actor, "case_event", p.id, event(C.event, "restricted"));
  await saveSource(database.db, actor, p.id, { kind: "interview", title: "An interview", publisher: null, publishedOn: null, url: null, reliability: "reliable", confidentialIdentity: C.sourceId, notes: null, visibility: "public" }, { recordType: "case", recordId: p.id });
  await saveSource(database.db, actor, p.id, { kind: "media", title: C.rSource, publisher: null, publishedOn: null, url: null, reliability: "reliable", confidentialIdentity: null, notes: null, visibility: "restricted" }, { recordType: "case", recordId: p.id });
  await saveCaseRecord(database.db, actor, "case_alert", p.id, { kind: "red_notice", issuingCountry: "CN", issuedOn: null, publishedOn: null, removedOn: null, status: "active", entityId: NOTICE, notes: null, visibility: "public" });
  const r = await createCase(
    database.db,
    actor,
    base({ title: C.rTitle, subjectName: C.rSubject, summary: C.rSummary, legalName: C.rLegal, requestingCountry: "KP", motives: ["self_determination_advocacy"], visibility: "restricted" }),
  );
  restrictedRef = r.reference;
  restrictedId = r.id;
  await saveCaseRecord(database.db, actor, "case_alert", r.id, { kind: "red_notice", issuingCountry: "KP", issuedOn: null, publishedOn: null, removedOn: null, status: "active", entityId: NOTICE, notes: C.rAlertNote, visibility: "restricted" });
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
});

/** Whatever the loader answers (data, a Response, a thrown Response), as text. */
async function body(mod: { loader: (a: never) => unknown }, path: string, cookie: string, params: Record<string, string> = {}) {
  try {
    const r = (await mod.loader(loaderArgs(database, path, { headers: { cookie }, params }) as never)) as unknown;
    if (r instanceof Response) return { status: r.status, text: await r.text() };
    const v = r as { type?: string; data?: unknown; init?: { status?: number } };
    if (v && v.type === "DataWithResponseInit") return { status: v.init?.status ?? 200, text: JSON.stringify(v.data) };
    return { status: 200, text: JSON.stringify(r) };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, text: await e.text() };
    throw e;
  }
}

const noCanary = (s: string, where: string) => {
  for (const c of CANARIES) expect(s.includes(c), `${c} leaked in ${where}`).toBe(false);
};

describe(`cases: visibility, sharing, audit, conflicts, deletes, alerts (${testDbKind()})`, () => {
  it("a viewer sees no restricted case, field, event, source or alert in pages, lists, searches, counts, exports and errors", async () => {
    const cookie = u.viewer.cookie;
    const paths: [typeof casesList, string, Record<string, string>?][] = [
      [casesList, "/cases"],
      [casesList, "/cases?q=CANARY"],
      [casesList, `/cases?q=${C.legal}`],
      [casesList, `/cases?q=${C.rSubject}`],
      [casesList, "/cases?requesting_country=KP"],
      [casesList, "/cases?visibility=restricted"],
      [casesList, "/cases?motive=bogus"],
      [casePage as never, `/cases/${publicRef}`, { reference: publicRef }],
      [casePage as never, `/cases/${restrictedRef}`, { reference: restrictedRef }],
      [csvRoute as never, "/cases.csv"],
      [jsonRoute as never, "/cases.json"],
      [ftmRoute as never, "/cases.ftm.json"],
      [csvRoute as never, "/cases.csv?include=restricted"],
      [noticePage as never, `/notices/${NOTICE.replace("/", "-")}`, { id: NOTICE.replace("/", "-") }],
      [rootRoute as never, "/"],
    ];
    for (const [mod, path, params] of paths) {
      const b = await body(mod, path, cookie, params ?? {});
      // What the viewer typed is said back to them (the search box): not a leak.
      const typed = new URL(path, "http://x").searchParams.get("q");
      noCanary(typed ? b.text.replaceAll(typed, "") : b.text, `${path} (status ${b.status})`);
    }
    // The list: the public case only; facet counts do not count the restricted case.
    const list = await callLoader(casesList.loader, { database, path: "/cases", cookie });
    const d = list.data as { list: { total: number }; facets: Record<string, { key: string; count: number }[]> };
    expect(d.list.total).toBe(1);
    expect(d.facets.requesting_country!.map((f) => f.key)).toEqual(["CN"]);
    expect(d.facets.motive!.map((f) => f.key)).not.toContain("self_determination_advocacy");
    expect(d.facets.visibility!.map((f) => f.key)).toEqual(["public"]);
    // The restricted case is "not found", the same as a case that does not exist.
    expect((await callLoader(casePage.loader, { database, path: `/cases/${restrictedRef}`, cookie, params: { reference: restrictedRef } })).status).toBe(404);
    // The public case's page: the public event, not the restricted one; no legal name.
    const page = await callLoader(casePage.loader, { database, path: `/cases/${publicRef}`, cookie, params: { reference: publicRef } });
    const detail = (page.data as { detail: Awaited<ReturnType<typeof getCase>> }).detail!;
    expect(detail.events.map((e) => e.description)).toEqual(["Public event text"]);
    expect(detail.case.legalName).toBeNull();
    expect(detail.sources.map((s) => s.title)).toEqual(["An interview"]);
    // An ordinary user may not ask for more than public records in an export.
    const more = await body(csvRoute as never, "/cases.csv?include=internal", cookie);
    expect(more.status).toBe(403);
  });

  it("editors see it all, and a search by legal name finds the case only for them", async () => {
    const list = await callLoader(casesList.loader, { database, path: `/cases?q=${C.legal}`, cookie: u.editor.cookie });
    expect((list.data as { list: { total: number } }).list.total).toBe(1);
    const none = await callLoader(casesList.loader, { database, path: `/cases?q=${C.legal}`, cookie: u.viewer.cookie });
    expect((none.data as { list: { total: number } }).list.total).toBe(0);
    const page = await body(casePage as never, `/cases/${publicRef}`, u.editor.cookie, { reference: publicRef });
    for (const c of [C.legal, C.contact, C.event, C.sourceId, C.rSource]) expect(page.text).toContain(c);
  });

  it("sharing grants exactly that record: the case and its restricted fields, nothing else", async () => {
    await shareCase(database.db, { userId: u.editor.user.id }, restrictedId, u.viewer2.user.id);
    const v2 = viewerOf(u.viewer2.user);
    const got = await getCase(database.db, v2, restrictedRef);
    expect(got?.case.title).toBe(C.rTitle);
    expect(got?.case.legalName).toBe(C.rLegal);
    // Its restricted alert is a record of its own, not shared.
    expect(got?.alerts).toEqual([]);
    // The other case's restricted fields and restricted event stay hidden.
    const other = await getCase(database.db, v2, publicRef);
    expect(other?.case.legalName).toBeNull();
    expect(other?.events.map((e) => e.description)).toEqual(["Public event text"]);
    // The first viewer still sees nothing of it.
    expect(await getCase(database.db, viewerOf(u.viewer.user), restrictedRef)).toBeNull();
    const page = await body(casePage as never, `/cases/${restrictedRef}`, u.viewer2.cookie, { reference: restrictedRef });
    expect(page.text).toContain(C.rLegal);
  });

  it("every change and every restricted view lands in the audit log", async () => {
    await callLoader(casePage.loader, { database, path: `/cases/${restrictedRef}`, cookie: u.editor.cookie, params: { reference: restrictedRef } });
    const views = await listAudit(database.db, { action: "case.viewed_restricted", actorId: u.editor.user.id });
    expect(views.map((v) => v.targetId)).toContain(restrictedRef);
    // The public case with a restricted event and a confidential source, seen by an editor: audited too;
    // the viewer, who saw none of that, leaves no such entry.
    expect(views.map((v) => v.targetId)).toContain(publicRef);
    expect(await listAudit(database.db, { action: "case.viewed_restricted", actorId: u.viewer.user.id })).toEqual([]);
    const created = await listAudit(database.db, { action: "case.created" });
    expect(created.map((a) => a.targetId).sort()).toEqual([publicRef, restrictedRef].sort());
    expect((await listAudit(database.db, { action: "case_event.created" })).length).toBe(2);
    expect((await listAudit(database.db, { action: "source.created" })).length).toBe(2);
    expect((await listAudit(database.db, { action: "case.shared" })).length).toBe(1);
    expect((await listAudit(database.db, { action: "export.cases_csv", actorId: u.viewer.user.id })).length).toBeGreaterThanOrEqual(1);
    // Never the restricted values themselves.
    noCanary(JSON.stringify(await listAudit(database.db, { limit: 500 })), "the audit log");
  });

  it("a concurrent edit is a conflict that shows both versions and loses nothing", async () => {
    const editor = { userId: u.editor.user.id };
    const viewer = viewerOf(u.editor.user);
    const start = (await getCase(database.db, viewer, publicRef))!.case.version;
    const first = await updateCase(database.db, editor, viewer, publicRef, start, { summary: "First editor's summary" });
    expect(first.ok).toBe(true);
    const second = await updateCase(database.db, { userId: u.admin.user.id }, viewerOf(u.admin.user), publicRef, start, { summary: "Second editor's summary" });
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.current?.summary).toBe("First editor's summary");
    expect((await getCase(database.db, viewer, publicRef))!.case.summary).toBe("First editor's summary");
    // Through the page: 409, the user's own values kept in the form, the saved ones beside them.
    const form = {
      title: "Public case of PUBSUBJECT",
      subjectName: "PUBSUBJECT",
      summary: "Third editor's words",
      visibility: "public",
      version: String(start),
      motives: "journalism_media",
    };
    const o = await callAction(caseEditRoute.action, { database, path: `/cases/${publicRef}/edit`, cookie: u.admin.cookie, params: { reference: publicRef }, form });
    expect(o.status, JSON.stringify(o.data)).toBe(409);
    const res = o.data as { values: Record<string, string>; conflict: { theirs: Record<string, string> } };
    expect(res.values.summary).toBe("Third editor's words");
    expect(res.conflict.theirs.summary).toBe("First editor's summary");
    expect(Number(res.values.version)).toBe(start + 1);
    // Saving again from the version shown is a conscious overwrite, and works.
    const again = await callAction(caseEditRoute.action, { database, path: `/cases/${publicRef}/edit`, cookie: u.admin.cookie, params: { reference: publicRef }, form: { ...form, version: res.values.version! } });
    expect(again.status).toBe(302);
    expect((await getCase(database.db, viewer, publicRef))!.case.summary).toBe("Third editor's words");
  });

  it("a removed linked notice shows on the case page and notifies the case's followers once", async () => {
    await setFollow(database.db, viewerOf(u.viewer.user), publicId, true);
    await setFollow(database.db, viewerOf(u.viewer.user), restrictedId, true); // not visible: ignored
    await setFollow(database.db, viewerOf(u.editor.user), restrictedId, true);
    fake.setNotices([]);
    const s = await pullFrom(database, fake.url);
    expect(s.removed).toBe(1);
    const bell = await callLoader(rootRoute.loader as never, { database, path: "/", cookie: u.viewer.cookie });
    expect((bell.data as { user: { unread: number } }).user.unread).toBe(1);
    const list = await callLoader(notificationsPage.loader, { database, path: "/notifications", cookie: u.viewer.cookie });
    const items = (list.data as { notifications: { title: string; reference: string | null }[] }).notifications;
    expect(items.map((n) => n.reference)).toEqual([publicRef]);
    expect(items[0]!.title).toContain("was removed");
    noCanary(JSON.stringify(items), "notifications");
    // The editor follows the restricted case and may see it: notified too.
    const editorBell = await callLoader(rootRoute.loader as never, { database, path: "/", cookie: u.editor.cookie });
    expect((editorBell.data as { user: { unread: number } }).user.unread).toBe(1);
    // Idempotent per run.
    expect(await notifyLinkedNoticeChanges(database.db, s.runId!)).toBe(0);
    const page = await callLoader(casePage.loader, { database, path: `/cases/${publicRef}`, cookie: u.viewer.cookie, params: { reference: publicRef } });
    const alerts = (page.data as { detail: { alerts: { entityId: string; noticeStatus: string }[]; noticeHistory: { kind: string }[] } }).detail;
    expect(alerts.alerts[0]).toMatchObject({ entityId: NOTICE, noticeStatus: "removed" });
    expect(alerts.noticeHistory.map((h) => h.kind)).toContain("removed");
  });

  it("a soft delete hides the case everywhere; a restore brings it back whole", async () => {
    const admin = { userId: u.admin.user.id };
    const before = await getCase(database.db, viewerOf(u.editor.user), publicRef);
    expect(await deleteCase(database.db, admin, publicRef)).toBe(true);
    expect(await getCase(database.db, viewerOf(u.editor.user), publicRef)).toBeNull();
    const list = await callLoader(casesList.loader, { database, path: "/cases", cookie: u.editor.cookie });
    expect((list.data as { list: { rows: { reference: string }[] } }).list.rows.map((r) => r.reference)).not.toContain(publicRef);
    const csv = await body(csvRoute as never, "/cases.csv", u.admin.cookie);
    expect(csv.text).not.toContain("PUBSUBJECT");
    const notice = await callLoader(noticePage.loader, { database, path: `/notices/${NOTICE.replace("/", "-")}`, cookie: u.editor.cookie, params: { id: NOTICE.replace("/", "-") } });
    expect((notice.data as { citingCases: { reference: string }[] }).citingCases.map((c) => c.reference)).not.toContain(publicRef);
    // Admins still see it (to restore).
    const adminView = await getCase(database.db, viewerOf(u.admin.user), publicRef, { includeDeleted: true });
    expect(adminView?.case.deletedAt).not.toBeNull();
    expect(await restoreCase(database.db, admin, publicRef)).toBe(true);
    const after = await getCase(database.db, viewerOf(u.editor.user), publicRef);
    const strip = (d: typeof before) => ({ ...d!, case: { ...d!.case, deletedAt: null, deletedBy: null } });
    expect(strip(after)).toEqual(strip(before));
    expect((await listAudit(database.db, { action: "case.deleted" })).length).toBe(1);
    expect((await listAudit(database.db, { action: "case.restored" })).length).toBe(1);
  });
});

describe(`cases: deleting a timeline event from the page (${testDbKind()})`, () => {
  it("an editor deletes an event: gone from the page, audited; a viewer may not; an administrator restores it", async () => {
    const before = (await getCase(database.db, viewerOf(u.editor.user), publicRef))!;
    const target = before.events.find((e) => e.description === "Public event text")!;
    const form = { intent: "delete-record", type: "case_event", id: String(target.id) };
    const denied = await callAction(casePage.action, { database, path: `/cases/${publicRef}`, cookie: u.viewer.cookie, params: { reference: publicRef }, form });
    expect(denied.status).toBe(403);
    const ok = await callAction(casePage.action, { database, path: `/cases/${publicRef}`, cookie: u.editor.cookie, params: { reference: publicRef }, form });
    expect(ok.status).toBe(302);
    const after = (await getCase(database.db, viewerOf(u.editor.user), publicRef))!;
    expect(after.events.map((e) => e.id)).not.toContain(target.id);
    expect((await listAudit(database.db, { action: "case_event.deleted" })).length).toBe(1);

    // Only an administrator sees what was deleted, and brings it back as it was.
    const page = (who: { cookie: string }) => callLoader(casePage.loader, { database, path: `/cases/${publicRef}`, cookie: who.cookie, params: { reference: publicRef } });
    const listed = ((await page(u.admin)).data as { deletedRecords: { type: string; id: number; what: string }[] }).deletedRecords;
    expect(listed).toEqual([expect.objectContaining({ type: "case_event", id: target.id })]);
    expect(((await page(u.editor)).data as { deletedRecords: unknown[] }).deletedRecords).toEqual([]);
    const restore = { ...form, intent: "restore-record" };
    const editorRestores = await callAction(casePage.action, { database, path: `/cases/${publicRef}`, cookie: u.editor.cookie, params: { reference: publicRef }, form: restore });
    expect(editorRestores.status).toBe(403);
    const adminRestores = await callAction(casePage.action, { database, path: `/cases/${publicRef}`, cookie: u.admin.cookie, params: { reference: publicRef }, form: restore });
    expect(adminRestores.status).toBe(302);
    const restored = (await getCase(database.db, viewerOf(u.editor.user), publicRef))!;
    expect(restored.events.find((e) => e.id === target.id)).toEqual(target);
    expect(((await page(u.admin)).data as { deletedRecords: unknown[] }).deletedRecords).toEqual([]);
    expect((await listAudit(database.db, { action: "case_event.restored" })).length).toBe(1);
  });
});
