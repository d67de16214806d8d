// Cases and everything recorded on them: list (filters, counts, sort), one case with its
// timeline, alerts, decisions, sources and actors, and every change. Visibility is in the SQL of
// every read (db/queries/visibility.ts); restricted fields come out of the database only for those
// who may see them (restrictedField). Every change is audited in the same transaction, and every
// update carries the version it was edited from: a mismatch is a conflict, never an overwrite.
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../client";
import { auditLog, users } from "../schema/auth";
import {
  caseActors,
  caseAlerts,
  caseEvents,
  caseFollows,
  caseReferenceCounters,
  cases,
  decisions,
  recordShares,
  sourceLinks,
  sources,
  type RecordType,
} from "../schema/cases";
import { noticeEvents, notices } from "../schema/notices";
import { recordAudit } from "./audit";
import { restrictedField, sharedWith, visibleTo } from "./visibility";
import { escapeLike } from "../../lib/text";
import { TIMELINE_EVENT_KINDS } from "../../lib/taxonomy";
import { seesAllRestricted, seesRestrictedFields, type Viewer, type Visibility } from "../../lib/visibility";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Q = Db | Tx;

export interface Actor {
  /** null for the command line. */
  userId: string | null;
  ip?: string;
}

// ---------------------------------------------------------------------------------------------
// References

/** The next `A3-YYYY-NNNN` for `year`: the counter only goes up, so a number is never reused. */
export async function nextCaseReference(db: Q, year: number): Promise<string> {
  const [row] = await db
    .insert(caseReferenceCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: caseReferenceCounters.year, set: { last: sql`${caseReferenceCounters.last} + 1` } })
    .returning({ last: caseReferenceCounters.last });
  return `A3-${year}-${String(row!.last).padStart(4, "0")}`;
}

export const REFERENCE_RE = /^A3-\d{4}-\d{4,}$/;

// ---------------------------------------------------------------------------------------------
// List

export { CASE_SORTS, type CaseSort } from "../../lib/case-fields";
import type { CaseSort } from "../../lib/case-fields";

/** URL parameter names exactly (see the issue): the list, its counts and the exports use them. */
export interface CaseFilters {
  q?: string;
  requesting_country?: string;
  /** Several values: cases with all of them. */
  host_country?: string | readonly string[];
  motive?: string | readonly string[];
  tactic?: string | readonly string[];
  alert_status?: string;
  liberty_status?: string;
  extradition_outcome?: string;
  protection_status?: string;
  status?: string;
  visibility?: Visibility;
  /** A year (`2019`) or a day: cases whose years overlap the period, as the dashboard counts them. */
  from?: string;
  to?: string;
  /** The year the pursuit began (the dashboard's "cases by first year"). */
  began?: number;
  /** Admins: soft-deleted cases only (the restore list). */
  deleted?: boolean;
}

function caseWhere(viewer: Viewer, f: CaseFilters): SQL {
  const where: SQL[] = [visibleTo(viewer, cases, "case", { includeDeleted: !!f.deleted })];
  if (f.deleted) where.push(sql`${cases.deletedAt} is not null`);
  if (f.requesting_country) where.push(eq(cases.requestingCountry, f.requesting_country));
  for (const [values, column] of [
    [f.host_country, cases.hostCountries],
    [f.motive, cases.motives],
    [f.tactic, cases.tactics],
  ] as const) {
    const all = values === undefined ? [] : typeof values === "string" ? [values] : values;
    if (all.length) where.push(sql`${column} @> array[${sql.join(all.map((v) => sql`${v}`), sql`, `)}]::text[]`);
  }
  if (f.alert_status) where.push(eq(cases.alertStatus, f.alert_status));
  if (f.liberty_status) where.push(eq(cases.libertyStatus, f.liberty_status));
  if (f.extradition_outcome) where.push(eq(cases.extraditionOutcome, f.extradition_outcome));
  if (f.protection_status) where.push(eq(cases.protectionStatus, f.protection_status));
  if (f.status) where.push(eq(cases.monitoringStatus, f.status as "open"));
  if (f.visibility) where.push(eq(cases.visibility, f.visibility));
  // Same rule as the dashboard (db/queries/dashboard.ts caseWhere): a case with no year recorded is
  // left out once a period is set.
  if (f.from) where.push(sql`coalesce(${cases.yearTo}, ${cases.yearFrom}) >= ${Number(f.from.slice(0, 4))}`);
  if (f.to) where.push(sql`${cases.yearFrom} <= ${Number(f.to.slice(0, 4))}`);
  if (f.began !== undefined) where.push(eq(cases.yearFrom, f.began));
  if (f.q) {
    const pattern = `%${escapeLike(f.q)}%`;
    // The legal name matches only for those who may see it: otherwise a search would confirm it.
    const legal = restrictedField(viewer, cases.legalName, "case", cases.id);
    where.push(sql`(
      ${cases.title} ilike ${pattern} or ${cases.subjectName} ilike ${pattern} or ${cases.reference} ilike ${pattern}
      or ${cases.key} ilike ${pattern} or coalesce(${cases.summary}, '') ilike ${pattern}
      or coalesce(${cases.chargesAlleged}, '') ilike ${pattern} or coalesce(${cases.subjectRole}, '') ilike ${pattern}
      or coalesce(${legal}, '') ilike ${pattern})`);
  }
  return and(...where)!;
}

