// Reads for one notice's page and its evidence downloads: only the columns shown, never the raw
// or normalised JSON (the page does not use them; a capture's bytes are read only to download).
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { noticeCaptures, notices } from "../schema/notices";

export async function noticeForPage(db: Db, entityId: string) {
  const [row] = await db
    .select({
      entityId: notices.entityId,
      name: notices.name,
      forename: notices.forename,
      birthDate: notices.birthDate,
      birthDatePrecision: notices.birthDatePrecision,
      sex: notices.sex,
      nationalities: notices.nationalities,
      warrantCountries: notices.warrantCountries,
      warrants: notices.warrants,
      height: notices.height,
      weight: notices.weight,
      eyes: notices.eyes,
      hair: notices.hair,
      languages: notices.languages,
      countryOfBirth: notices.countryOfBirth,
      placeOfBirth: notices.placeOfBirth,
      distinguishingMarks: notices.distinguishingMarks,
      status: notices.status,
      firstSeenAt: notices.firstSeenAt,
      lastSeenAt: notices.lastSeenAt,
      removedAt: notices.removedAt,
    })
    .from(notices)
    .where(eq(notices.entityId, entityId));
  return row ?? null;
}

/** Every capture of the notice, newest first, without the bytes. */
export async function noticeCaptureList(db: Db, entityId: string) {
  return db
    .select({
      id: noticeCaptures.id,
      runId: noticeCaptures.runId,
      url: noticeCaptures.url,
      status: noticeCaptures.status,
      sha256: noticeCaptures.sha256,
      startedAt: noticeCaptures.startedAt,
      endedAt: noticeCaptures.endedAt,
      size: sql<number>`octet_length(${noticeCaptures.body})::int`,
    })
    .from(noticeCaptures)
    .where(eq(noticeCaptures.entityId, entityId))
    .orderBy(desc(noticeCaptures.startedAt), desc(noticeCaptures.id));
}

/** One capture with its bytes, for download. */
export async function getCapture(db: Db, entityId: string, id: number) {
  const [row] = await db
    .select()
    .from(noticeCaptures)
    .where(and(eq(noticeCaptures.entityId, entityId), eq(noticeCaptures.id, id)));
  return row ?? null;
}
