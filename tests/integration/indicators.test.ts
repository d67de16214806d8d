// Indicators end to end against a real database: a pull from the fake service scores every notice
// (flagged ones carry their reasons, /notices.csv says so), a rule change rescores, a dismissed
// notice stays dismissed until its charges change, and the review queue respects roles.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as csvRoute from "../../app/routes/notices[.]csv";
import * as noticesRoute from "../../app/routes/notices._index";
import * as reviewRoute from "../../app/routes/review._index";
import * as adminRoute from "../../app/routes/admin.indicators";
import { listAudit } from "../../db/queries/audit";
import { currentRuleSet, flaggedByCountry, noticeIndicators, reviewQueue, reviewQueueCount, saveRuleSet } from "../../db/queries/indicators";
import { parseCsv } from "../../lib/csv";
import { DEFAULT_RULES, RULES_VERSION } from "../../lib/indicators/rules";
import type { Reason } from "../../lib/indicators/score";
import { scoreNotices } from "../../jobs/tasks/score-notices";
import { makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol } from "../fake-interpol/server";
import { callAction, callLoader, createUserWithSession } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";
import { pullFrom } from "../support/pull";
import { loaderArgs } from "../support/remix";
import { cases, caseAlerts } from "../../db/schema/cases";
import { rowsOf } from "../../db/client";
import { sql } from "drizzle-orm";

const warrant = (issuer: string, charge: string) => [{ issuing_country_id: issuer, charge, charge_translation: null }];

const POLITICAL = {
  "2021/10001": warrant(
    "RU",
    "Публичные призывы к осуществлению экстремистской деятельности, совершенные с использованием\r\nинформационно-телекоммуникационных сетей, в том числе сети «Интернет» (ч. 2 ст. 280 УК РФ)",
  ),
  "2021/10002": warrant("TR", "Cumhurbaşkanına hakaret etmek (5237 sayılı TCK'nın 299. maddesi)"),
  "2021/10003": warrant("CN", "颠覆国家政权罪（《中华人民共和国刑法》第一百零五条）"),
  "2021/10004": warrant("BY", "Организация и подготовка действий, грубо нарушающих общественный порядок, либо активное участие в них (ч. 1 ст. 342 УК Республики Беларусь)"),
};
const ORDINARY = {
  "2021/20001": warrant("RU", "Убийство, то есть умышленное причинение смерти другому человеку (ч. 1 ст. 105 УК РФ)"),
  "2021/20002": warrant("AR", "Tráfico ilícito de estupefacientes agravado"),
  "2021/20003": warrant("FR", "Viol aggravé et vol à main armée"),
  "2021/20004": warrant("CN", "故意杀人罪（《中华人民共和国刑法》第二百三十二条）"),
  "2021/20005": warrant("TR", "Nitelikli dolandırıcılık"),
};

let database: TestDatabase;
let fake: FakeInterpol;
let viewer: { cookie: string; id: string };
let editor: { cookie: string; id: string };
let admin: { cookie: string; id: string };

beforeAll(async () => {
  database = await createTestDatabase();
  const list = Object.entries({ ...POLITICAL, ...ORDINARY }).map(([id, arrest_warrants], i) =>
    makeNotice({ entity_id: id, name: `SUBJECT${i}`, forename: "TEST", arrest_warrants }),
  );
  fake = await startFakeInterpol({ notices: list, now: new Date("2026-11-01T00:00:00Z") });
  const summary = await pullFrom(database, fake.url);
  expect(summary.status).toBe("succeeded");
  for (const [role, target] of [
    ["viewer", (v: typeof viewer) => (viewer = v)],
    ["editor", (v: typeof viewer) => (editor = v)],
    ["admin", (v: typeof viewer) => (admin = v)],
  ] as const) {
    const u = await createUserWithSession(database, role);
    target({ cookie: u.cookie, id: u.user.id });
  }
}, 120_000);
afterAll(async () => {
  await fake?.close();
  await database?.close();
});

