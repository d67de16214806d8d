// Sealing (docs/decisions/010): after a pull, every run that has records and no manifest is sealed
// in order, the oldest first: a Merkle tree over its records as written, a manifest naming the
// previous manifest's hash, signed with the organisation's Ed25519 key, optionally timestamped.
// A run that died midway is sealed by the next pull over exactly the records it wrote (its status
// says it did not finish); the database refuses records added to a sealed run and a manifest that
// does not chain to the latest (migration evidence_append_only).
import { sign } from "node:crypto";
import type { Database } from "../../db/client";
import { insertManifest, latestManifest, runLeaves, runStatusOf, unsealedRuns } from "../../db/queries/evidence";
import type { EvidenceKey } from "../../lib/evidence/keys";
import { MANIFEST_VERSION, manifestBytes, sha256Hex, type Manifest } from "../../lib/evidence/manifest";
import { leafHash, rootOf } from "../../lib/evidence/merkle";
import { SOFTWARE } from "../../lib/evidence/software";
import type { Timestamper } from "./timestamp";

export interface SealOptions {
  key: EvidenceKey;
  now?: () => Date;
  timestamper?: Timestamper | null;
  /** Told when a timestamp could not be had (the manifest is sealed without one). */
  onWarning?: (message: string) => void;
}

export interface Sealed {
  runId: number;
  hash: string;
  manifest: Manifest;
  timestamped: boolean;
}

export async function sealRun(database: Database, runId: number, opts: SealOptions): Promise<Sealed> {
  const { db } = database;
  const now = opts.now ?? (() => new Date());
  const leaves = await runLeaves(db, runId);
  const previous = await latestManifest(db);
  const dates = leaves.map((l) => l.warcDate.getTime());
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    runId,
    firstRecordAt: dates.length ? new Date(Math.min(...dates)).toISOString() : null,
    lastRecordAt: dates.length ? new Date(Math.max(...dates)).toISOString() : null,
    sealedAt: now().toISOString(),
    runStatus: (await runStatusOf(db, runId)) ?? "unknown",
    records: leaves.length,
    responses: leaves.filter((l) => l.warcType === "response").length,
    revisits: leaves.filter((l) => l.warcType === "revisit").length,
    bytes: leaves.reduce((s, l) => s + l.bytes, 0),
    root: rootOf(leaves.map((l) => leafHash(Buffer.from(l.recordSha256, "hex")))).toString("hex"),
    treeSize: leaves.length,
    previous: previous?.hash ?? null,
    keyId: opts.key.keyId,
    software: SOFTWARE,
  };
  const bytes = manifestBytes(manifest);
  const hash = sha256Hex(bytes);
  const signature = sign(null, bytes, opts.key.privateKey);
  let timestamp: Buffer | null = null;
  if (opts.timestamper) {
    try {
      timestamp = await opts.timestamper.stamp(Buffer.from(hash, "hex"));
    } catch (e) {
      opts.onWarning?.(`run ${runId}: no timestamp from ${opts.timestamper.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  await insertManifest(db, {
    runId,
    manifest: bytes,
    hash,
    previousHash: manifest.previous,
    root: manifest.root,
    treeSize: manifest.treeSize,
    signature,
    publicKey: opts.key.publicKeyPem,
    timestamp,
    sealedAt: new Date(manifest.sealedAt),
  });
  return { runId, hash, manifest, timestamped: !!timestamp };
}

/** Seal every unsealed run, oldest first. The caller holds the pull's lock (no run is writing). */
export async function sealPending(database: Database, opts: SealOptions): Promise<Sealed[]> {
  const out: Sealed[] = [];
  for (const runId of await unsealedRuns(database.db)) out.push(await sealRun(database, runId, opts));
  return out;
}
