// A run's manifest: what one pull captured, sealed. Its bytes are RFC 8785 canonical JSON, so the
// same manifest always has the same SHA-256 and signature; the file in an export is exactly these
// bytes. Every field is a string, an integer or null, so a shell can read it with sed.
import canonicalize from "canonicalize";
import { createHash } from "node:crypto";

export const MANIFEST_VERSION = "article3-evidence-manifest/1";

export interface Manifest {
  version: typeof MANIFEST_VERSION;
  runId: number;
  /** The first and last record's WARC-Date in this run (ISO 8601 UTC), or null when it has none. */
  firstRecordAt: string | null;
  lastRecordAt: string | null;
  sealedAt: string;
  /**
   * How the pull ended (crawl_runs.status when sealed): a "failed" or "running" run died or stopped
   * midway, and this manifest covers exactly the records it wrote before that.
   */
  runStatus: string;
  records: number;
  responses: number;
  revisits: number;
  /** Bytes of the stored records (gzip members) together. */
  bytes: number;
  /**
   * RFC 9162 Merkle tree hash (hex) over the run's records in the order written; each leaf's data is
   * the SHA-256 of the record's stored bytes (one gzip member), so leaf = SHA-256(0x00 ‖ SHA-256(record)).
   */
  root: string;
  treeSize: number;
  /** SHA-256 (hex) of the previous manifest's bytes; null for the first. */
  previous: string | null;
  /** SHA-256 (hex) of the signing key's SPKI DER, naming the key without repeating it. */
  keyId: string;
  software: string;
}

export function manifestBytes(m: Manifest): Buffer {
  const text = canonicalize(m);
  if (text === undefined) throw new Error("manifest did not canonicalize");
  return Buffer.from(text, "utf8");
}

export const sha256Hex = (b: Uint8Array | string): string => createHash("sha256").update(b).digest("hex");

export function parseManifest(bytes: Uint8Array): Manifest {
  const m = JSON.parse(Buffer.from(bytes).toString("utf8")) as Manifest;
  if (m.version !== MANIFEST_VERSION) throw new Error(`not a manifest of ${MANIFEST_VERSION}`);
  return m;
}