async function csv(path: string) {
  const response = (await csvRoute.loader(loaderArgs(database, path, { headers: { cookie: viewer.cookie } }))) as Response;
  expect(response.status).toBe(200);
  return parseCsv(await response.text()).rows.map((r) => r.values);
}

describe(`indicators (${testDbKind()})`, () => {
  it("scores every notice after a pull: political charges flagged with their reasons, ordinary ones not", async () => {
    for (const id of Object.keys(POLITICAL)) {
      const s = await noticeIndicators(database.db, id);
      expect(s, id).not.toBeNull();
      expect(s!.flagged, id).toBe(true);
      expect(s!.ruleVersion).toBe(RULES_VERSION);
      expect(s!.reasons.length, id).toBeGreaterThan(0);
      for (const r of s!.reasons) expect(r.matched.length, `${id} ${r.key}`).toBeGreaterThan(0);
    }
    const ru = await noticeIndicators(database.db, "2021/10001");
    const keys = ru!.reasons.map((r: Reason) => r.key);
    expect(keys).toEqual(expect.arrayContaining(["extremism", "code_article"]));
    expect(ru!.reasons.find((r: Reason) => r.key === "extremism")!.matched.join(" ")).toMatch(/экстремистской/);
    for (const id of Object.keys(ORDINARY)) {
      const s = await noticeIndicators(database.db, id);
      expect(s!.flagged, id).toBe(false);
    }
    expect(await reviewQueueCount(database.db)).toBe(Object.keys(POLITICAL).length);
    const byCountry = await flaggedByCountry(database.db);
    expect(byCountry.map((c) => c.country).sort()).toEqual(["BY", "CN", "RU", "TR"]);
  });

  it("exports score, flagged and flags in /notices.csv, and filters flagged=1", async () => {
    const all = await csv("/notices.csv");
    expect(all).toHaveLength(Object.keys(POLITICAL).length + Object.keys(ORDINARY).length);
    for (const row of all) {
      const political = row.entity_id! in POLITICAL;
      expect(row.flagged, row.entity_id).toBe(political ? "true" : "false");
      expect(Number(row.score)).toBeGreaterThanOrEqual(0);
      if (political) expect(row.flags!.split(";")).toContain("code_article");
    }
    const flagged = await csv("/notices.csv?flagged=1&sort=score");
    expect(flagged.map((r) => r.entity_id).sort()).toEqual(Object.keys(POLITICAL).sort());
    const scores = flagged.map((r) => Number(r.score));
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const list = await callLoader(noticesRoute.loader, { database, path: "/notices?flagged=1&sort=score", cookie: viewer.cookie });
    expect((list.data as { total: number }).total).toBe(Object.keys(POLITICAL).length);
    const bad = await callLoader(noticesRoute.loader, { database, path: "/notices?flagged=maybe", cookie: viewer.cookie });
    expect(bad.status).toBe(400);
    expect((bad.data as { rows: unknown[] }).rows).toEqual([]);
  });

  it("rescores when the rules change (a new version)", async () => {
    const version = await saveRuleSet(database.db, { overrides: { disabled: ["insulting_officials", "code_article"] }, note: "test", userId: admin.id });
    const summary = await scoreNotices(database);
    expect(summary.ruleVersion).toBe(`${RULES_VERSION}+${version}`);
    expect(summary.written).toBe(Object.keys(POLITICAL).length + Object.keys(ORDINARY).length);
    const tr = await noticeIndicators(database.db, "2021/10002");
    expect(tr!.reasons.map((r: Reason) => r.key)).not.toContain("insulting_officials");
    expect(tr!.flagged).toBe(false); // only the issuer's record is left: weak, never flags alone
    // Back to the defaults' weights: a version that changes nothing.
    await saveRuleSet(database.db, { overrides: {}, note: "back", userId: admin.id });
    await scoreNotices(database);
    expect((await noticeIndicators(database.db, "2021/10002"))!.flagged).toBe(true);
    const again = await scoreNotices(database);
    expect(again.written).toBe(0); // idempotent
    expect((await currentRuleSet(database.db)).adminVersion).toBe(version + 1);
  });

  it("lets viewers read the queue but not decide; editors decide, audited", async () => {
    const read = await callLoader(reviewRoute.loader, { database, path: "/review", cookie: viewer.cookie });
    expect(read.status).toBe(200);
    const data = read.data as { rows: Array<{ entityId: string; score: number }>; canDecide: boolean };
    expect(data.canDecide).toBe(false);
    expect(data.rows.map((r) => r.entityId).sort()).toEqual(Object.keys(POLITICAL).sort());
    const scores = data.rows.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const refused = await callAction(reviewRoute.action, {
      database,
      path: "/review",
      cookie: viewer.cookie,
      form: { entityId: "2021/10002", decision: "dismiss", note: "no" },
    });
    expect(refused.status).toBe(403);
    const anonymous = await callLoader(reviewRoute.loader, { database, path: "/review" });
    expect(anonymous.status).toBe(302);
    // A dismissal needs a note: the form comes back with a message on that field.
    const noNote = await callAction(reviewRoute.action, {
      database,
      path: "/review",
      cookie: editor.cookie,
      form: { entityId: "2021/10002", decision: "dismiss", note: "  " },
    });
    expect(noNote.status).toBe(400);
    expect((noNote.data as { errors: Record<string, string> }).errors.note).toBeTruthy();
    const bogus = await callAction(reviewRoute.action, { database, path: "/review", cookie: editor.cookie, form: { entityId: "'; drop", decision: "x" } });
    expect(bogus.status).toBe(400);
    const confirmed = await callAction(reviewRoute.action, {
      database,
      path: "/review",
      cookie: editor.cookie,
      form: { entityId: "2021/10003", decision: "confirm", note: "" },
    });
    expect(confirmed.status).toBe(302);
    const audits = await listAudit(database.db, { action: "indicator.confirmed", actorId: editor.id });
    expect(audits.map((a) => a.targetId)).toEqual(["2021/10003"]);
  });

  it("keeps a dismissed notice out of the queue until its charges change, then shows what changed", async () => {
    const dismissed = await callAction(reviewRoute.action, {
      database,
      path: "/review",
      cookie: editor.cookie,
      form: { entityId: "2021/10002", decision: "dismiss", note: "Old tweet case, already closed by the CCF" },
    });
    expect(dismissed.status).toBe(302);
    expect((await listAudit(database.db, { action: "indicator.dismissed", actorId: editor.id })).length).toBe(1);
    const queued = async () => (await reviewQueue(database.db)).rows.map((r) => r.entityId);
    expect(await queued()).not.toContain("2021/10002");
    // Another pull with nothing changed, and a rescore: still dismissed.
    await pullFrom(database, fake.url);
    await scoreNotices(database);
    expect(await queued()).not.toContain("2021/10002");
    // Its charges change: back in the queue, with the decision and the charges as they were.
    fake.update((list) => {
      const n = list.find((x) => x.entity_id === "2021/10002")!;
      n.arrest_warrants = warrant("TR", "Cumhurbaşkanına hakaret etmek (TCK 299) ve terör örgütü propagandası yapmak (3713 sayılı TMK 7/2)");
    });
    const second = await pullFrom(database, fake.url);
    expect(second.changed).toBeGreaterThanOrEqual(1);
    const queue = await reviewQueue(database.db);
    const back = queue.rows.find((r) => r.entityId === "2021/10002");
    expect(back).toBeDefined();
    expect(back!.previous?.decision).toBe("dismiss");
    expect(back!.previous?.note).toMatch(/CCF/);
    expect(back!.previous?.warrants[0]?.charge).toMatch(/5237/);
    expect(back!.warrants[0]?.charge).toMatch(/propaganda/);
    expect(back!.reasons.map((r) => r.key)).toEqual(expect.arrayContaining(["charges_changed", "terrorism_speech"]));
    // Confirmed earlier and unchanged: stays out.
    expect(queue.rows.map((r) => r.entityId)).not.toContain("2021/10003");
  });

  it("lets an administrator save a new rules version from the page, refusing bad input field by field", async () => {
    const form: Record<string, string> = { note: "Picking quarrels weighs less" };
    for (const r of [...DEFAULT_RULES.charge, ...DEFAULT_RULES.context]) form[`weight.${r.key}`] = String(r.weight);
    form.issuerRecords = "RU | Freedom House report | https://freedomhouse.org/report/transnational-repression | 2021";
    const bad = await callAction(adminRoute.action, { database, path: "/admin/indicators", cookie: admin.cookie, form: { ...form, "weight.extremism": "lots", issuerRecords: "XX | nothing" } });
    expect(bad.status).toBe(400);
    const errors = (bad.data as { errors: Record<string, string> }).errors;
    expect(errors["weight.extremism"]).toMatch(/whole number/);
    expect(errors.issuerRecords).toMatch(/Line 1/);
    const before = (await currentRuleSet(database.db)).adminVersion;
    const ok = await callAction(adminRoute.action, { database, path: "/admin/indicators", cookie: admin.cookie, form: { ...form, "weight.picking_quarrels": "40", "terms.extremism": "радикальн* ислам*" } });
    expect(ok.status).toBe(302);
    const after = await currentRuleSet(database.db);
    expect(after.adminVersion).toBe((before ?? 0) + 1);
    expect(after.rules.charge.find((r) => r.key === "picking_quarrels")!.weight).toBe(40);
    expect(after.rules.issuerRecords.map((r) => r.country)).toEqual(["RU"]);
    expect((await listAudit(database.db, { action: "indicator.rules_changed", actorId: admin.id })).length).toBe(1);
    const page = await callLoader(adminRoute.loader, { database, path: "/admin/indicators", cookie: admin.cookie });
    expect((page.data as { version: string }).version).toBe(after.rules.version);
    // Back to the defaults for the tests after this one.
    await saveRuleSet(database.db, { overrides: {}, note: "defaults", userId: admin.id });
  });

  it("flags a notice linked to a case of a recognised refugee, and counts the issuer's politically motivated cases", async () => {
    const [c] = await database.db
      .insert(cases)
      .values({ reference: "A3-2026-0001", key: "t-1", title: "Refugee", subjectName: "X", requestingCountry: "AR", motives: ["political_opposition"], protectionStatus: "refugee_recognised" })
      .returning({ id: cases.id });
    await database.db.insert(caseAlerts).values({ caseId: c!.id, kind: "red_notice", entityId: "2021/20002" });
    // A restricted case never shows through a score.
    const [hidden] = await database.db
      .insert(cases)
      .values({ reference: "A3-2026-0002", key: "t-2", title: "Hidden", subjectName: "Y", visibility: "restricted", protectionStatus: "refugee_recognised" })
      .returning({ id: cases.id });
    await database.db.insert(caseAlerts).values({ caseId: hidden!.id, kind: "red_notice", entityId: "2021/20003" });
    await scoreNotices(database);
    const linked = await noticeIndicators(database.db, "2021/20002");
    expect(linked!.reasons.map((r: Reason) => r.key)).toContain("linked_protection");
    expect(linked!.flagged).toBe(true);
    const restricted = await noticeIndicators(database.db, "2021/20003");
    expect(restricted!.reasons.map((r: Reason) => r.key)).not.toContain("linked_protection");
    expect(restricted!.flagged).toBe(false);
    const n = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from notice_scores`))[0]!;
    expect(Number(n.n)).toBe(Object.keys(POLITICAL).length + Object.keys(ORDINARY).length);
  });
});