const PRIORITY_RANK = sql`case ${cases.priority} when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`;

function caseOrder(sort: CaseSort | undefined): SQL[] {
  switch (sort) {
    case "reference":
      return [asc(cases.reference)];
    case "title":
      return [sql`lower(${cases.title})`, asc(cases.id)];
    case "requesting_country":
      return [sql`${cases.requestingCountry} nulls last`, asc(cases.reference)];
    case "priority":
      return [PRIORITY_RANK, desc(cases.updatedAt)];
    default:
      return [desc(cases.updatedAt), desc(cases.id)];
  }
}

const listColumns = {
  id: cases.id,
  reference: cases.reference,
  key: cases.key,
  title: cases.title,
  subjectName: cases.subjectName,
  subjectIsPseudonym: cases.subjectIsPseudonym,
  subjectRole: cases.subjectRole,
  requestingCountry: cases.requestingCountry,
  hostCountries: cases.hostCountries,
  years: cases.years,
  motives: cases.motives,
  tactics: cases.tactics,
  alertStatus: cases.alertStatus,
  libertyStatus: cases.libertyStatus,
  extraditionOutcome: cases.extraditionOutcome,
  protectionStatus: cases.protectionStatus,
  monitoringStatus: cases.monitoringStatus,
  priority: cases.priority,
  visibility: cases.visibility,
  provenance: cases.provenance,
  updatedAt: cases.updatedAt,
  deletedAt: cases.deletedAt,
};

export type CaseListRow = Awaited<ReturnType<typeof listCases>>["rows"][number];

export async function listCases(
  db: Db,
  viewer: Viewer,
  f: CaseFilters & { sort?: CaseSort; page?: number; pageSize?: number } = {},
) {
  const pageSize = f.pageSize ?? 50;
  const page = f.page ?? 1;
  const where = caseWhere(viewer, f);
  const [rows, [count]] = await Promise.all([
    db
      .select(listColumns)
      .from(cases)
      .where(where)
      .orderBy(...caseOrder(f.sort))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(cases).where(where),
  ]);
  return { rows, total: count?.n ?? 0, page, pageSize };
}

export interface FacetCount {
  key: string;
  count: number;
}

/** Counts per value of each filter, over the cases this viewer may see that match the other filters. */
export async function caseFacets(db: Db, viewer: Viewer, f: CaseFilters = {}): Promise<Record<string, FacetCount[]>> {
  const scalar = async (param: keyof CaseFilters, column: SQL | AnyPgColumn) => {
    const where = caseWhere(viewer, { ...f, [param]: undefined });
    const rows = await db
      .select({ key: sql<string>`${column}`, count: sql<number>`count(*)::int`.mapWith(Number) })
      .from(cases)
      .where(and(where, sql`${column} is not null`))
      .groupBy(sql`1`)
      .orderBy(sql`2 desc`, sql`1`);
    return rows;
  };
  const list = async (param: keyof CaseFilters, column: AnyPgColumn) => {
    const where = caseWhere(viewer, { ...f, [param]: undefined });
    const rows = await db
      .select({ key: sql<string>`v`, count: sql<number>`count(*)::int`.mapWith(Number) })
      .from(sql`${cases} cross join lateral unnest(${column}) as v`)
      .where(where)
      .groupBy(sql`v`)
      .orderBy(sql`2 desc`, sql`1`);
    return rows;
  };
  const [requesting, host, motive, tactic, alert, liberty, extradition, protection, status, visibility] = await Promise.all([
    scalar("requesting_country", sql`${cases.requestingCountry}`),
    list("host_country", cases.hostCountries),
    list("motive", cases.motives),
    list("tactic", cases.tactics),
    scalar("alert_status", cases.alertStatus),
    scalar("liberty_status", cases.libertyStatus),
    scalar("extradition_outcome", cases.extraditionOutcome),
    scalar("protection_status", cases.protectionStatus),
    scalar("status", sql`${cases.monitoringStatus}`),
    scalar("visibility", sql`${cases.visibility}`),
  ]);
  return {
    requesting_country: requesting,
    host_country: host,
    motive,
    tactic,
    alert_status: alert,
    liberty_status: liberty,
    extradition_outcome: extradition,
    protection_status: protection,
    status,
    visibility,
  };
}

