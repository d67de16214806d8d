// Track: cases of people pursued abroad, their timelines, alerts (notices and diffusions, linked to
// public notices when there is one), decisions (precedents), sources, sharing, follows and in-app
// notifications. Vocabulary columns hold taxonomy keys (lib/taxonomy.ts); visibility columns hold
// lib/visibility.ts levels and are enforced in db/queries, in the SQL of every read.
//
// Conventions for every record table here:
// - `version` increments on every update: a save carries the version it was edited from, and a
//   mismatch is a conflict shown to the user, never a silent overwrite;
// - deletes are soft (`deleted_at`/`deleted_by`); admins can restore;
// - `created_by`/`updated_by` (user ids) say who changed it last, with `updated_at`.
import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { VISIBILITIES } from "../../lib/visibility";
import { users } from "./auth";

const ts = () => timestamp({ withTimezone: true });
const textList = () => text().array().notNull().default(sql`'{}'::text[]`);

/** Columns every editable, visibility-carrying record shares. */
const recordColumns = () => ({
  visibility: text({ enum: VISIBILITIES }).notNull().default("internal"),
  version: integer().notNull().default(1),
  createdAt: ts().notNull().defaultNow(),
  createdBy: text().references(() => users.id),
  updatedAt: ts().notNull().defaultNow(),
  updatedBy: text().references(() => users.id),
  deletedAt: ts(),
  deletedBy: text().references(() => users.id),
});

export const MONITORING_STATUSES = ["open", "watching", "closed"] as const;
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
/** Where a record came from: entered here, imported from published reports ("as reported"), or synthetic demo data. */
export const PROVENANCES = ["original", "as_reported", "fictional"] as const;
/** Date precision for partial dates: `2021`, `2021-07`, `2021-07-15`. */
export const DATE_PRECISIONS = ["year", "month", "day"] as const;

/** Per-year counters behind case references (A3-2021-0007): a number is never reused, deleted case or not. */
export const caseReferenceCounters = pgTable("case_reference_counters", {
  year: integer().primaryKey(),
  last: integer().notNull().default(0),
});

export const cases = pgTable(
  "cases",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** `A3-2021-0007`: stable, never reused, shown to people and used in URLs. */
    reference: text().notNull().unique(),
    /** The import key (`h-bordeaux` in a CSV); re-importing a file updates by it. */
    key: text().notNull().unique(),
    title: text().notNull(),
    /** How the subject is shown: a display name or a pseudonym ("H"). */
    subjectName: text().notNull(),
    subjectIsPseudonym: boolean().notNull().default(false),
    /** Restricted field whatever the case's visibility (see lib/visibility.ts). */
    legalName: text(),
    /** Restricted field: how to reach the subject or their lawyer. */
    contactDetails: text(),
    /** journalist, businessman, … (free text, as reported). */
    subjectRole: text(),
    nationalities: textList(),
    residenceCountries: textList(),
    hostCountries: textList(),
    requestingCountry: text(),
    /** As reported, e.g. "2020-2021"; yearFrom/yearTo are derived for charts and filters. */
    years: text(),
    yearFrom: integer(),
    yearTo: integer(),
    chargesAlleged: text(),
    motives: textList(),
    tactics: textList(),
    alertStatus: text().notNull().default("unknown"),
    libertyStatus: text().notNull().default("unknown"),
    extraditionOutcome: text().notNull().default("unknown"),
    protectionStatus: text().notNull().default("unknown"),
    summary: text(),
    monitoringStatus: text({ enum: MONITORING_STATUSES }).notNull().default("open"),
    priority: text({ enum: PRIORITIES }).notNull().default("normal"),
    provenance: text({ enum: PROVENANCES }).notNull().default("original"),
    ...recordColumns(),
  },
  (t) => [
    index("cases_requesting_idx").on(t.requestingCountry),
    index("cases_host_idx").using("gin", t.hostCountries),
    index("cases_motives_idx").using("gin", t.motives),
    index("cases_tactics_idx").using("gin", t.tactics),
    index("cases_visibility_idx").on(t.visibility),
    index("cases_updated_idx").on(t.updatedAt),
  ],
);

/** Persons or organisations who acted in a case (an intermediary, a lawyer, a ministry), with their role. */
export const caseActors = pgTable(
  "case_actors",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer()
      .notNull()
      .references(() => cases.id),
    name: text().notNull(),
    kind: text({ enum: ["person", "organisation"] }).notNull().default("person"),
    /** intermediary, lawyer, prosecutor, relative, … */
    role: text(),
    description: text(),
    ...recordColumns(),
  },
  (t) => [index("case_actors_case_idx").on(t.caseId)],
);

/** The timeline: what happened, when (with precision), who did it to whom, where, and the sources. */
export const caseEvents = pgTable(
  "case_events",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer()
      .notNull()
      .references(() => cases.id),
    /** `2021`, `2021-07` or `2021-07-15`. */
    occurredOn: text().notNull(),
    precision: text({ enum: DATE_PRECISIONS }).notNull(),
    /** "about": the date is approximate. */
    approximate: boolean().notNull().default(false),
    /** First day of the period, for ordering and ranges. */
    sortDate: date({ mode: "string" }).notNull(),
    /** A key of TIMELINE_EVENT_KINDS (procedural steps and tactics). */
    kind: text().notNull(),
    actor: text(),
    target: text(),
    placeCountry: text(),
    place: text(),
    description: text(),
    ...recordColumns(),
  },
  (t) => [index("case_events_case_idx").on(t.caseId, t.sortDate), index("case_events_sort_idx").on(t.sortDate)],
);

