import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  smallint,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * Text search configurations for charges: unstemmed, then the languages warrants come in most.
 * All exist in PostgreSQL 15 and PGlite. The query side uses the same list (db/queries/notices.ts).
 */
export const CHARGE_SEARCH_CONFIGS = ["simple", "russian", "english", "spanish", "french", "turkish", "arabic"] as const;

/**
 * Search indexes write straight into the index (no GIN pending list): PGlite has no autovacuum to
 * flush a pending list, and a long one makes the planner read every notice instead.
 */
const NO_PENDING = { fastupdate: false };

/**
 * One row per Interpol entity id: the normalised current fields (what lists and filters use),
 * the raw detail JSON as last received, and the lifecycle. The history is in notice_events.
 */
export const notices = pgTable(
  "notices",
  {
    entityId: text().primaryKey(),
    name: text(),
    forename: text(),
    /** "1979-01-17", "1979-01" or "1979", with its precision. */
    birthDate: text(),
    birthDatePrecision: text(),
    /** For age filters; null when the birth date is unknown. */
    birthYear: smallint(),
    sex: text(),
    nationalities: text().array().notNull().default(sql`'{}'::text[]`),
    /** Issuing states and special issuers (914, 916, 922, UNK), distinct and sorted. */
    warrantCountries: text().array().notNull().default(sql`'{}'::text[]`),
    /** All warrants' charges, joined, for search. */
    charges: text(),
    warrants: jsonb().notNull().default(sql`'[]'::jsonb`),
    height: real(),
    weight: real(),
    eyes: text().array(),
    hair: text().array(),
    languages: text().array(),
    countryOfBirth: text(),
    placeOfBirth: text(),
    distinguishingMarks: text(),
    /** The whole normalised notice, as the diff compares it. */
    fields: jsonb().notNull(),
    /** The detail JSON exactly as parsed from the last capture that changed it. */
    raw: jsonb(),
    contentHash: text().notNull(),
    status: text({ enum: ["active", "removed"] }).notNull().default("active"),
    firstSeenAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
    removedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    searchText: tsvector().generatedAlwaysAs(
      sql`to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(forename, '') || ' ' || coalesce(charges, ''))`,
    ),
    // Name search keys, computed by lib/name-search.ts (transliterated, folded, variant skeletons)
    // when the notice is written; rows of an older NAME_SEARCH_VERSION are recomputed at start.
    /** The folded full name ("IVANOV SERGEY"), for fuzzy and substring matching. */
    searchName: text(),
    nameWords: text().array(),
    surnameWords: text().array(),
    nameSkeleton: text().array(),
    nameCompact: text(),
    nameKeysVersion: smallint(),
    /**
     * Charges stemmed per language (they come in the issuing state's language), plus unstemmed,
     * queried with websearch_to_tsquery in the same configurations (CHARGE_SEARCH_CONFIGS).
     */
    searchCharges: tsvector().generatedAlwaysAs(
      sql.raw(
        CHARGE_SEARCH_CONFIGS.map((c) => `to_tsvector('${c}'::regconfig, coalesce(charges, ''))`).join(" || "),
      ),
    ),
  },
  (t) => [
    index("notices_status_idx").on(t.status),
    index("notices_nationalities_idx").using("gin", t.nationalities),
    index("notices_warrant_countries_idx").using("gin", t.warrantCountries),
    index("notices_search_idx").using("gin", t.searchText).with(NO_PENDING),
    index("notices_first_seen_idx").on(t.firstSeenAt),
    index("notices_name_words_idx").using("gin", t.nameWords).with(NO_PENDING),
    index("notices_name_skeleton_idx").using("gin", t.nameSkeleton).with(NO_PENDING),
    index("notices_name_compact_idx").on(t.nameCompact),
    index("notices_search_name_trgm_idx").using("gin", sql`${t.searchName} gin_trgm_ops`).with(NO_PENDING),
    index("notices_search_charges_idx").using("gin", t.searchCharges).with(NO_PENDING),
  ],
);

/** The history: appended by pulls, never rewritten. */
export const noticeEvents = pgTable(
  "notice_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    entityId: text().notNull(),
    runId: integer().notNull(),
    kind: text({ enum: ["added", "changed", "removed", "reappeared"] }).notNull(),
    /** field → [before, after] for changed and reappeared; {} otherwise. */
    changes: jsonb().notNull().default(sql`'{}'::jsonb`),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    /**
     * True for the `added` events of a run that started from an empty store (or of a partition's first
     * coverage): what was already published when watching began, not news. "New" never counts these.
     */
    baseline: boolean().notNull().default(false),
  },
  (t) => [
    index("notice_events_entity_idx").on(t.entityId, t.occurredAt),
    index("notice_events_occurred_idx").on(t.occurredAt),
    index("notice_events_run_idx").on(t.runId),
  ],
);

/**
 * Evidence: the exact bytes of the detail response that introduced each version of a notice,
 * with the request as sent and the response headers as received.
 */
export const noticeCaptures = pgTable(
  "notice_captures",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    entityId: text().notNull(),
    runId: integer().notNull(),
    url: text().notNull(),
    request: jsonb().notNull(),
    status: integer().notNull(),
    headers: jsonb().notNull(),
    body: bytea().notNull(),
    sha256: text().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("notice_captures_entity_idx").on(t.entityId, t.startedAt)],
);

/** One row per pull: what it did and did not cover. */
export const crawlRuns = pgTable(
  "crawl_runs",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    status: text({ enum: ["running", "succeeded", "partial", "failed"] }).notNull().default("running"),
    trigger: text({ enum: ["schedule", "manual", "cli"] }).notNull(),
    requestedBy: text(),
    /** planning → sweeping → details → absent → writing → done */
    phase: text().notNull().default("starting"),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    heartbeatAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    queriesPlanned: integer().notNull().default(0),
    queriesDone: integer().notNull().default(0),
    queriesFailed: integer().notNull().default(0),
    queriesCapped: integer().notNull().default(0),
    detailsTotal: integer().notNull().default(0),
    detailsFetched: integer().notNull().default(0),
    detailsFailed: integer().notNull().default(0),
    requests: integer().notNull().default(0),
    /** Distinct notices the sweep listed. */
    seen: integer().notNull().default(0),
    /** The largest `total` Interpol reported for any query (the unfiltered one, normally). */
    reportedTotal: integer().notNull().default(0),
    /** seen / reportedTotal, 0..1. */
    coverage: real().notNull().default(0),
    added: integer().notNull().default(0),
    changed: integer().notNull().default(0),
    removed: integer().notNull().default(0),
    reappeared: integer().notNull().default(0),
    /** Absent from the sweep but still published: the planner missed them. */
    missed: integer().notNull().default(0),
    /** Absent with no answer from their own detail: left as they were. */
    unconfirmed: integer().notNull().default(0),
    errorCount: integer().notNull().default(0),
    /** The first errors, for reading (the count above is complete). */
    errors: jsonb().notNull().default(sql`'[]'::jsonb`),
    failedQueries: jsonb().notNull().default(sql`'[]'::jsonb`),
    message: text(),
  },
  (t) => [index("crawl_runs_started_idx").on(t.startedAt), index("crawl_runs_status_idx").on(t.status)],
);

export type NoticeRow = typeof notices.$inferSelect;
export type NoticeEventRow = typeof noticeEvents.$inferSelect;
export type CrawlRunRow = typeof crawlRuns.$inferSelect;