// ---------------------------------------------------------------------------------------------
// One case

/** The case row for this viewer, restricted fields nulled unless they may see them. */
async function caseRow(db: Q, viewer: Viewer, where: SQL, includeDeleted = false) {
  const [row] = await db
    .select({
      ...listColumns,
      chargesAlleged: cases.chargesAlleged,
      summary: cases.summary,
      nationalities: cases.nationalities,
      residenceCountries: cases.residenceCountries,
      yearFrom: cases.yearFrom,
      yearTo: cases.yearTo,
      legalName: sql<string | null>`${restrictedField(viewer, cases.legalName, "case", cases.id)}`,
      contactDetails: sql<string | null>`${restrictedField(viewer, cases.contactDetails, "case", cases.id)}`,
      sharedWithViewer: sql<boolean>`${sharedWith(viewer, "case", cases.id)}`,
      version: cases.version,
      createdAt: cases.createdAt,
      updatedBy: cases.updatedBy,
      updatedByName: sql<string | null>`(select u.name from users u where u.id = ${cases.updatedBy})`,
      deletedBy: cases.deletedBy,
    })
    .from(cases)
    .where(and(where, visibleTo(viewer, cases, "case", { includeDeleted })));
  return row ?? null;
}

export type CaseDetail = NonNullable<Awaited<ReturnType<typeof getCase>>>;

/**
 * A case with all it holds, as this viewer may see it, or null (not there, or not for them: the
 * same answer, so a reference never confirms that a restricted case exists). Viewing a restricted
 * case, or a case's restricted fields, is audited.
 */
