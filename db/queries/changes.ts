// The change log: notice events with the notice's name, for the Changes page and the Atom feed.
import { and, desc, eq, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { rowsOf } from "../client";
import { users } from "../schema/auth";
import { feedTokens } from "../schema/feeds";
import { noticeEvents, notices } from "../schema/notices";

export const EVENT_KINDS = ["added", "changed", "removed", "reappeared"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface ChangeFilters {
  kind?: EventKind;
  /** Issuing country or nationality of the notice. */
  country?: string;
  from?: Date;
  /** false: news only; true: only what was already published when watching began. */
  baseline?: boolean;
  /** Exclusive. */
  to?: Date;
  page?: number;
  perPage?: number;
}

function changeWhere(f: ChangeFilters): SQL | undefined {
  const where: SQL[] = [];
  if (f.kind) where.push(eq(noticeEvents.kind, f.kind));
  if (f.baseline !== undefined) where.push(eq(noticeEvents.baseline, f.baseline));
  if (f.from) where.push(gte(noticeEvents.occurredAt, f.from));
  if (f.to) where.push(lt(noticeEvents.occurredAt, f.to));
  if (f.country)
    where.push(
      sql`(${notices.warrantCountries} @> array[${f.country}]::text[] or ${notices.nationalities} @> array[${f.country}]::text[])`,
    );
  return where.length ? and(...where) : undefined;
}

export async function listChanges(db: Db, f: ChangeFilters) {
  const perPage = Math.min(Math.max(f.perPage ?? 100, 1), 500);
  const page = Math.max(f.page ?? 1, 1);
  const where = changeWhere(f);
  const rows = await db
    .select({
      id: noticeEvents.id,
      entityId: noticeEvents.entityId,
      runId: noticeEvents.runId,
      kind: noticeEvents.kind,
      changes: noticeEvents.changes,
      occurredAt: noticeEvents.occurredAt,
      /** Already published when watching began (an `added` event of the baseline): not news. */
      baseline: noticeEvents.baseline,
      name: notices.name,
      forename: notices.forename,
      nationalities: notices.nationalities,
      warrantCountries: notices.warrantCountries,
    })
    .from(noticeEvents)
    .innerJoin(notices, eq(notices.entityId, noticeEvents.entityId))
    .where(where)
    .orderBy(desc(noticeEvents.occurredAt), desc(noticeEvents.id))
    .limit(perPage)
    .offset((page - 1) * perPage);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(noticeEvents)
    .innerJoin(notices, eq(notices.entityId, noticeEvents.entityId))
    .where(where);
  return { rows, total: count?.n ?? 0, page, perPage };
}

/**
 * Counts per day or ISO week and kind, newest first, for the summary table. `added` counts news
 * only; what was already published when watching began is counted apart, as `baseline`.
 */
export async function changeCounts(db: Db, f: ChangeFilters & { by: "day" | "week"; limit?: number }) {
  const where = changeWhere(f);
  const unit = f.by === "week" ? sql.raw("'week'") : sql.raw("'day'");
  const result = await db.execute(sql`
    select to_char(date_trunc(${unit}, ${noticeEvents.occurredAt} at time zone 'UTC'), 'YYYY-MM-DD') as period,
           count(*) filter (where ${noticeEvents.kind} = 'added' and not ${noticeEvents.baseline})::int as added,
           count(*) filter (where ${noticeEvents.kind} = 'added' and ${noticeEvents.baseline})::int as baseline,
           count(*) filter (where ${noticeEvents.kind} = 'changed')::int as changed,
           count(*) filter (where ${noticeEvents.kind} = 'removed')::int as removed,
           count(*) filter (where ${noticeEvents.kind} = 'reappeared')::int as reappeared
    from ${noticeEvents} join ${notices} on ${notices.entityId} = ${noticeEvents.entityId}
    ${where ? sql`where ${where}` : sql``}
    group by 1 order by 1 desc limit ${f.limit ?? 60}`);
  return rowsOf<{ period: string; added: number; baseline: number; changed: number; removed: number; reappeared: number }>(result);
}

// ---- Feed tokens ----

export async function createFeedToken(db: Db, p: { userId: string; tokenHash: string }) {
  // One live token per user: a new one replaces the old.
  await db
    .update(feedTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(feedTokens.userId, p.userId), isNull(feedTokens.revokedAt)));
  await db.insert(feedTokens).values({ tokenHash: p.tokenHash, userId: p.userId });
}

export async function revokeFeedTokens(db: Db, userId: string) {
  await db
    .update(feedTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(feedTokens.userId, userId), isNull(feedTokens.revokedAt)));
}

export async function hasFeedToken(db: Db, userId: string) {
  const [row] = await db
    .select({ createdAt: feedTokens.createdAt, lastUsedAt: feedTokens.lastUsedAt })
    .from(feedTokens)
    .where(and(eq(feedTokens.userId, userId), isNull(feedTokens.revokedAt)));
  return row ?? null;
}

/** The active user a feed token belongs to, or null (unknown, revoked, or user deactivated). */
export async function userForFeedToken(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ id: users.id, email: users.email, role: users.role })
    .from(feedTokens)
    .innerJoin(users, eq(users.id, feedTokens.userId))
    .where(and(eq(feedTokens.tokenHash, tokenHash), isNull(feedTokens.revokedAt), eq(users.active, true)));
  if (row) await db.update(feedTokens).set({ lastUsedAt: new Date() }).where(eq(feedTokens.tokenHash, tokenHash));
  return row ?? null;
}