/** A red notice, diffusion or other alert on a case, optionally linked to a public notice. */
export const caseAlerts = pgTable(
  "case_alerts",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer()
      .notNull()
      .references(() => cases.id),
    kind: text({ enum: ["red_notice", "diffusion", "other"] }).notNull(),
    issuingCountry: text(),
    issuedOn: text(),
    publishedOn: text(),
    removedOn: text(),
    /** A key of ALERT_STATUSES. */
    status: text().notNull().default("unknown"),
    /** Interpol entity id (`2021/75051`) of the public notice, when there is one. */
    entityId: text(),
    notes: text(),
    ...recordColumns(),
  },
  (t) => [index("case_alerts_case_idx").on(t.caseId), index("case_alerts_entity_idx").on(t.entityId)],
);

/** Decisions: precedents lawyers search. May belong to a case. */
export const decisions = pgTable(
  "decisions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    citation: text().notNull().unique(),
    /** Keys of FORUMS and OUTCOMES. */
    forum: text().notNull(),
    outcome: text().notNull(),
    /** The court's or commission's name. */
    body: text(),
    /** A country code, or `INT` (Interpol's CCF, the ECtHR, UN treaty bodies). */
    jurisdiction: text(),
    /** May be unknown: CCF excerpts are anonymised. */
    requestingCountry: text(),
    /** `2021`, `2021-07` or `2021-07-15`. */
    decidedOn: text(),
    decidedPrecision: text({ enum: DATE_PRECISIONS }),
    /** First day of the period, for ordering, years and ranges. */
    decidedSort: date({ mode: "string" }),
    grounds: textList(),
    legalProvisions: textList(),
    summary: text(),
    fullText: text(),
    /** ISO 639-1 (`en`, `fr`, `ru`, …). */
    language: text(),
    url: text(),
    caseId: integer().references(() => cases.id),
    provenance: text({ enum: PROVENANCES }).notNull().default("original"),
    ...recordColumns(),
  },
  (t) => [
    index("decisions_case_idx").on(t.caseId),
    index("decisions_grounds_idx").using("gin", t.grounds),
    index("decisions_sort_idx").on(t.decidedSort),
  ],
);

/** Sources: what a statement rests on. A source's identity may be confidential (a restricted field). */
export const sources = pgTable("sources", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  /** A key of SOURCE_KINDS. */
  kind: text().notNull().default("other"),
  title: text().notNull(),
  publisher: text(),
  publishedOn: text(),
  url: text(),
  /** A key of RELIABILITY. */
  reliability: text().notNull().default("unknown"),
  /** Restricted field: who the source is, when they must stay anonymous. */
  confidentialIdentity: text(),
  notes: text(),
  ...recordColumns(),
});

export const RECORD_TYPES = ["case", "case_event", "case_alert", "case_actor", "decision", "source"] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** Which sources support which record. */
export const sourceLinks = pgTable(
  "source_links",
  {
    sourceId: integer()
      .notNull()
      .references(() => sources.id),
    recordType: text({ enum: RECORD_TYPES }).notNull(),
    recordId: integer().notNull(),
    /** Where in the source (page, paragraph, timestamp). */
    locator: text(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.recordType, t.recordId] }), index("source_links_record_idx").on(t.recordType, t.recordId)],
);

/** Restricted records shared with named users (who may then see that record and its restricted fields). */
export const recordShares = pgTable(
  "record_shares",
  {
    recordType: text({ enum: RECORD_TYPES }).notNull(),
    recordId: integer().notNull(),
    userId: text()
      .notNull()
      .references(() => users.id),
    grantedBy: text().references(() => users.id),
    grantedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.recordType, t.recordId, t.userId] }), index("record_shares_user_idx").on(t.userId)],
);

export const caseFollows = pgTable(
  "case_follows",
  {
    caseId: integer()
      .notNull()
      .references(() => cases.id),
    userId: text()
      .notNull()
      .references(() => users.id),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.userId] }), index("case_follows_user_idx").on(t.userId)],
);

/** In-app notifications (the bell); the weekly digest carries them too. */
export const notifications = pgTable(
  "notifications",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: text()
      .notNull()
      .references(() => users.id),
    /** e.g. `linked_notice.changed`, `linked_notice.removed`, `linked_notice.reappeared`. */
    kind: text().notNull(),
    caseId: integer().references(() => cases.id),
    entityId: text(),
    /** The notice event behind it, so one event never notifies a user twice. */
    noticeEventId: integer(),
    title: text().notNull(),
    body: text(),
    data: jsonb().notNull().default(sql`'{}'::jsonb`),
    createdAt: ts().notNull().defaultNow(),
    readAt: ts(),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt),
    uniqueIndex("notifications_once_idx").on(t.userId, t.noticeEventId, t.caseId),
  ],
);

export type CaseRow = typeof cases.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type CaseAlertRow = typeof caseAlerts.$inferSelect;
export type CaseActorRow = typeof caseActors.$inferSelect;
export type DecisionRow = typeof decisions.$inferSelect;
export type SourceRow = typeof sources.$inferSelect;
