// Case exports through their routes (CSV, JSON, FollowTheMoney) and the upload page: public
// records only unless an admin asks, never the wanted/crime topics, refused cross-site, audited;
// an admin's CSV export uploaded into an empty database gives the same cases.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as importPage from "../../app/routes/cases.import";
import * as csvRoute from "../../app/routes/cases[.]csv";
import * as ftmRoute from "../../app/routes/cases[.]ftm[.]json";
import * as jsonRoute from "../../app/routes/cases[.]json";
import { listAudit } from "../../db/queries/audit";
import { importCases } from "../../db/queries/case-import";
import { listCases } from "../../db/queries/cases";
import { parseCaseCsv } from "../../lib/case-csv";
import { callAction, createUserWithSession } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";
import { loaderArgs } from "../support/remix";

let a: TestDatabase;
let b: TestDatabase;
let admin: { cookie: string; user: { id: string } };
let viewer: { cookie: string; user: { id: string } };

beforeAll(async () => {
  [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  const rows = parseCaseCsv(readFileSync("db/seed/public-cases.csv", "utf8")).rows;
  // Five public, the rest internal; one with a legal name.
  await importCases(a.db, { userId: null }, rows.map((r, i) => ({ ...r, visibility: i < 5 ? "public" : "internal", legalName: r.key === "h-bordeaux" ? "LEGALCANARY991" : null })));
  admin = await createUserWithSession(a, "admin");
  viewer = await createUserWithSession(a, "viewer");
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

async function get(mod: { loader: (x: never) => unknown }, path: string, cookie: string, headers: Record<string, string> = {}) {
  try {
    const r = (await mod.loader(loaderArgs(a, path, { headers: { cookie, ...headers } }) as never)) as Response;
    return { status: r.status, text: await r.text() };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, text: await e.text() };
    throw e;
  }
}

describe(`case exports (${testDbKind()})`, () => {
  it("hold public records only unless an admin asks, with legal names only then", async () => {
    const pub = await get(csvRoute, "/cases.csv", viewer.cookie);
    expect(pub.status).toBe(200);
    const lines = pub.text.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).not.toContain("legal_name");
    expect(lines).toHaveLength(6);
    expect((await get(csvRoute, "/cases.csv", admin.cookie)).text.trim().split("\r\n")).toHaveLength(6);
    const all = await get(csvRoute, "/cases.csv?include=restricted", admin.cookie);
    expect(all.text.trim().split("\r\n")).toHaveLength(16);
    expect(all.text).toContain("LEGALCANARY991");
    expect(pub.text).not.toContain("LEGALCANARY991");
    expect((await get(csvRoute, "/cases.csv?include=internal", viewer.cookie)).status).toBe(403);
    expect((await get(csvRoute, "/cases.csv?motive=nope", viewer.cookie)).status).toBe(400);
    expect((await get(csvRoute, "/cases.csv", viewer.cookie, { "sec-fetch-site": "cross-site" })).status).toBe(403);
  });

  it("JSON and FollowTheMoney: Person and Sanction, never the wanted or crime topics", async () => {
    const json = JSON.parse((await get(jsonRoute, "/cases.json", viewer.cookie)).text);
    expect(json.cases).toHaveLength(5);
    const ftm = (await get(ftmRoute, "/cases.ftm.json?include=internal", admin.cookie)).text.trim().split("\n").map((l) => JSON.parse(l));
    expect(ftm).toHaveLength(30);
    expect(new Set(ftm.map((e) => e.schema))).toEqual(new Set(["Person", "Sanction"]));
    for (const e of ftm) {
      expect(e.properties.topics ?? []).not.toContain("wanted");
      expect(e.properties.topics ?? []).not.toContain("crime");
    }
    expect(JSON.stringify(ftm)).not.toMatch(/"(wanted|crime)"/);
  });

  it("every export is audited", async () => {
    expect((await listAudit(a.db, { action: "export.", actorId: admin.user.id })).map((x) => x.action).sort()).toEqual(
      expect.arrayContaining(["export.cases_csv", "export.cases_ftm"]),
    );
    expect((await listAudit(a.db, { action: "export.cases_json", actorId: viewer.user.id })).length).toBe(1);
  });

  it("an admin's export, uploaded on the import page into an empty database, gives the same cases", async () => {
    const csv = (await get(csvRoute, "/cases.csv?include=restricted", admin.cookie)).text;
    const bAdmin = await createUserWithSession(b, "admin");
    const preview = await callAction(importPage.action, { database: b, path: "/cases/import", cookie: bAdmin.cookie, form: { csv, intent: "preview" } });
    expect(preview.status).toBe(200);
    expect((preview.data as { outcome: { created: number } }).outcome.created).toBe(15);
    expect((await listCases(b.db, { kind: "user", userId: bAdmin.user.id, role: "admin" })).total).toBe(0);
    const commit = await callAction(importPage.action, { database: b, path: "/cases/import", cookie: bAdmin.cookie, form: { csv, intent: "commit" } });
    expect((commit.data as { committed: boolean }).committed).toBe(true);
    const again = (await get.call(null, csvRoute, "/cases.csv?include=restricted", admin.cookie)).text;
    const fromB = await (async () => {
      const r = (await csvRoute.loader(loaderArgs(b, "/cases.csv?include=restricted", { headers: { cookie: bAdmin.cookie } }) as never)) as Response;
      return r.text();
    })();
    expect(fromB).toBe(again);
  });

  it("a bad row on the upload page names the row and column and writes nothing", async () => {
    const bAdmin = await createUserWithSession(b, "editor");
    const bad = "key,subject,motives\nx-1,X,political_opposition\nx-2,Y,politcal_opposition\n";
    const o = await callAction(importPage.action, { database: b, path: "/cases/import", cookie: bAdmin.cookie, form: { csv: bad, intent: "commit" } });
    expect(o.status).toBe(400);
    expect((o.data as { errors: unknown[] }).errors).toEqual([{ row: 2, column: "motives", message: '"politcal_opposition" is not a motive' }]);
    // A column mapping: the file's "case id" is our key.
    const mapped = await callAction(importPage.action, { database: b, path: "/cases/import", cookie: bAdmin.cookie, form: { csv: "case id,subject\nm-1,M\n", "map.case id": "key", intent: "preview" } });
    expect(mapped.status).toBe(200);
    expect((mapped.data as { outcome: { created: number } }).outcome.created).toBe(1);
  });
});
