// RFC 3161 timestamps on sealed manifests, offline: a local authority made with `openssl ts`
// behind a small HTTP server answers the seal's request; `openssl ts -verify` accepts the token
// over the manifest's SHA-256. An authority that fails leaves the manifest sealed without one.
import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evidenceManifests } from "../../db/schema";
import { createRecorder } from "../../jobs/evidence/capture";
import { sealRun } from "../../jobs/evidence/seal";
import { rfc3161Timestamper } from "../../jobs/evidence/timestamp";
import { loadEvidenceKey } from "../../lib/evidence/keys";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";

let database: TestDatabase;
let dir: string;
let server: Server;
let url: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "a3-tsa-"));
  const q = (f: string) => path.join(dir, f);
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", q("tsa.key"), "-out", q("tsa.crt"), "-days", "2", "-subj", "/CN=Article 3 test TSA",
    "-addext", "extendedKeyUsage=critical,timeStamping", "-addext", "basicConstraints=critical,CA:FALSE"], { stdio: "ignore" });
  writeFileSync(q("serial"), "01\n");
  writeFileSync(
    q("tsa.cnf"),
    `[ tsa ]\ndefault_tsa = c\n[ c ]\nserial = ${q("serial")}\ncrypto_device = builtin\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\nordering = yes\ntsa_name = no\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n`,
  );
  let n = 0;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url === "/down") {
        res.writeHead(503).end();
        return;
      }
      const id = ++n;
      writeFileSync(q(`req${id}.tsq`), Buffer.concat(chunks));
      try {
        execFileSync("openssl", ["ts", "-reply", "-config", q("tsa.cnf"), "-queryfile", q(`req${id}.tsq`), "-inkey", q("tsa.key"), "-signer", q("tsa.crt"), "-out", q(`resp${id}.tsr`)], { stdio: "ignore" });
        res.writeHead(200, { "content-type": "application/timestamp-reply" }).end(readFileSync(q(`resp${id}.tsr`)));
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await database?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function fakeExchange(runId: number) {
  const body = Buffer.from(`{"entity_id":"2021/75051","run":${runId}}`);
  return {
    request: { method: "GET", url: "https://ws-public.interpol.int/notices/v1/red/2021-75051", headers: { accept: "*/*" } },
    status: 200,
    statusText: "OK",
    headers: { "content-type": "application/json" },
    rawHeaders: [["Content-Type", "application/json"]] as Array<[string, string]>,
    body,
    startedAt: new Date(),
    endedAt: new Date(),
    attempt: 1,
    peerAddress: "192.0.2.1",
  };
}

describe(`RFC 3161 timestamps (${testDbKind()})`, () => {
  const key = () => loadEvidenceKey({ DATA_DIR: dir });

  it("a local openssl authority stamps the manifest's hash, and openssl ts -verify accepts it", async () => {
    const rec = createRecorder(database, { runId: 1 });
    rec.capture(fakeExchange(1));
    await rec.flush();
    expect(rec.stats()).toMatchObject({ exchanges: 1, records: 4, failures: 0 });
    const sealed = await sealRun(database, 1, { key: key(), timestamper: rfc3161Timestamper(url) });
    expect(sealed.timestamped).toBe(true);
    const [m] = await database.db.select().from(evidenceManifests).where(eq(evidenceManifests.runId, 1));
    writeFileSync(path.join(dir, "m.tsr"), m!.timestamp!);
    const out = execFileSync("openssl", ["ts", "-verify", "-digest", m!.hash, "-in", path.join(dir, "m.tsr"), "-CAfile", path.join(dir, "tsa.crt")], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(out).toMatch(/Verification: OK/);
  });

  it("an authority that fails leaves the manifest sealed, without a timestamp, and says why", async () => {
    const rec = createRecorder(database, { runId: 2 });
    rec.capture(fakeExchange(2));
    await rec.flush();
    const warnings: string[] = [];
    const sealed = await sealRun(database, 2, { key: key(), timestamper: rfc3161Timestamper(`${url}/down`), onWarning: (w) => warnings.push(w) });
    expect(sealed.timestamped).toBe(false);
    expect(warnings.join()).toMatch(/no timestamp/);
    const [m] = await database.db.select().from(evidenceManifests).where(eq(evidenceManifests.runId, 2));
    expect(m!.timestamp).toBeNull();
    expect(m!.previousHash).toBe(sealed.manifest.previous);
  });
});
