// Reads of the notice history (notice_events), for the Changes page, its counts and Atom feed, a
// notice's own history and a run's changes. Every function returns rows of one shape, EventRecord
// (lib/events.ts), so one table component renders them all.
import { and, asc, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { EventRecord, FieldChange } from "../../lib/events";
import type { Db } from "../client";
import { rowsOf } from "../client";
import { noticeEvents, notices } from "../schema/notices";

export { NOTICE_EVENT_KINDS as EVENT_KINDS, type NoticeEventKind as EventKind } from "../../lib/notice-events";
import type { NoticeEventKind as EventKind } from "../../lib/notice-events";

/** Which events of a first pull (the baseline) to include: by default none, as they are not news. */
export type BaselineFilter = "exclude" | "include" | "only";

export interface ChangeFilters {
  kind?: EventKind;
  /** Issuing country or nationality of the notice. */
  country?: string;
  /** Issuing country of one of the notice's warrants. */
  issuer?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Only events that changed this field (a key of notice_events.changes). */
  field?: string;
  /** Only the events this pull recorded. */
  runId?: number;
  baseline?: BaselineFilter;
}

export interface ChangeListOptions extends ChangeFilters {
  /** "important": removals and reappearances, then by the most important field changed, then new notices. */
  sort?: "newest" | "important";
  /** Field key → rank (lower first), for sort "important"; fields not listed rank after new notices. */
  fieldRanks?: Readonly<Record<string, number>>;
  page?: number;
  perPage?: number;
}

const fieldKey = (key: string) => {
  // Keys come from the field declaration; refuse anything else rather than quote it.
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) throw new Error(`not a field key: ${key}`);
  return key;
};

function changeWhere(f: ChangeFilters): SQL | undefined {
  const where: SQL[] = [];
  const baseline = f.baseline ?? "exclude";
  if (baseline === "exclude") where.push(eq(noticeEvents.baseline, false));
  if (baseline === "only") where.push(eq(noticeEvents.baseline, true));
  if (f.kind) where.push(eq(noticeEvents.kind, f.kind));
  if (f.runId !== undefined) where.push(eq(noticeEvents.runId, f.runId));
  if (f.from) where.push(gte(noticeEvents.occurredAt, f.from));
  if (f.to) where.push(lt(noticeEvents.occurredAt, f.to));
  if (f.field) where.push(sql`(${noticeEvents.changes} -> ${fieldKey(f.field)}::text) is not null`);
  if (f.country)
    where.push(
      sql`(${notices.warrantCountries} @> array[${f.country}]::text[] or ${notices.nationalities} @> array[${f.country}]::text[])`,
    );
  if (f.issuer) where.push(sql`${notices.warrantCountries} @> array[${f.issuer}]::text[]`);
  return where.length ? and(...where) : undefined;
}

/** Lower is more important: what "important first" sorts by. */
function importance(ranks: Readonly<Record<string, number>>): SQL {
  const ranked = Object.entries(ranks).sort((a, b) => a[1] - b[1]);
  const after = (ranked.at(-1)?.[1] ?? 0) + 1;
  const whens = ranked.map(([key, rank]) => sql`when (${noticeEvents.changes} -> ${fieldKey(key)}::text) is not null then ${rank}::int`);
  return sql`(case
    when ${noticeEvents.kind} in ('removed', 'reappeared') then 0
    ${sql.join(whens, sql` `)}
    when ${noticeEvents.kind} = 'added' then ${after}::int
    else ${after + 1}::int end)`;
}

const nameOf = (r: { name: string | null; forename: string | null }) => [r.name, r.forename].filter(Boolean).join(", ") || null;

export type ChangeRow = EventRecord & { entityId: string; name: string | null; forename: string | null };

export async function listChanges(db: Db, f: ChangeListOptions = {}) {
  const perPage = Math.min(Math.max(f.perPage ?? 100, 1), 500);
  const page = Math.max(f.page ?? 1, 1);
  const where = changeWhere(f);
  const order =
    f.sort === "important"
      ? [asc(importance(f.fieldRanks ?? {})), desc(noticeEvents.occurredAt), desc(noticeEvents.id)]
      : [desc(noticeEvents.occurredAt), desc(noticeEvents.id)];
  const rows = await db
    .select({
      id: noticeEvents.id,
      entityId: noticeEvents.entityId,
      runId: noticeEvents.runId,
      kind: noticeEvents.kind,
      changes: noticeEvents.changes,
      occurredAt: noticeEvents.occurredAt,
      baseline: noticeEvents.baseline,
      name: notices.name,
      forename: notices.forename,
    })
    .from(noticeEvents)
    .innerJoin(notices, eq(notices.entityId, noticeEvents.entityId))
    .where(where)
    .orderBy(...order)
    .limit(perPage)
    .offset((page - 1) * perPage);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(noticeEvents)
    .innerJoin(notices, eq(notices.entityId, noticeEvents.entityId))
    .where(where);
  const out: ChangeRow[] = rows.map((r) => ({
    id: `n:${r.id}`,
    at: r.occurredAt,
    kind: r.kind,
    subject: { type: "notice", id: r.entityId, label: nameOf(r) },
    changes: changesOf(r.changes),
    details: null,
    actor: null,
    runId: r.runId,
    baseline: r.baseline,
    entityId: r.entityId,
    name: r.name,
    forename: r.forename,
  }));
  return { rows: out, total: count?.n ?? 0, page, perPage };
}

