// A notice's photos, kept as evidence (the bytes exactly as Interpol served them).
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { noticeImages, notices } from "../schema/notices";

export interface NoticeImageWrite {
  entityId: string;
  pictureId: string;
  contentType: string | null;
  bytes: Buffer;
  sha256: string;
}

/** The photos of a notice, newest first: what there is, without the bytes. */
export async function listNoticeImages(db: Db, entityId: string) {
  return db
    .select({
      id: noticeImages.id,
      entityId: noticeImages.entityId,
      pictureId: noticeImages.pictureId,
      contentType: noticeImages.contentType,
      sha256: noticeImages.sha256,
      size: sql<number>`octet_length(${noticeImages.bytes})::int`,
      runId: noticeImages.runId,
      fetchedAt: noticeImages.fetchedAt,
    })
    .from(noticeImages)
    .where(eq(noticeImages.entityId, entityId))
    .orderBy(desc(noticeImages.fetchedAt), asc(noticeImages.pictureId));
}

/** One photo with its bytes: the latest stored content of that picture id; null when none. */
export async function getNoticeImage(db: Db, entityId: string, pictureId: string) {
  const [row] = await db
    .select()
    .from(noticeImages)
    .where(and(eq(noticeImages.entityId, entityId), eq(noticeImages.pictureId, pictureId)))
    .orderBy(desc(noticeImages.fetchedAt), desc(noticeImages.id))
    .limit(1);
  return row ?? null;
}

/** Picture ids already stored, per notice (so a run asks only for pictures it does not have). */
export async function storedPictureIds(db: Db, entityIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (let i = 0; i < entityIds.length; i += 1000) {
    const rows = await db
      .select({ entityId: noticeImages.entityId, pictureId: noticeImages.pictureId })
      .from(noticeImages)
      .where(inArray(noticeImages.entityId, entityIds.slice(i, i + 1000)));
    for (const r of rows) {
      let set = out.get(r.entityId);
      if (!set) out.set(r.entityId, (set = new Set()));
      set.add(r.pictureId);
    }
  }
  return out;
}

export interface NoticeImagesDone {
  entityId: string;
  /** The thumbnail the stored set now matches; undefined leaves it (an incomplete set). */
  imagesFor?: string;
  images: NoticeImageWrite[];
}

/**
 * Store several notices' photos and note which thumbnail each set belongs to, in one transaction:
 * a crash leaves each notice either still to do or done (a batch is all or nothing). The same
 * bytes for the same picture are kept once. Batched because a first pull stores hundreds of sets
 * and one transaction each was most of its time on the embedded database.
 */
export async function storeNoticeImagesBatch(db: Db, p: { done: readonly NoticeImagesDone[]; runId: number; now: Date }): Promise<number> {
  if (!p.done.length) return 0;
  return db.transaction(async (tx) => {
    let stored = 0;
    const images = p.done.flatMap((d) => d.images);
    for (let i = 0; i < images.length; i += 100) {
      const rows = await tx
        .insert(noticeImages)
        .values(images.slice(i, i + 100).map((img) => ({ ...img, runId: p.runId, fetchedAt: p.now })))
        .onConflictDoNothing()
        .returning({ id: noticeImages.id });
      stored += rows.length;
    }
    const marks = p.done.filter((d) => d.imagesFor !== undefined);
    if (marks.length) {
      const values = sql.join(
        marks.map((d) => sql`(${d.entityId}::text, ${d.imagesFor!}::text)`),
        sql`, `,
      );
      await tx.execute(sql`update ${notices} set images_for = v.images_for from (values ${values}) as v(entity_id, images_for)
                           where ${notices.entityId} = v.entity_id`);
    }
    return stored;
  });
}

