// How far a new installation has got, for the first administrator's "Next steps" on /admin.
import { and, count, desc, gt, inArray, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { invites, users } from "../schema/auth";
import { crawlRuns, type CrawlRunRow } from "../schema/notices";

export interface SetupProgress {
  users: number;
  pendingInvites: number;
  /** Pulls that brought notices in (succeeded or partial). */
  completedPulls: number;
  lastRunStatus: CrawlRunRow["status"] | null;
}

export async function setupProgress(db: Db, now: Date): Promise<SetupProgress> {
  const [[u], [i], [p], [last]] = await Promise.all([
    db.select({ n: count() }).from(users),
    db
      .select({ n: count() })
      .from(invites)
      .where(and(isNull(invites.usedAt), isNull(invites.revokedAt), gt(invites.expiresAt, now))),
    db.select({ n: count() }).from(crawlRuns).where(inArray(crawlRuns.status, ["succeeded", "partial"])),
    db.select({ status: crawlRuns.status }).from(crawlRuns).orderBy(desc(crawlRuns.id)).limit(1),
  ]);
  return {
    users: Number(u?.n ?? 0),
    pendingInvites: Number(i?.n ?? 0),
    completedPulls: Number(p?.n ?? 0),
    lastRunStatus: last?.status ?? null,
  };
}
