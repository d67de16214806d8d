// One notice's evidence bundle, as files (pure: the rows in, the files out). The CLI writes them to
// a folder, the notice page zips them. Layout (README.txt in the bundle says the same):
//   records.warc.gz          the notice's WARC records, byte for byte as stored (one gzip member each)
//   proofs.tsv               per record: where it sits in records.warc.gz, its run, its Merkle inclusion proof
//   manifests/run-N.json     every run's manifest (the whole chain), exactly the signed bytes
//   manifests/run-N.sig      Ed25519 signature of run-N.json (raw 64 bytes)
//   manifests/run-N.tsr      RFC 3161 timestamp of the manifest's SHA-256, when one was had
//   chain.txt                run id and manifest SHA-256, first to latest
//   public-key.pem           the signing key (SPKI)
//   report.html              what was received when, in plain words, printable
//   verify.mjs / verify.sh   verifiers needing only Node.js, or only bash, coreutils and openssl
//   SHA256SUMS               every file above (`sha256sum -c SHA256SUMS`)
import { gunzipSync } from "node:zlib";
import { parseManifest, sha256Hex, type Manifest } from "./manifest";
import { inclusionProofs, leafHash } from "./merkle";
import { noticeReport, type ReportExchange } from "./report";
import { VERIFY_MJS, VERIFY_SH } from "./verifier-scripts";

export interface BundleRecord {
  runId: number;
  warcType: string;
  recordId: string;
  targetUri: string | null;
  warcDate: Date;
  payloadSha256: string | null;
  refersTo: string | null;
  record: Buffer;
  recordSha256: string;
}

export interface BundleManifest {
  runId: number;
  manifest: Buffer;
  hash: string;
  signature: Buffer;
  publicKey: string;
  timestamp: Buffer | null;
}

export interface BundleInput {
  entityId: string;
  records: BundleRecord[];
  runHashes: Map<number, string[]>;
  manifests: BundleManifest[];
  publicKeyPem: string;
  exportedAt: Date;
  software: string;
}

export interface BundleFile {
  path: string;
  bytes: Buffer;
  /** Executable (verify.sh). */
  mode?: number;
}

export interface ParsedRecord {
  warcHeaders: Map<string, string>;
  /** The HTTP status line's code, for request-less records null. */
  httpStatus: number | null;
  httpStatusText: string | null;
  httpHeaders: Array<[string, string]>;
  payload: Buffer;
}