export async function getCase(db: Db, viewer: Viewer, reference: string, opts: { includeDeleted?: boolean; actor?: Actor } = {}) {
  const includeDeleted = !!opts.includeDeleted && viewer.kind === "user" && viewer.role === "admin";
  const c = await caseRow(db, viewer, eq(cases.reference, reference), includeDeleted);
  if (!c) return null;
  const id = c.id;
  const [events, alerts, actors, caseDecisions, follow, shares] = await Promise.all([
    db
      .select({
        id: caseEvents.id,
        occurredOn: caseEvents.occurredOn,
        precision: caseEvents.precision,
        approximate: caseEvents.approximate,
        sortDate: caseEvents.sortDate,
        kind: caseEvents.kind,
        actor: caseEvents.actor,
        target: caseEvents.target,
        placeCountry: caseEvents.placeCountry,
        place: caseEvents.place,
        description: caseEvents.description,
        visibility: caseEvents.visibility,
        version: caseEvents.version,
        updatedAt: caseEvents.updatedAt,
      })
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, id), visibleTo(viewer, caseEvents, "case_event")))
      .orderBy(asc(caseEvents.sortDate), asc(caseEvents.id)),
    db
      .select({
        id: caseAlerts.id,
        kind: caseAlerts.kind,
        issuingCountry: caseAlerts.issuingCountry,
        issuedOn: caseAlerts.issuedOn,
        publishedOn: caseAlerts.publishedOn,
        removedOn: caseAlerts.removedOn,
        status: caseAlerts.status,
        entityId: caseAlerts.entityId,
        notes: caseAlerts.notes,
        visibility: caseAlerts.visibility,
        version: caseAlerts.version,
        noticeStatus: notices.status,
        noticeName: notices.name,
        noticeForename: notices.forename,
        noticeRemovedAt: notices.removedAt,
        noticeLastSeenAt: notices.lastSeenAt,
      })
      .from(caseAlerts)
      .leftJoin(notices, eq(notices.entityId, caseAlerts.entityId))
      .where(and(eq(caseAlerts.caseId, id), visibleTo(viewer, caseAlerts, "case_alert")))
      .orderBy(asc(caseAlerts.id)),
    db
      .select({
        id: caseActors.id,
        name: caseActors.name,
        kind: caseActors.kind,
        role: caseActors.role,
        description: caseActors.description,
        visibility: caseActors.visibility,
        version: caseActors.version,
      })
      .from(caseActors)
      .where(and(eq(caseActors.caseId, id), visibleTo(viewer, caseActors, "case_actor")))
      .orderBy(asc(caseActors.id)),
    db
      .select({
        id: decisions.id,
        citation: decisions.citation,
        forum: decisions.forum,
        outcome: decisions.outcome,
        body: decisions.body,
        decidedOn: decisions.decidedOn,
        grounds: decisions.grounds,
        summary: decisions.summary,
        url: decisions.url,
        visibility: decisions.visibility,
        version: decisions.version,
      })
      .from(decisions)
      .where(and(eq(decisions.caseId, id), visibleTo(viewer, decisions, "decision")))
      .orderBy(asc(decisions.decidedSort), asc(decisions.id)),
    viewer.kind === "user"
      ? db.select({ caseId: caseFollows.caseId }).from(caseFollows).where(and(eq(caseFollows.caseId, id), eq(caseFollows.userId, viewer.userId)))
      : Promise.resolve([]),
    seesAllRestricted(viewer)
      ? db
          .select({ userId: recordShares.userId, name: users.name, email: users.email, grantedAt: recordShares.grantedAt })
          .from(recordShares)
          .innerJoin(users, eq(users.id, recordShares.userId))
          .where(and(eq(recordShares.recordType, "case"), eq(recordShares.recordId, id)))
      : Promise.resolve([]),
  ]);
  const records: { type: RecordType; ids: number[] }[] = [
    { type: "case", ids: [id] },
    { type: "case_event", ids: events.map((e) => e.id) },
    { type: "decision", ids: caseDecisions.map((d) => d.id) },
    { type: "case_alert", ids: alerts.map((a) => a.id) },
  ];
  const caseSources = await sourcesFor(db, viewer, records);
  const entityIds = alerts.map((a) => a.entityId).filter((e): e is string => !!e);
  const noticeHistory = entityIds.length
    ? await db
        .select({ id: noticeEvents.id, entityId: noticeEvents.entityId, kind: noticeEvents.kind, changes: noticeEvents.changes, occurredAt: noticeEvents.occurredAt, baseline: noticeEvents.baseline })
        .from(noticeEvents)
        .where(inArray(noticeEvents.entityId, entityIds))
        .orderBy(desc(noticeEvents.occurredAt), desc(noticeEvents.id))
        .limit(200)
    : [];
  const seesFields = seesRestrictedFields(viewer, c.sharedWithViewer);
  // Restricted records shown on the page: the case itself, or any of its events, alerts, actors, decisions, sources.
  const restrictedRecords = [...events, ...alerts, ...actors, ...caseDecisions, ...caseSources].filter((r) => r.visibility === "restricted").length;
  const restrictedFieldsShown = seesFields && !!(c.legalName || c.contactDetails || caseSources.some((s) => s.confidentialIdentity));
  if (opts.actor && (c.visibility === "restricted" || restrictedRecords > 0 || restrictedFieldsShown)) {
    await recordAudit(db, {
      actorId: opts.actor.userId,
      action: "case.viewed_restricted",
      targetType: "case",
      targetId: c.reference,
      ip: opts.actor.ip,
      details: { restrictedRecord: c.visibility === "restricted", restrictedRecords, restrictedFields: restrictedFieldsShown },
    });
  }
  return {
    case: c,
    events,
    alerts,
    actors,
    decisions: caseDecisions,
    sources: caseSources,
    noticeHistory,
    following: follow.length > 0,
    shares,
    seesRestrictedFields: seesFields,
  };
}

/** Sources linked to any of these records, visible to the viewer, the confidential identity restricted. */
export async function sourcesFor(db: Q, viewer: Viewer, records: { type: RecordType; ids: number[] }[]) {
  const parts = records.filter((r) => r.ids.length).map((r) => and(eq(sourceLinks.recordType, r.type), inArray(sourceLinks.recordId, r.ids))!);
  if (!parts.length) return [];
  const rows = await db
    .select({
      id: sources.id,
      kind: sources.kind,
      title: sources.title,
      publisher: sources.publisher,
      publishedOn: sources.publishedOn,
      url: sources.url,
      reliability: sources.reliability,
      confidentialIdentity: sql<string | null>`${restrictedField(viewer, sources.confidentialIdentity, "source", sources.id)}`,
      notes: sources.notes,
      visibility: sources.visibility,
      version: sources.version,
      recordType: sourceLinks.recordType,
      recordId: sourceLinks.recordId,
      locator: sourceLinks.locator,
    })
    .from(sourceLinks)
    .innerJoin(sources, eq(sources.id, sourceLinks.sourceId))
    .where(and(sql`(${sql.join(parts, sql` or `)})`, visibleTo(viewer, sources, "source")))
    .orderBy(asc(sources.id));
  // One entry per source, with every record it supports.
  const byId = new Map<number, (typeof rows)[number] & { links: { recordType: RecordType; recordId: number; locator: string | null }[] }>();
  for (const r of rows) {
    const entry = byId.get(r.id) ?? { ...r, links: [] };
    entry.links.push({ recordType: r.recordType, recordId: r.recordId, locator: r.locator });
    byId.set(r.id, entry);
  }
  return [...byId.values()];
}

