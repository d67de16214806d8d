// In-app notifications (the bell, /notifications; the weekly digest carries them too). After each
// pull, every change, removal or reappearance of a notice linked to a case notifies the case's
// followers who may see both the case and the alert that links it. One row per user, notice event
// and case (a unique index), so running it twice for a run adds nothing.
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { notifications } from "../schema/cases";

const VISIBLE_TO_FOLLOWER = (table: string, recordType: string, id: string) => sql.raw(
  `(${table}.visibility in ('public', 'internal') or u.role in ('editor', 'admin') or exists (
     select 1 from record_shares s where s.record_type = '${recordType}' and s.record_id = ${id} and s.user_id = u.id))`,
);

const WORDS: Record<string, string> = { changed: "changed", removed: "was removed", reappeared: "reappeared" };

/** Notify followers of cases whose linked notices changed in pull run `runId`. Returns how many were created. */
export async function notifyLinkedNoticeChanges(db: Db, runId: number): Promise<number> {
  const rows = await db.execute(sql`
    insert into notifications (user_id, kind, case_id, entity_id, notice_event_id, title, body, data)
    select distinct on (f.user_id, e.id, c.id)
      f.user_id,
      'linked_notice.' || e.kind,
      c.id,
      e.entity_id,
      e.id,
      'Notice ' || e.entity_id || ' linked to ' || c.reference || ' ' ||
        case e.kind when 'changed' then 'changed' when 'removed' then 'was removed' else 'reappeared' end,
      c.title,
      jsonb_build_object('reference', c.reference, 'runId', e.run_id, 'kind', e.kind,
        'fields', coalesce((select jsonb_agg(k) from jsonb_object_keys(e.changes) k), '[]'::jsonb))
    from notice_events e
    join case_alerts a on a.entity_id = e.entity_id and a.deleted_at is null
    join cases c on c.id = a.case_id and c.deleted_at is null
    join case_follows f on f.case_id = c.id
    join users u on u.id = f.user_id and u.active
    where e.run_id = ${runId} and e.kind in ('changed', 'removed', 'reappeared')
      and ${VISIBLE_TO_FOLLOWER("c", "case", "c.id")}
      and ${VISIBLE_TO_FOLLOWER("a", "case_alert", "a.id")}
    on conflict (user_id, notice_event_id, case_id) do nothing
    returning id`);
  const list = Array.isArray(rows) ? rows : ((rows as { rows?: unknown[] }).rows ?? []);
  return list.length;
}

export { WORDS as LINKED_NOTICE_WORDS };

const stillVisible = sql`(${notifications.caseId} is null or (c.deleted_at is null and ${VISIBLE_TO_FOLLOWER("c", "case", "c.id")}))`;

export async function unreadNotificationCount(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(notifications)
    .innerJoin(sql`users u`, sql`u.id = ${notifications.userId}`)
    .leftJoin(sql`cases c`, sql`c.id = ${notifications.caseId}`)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), stillVisible));
  return row?.n ?? 0;
}

/**
 * A user's notifications, newest first. A case that has since become invisible to them (made
 * restricted, deleted) drops out: a notification never outlives the right to see its case.
 */
export async function listNotifications(db: Db, userId: string, opts: { limit?: number } = {}) {
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      entityId: notifications.entityId,
      data: notifications.data,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      reference: sql<string | null>`c.reference`,
    })
    .from(notifications)
    .innerJoin(sql`users u`, sql`u.id = ${notifications.userId}`)
    .leftJoin(sql`cases c`, sql`c.id = ${notifications.caseId}`)
    .where(
      and(
        eq(notifications.userId, userId),
        stillVisible,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(opts.limit ?? 100);
}

export async function markNotificationsRead(db: Db, userId: string, ids?: number[]) {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), ids?.length ? inArray(notifications.id, ids) : undefined));
}
