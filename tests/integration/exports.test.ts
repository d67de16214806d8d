// Exports: spreadsheet-safe CSV (every cell quoted, formulas neutralised after any separator),
// and no export started by another site (no file, no audit entry in the victim's name).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as capture from "../../app/routes/notices.$id.captures.$captureId";
import * as noticePage from "../../app/routes/notices.$id";
import * as csvRoute from "../../app/routes/notices[.]csv";
import { listAudit } from "../../db/queries/audit";
import { makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol } from "../fake-interpol/server";
import { callLoader, createUserWithSession } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";
import { pullFrom } from "../support/pull";
import { loaderArgs } from "../support/remix";

const CHARGE = "Fraud;=cmd|' /C calc'!A0;";

let database: TestDatabase;
let fake: FakeInterpol;
let cookie: string;
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeInterpol({
    notices: [
      makeNotice({ entity_id: "2020/40001", name: "DOE", forename: "JANE", arrest_warrants: [{ issuing_country_id: "RU", charge: CHARGE, charge_translation: null }] }),
      makeNotice({ entity_id: "2020/40002", name: "+SUM(A1)", forename: "@ROE", arrest_warrants: [{ issuing_country_id: "RU", charge: "Theft,\t-2+3", charge_translation: null }] }),
    ],
    now: new Date("2026-11-01T00:00:00Z"),
  });
  await pullFrom(database, fake.url);
  const viewer = await createUserWithSession(database, "viewer");
  cookie = viewer.cookie;
  userId = viewer.user.id;
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
});

const exportsBy = async (action: string) => (await listAudit(database.db, { action, actorId: userId, limit: 500 })).length;

describe(`exports (${testDbKind()})`, () => {
  it("quotes every cell and neutralises a formula at the start of any piece a spreadsheet could split out", async () => {
    expect("csvCell" in csvRoute).toBe(false); // one CSV writer: lib/csv.ts
    const text = await csvBody();
    const lines = text.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe('"entity_id","status","name","forename","birth_date","sex","nationalities","warrant_countries","charges","first_seen_at","last_seen_at","removed_at","interpol_url","score","flagged","flags"');
    for (const line of lines) expect(line, line).toMatch(/^"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*$/);
    const jane = lines.find((l) => l.includes("2020/40001"))!;
    expect(jane).toContain(`"Fraud;'=cmd|' /C calc'!A0;"`);
    // Split the way a spreadsheet set to ";" (or ",", or tab) would: no piece starts a formula.
    const pieces = text.split(/[;,\t\r\n]/).map((p) => p.replace(/^"+/, "").trimStart());
    expect(pieces.filter((p) => /^[=+\-@]/.test(p))).toEqual([]);
    const roe = lines.find((l) => l.includes("2020/40002"))!;
    expect(roe).toContain(`"'+SUM(A1)","'@ROE"`);
  });

  async function csvBody() {
    const res = (await csvRoute.loader(loaderArgs(database, "/notices.csv?status=all", { headers: { cookie } }))) as Response;
    expect(res.status).toBe(200);
    return res.text();
  }

  it("refuses an export started from another site, with a plain 403 and no audit entry", async () => {
    const before = await exportsBy("export.notices_csv");
    for (const site of ["cross-site", "same-site"]) {
      const res = await callLoader(csvRoute.loader, { database, path: "/notices.csv", cookie, headers: { "sec-fetch-site": site } });
      expect(res.status, site).toBe(403);
      expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    }
    expect(await exportsBy("export.notices_csv")).toBe(before);
    // From Article 3's own pages, or typed in the address bar (and from old browsers): the export runs.
    for (const site of ["same-origin", "none", undefined]) {
      const res = await callLoader(csvRoute.loader, { database, path: "/notices.csv", cookie, headers: site ? { "sec-fetch-site": site } : {} });
      expect(res.status, String(site)).toBe(200);
    }
    expect(await exportsBy("export.notices_csv")).toBe(before + 3);
  });

  it("refuses an evidence download started from another site the same way", async () => {
    const page = await callLoader(noticePage.loader, { database, path: "/notices/2020-40001", params: { id: "2020-40001" }, cookie });
    const captureId = String((page.data as { captures: { id: number }[] }).captures[0]!.id);
    const params = { id: "2020-40001", captureId };
    const path = `/notices/2020-40001/captures/${captureId}`;
    const before = await exportsBy("export.notice_capture");
    const refused = await callLoader(capture.loader, { database, path, params, cookie, headers: { "sec-fetch-site": "cross-site" } });
    expect(refused.status).toBe(403);
    expect(await exportsBy("export.notice_capture")).toBe(before);
    const ok = await callLoader(capture.loader, { database, path, params, cookie, headers: { "sec-fetch-site": "same-origin" } });
    expect(ok.status).toBe(200);
    expect(await exportsBy("export.notice_capture")).toBe(before + 1);
  });
});