/** The cases citing a notice, for those who may see them (the notice page). */
export async function casesCitingNotice(db: Db, viewer: Viewer, entityId: string) {
  return db
    .selectDistinct({ reference: cases.reference, title: cases.title, subjectName: cases.subjectName, provenance: cases.provenance })
    .from(caseAlerts)
    .innerJoin(cases, eq(cases.id, caseAlerts.caseId))
    .where(and(eq(caseAlerts.entityId, entityId), visibleTo(viewer, caseAlerts, "case_alert"), visibleTo(viewer, cases, "case")))
    .orderBy(asc(cases.reference));
}

// ---------------------------------------------------------------------------------------------
// Changes

export interface CaseInput {
  title: string;
  subjectName: string;
  subjectIsPseudonym: boolean;
  legalName?: string | null;
  contactDetails?: string | null;
  subjectRole: string | null;
  nationalities: string[];
  residenceCountries: string[];
  hostCountries: string[];
  requestingCountry: string | null;
  years: string | null;
  yearFrom: number | null;
  yearTo: number | null;
  chargesAlleged: string | null;
  motives: string[];
  tactics: string[];
  alertStatus: string;
  libertyStatus: string;
  extraditionOutcome: string;
  protectionStatus: string;
  summary: string | null;
  monitoringStatus: "open" | "watching" | "closed";
  priority: "low" | "normal" | "high" | "urgent";
  visibility: Visibility;
}

/** Fields whose values never go into an audit entry (the log is read by admins, but still). */
const SECRET_FIELDS = new Set(["legalName", "contactDetails", "confidentialIdentity"]);

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
}

async function audited(tx: Q, actor: Actor, action: string, targetType: string, targetId: string, details: Record<string, unknown> = {}) {
  await recordAudit(tx as Db, { actorId: actor.userId, action, targetType, targetId, ip: actor.ip ?? (actor.userId ? undefined : "cli"), details });
}

export async function createCase(
  db: Db,
  actor: Actor,
  input: CaseInput & { key?: string; provenance?: "original" | "as_reported" | "fictional"; year?: number },
  opts: { now?: Date } = {},
) {
  return db.transaction(async (tx) => {
    const now = opts.now ?? new Date();
    const reference = await nextCaseReference(tx, input.year ?? input.yearFrom ?? now.getUTCFullYear());
    const { key, year: _year, ...values } = input;
    const [row] = await tx
      .insert(cases)
      .values({ ...values, reference, key: key ?? reference.toLowerCase(), createdBy: actor.userId, updatedBy: actor.userId, createdAt: now, updatedAt: now })
      .returning({ id: cases.id, reference: cases.reference, version: cases.version });
    await audited(tx, actor, "case.created", "case", reference, { visibility: input.visibility });
    return row!;
  });
}

export type Conflict<T> = { ok: false; conflict: true; current: T | null };
export type Saved = { ok: true; id: number; version: number };

/**
 * Save a case edited from `version`. When someone else saved in between, nothing is written and
 * the current stored version comes back, for the page to show beside the user's own.
 */
export async function updateCase(
  db: Db,
  actor: Actor,
  viewer: Viewer,
  reference: string,
  version: number,
  input: Partial<CaseInput>,
  opts: { now?: Date } = {},
): Promise<Saved | Conflict<Awaited<ReturnType<typeof caseRow>>>> {
  return db.transaction(async (tx) => {
    const before = await caseRow(tx, viewer, eq(cases.reference, reference));
    if (!before) return { ok: false as const, conflict: true as const, current: null };
    const [row] = await tx
      .update(cases)
      .set({ ...input, version: sql`${cases.version} + 1`, updatedAt: opts.now ?? new Date(), updatedBy: actor.userId })
      .where(and(eq(cases.id, before.id), eq(cases.version, version), isNull(cases.deletedAt)))
      .returning({ id: cases.id, version: cases.version });
    if (!row) return { ok: false as const, conflict: true as const, current: before };
    const fields = changedFields(before as Record<string, unknown>, input as Record<string, unknown>);
    await audited(tx, actor, "case.updated", "case", reference, { fields, version: row.version, secretFieldsChanged: fields.filter((f) => SECRET_FIELDS.has(f)) });
    return { ok: true as const, id: row.id, version: row.version };
  });
}

