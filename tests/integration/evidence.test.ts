// Evidence (issue 14) end to end: three pulls of the fake Interpol (a notice added, changed,
// removed), one notice's bundle exported and checked with standard tools only (sha256sum, openssl,
// bash, node) and with evidence:verify; one byte flipped in a record, a proof or a manifest makes
// both verifiers fail and name it; the WARC read back with warcio; a killed run leaves no seal.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { asc, eq, sql } from "drizzle-orm";
import { WARCParser } from "warcio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestManifest } from "../../db/queries/evidence";
import { evidenceManifests, evidenceRecords, noticeCaptures } from "../../db/schema";
import { unzipSync } from "fflate";
import * as adminEvidence from "../../app/routes/admin.evidence";
import * as zipRoute from "../../app/routes/notices.$id.evidence[.]zip";
import { listAudit } from "../../db/queries/audit";
import { exportNoticeEvidence, verifyBundle } from "../../jobs/commands/evidence";
import { pullNotices } from "../../jobs/tasks/pull-notices";
import { generateNotices, makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol } from "../fake-interpol/server";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";
import { callLoader, createUserWithSession } from "../support/auth";
import { fakeEnv, pullFrom } from "../support/pull";
import { loaderArgs } from "../support/remix";

const TARGET = "2021/75051";
let database: TestDatabase;
let fake: FakeInterpol;
let work: string;

const target = makeNotice({
  entity_id: TARGET,
  name: "EXAMPLE",
  forename: "SUBJECT",
  nationalities: ["TR"],
  arrest_warrants: [{ issuing_country_id: "TR", charge: "Membership of an armed organisation", charge_translation: null }],
});
const others = generateNotices({ count: 40, seed: 14 });

/** The database's own refusal (drizzle wraps the driver's error: its message is the cause's). */
async function refused(p: PromiseLike<unknown>, reason: RegExp) {
  const e = (await Promise.resolve(p).then(() => null, (err: unknown) => err)) as { message?: string; cause?: { message?: string } } | null;
  expect(e, "expected the database to refuse").not.toBeNull();
  expect(`${e!.message ?? ""} ${e!.cause?.message ?? ""}`).toMatch(reason);
}

