// The manifest's bytes are RFC 8785 canonical JSON: the same manifest always has the same hash,
// whatever order its fields were built in; a shell can read its fields with sed.
import { createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MANIFEST_VERSION, manifestBytes, parseManifest, sha256Hex, type Manifest } from "../../lib/evidence/manifest";
import { timeStampRequest, timeStampStatus } from "../../jobs/evidence/timestamp";
import { noticeReport } from "../../lib/evidence/report";

const m: Manifest = {
  version: MANIFEST_VERSION,
  runId: 7,
  firstRecordAt: "2026-03-01T06:00:00.000Z",
  lastRecordAt: "2026-03-01T06:40:00.000Z",
  sealedAt: "2026-03-01T06:41:00.000Z",
  runStatus: "succeeded",
  records: 3,
  responses: 1,
  revisits: 0,
  bytes: 1234,
  root: "a".repeat(64),
  treeSize: 3,
  previous: null,
  keyId: "b".repeat(64),
  software: "article3/0.1.0",
};

describe("manifest", () => {
  it("is canonical: sorted keys, no spaces, one line; field order does not change the bytes", () => {
    const text = manifestBytes(m).toString("utf8");
    expect(text).not.toMatch(/\s(?=")|\n/);
    const keys = Object.keys(JSON.parse(text));
    expect(keys).toEqual([...keys].sort());
    const shuffled = Object.fromEntries(Object.entries(m).reverse()) as unknown as Manifest;
    expect(sha256Hex(manifestBytes(shuffled))).toBe(sha256Hex(manifestBytes(m)));
    expect(parseManifest(manifestBytes(m))).toEqual(m);
    expect(text).toContain(`"root":"${"a".repeat(64)}"`);
    expect(text).toContain('"previous":null');
  });

  it("signs and verifies with Ed25519; one changed byte fails", () => {
    const { privateKey } = generateKeyPairSync("ed25519");
    const bytes = manifestBytes(m);
    const sig = sign(null, bytes, privateKey);
    const pub = createPublicKey(privateKey);
    expect(verify(null, bytes, pub, sig)).toBe(true);
    const bad = Buffer.from(bytes);
    bad[20] ^= 1;
    expect(verify(null, bad, pub, sig)).toBe(false);
  });

  it("builds a DER RFC 3161 request and reads a response's status", () => {
    const req = timeStampRequest(Buffer.alloc(32, 7), Buffer.alloc(8, 0xff));
    expect(req[0]).toBe(0x30);
    expect(req[1]).toBe(req.length - 2);
    expect(req.includes(Buffer.alloc(32, 7))).toBe(true);
    expect(timeStampStatus(Buffer.from("30053003020100", "hex"))).toBe(0);
    expect(timeStampStatus(Buffer.from("30053003020102", "hex"))).toBe(2);
  });
});

describe("report wording", () => {
  it("says what a 404 and an absence do and do not prove, and escapes what the service sent", () => {
    const html = noticeReport({
      entityId: "2021/75051",
      exchanges: [
        { index: 2, runId: 1, url: "https://ws-public.interpol.int/notices/v1/red/2021-75051", at: new Date("2026-03-01T06:00:00Z"), status: 200, statusText: "OK", payloadSha256: "c".repeat(64), revisitOf: null, contentType: "application/json", payload: Buffer.from(JSON.stringify({ name: "<b>X</b>", arrest_warrants: [{ issuing_country_id: "TR", charge: "Fraud" }] })) },
        { index: 5, runId: 2, url: "https://ws-public.interpol.int/notices/v1/red/2021-75051", at: new Date("2026-03-08T06:00:00Z"), status: 404, statusText: "Not Found", payloadSha256: "d".repeat(64), revisitOf: null, contentType: null, payload: Buffer.alloc(0) },
      ],
      manifests: [],
      latestHash: null,
      publicKeyPem: "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n",
      exportedAt: new Date("2026-03-09T00:00:00Z"),
      software: "article3/0.1.0",
    });
    expect(html).toContain("2026-03-01 at 06:00:00 UTC");
    expect(html).toContain("Charges as published: TR: Fraud");
    expect(html).toContain("proves only that the public service stopped serving it");
    expect(html).toMatch(/not proof that Interpol\s+cancelled it/);
    expect(html).not.toContain("<b>X</b>");
  });
});

describe("which notice an exchange is about", () => {
  it("reads the notice from its detail, images list and image addresses, and nothing else", async () => {
    const { entityOfUrl } = await import("../../jobs/evidence/capture");
    expect(entityOfUrl("https://ws-public.interpol.int/notices/v1/red/2021-75051")).toBe("2021/75051");
    expect(entityOfUrl("https://ws-public.interpol.int/notices/v1/red/2021-75051/images")).toBe("2021/75051");
    expect(entityOfUrl("https://ws-public.interpol.int/notices/v1/red/2021-75051/images/62165224")).toBe("2021/75051");
    expect(entityOfUrl("https://ws-public.interpol.int/notices/v1/red?nationality=RU&page=2")).toBeNull();
    expect(entityOfUrl("https://www.interpol.int/en/notices/data/countries")).toBeNull();
  });
});