/** Soft delete (admins): the case disappears from every list, search, count and export. */
export async function deleteCase(db: Db, actor: Actor, reference: string, opts: { now?: Date } = {}) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(cases)
      .set({ deletedAt: opts.now ?? new Date(), deletedBy: actor.userId })
      .where(and(eq(cases.reference, reference), isNull(cases.deletedAt)))
      .returning({ id: cases.id });
    if (row) await audited(tx, actor, "case.deleted", "case", reference);
    return !!row;
  });
}

export async function restoreCase(db: Db, actor: Actor, reference: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(cases)
      .set({ deletedAt: null, deletedBy: null })
      .where(and(eq(cases.reference, reference), sql`${cases.deletedAt} is not null`))
      .returning({ id: cases.id });
    if (row) await audited(tx, actor, "case.restored", "case", reference);
    return !!row;
  });
}

// ---- Records on a case: events, alerts, actors (one shape each, all versioned and audited) ----

export interface EventInput {
  occurredOn: string;
  precision: "year" | "month" | "day";
  approximate: boolean;
  sortDate: string;
  kind: string;
  actor: string | null;
  target: string | null;
  placeCountry: string | null;
  place: string | null;
  description: string | null;
  visibility: Visibility;
}

export interface AlertInput {
  kind: "red_notice" | "diffusion" | "other";
  issuingCountry: string | null;
  issuedOn: string | null;
  publishedOn: string | null;
  removedOn: string | null;
  status: string;
  entityId: string | null;
  notes: string | null;
  visibility: Visibility;
}

export interface ActorInput {
  name: string;
  kind: "person" | "organisation";
  role: string | null;
  description: string | null;
  visibility: Visibility;
}

const CHILD = {
  case_event: { table: caseEvents, label: "case_event" },
  case_alert: { table: caseAlerts, label: "case_alert" },
  case_actor: { table: caseActors, label: "case_actor" },
} as const;
type ChildType = keyof typeof CHILD;
type ChildInput<T extends ChildType> = T extends "case_event" ? EventInput : T extends "case_alert" ? AlertInput : ActorInput;

/**
 * Add (no `id`) or change (with `id` and the `version` it was edited from) an event, alert or
 * actor of a case. A changed record bumps the case's `updated_at`/`updated_by` too, so "last
 * changed by" on the case tells the truth.
 */
export async function saveCaseRecord<T extends ChildType>(
  db: Db,
  actor: Actor,
  type: T,
  caseId: number,
  input: ChildInput<T>,
  edit?: { id: number; version: number },
  opts: { now?: Date } = {},
): Promise<Saved | Conflict<Record<string, unknown>>> {
  // drizzle's types do not follow a table chosen at run time; the columns are the same shape.
  const table = CHILD[type].table as unknown as typeof caseEvents;
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    const [owner] = await tx.select({ reference: cases.reference }).from(cases).where(and(eq(cases.id, caseId), isNull(cases.deletedAt)));
    if (!owner) return { ok: false as const, conflict: true as const, current: null };
    let saved: { id: number; version: number } | undefined;
    if (!edit) {
      [saved] = await tx
        .insert(table)
        .values({ ...(input as EventInput), caseId, createdBy: actor.userId, updatedBy: actor.userId, createdAt: now, updatedAt: now })
        .returning({ id: table.id, version: table.version });
    } else {
      [saved] = await tx
        .update(table)
        .set({ ...(input as EventInput), version: sql`${table.version} + 1`, updatedAt: now, updatedBy: actor.userId })
        .where(and(eq(table.id, edit.id), eq(table.caseId, caseId), eq(table.version, edit.version), isNull(table.deletedAt)))
        .returning({ id: table.id, version: table.version });
      if (!saved) {
        const [current] = await tx.select().from(table).where(and(eq(table.id, edit.id), eq(table.caseId, caseId)));
        return { ok: false as const, conflict: true as const, current: (current as Record<string, unknown>) ?? null };
      }
    }
    await tx.update(cases).set({ updatedAt: now, updatedBy: actor.userId }).where(eq(cases.id, caseId));
    await audited(tx, actor, `${type}.${edit ? "updated" : "created"}`, "case", owner.reference, { recordType: type, recordId: saved!.id });
    return { ok: true as const, id: saved!.id, version: saved!.version };
  });
}

export async function deleteCaseRecord(db: Db, actor: Actor, type: ChildType, caseId: number, id: number, opts: { now?: Date } = {}) {
  const table = CHILD[type].table as unknown as typeof caseEvents;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(table)
      .set({ deletedAt: opts.now ?? new Date(), deletedBy: actor.userId })
      .where(and(eq(table.id, id), eq(table.caseId, caseId), isNull(table.deletedAt)))
      .returning({ id: table.id });
    if (!row) return false;
    const [owner] = await tx.select({ reference: cases.reference }).from(cases).where(eq(cases.id, caseId));
    await audited(tx, actor, `${type}.deleted`, "case", owner?.reference ?? String(caseId), { recordType: type, recordId: id });
    return true;
  });
}

