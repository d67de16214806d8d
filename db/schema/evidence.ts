// Evidence (issue 14, docs/decisions/010): every exchange a pull relies on, kept as WARC 1.1
// records (one gzip member each, the bytes exactly as written), and one signed manifest per run
// chained to the previous one. Both tables are append-only, enforced by triggers (migration
// evidence_append_only): a record cannot be added to a run once it is sealed, and a manifest must
// name the latest manifest's hash as its previous.
import { bigint, customType, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const evidenceRecords = pgTable(
  "evidence_records",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** crawl_runs.id (no foreign key: evidence outlives any clean-up of run rows). */
    runId: integer().notNull(),
    /** warcinfo, request, response, revisit, metadata. */
    warcType: text().notNull(),
    /** WARC-Record-ID, `<urn:uuid:…>`. */
    recordId: text().notNull(),
    targetUri: text(),
    /** The notice the exchange is about (detail, its 404, its images), for the export. */
    entityId: text(),
    warcDate: timestamp({ withTimezone: true }).notNull(),
    /** SHA-256 (hex) of the HTTP payload, taken when it was received; for a revisit, the original's. */
    payloadSha256: text(),
    /** For a revisit: the WARC-Record-ID of the response holding the identical payload. */
    refersTo: text(),
    /** The WARC record exactly as stored: one gzip member. */
    record: bytea().notNull(),
    /** SHA-256 (hex) of `record`: the Merkle leaf's data. */
    recordSha256: text().notNull(),
  },
  (t) => [
    uniqueIndex("evidence_records_record_id").on(t.recordId),
    index("evidence_records_run_idx").on(t.runId, t.id),
    index("evidence_records_entity_idx").on(t.entityId, t.id),
    index("evidence_records_payload_idx").on(t.targetUri, t.payloadSha256),
  ],
);

export const evidenceManifests = pgTable(
  "evidence_manifests",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    runId: integer().notNull(),
    /** The manifest's canonical JSON (RFC 8785), exactly the bytes signed and hashed. */
    manifest: bytea().notNull(),
    /** SHA-256 (hex) of `manifest`: what the next manifest names as previous. */
    hash: text().notNull(),
    previousHash: text(),
    root: text().notNull(),
    treeSize: integer().notNull(),
    /** Ed25519 over `manifest`, 64 bytes. */
    signature: bytea().notNull(),
    /** The signing public key, SPKI PEM. */
    publicKey: text().notNull(),
    /** RFC 3161 TimeStampResp over `hash`, when a TSA answered. */
    timestamp: bytea(),
    sealedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("evidence_manifests_run").on(t.runId), uniqueIndex("evidence_manifests_hash").on(t.hash)],
);