function changesOf(value: unknown): Record<string, FieldChange> | null {
  const c = (value ?? {}) as Record<string, FieldChange>;
  return Object.keys(c).length ? c : null;
}

export interface PeriodCount {
  period: string;
  added: number;
  changed: number;
  removed: number;
  reappeared: number;
}

/** Counts per day or ISO week (Monday) and kind, newest first, for the summary table. */
export async function changeCounts(db: Db, f: ChangeFilters & { by: "day" | "week"; limit?: number }): Promise<PeriodCount[]> {
  const where = changeWhere(f);
  const unit = f.by === "week" ? sql.raw("'week'") : sql.raw("'day'");
  const result = await db.execute(sql`
    select to_char(date_trunc(${unit}, ${noticeEvents.occurredAt} at time zone 'UTC'), 'YYYY-MM-DD') as period,
           count(*) filter (where ${noticeEvents.kind} = 'added')::int as added,
           count(*) filter (where ${noticeEvents.kind} = 'changed')::int as changed,
           count(*) filter (where ${noticeEvents.kind} = 'removed')::int as removed,
           count(*) filter (where ${noticeEvents.kind} = 'reappeared')::int as reappeared
    from ${noticeEvents} join ${notices} on ${notices.entityId} = ${noticeEvents.entityId}
    ${where ? sql`where ${where}` : sql``}
    group by 1 order by 1 desc limit ${f.limit ?? 60}`);
  return rowsOf<PeriodCount>(result).map((r) => ({
    period: r.period,
    added: Number(r.added),
    changed: Number(r.changed),
    removed: Number(r.removed),
    reappeared: Number(r.reappeared),
  }));
}

/** What the baseline is: how many notices the first pull(s) found already published, and when. */
export async function baselineSummary(db: Db) {
  const [row] = await db
    .select({
      events: sql<number>`count(*)::int`,
      runs: sql<number>`count(distinct ${noticeEvents.runId})::int`,
      firstRunId: sql<number | null>`min(${noticeEvents.runId})`.mapWith(Number),
      firstAt: sql<Date | null>`min(${noticeEvents.occurredAt})`.mapWith(noticeEvents.occurredAt),
    })
    .from(noticeEvents)
    .where(eq(noticeEvents.baseline, true));
  if (!row || !row.events) return null;
  return { events: row.events, runs: row.runs, firstRunId: row.firstRunId, firstAt: row.firstAt };
}

/**
 * A notice's whole history, newest first, each event with the capture (exact bytes Interpol
 * returned) that showed it, when there is one: the capture of the same notice in the same run.
 */
export async function noticeHistory(db: Db, entityId: string): Promise<EventRecord[]> {
  const rows = await db
    .select({
      id: noticeEvents.id,
      runId: noticeEvents.runId,
      kind: noticeEvents.kind,
      changes: noticeEvents.changes,
      occurredAt: noticeEvents.occurredAt,
      baseline: noticeEvents.baseline,
      // Spelled out: in a one-table select drizzle leaves columns unqualified, and inside the
      // subquery "entity_id" would then mean the capture's own.
      captureId: sql<number | null>`(
        select c.id from notice_captures c
        where c.entity_id = notice_events.entity_id and c.run_id = notice_events.run_id
        order by c.started_at limit 1)`.mapWith(Number),
    })
    .from(noticeEvents)
    .where(eq(noticeEvents.entityId, entityId))
    .orderBy(desc(noticeEvents.occurredAt), desc(noticeEvents.id));
  return rows.map((r) => ({
    id: `n:${r.id}`,
    at: r.occurredAt,
    kind: r.kind,
    subject: { type: "notice", id: entityId, label: null },
    changes: changesOf(r.changes),
    details: r.captureId ? { captureId: r.captureId } : null,
    actor: null,
    runId: r.runId,
    baseline: r.baseline,
  }));
}