const sh = (cmd: string, args: string[], cwd: string) => spawnSync(cmd, args, { cwd, encoding: "utf8" });

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeInterpol({ notices: others, now: new Date("2026-11-01T00:00:00Z") });
  work = mkdtempSync(path.join(tmpdir(), "a3-evidence-"));
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.sequential(`evidence (${testDbKind()})`, () => {
  const runs: number[] = [];

  it("three pulls (added, changed, removed) each seal a manifest chained to the one before", async () => {
    fake.update((list) => [...list, target]);
    const a = await pullFrom(database, fake.url);
    expect(a.status).toBe("succeeded");
    expect(a.evidence!.failures).toBe(0);
    expect(a.evidenceManifest).toMatch(/^[0-9a-f]{64}$/);

    fake.update((list) =>
      list.map((n) => (n.entity_id === TARGET ? { ...n, arrest_warrants: [{ issuing_country_id: "TR", charge: "Terrorism financing", charge_translation: null }] } : n)),
    );
    const b = await pullFrom(database, fake.url);
    expect(b.changed).toBe(1);

    fake.update((list) => list.filter((n) => n.entity_id !== TARGET));
    const c = await pullFrom(database, fake.url);
    expect(c.removed).toBe(1);
    runs.push(a.runId!, b.runId!, c.runId!);

    const manifests = await database.db.select().from(evidenceManifests).orderBy(asc(evidenceManifests.id));
    expect(manifests.map((m) => m.runId)).toEqual(runs);
    expect(manifests[0]!.previousHash).toBeNull();
    expect(manifests[1]!.previousHash).toBe(manifests[0]!.hash);
    expect(manifests[2]!.previousHash).toBe(manifests[1]!.hash);
    for (const m of manifests) expect(createHash("sha256").update(m.manifest).digest("hex")).toBe(m.hash);
    expect(await latestManifest(database.db)).toMatchObject({ hash: c.evidenceManifest, runId: c.runId });

    // Unchanged details asked again are revisits (or 304s), not second copies.
    const [{ revisits }] = await database.rows<{ revisits: number }>(
      sql`select count(*)::int as revisits from ${evidenceRecords} where warc_type = 'revisit' or (warc_type = 'response' and run_id = ${b.runId})`,
    );
    expect(Number(revisits)).toBeGreaterThan(0);
  });

  it("the notice page's SHA-256 of each capture is the payload digest of a sealed response", async () => {
    const caps = await database.db.select().from(noticeCaptures).where(eq(noticeCaptures.entityId, TARGET));
    expect(caps.length).toBe(2);
    for (const c of caps) {
      const rows = await database.db
        .select({ id: evidenceRecords.id })
        .from(evidenceRecords)
        .where(sql`${evidenceRecords.targetUri} = ${c.url} and ${evidenceRecords.payloadSha256} = ${c.sha256} and ${evidenceRecords.warcType} = 'response'`);
      expect(rows.length).toBeGreaterThan(0);
    }
  });

  it("the database refuses changes, records added to a sealed run, and a manifest off the chain", async () => {
    await refused(database.db.execute(sql`update evidence_records set target_uri = 'x' where id = (select min(id) from evidence_records)`), /append-only/);
    await refused(database.db.execute(sql`delete from evidence_manifests`), /append-only/);
    const [{ id: _r, ...r }] = await database.db.select().from(evidenceRecords).limit(1);
    await refused(database.db.insert(evidenceRecords).values({ ...r, recordId: "<urn:uuid:late>", runId: runs[0]! }), /is sealed/);
    // The same record for a run not sealed is accepted (so the refusal above is the seal's).
    await database.db.insert(evidenceRecords).values({ ...r, recordId: "<urn:uuid:unsealed>", runId: 0 });
    const [{ id: _m, ...m }] = await database.db.select().from(evidenceManifests).limit(1);
    await refused(database.db.insert(evidenceManifests).values({ ...m, runId: 999_999, hash: "f".repeat(64), previousHash: null }), /as previous/);
  });

  let bundle = "";
  it("exports the notice's bundle and every standard tool accepts it", async () => {
    bundle = path.join(work, "bundle");
    const r = await exportNoticeEvidence(database, TARGET, bundle);
    expect(r.records).toBeGreaterThan(0);
    expect(r.manifests).toBe(3);
    const files = readdirSync(bundle);
    for (const f of ["records.warc.gz", "proofs.tsv", "chain.txt", "public-key.pem", "report.html", "verify.mjs", "verify.sh", "SHA256SUMS", "manifests"]) expect(files).toContain(f);

    expect(sh("sha256sum", ["-c", "SHA256SUMS"], bundle).status).toBe(0);
    for (const run of runs) {
      const v = sh("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", "public-key.pem", "-rawin", "-in", `manifests/run-${run}.json`, "-sigfile", `manifests/run-${run}.sig`], bundle);
      expect(v.stdout + v.stderr).toMatch(/Signature Verified Successfully/);
    }
    const node = sh(process.execPath, ["verify.mjs"], bundle);
    expect(node.stdout).toMatch(/^OK/m);
    expect(node.status).toBe(0);
    const bash = sh("bash", ["verify.sh"], bundle);
    expect(bash.stdout).toMatch(/^OK/m);
    expect(bash.status).toBe(0);
    expect(verifyBundle(bundle).ok).toBe(true);

    // Only this notice's exchanges (and each run's warcinfo): no list page, no other notice.
    const text = gunzipSync(readFileSync(path.join(bundle, "records.warc.gz"))).toString("latin1");
    const uris = [...text.matchAll(/^WARC-Target-URI: (.+)\r$/gm)].map((m) => m[1]!);
    expect(uris.length).toBeGreaterThan(0);
    for (const u of uris) expect(u).toMatch(/\/notices\/v1\/red\/2021-75051(\/images.*)?$/);
    expect(text).toMatch(/HTTP\/1\.1 404/);
    expect(text).toMatch(/WARC-IP-Address: 127\.0\.0\.1/);

    const report = readFileSync(path.join(bundle, "report.html"), "utf8");
    expect(report).toMatch(/proves only that the public service stopped serving it/);
    expect(report).toMatch(/not proof that Interpol\s+cancelled it/);
    expect(report).toMatch(/Terrorism financing/);
  });

  it("the notice page's zip holds the same bundle, verifies, and is audited; Admin shows the key and the latest hash", async () => {
    const viewer = await createUserWithSession(database, "viewer");
    const params = { id: "2021-75051" };
    const path0 = "/notices/2021-75051/evidence.zip";
    const res = (await zipRoute.loader({ ...loaderArgs(database, path0, { headers: { cookie: viewer.cookie, "sec-fetch-site": "same-origin" } }), params })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const dir = path.join(work, "from-zip");
    for (const [name, bytes] of Object.entries(files)) {
      const target = path.join(dir, name);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, bytes);
    }
    const unpacked = path.join(dir, "evidence-2021-75051");
    expect(sh(process.execPath, ["verify.mjs"], unpacked).status).toBe(0);
    expect(sh("sha256sum", ["-c", "SHA256SUMS"], unpacked).status).toBe(0);
    expect(readFileSync(path.join(unpacked, "records.warc.gz")).equals(readFileSync(path.join(bundle, "records.warc.gz")))).toBe(true);
    expect((await listAudit(database.db, { action: "export.notice_evidence", actorId: viewer.user.id, limit: 10 })).length).toBe(1);

    const cross = await callLoader(zipRoute.loader, { database, path: path0, params, cookie: viewer.cookie, headers: { "sec-fetch-site": "cross-site" } });
    expect(cross.status).toBe(403);
    const none = await callLoader(zipRoute.loader, { database, path: "/notices/2020-1/evidence.zip", params: { id: "2020-1" }, cookie: viewer.cookie });
    expect(none.status).toBe(404);
    expect((await listAudit(database.db, { action: "export.notice_evidence", actorId: viewer.user.id, limit: 10 })).length).toBe(1);

    expect((await callLoader(adminEvidence.loader, { database, path: "/admin/evidence", cookie: viewer.cookie })).status).toBe(403);
    const admin = await createUserWithSession(database, "admin");
    const page = await callLoader(adminEvidence.loader, { database, path: "/admin/evidence", cookie: admin.cookie });
    const data = page.data as Awaited<ReturnType<typeof adminEvidence.loader>>;
    expect(data.key!.pem).toBe(readFileSync(path.join(bundle, "public-key.pem"), "utf8"));
    expect(data.recent[0]!.hash).toBe((await latestManifest(database.db))!.hash);
  });

  it("reads back record by record with warcio, every digest matching", async () => {
    const bytes = readFileSync(path.join(bundle, "records.warc.gz"));
    const payloads = new Map<string, string>();
    let n = 0;
    for await (const record of WARCParser.iterRecords([bytes])) {
      n++;
      expect(record.warcHeaders.statusline).toBe("WARC/1.1");
      const payload = await record.readFully(false);
      if (record.warcType === "response") {
        expect(record.warcPayloadDigest).toBe(`sha256:${createHash("sha256").update(payload).digest("hex")}`);
        payloads.set(record.warcHeader("WARC-Record-ID")!, record.warcPayloadDigest!);
      }
      if (record.warcType === "revisit") expect(payloads.get(record.warcHeader("WARC-Refers-To")!)).toBe(record.warcPayloadDigest);
      if (record.warcType !== "warcinfo") expect(record.warcBlockDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
    // Block digests, over the block exactly as stored.
    const raw = gunzipSync(bytes);
    let at = 0;
    while (at < raw.length) {
      const end = raw.indexOf("\r\n\r\n", at);
      const head = raw.subarray(at, end).toString("utf8");
      const len = Number(/Content-Length: (\d+)/.exec(head)![1]);
      const block = raw.subarray(end + 4, end + 4 + len);
      const bd = /WARC-Block-Digest: (\S+)/.exec(head)?.[1];
      if (bd) expect(bd).toBe(`sha256:${createHash("sha256").update(block).digest("hex")}`);
      at = end + 4 + len + 4;
    }
    expect(n).toBe(readFileSync(path.join(bundle, "proofs.tsv"), "utf8").split("\n").filter((l) => l && !l.startsWith("#")).length);
  });

  const flip = (file: string, at: (b: Buffer) => number) => {
    const b = readFileSync(file);
    const i = at(b);
    b[i] = b[i]! ^ 0x01;
    writeFileSync(file, b);
  };
  const resum = (dir: string) => {
    const lines = readFileSync(path.join(dir, "SHA256SUMS"), "utf8").trim().split("\n");
    const out = lines.map((l) => {
      const name = l.slice(66);
      return `${createHash("sha256").update(readFileSync(path.join(dir, name))).digest("hex")}  ${name}`;
    });
    writeFileSync(path.join(dir, "SHA256SUMS"), out.join("\n") + "\n");
  };
  const cases: Array<[string, string, (b: Buffer) => number, RegExp]> = [
    ["a record", "records.warc.gz", (b) => Math.floor(b.length / 2), /record \d+ .*SHA-256 differs/],
    ["a proof", "proofs.tsv", (b) => b.lastIndexOf(Buffer.from(",")) + 3, /record \d+ .*Merkle inclusion proof/],
    ["a manifest", "", () => 0, /manifests\/run-\d+\.(json|sig)/],
  ];
  for (const [what, file, at, names] of cases) {
    it(`one byte flipped in ${what} makes both verifiers fail and name it`, () => {
      for (const fixSums of [false, true]) {
        const dir = path.join(work, `tamper-${file || "manifest"}-${fixSums}`);
        cpSync(bundle, dir, { recursive: true });
        const target = file ? path.join(dir, file) : path.join(dir, "manifests", `run-${runs[1]}.json`);
        // In a manifest, flip a digit of its root: still JSON, no longer what was signed.
        flip(target, file ? at : (b) => b.indexOf(Buffer.from('"root":"')) + 10);
        if (fixSums) resum(dir);
        const node = sh(process.execPath, ["verify.mjs"], dir);
        const bash = sh("bash", ["verify.sh"], dir);
        const cli = verifyBundle(dir);
        for (const r of [{ status: node.status, out: node.stdout }, { status: bash.status, out: bash.stdout }, { status: cli.ok ? 0 : 1, out: cli.output }]) {
          expect(r.status).not.toBe(0);
          if (!fixSums) expect(r.out).toMatch(new RegExp(`FAIL ${(file || `manifests/run-${runs[1]}.json`).replace(/[.]/g, "\\.")}`));
          else expect(r.out).toMatch(names);
        }
      }
    });
  }

  it("a run killed midway leaves no seal; the next pull seals it over exactly what it wrote, chain unbroken", async () => {
    const controller = new AbortController();
    // Killed: the pull stops midway and its seal step never runs (as when the process dies).
    const killed = await pullNotices({
      database,
      env: fakeEnv(fake.url),
      trigger: "cli",
      signal: controller.signal,
      clientOverrides: { rps: 10_000, backoffBaseMs: 2, backoffMaxMs: 10, timeoutMs: 1500 },
      onProgress: (p) => {
        if (p.phase === "details") controller.abort();
      },
    });
    expect(killed.status).toBe("failed");
    const killedId = killed.runId!;
    const sealed = await database.db.select().from(evidenceManifests).where(eq(evidenceManifests.runId, killedId));
    expect(sealed).toHaveLength(0);
    const [{ n }] = await database.rows<{ n: number }>(sql`select count(*)::int as n from ${evidenceRecords} where run_id = ${killedId}`);
    expect(Number(n)).toBeGreaterThan(0);

    const next = await pullFrom(database, fake.url);
    expect(next.status).toBe("succeeded");
    const all = await database.db.select().from(evidenceManifests).orderBy(asc(evidenceManifests.id));
    const k = all.find((m) => m.runId === killedId)!;
    expect(k.treeSize).toBe(Number(n));
    expect(JSON.parse(k.manifest.toString("utf8"))).toMatchObject({ runStatus: "failed", records: Number(n) });
    for (let i = 1; i < all.length; i++) expect(all[i]!.previousHash).toBe(all[i - 1]!.hash);
    expect(all.at(-1)!.runId).toBe(next.runId);

    // A bundle exported now still verifies over the longer chain.
    const dir = path.join(work, "after-kill");
    const other = others[0]!.entity_id;
    await exportNoticeEvidence(database, other, dir);
    expect(verifyBundle(dir).ok).toBe(true);
    expect(execFileSync("bash", ["verify.sh"], { cwd: dir, encoding: "utf8" })).toMatch(/^OK/m);
  });
});