// ---- Sources ----

/** Restore a deleted event, alert or actor (administrators); audited like the delete. */
export async function restoreCaseRecord(db: Db, actor: Actor, type: ChildType, caseId: number, id: number) {
  const table = CHILD[type].table as unknown as typeof caseEvents;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(table)
      .set({ deletedAt: null, deletedBy: null })
      .where(and(eq(table.id, id), eq(table.caseId, caseId), sql`${table.deletedAt} is not null`))
      .returning({ id: table.id });
    if (!row) return false;
    const [owner] = await tx.select({ reference: cases.reference }).from(cases).where(eq(cases.id, caseId));
    await audited(tx, actor, `${type}.restored`, "case", owner?.reference ?? String(caseId), { recordType: type, recordId: id });
    return true;
  });
}

export interface DeletedRecord {
  type: ChildType;
  id: number;
  /** What it was, in a few words: the event's date and kind, the alert's notice, the actor's name. */
  what: string;
  detail: string | null;
  deletedAt: Date;
  deletedByName: string | null;
}

/** The events, alerts and actors deleted from a case, newest first: only administrators see or restore them. */
export async function deletedCaseRecords(db: Db, viewer: Viewer, caseId: number): Promise<DeletedRecord[]> {
  if (!(viewer.kind === "user" && viewer.role === "admin")) return [];
  const by = (col: AnyPgColumn) => sql<string | null>`(select u.name from users u where u.id = ${col})`;
  const [events, alerts, actors] = await Promise.all([
    db
      .select({ id: caseEvents.id, on: caseEvents.occurredOn, kind: caseEvents.kind, detail: caseEvents.description, deletedAt: caseEvents.deletedAt, deletedByName: by(caseEvents.deletedBy) })
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId), sql`${caseEvents.deletedAt} is not null`)),
    db
      .select({ id: caseAlerts.id, kind: caseAlerts.kind, entityId: caseAlerts.entityId, detail: caseAlerts.notes, deletedAt: caseAlerts.deletedAt, deletedByName: by(caseAlerts.deletedBy) })
      .from(caseAlerts)
      .where(and(eq(caseAlerts.caseId, caseId), sql`${caseAlerts.deletedAt} is not null`)),
    db
      .select({ id: caseActors.id, name: caseActors.name, role: caseActors.role, detail: caseActors.description, deletedAt: caseActors.deletedAt, deletedByName: by(caseActors.deletedBy) })
      .from(caseActors)
      .where(and(eq(caseActors.caseId, caseId), sql`${caseActors.deletedAt} is not null`)),
  ]);
  const out: DeletedRecord[] = [
    ...events.map((e) => ({ type: "case_event" as const, id: e.id, what: `Event: ${e.on} ${TIMELINE_EVENT_KINDS.label(e.kind)}`, detail: e.detail, deletedAt: e.deletedAt!, deletedByName: e.deletedByName })),
    ...alerts.map((a) => ({ type: "case_alert" as const, id: a.id, what: `Alert: ${a.kind.replace("_", " ")}${a.entityId ? ` ${a.entityId}` : ""}`, detail: a.detail, deletedAt: a.deletedAt!, deletedByName: a.deletedByName })),
    ...actors.map((a) => ({ type: "case_actor" as const, id: a.id, what: `Actor: ${a.name}${a.role ? ` (${a.role})` : ""}`, detail: a.detail, deletedAt: a.deletedAt!, deletedByName: a.deletedByName })),
  ];
  return out.sort((a, b) => b.deletedAt.getTime() - a.deletedAt.getTime());
}

export interface SourceInput {
  kind: string;
  title: string;
  publisher: string | null;
  publishedOn: string | null;
  url: string | null;
  reliability: string;
  confidentialIdentity: string | null;
  notes: string | null;
  visibility: Visibility;
}