/** Read one stored record (a gzip member): WARC headers, HTTP status and headers, payload. */
export function parseRecord(gz: Buffer): ParsedRecord {
  const raw = gunzipSync(gz);
  const end = raw.indexOf("\r\n\r\n");
  const head = raw.subarray(0, end).toString("utf8").split("\r\n");
  const warcHeaders = new Map<string, string>();
  for (const line of head.slice(1)) {
    const i = line.indexOf(":");
    if (i > 0) warcHeaders.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  const length = Number(warcHeaders.get("content-length") ?? 0);
  const block = raw.subarray(end + 4, end + 4 + length);
  const type = warcHeaders.get("warc-type");
  if (type !== "response" && type !== "revisit" && type !== "request") {
    return { warcHeaders, httpStatus: null, httpStatusText: null, httpHeaders: [], payload: block };
  }
  const hEnd = block.indexOf("\r\n\r\n");
  const lines = block.subarray(0, hEnd < 0 ? block.length : hEnd).toString("latin1").split("\r\n");
  const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\s*(.*)$/.exec(lines[0] ?? "");
  const httpHeaders: Array<[string, string]> = [];
  for (const line of lines.slice(1)) {
    const i = line.indexOf(":");
    if (i > 0) httpHeaders.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
  }
  return {
    warcHeaders,
    httpStatus: m ? Number(m[1]) : null,
    httpStatusText: m ? m[2]! : null,
    httpHeaders,
    payload: hEnd < 0 ? Buffer.alloc(0) : block.subarray(hEnd + 4),
  };
}

const runFile = (runId: number, ext: string) => `manifests/run-${runId}.${ext}`;

export function buildBundle(input: BundleInput): BundleFile[] {
  const files: BundleFile[] = [];
  const manifests = new Map<number, Manifest>();
  for (const m of input.manifests) manifests.set(m.runId, parseManifest(m.manifest));

  // records.warc.gz and the proofs, record by record.
  const proofLines = [
    "# index\toffset\tlength\trun\tleaf\ttree_size\trecord_sha256\twarc_type\trecord_id\tproof (hex hashes, leaf upward, comma-separated; - when none)",
  ];
  const byRun = new Map<number, Array<{ i: number; r: BundleRecord }>>();
  input.records.forEach((r, i) => {
    if (!byRun.has(r.runId)) byRun.set(r.runId, []);
    byRun.get(r.runId)!.push({ i, r });
  });
  const proofOf = new Map<number, { leaf: number; size: number; path: Buffer[] }>();
  for (const [runId, items] of byRun) {
    const hashes = input.runHashes.get(runId) ?? [];
    const position = new Map(hashes.map((h, k) => [h, k]));
    const leaves = hashes.map((h) => leafHash(Buffer.from(h, "hex")));
    const indices = items.map(({ r }) => {
      const k = position.get(r.recordSha256);
      if (k === undefined) throw new Error(`record ${r.recordId} is not in run ${runId}'s tree`);
      return k;
    });
    const proofs = inclusionProofs(leaves, indices);
    items.forEach(({ i }, j) => proofOf.set(i, { leaf: indices[j]!, size: hashes.length, path: proofs.get(indices[j]!)! }));
  }
  let offset = 0;
  const chunks: Buffer[] = [];
  const exchanges: ReportExchange[] = [];
  const byRecordId = new Map(input.records.map((r) => [r.recordId, r]));
  input.records.forEach((r, i) => {
    const p = proofOf.get(i)!;
    proofLines.push(
      [i + 1, offset, r.record.length, r.runId, p.leaf, p.size, r.recordSha256, r.warcType, r.recordId, p.path.length ? p.path.map((h) => h.toString("hex")).join(",") : "-"].join("\t"),
    );
    chunks.push(r.record);
    offset += r.record.length;
    if (r.warcType === "response" || r.warcType === "revisit") {
      const parsed = parseRecord(r.record);
      const original = r.refersTo ? byRecordId.get(r.refersTo) : undefined;
      const payload = r.warcType === "revisit" && original ? parseRecord(original.record).payload : parsed.payload;
      exchanges.push({
        index: i + 1,
        runId: r.runId,
        url: r.targetUri ?? "",
        at: r.warcDate,
        status: parsed.httpStatus,
        statusText: parsed.httpStatusText,
        payloadSha256: r.payloadSha256,
        revisitOf: original ? { index: input.records.indexOf(original) + 1, at: original.warcDate } : null,
        contentType: parsed.httpHeaders.find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? null,
        payload,
      });
    }
  });
  files.push({ path: "records.warc.gz", bytes: Buffer.concat(chunks) });
  files.push({ path: "proofs.tsv", bytes: Buffer.from(proofLines.join("\n") + "\n") });

  const chain: string[] = [];
  for (const m of input.manifests) {
    files.push({ path: runFile(m.runId, "json"), bytes: m.manifest });
    files.push({ path: runFile(m.runId, "sig"), bytes: m.signature });
    if (m.timestamp) files.push({ path: runFile(m.runId, "tsr"), bytes: m.timestamp });
    chain.push(`${m.runId}\t${m.hash}`);
  }
  files.push({ path: "chain.txt", bytes: Buffer.from(chain.join("\n") + (chain.length ? "\n" : "")) });
  files.push({ path: "public-key.pem", bytes: Buffer.from(input.publicKeyPem) });
  const latest = input.manifests.at(-1);
  files.push({
    path: "report.html",
    bytes: Buffer.from(
      noticeReport({
        entityId: input.entityId,
        exchanges,
        manifests: input.manifests.map((m) => ({ runId: m.runId, hash: m.hash, manifest: manifests.get(m.runId)!, timestamped: !!m.timestamp })),
        latestHash: latest?.hash ?? null,
        publicKeyPem: input.publicKeyPem,
        exportedAt: input.exportedAt,
        software: input.software,
      }),
    ),
  });
  files.push({ path: "README.txt", bytes: Buffer.from(readme(input.entityId)) });
  files.push({ path: "verify.mjs", bytes: Buffer.from(VERIFY_MJS) });
  files.push({ path: "verify.sh", bytes: Buffer.from(VERIFY_SH), mode: 0o755 });
  const sums = files.map((f) => `${sha256Hex(f.bytes)}  ${f.path}`).join("\n") + "\n";
  files.push({ path: "SHA256SUMS", bytes: Buffer.from(sums) });
  return files;
}

function readme(entityId: string): string {
  return `Evidence bundle for Interpol notice ${entityId}, exported by Article 3.

Open report.html for what Article 3's client received from Interpol's public service, and when.

Check it with standard tools (in this folder):
  sha256sum -c SHA256SUMS                 every file is as exported
  bash verify.sh                          needs only bash, coreutils, gzip and openssl
  node verify.mjs                         needs only Node.js (18 or later)
  openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifests/run-N.json -sigfile manifests/run-N.sig

The verifiers check each record's hash and its Merkle inclusion proof (RFC 9162) against its run's
signed manifest, each manifest's signature (Ed25519) and that each names the previous one's SHA-256
(chain.txt), and the WARC digests inside each record. They print what failed and exit non-zero.

Compare public-key.pem, and the latest manifest's SHA-256 (last line of chain.txt), with the copies
the organisation publishes (its Admin page, its digest e-mails): a bundle can only prove it is the
same evidence the organisation sealed, as seen by the key it published.
`;
}
