// Evidence reads and writes (docs/decisions/010). Notices are public records, so no visibility
// filter applies; who may export is decided by the route (signed in, audited).
import { and, asc, desc, eq, inArray, isNotNull, notInArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { evidenceManifests, evidenceRecords } from "../schema/evidence";
import { crawlRuns } from "../schema/notices";

export type EvidenceManifestRow = typeof evidenceManifests.$inferSelect;
export type EvidenceRecordRow = typeof evidenceRecords.$inferSelect;

/** The newest sealed manifest: its hash is what the digest e-mail and Admin show. */
export async function latestManifest(db: Db): Promise<{ hash: string; runId: number; sealedAt: Date } | null> {
  const [row] = await db
    .select({ hash: evidenceManifests.hash, runId: evidenceManifests.runId, sealedAt: evidenceManifests.sealedAt })
    .from(evidenceManifests)
    .orderBy(desc(evidenceManifests.id))
    .limit(1);
  return row ? { hash: row.hash, runId: row.runId, sealedAt: new Date(row.sealedAt) } : null;
}

/** Runs with records and no manifest yet, oldest first. */
export async function unsealedRuns(db: Db): Promise<number[]> {
  const sealed = db.select({ runId: evidenceManifests.runId }).from(evidenceManifests);
  const rows = await db
    .selectDistinct({ runId: evidenceRecords.runId })
    .from(evidenceRecords)
    .where(notInArray(evidenceRecords.runId, sealed))
    .orderBy(asc(evidenceRecords.runId));
  return rows.map((r) => r.runId);
}

export interface LeafRow {
  id: number;
  recordSha256: string;
  warcType: string;
  warcDate: Date;
  bytes: number;
}

/** A run's records in the order written (the Merkle tree's order), without their bytes. */
export async function runLeaves(db: Db, runId: number): Promise<LeafRow[]> {
  const rows = await db
    .select({
      id: evidenceRecords.id,
      recordSha256: evidenceRecords.recordSha256,
      warcType: evidenceRecords.warcType,
      warcDate: evidenceRecords.warcDate,
      bytes: sql<number>`octet_length(${evidenceRecords.record})::int`,
    })
    .from(evidenceRecords)
    .where(eq(evidenceRecords.runId, runId))
    .orderBy(asc(evidenceRecords.id));
  return rows.map((r) => ({ ...r, id: Number(r.id), warcDate: new Date(r.warcDate), bytes: Number(r.bytes) }));
}

export async function runStatusOf(db: Db, runId: number): Promise<string | null> {
  const [row] = await db.select({ status: crawlRuns.status }).from(crawlRuns).where(eq(crawlRuns.id, runId));
  return row?.status ?? null;
}

export async function insertManifest(db: Db, row: typeof evidenceManifests.$inferInsert): Promise<void> {
  await db.insert(evidenceManifests).values(row);
}

/** Every manifest, in chain order. */
export async function allManifests(db: Db): Promise<EvidenceManifestRow[]> {
  return db.select().from(evidenceManifests).orderBy(asc(evidenceManifests.id));
}

/**
 * A notice's evidence: its exchanges' records (detail, 404s, images), the originals its revisits
 * point to, and the warcinfo record of each run involved. In run, then written, order.
 */
export async function noticeRecords(db: Db, entityId: string): Promise<EvidenceRecordRow[]> {
  const own = await db.select().from(evidenceRecords).where(eq(evidenceRecords.entityId, entityId)).orderBy(asc(evidenceRecords.id));
  if (!own.length) return [];
  const have = new Set(own.map((r) => r.recordId));
  const refs = [...new Set(own.map((r) => r.refersTo).filter((x): x is string => !!x && !have.has(x)))];
  const runs = [...new Set(own.map((r) => r.runId))];
  const extra = await db
    .select()
    .from(evidenceRecords)
    .where(
      sql`(${refs.length ? inArray(evidenceRecords.recordId, refs) : sql`false`}) or (${and(eq(evidenceRecords.warcType, "warcinfo"), inArray(evidenceRecords.runId, runs))})`,
    );
  const all = [...own, ...extra.filter((r) => !have.has(r.recordId))];
  return all.sort((a, b) => Number(a.id) - Number(b.id)).map((r) => ({ ...r, id: Number(r.id) }));
}

/** How much evidence is kept, for Admin. */
export async function evidenceTotals(db: Db): Promise<{ records: number; bytes: number; revisits: number; manifests: number }> {
  const [r] = await db
    .select({
      records: sql<number>`count(*)::int`,
      bytes: sql<number>`coalesce(sum(octet_length(${evidenceRecords.record})), 0)::bigint`,
      revisits: sql<number>`(count(*) filter (where ${evidenceRecords.warcType} = 'revisit'))::int`,
    })
    .from(evidenceRecords);
  const [m] = await db.select({ n: sql<number>`count(*)::int` }).from(evidenceManifests).where(isNotNull(evidenceManifests.hash));
  return { records: Number(r?.records ?? 0), bytes: Number(r?.bytes ?? 0), revisits: Number(r?.revisits ?? 0), manifests: Number(m?.n ?? 0) };
}

/** A run's leaf data in tree order: SHA-256 (hex) of each record. */
export async function runRecordHashes(db: Db, runId: number): Promise<string[]> {
  const rows = await db
    .select({ h: evidenceRecords.recordSha256 })
    .from(evidenceRecords)
    .where(eq(evidenceRecords.runId, runId))
    .orderBy(asc(evidenceRecords.id));
  return rows.map((r) => r.h);
}

export interface NoticeEvidence {
  entityId: string;
  records: EvidenceRecordRow[];
  /** Every involved run's record hashes in tree order (for the inclusion proofs). */
  runHashes: Map<number, string[]>;
  /** The whole chain, first to latest. */
  manifests: EvidenceManifestRow[];
}

/** Everything one notice's bundle needs. Records of runs not yet sealed are left out (nothing to prove them by). */
export async function noticeEvidence(db: Db, entityId: string): Promise<NoticeEvidence> {
  const manifests = await allManifests(db);
  const sealed = new Set(manifests.map((m) => m.runId));
  const records = (await noticeRecords(db, entityId)).filter((r) => sealed.has(r.runId));
  const runHashes = new Map<number, string[]>();
  for (const runId of new Set(records.map((r) => r.runId))) runHashes.set(runId, await runRecordHashes(db, runId));
  return { entityId, records, runHashes, manifests };
}

/** The bundle's input for one notice (lib/evidence/bundle.ts), from the database. */
export async function noticeBundleInput(db: Db, entityId: string, opts: { exportedAt: Date; software: string; publicKeyPem?: string }) {
  const ev = await noticeEvidence(db, entityId);
  const publicKeyPem = ev.manifests.at(-1)?.publicKey ?? opts.publicKeyPem ?? "";
  return {
    entityId,
    records: ev.records.map((r) => ({ ...r, warcDate: new Date(r.warcDate) })),
    runHashes: ev.runHashes,
    manifests: ev.manifests,
    publicKeyPem,
    exportedAt: opts.exportedAt,
    software: opts.software,
  };
}