/** Add a source to a record of a case (the case itself, an event, a decision, an alert), or change one. */
export async function saveSource(
  db: Db,
  actor: Actor,
  caseId: number,
  input: SourceInput,
  link: { recordType: RecordType; recordId: number; locator?: string | null },
  edit?: { id: number; version: number },
  opts: { now?: Date } = {},
): Promise<Saved | Conflict<Record<string, unknown>>> {
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    const [owner] = await tx.select({ reference: cases.reference }).from(cases).where(and(eq(cases.id, caseId), isNull(cases.deletedAt)));
    if (!owner) return { ok: false as const, conflict: true as const, current: null };
    let saved: { id: number; version: number } | undefined;
    if (edit) {
      [saved] = await tx
        .update(sources)
        .set({ ...input, version: sql`${sources.version} + 1`, updatedAt: now, updatedBy: actor.userId })
        .where(and(eq(sources.id, edit.id), eq(sources.version, edit.version), isNull(sources.deletedAt)))
        .returning({ id: sources.id, version: sources.version });
      if (!saved) {
        const [current] = await tx.select().from(sources).where(eq(sources.id, edit.id));
        return { ok: false as const, conflict: true as const, current: current ? { ...current, confidentialIdentity: current.confidentialIdentity } : null };
      }
    } else {
      [saved] = await tx
        .insert(sources)
        .values({ ...input, createdBy: actor.userId, updatedBy: actor.userId, createdAt: now, updatedAt: now })
        .returning({ id: sources.id, version: sources.version });
    }
    await tx
      .insert(sourceLinks)
      .values({ sourceId: saved!.id, recordType: link.recordType, recordId: link.recordId, locator: link.locator ?? null })
      .onConflictDoUpdate({ target: [sourceLinks.sourceId, sourceLinks.recordType, sourceLinks.recordId], set: { locator: link.locator ?? null } });
    await tx.update(cases).set({ updatedAt: now, updatedBy: actor.userId }).where(eq(cases.id, caseId));
    await audited(tx, actor, edit ? "source.updated" : "source.created", "case", owner.reference, { recordType: "source", recordId: saved!.id, linkedTo: link.recordType });
    return { ok: true as const, id: saved!.id, version: saved!.version };
  });
}

// ---- Shares and follows ----

export async function shareCase(db: Db, actor: Actor, caseId: number, userId: string) {
  return db.transaction(async (tx) => {
    const [owner] = await tx.select({ reference: cases.reference }).from(cases).where(eq(cases.id, caseId));
    if (!owner) return false;
    await tx.insert(recordShares).values({ recordType: "case", recordId: caseId, userId, grantedBy: actor.userId }).onConflictDoNothing();
    await audited(tx, actor, "case.shared", "case", owner.reference, { userId });
    return true;
  });
}

export async function unshareCase(db: Db, actor: Actor, caseId: number, userId: string) {
  return db.transaction(async (tx) => {
    const [owner] = await tx.select({ reference: cases.reference }).from(cases).where(eq(cases.id, caseId));
    const gone = await tx
      .delete(recordShares)
      .where(and(eq(recordShares.recordType, "case"), eq(recordShares.recordId, caseId), eq(recordShares.userId, userId)))
      .returning({ userId: recordShares.userId });
    if (owner && gone.length) await audited(tx, actor, "case.unshared", "case", owner.reference, { userId });
    return gone.length > 0;
  });
}

/** Share any record of a case (an event, a source…) with a user: that record and nothing else. */
export async function shareRecord(db: Db, actor: Actor, recordType: RecordType, recordId: number, userId: string) {
  await db.insert(recordShares).values({ recordType, recordId, userId, grantedBy: actor.userId }).onConflictDoNothing();
  await recordAudit(db, { actorId: actor.userId, action: "record.shared", targetType: recordType, targetId: String(recordId), ip: actor.ip, details: { userId } });
}

export async function setFollow(db: Db, viewer: Viewer, caseId: number, follow: boolean) {
  if (viewer.kind !== "user") return;
  if (follow) {
    // Only a case they may see.
    const [visible] = await db.select({ id: cases.id }).from(cases).where(and(eq(cases.id, caseId), visibleTo(viewer, cases, "case")));
    if (!visible) return;
    await db.insert(caseFollows).values({ caseId, userId: viewer.userId }).onConflictDoNothing();
  } else {
    await db.delete(caseFollows).where(and(eq(caseFollows.caseId, caseId), eq(caseFollows.userId, viewer.userId)));
  }
}

/** Case id for a reference this viewer may see, or null. */
export async function caseIdFor(db: Db, viewer: Viewer, reference: string): Promise<number | null> {
  const [row] = await db.select({ id: cases.id }).from(cases).where(and(eq(cases.reference, reference), visibleTo(viewer, cases, "case")));
  return row?.id ?? null;
}

/** The audit trail of one case (the case page's "history"; admins). */
export async function caseAuditTrail(db: Db, reference: string, limit = 50) {
  return db
    .select({ id: auditLog.id, at: auditLog.at, action: auditLog.action, actorName: users.name, details: auditLog.details })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.targetType, "case"), eq(auditLog.targetId, reference)))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}
