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
  uniqueIndex,
} from "drizzle-orm/pg-core";
import {
  NOTICE_FIELD_DEFS,
  NOTICE_FIELD_KEYS,
  type FieldKind,
  type NoticeFieldKey,
  type NoticeFieldKind,
} from "../../lib/notice-fields";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/** Each kind of notice field (lib/notice-fields.ts) as a column. A new kind fails the type check here. */
const fieldColumn = {
  id: () => text().primaryKey(),
  name: () => text(),
  text: () => text(),
  code: () => text(),
  codes: () => text().array().notNull().default(sql`'{}'::text[]`),
  codesOrNull: () => text().array(),
  measure: () => real(),
  birthDate: () => text(),
  precision: () => text(),
  warrants: () => jsonb().notNull().default(sql`'[]'::jsonb`),
} satisfies Record<FieldKind, () => unknown>;

type FieldColumns = { [K in NoticeFieldKey]: ReturnType<(typeof fieldColumn)[NoticeFieldKind<K>]> };

function noticeFieldColumns(): FieldColumns {
  const out = {} as Record<NoticeFieldKey, unknown>;
  for (const k of NOTICE_FIELD_KEYS) out[k] = fieldColumn[NOTICE_FIELD_DEFS[k].kind]();
  return out as FieldColumns;
}

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
 * One row per Interpol entity id: the normalised current fields (one column per declared field:
 * lib/notice-fields.ts), what search and filters need besides, the raw detail JSON as last
 * received, and the lifecycle. The history is in notice_events.
 */
export const notices = pgTable(
  "notices",
  {
    ...noticeFieldColumns(),
    /** For age filters; null when the birth date is unknown. */
    birthYear: smallint(),
    /** All warrants' charges, joined, for search. */
    charges: text(),
    /** The whole normalised notice, as the diff compares it. */
    fields: jsonb().notNull(),
    /** The detail JSON exactly as parsed from the last capture that changed it. */
    raw: jsonb(),
    contentHash: text().notNull(),
    /** Validators of the detail response the stored content came from, for conditional requests. */
    detailEtag: text(),
    detailLastModified: text(),
    /** The thumbnail picture id whose images are stored in notice_images ("" when it had none). */
    imagesFor: text(),
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
    /** Of `added`, those marked baseline (already published when watching began). */
    baselineAdded: integer().notNull().default(0),
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
    /**
     * The totals the service reported for each partition this run asked (`nationality=RU`,
     * `arrestWarrantCountryId=RU`, `(all)`), and whether each was swept completely:
     * `{ key: { total, complete } }`. The next run compares against the last good run's.
     */
    partitions: jsonb().notNull().default(sql`'{}'::jsonb`),
    /** Partitions whose totals dropped sharply against the last good run (the guard): `[{ key, total, before, beforeRun }]`. */
    droppedPartitions: jsonb().notNull().default(sql`'[]'::jsonb`),
    /** Absent from the lists because a partition failed or dropped, still published (found by their own detail). */
    hidden: integer().notNull().default(0),
    /** Requests by kind: list pages, details (incl. absent checks), images. `requests` is list + detail + country list. */
    listRequests: integer().notNull().default(0),
    detailRequests: integer().notNull().default(0),
    imageRequests: integer().notNull().default(0),
    /** Conditional requests answered 304 Not Modified. */
    notModified: integer().notNull().default(0),
    /** One detail per notice plus one list page per 160 notices: the fewest requests a full pull can make. */
    requestsLowerBound: integer().notNull().default(0),
    /** requests / requestsLowerBound (images not counted); 0 until known. */
    requestsRatio: real().notNull().default(0),
    /** Photos stored this run. */
    imagesStored: integer().notNull().default(0),
  },
  (t) => [index("crawl_runs_started_idx").on(t.startedAt), index("crawl_runs_status_idx").on(t.status)],
);

/** A notice's photos, kept as evidence: the bytes exactly as received, once per distinct content. */
export const noticeImages = pgTable(
  "notice_images",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    entityId: text().notNull(),
    pictureId: text().notNull(),
    contentType: text(),
    bytes: bytea().notNull(),
    sha256: text().notNull(),
    runId: integer().notNull(),
    fetchedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("notice_images_unique").on(t.entityId, t.pictureId, t.sha256),
    index("notice_images_entity_idx").on(t.entityId, t.fetchedAt),
  ],
);

/**
 * The list pages of the last pulls with their validators, so that the next pull can ask them
 * conditionally: a 304 means the page is the one kept here. Keyed by the page's normalised query.
 */
export const listPageCache = pgTable("list_page_cache", {
  key: text().primaryKey(),
  etag: text(),
  lastModified: text(),
  /** The page's body, gzipped. */
  body: bytea().notNull(),
  fetchedAt: timestamp({ withTimezone: true }).notNull(),
  /** Last asked (200 or 304): pages no pull has asked for a while are dropped. */
  usedAt: timestamp({ withTimezone: true }).notNull(),
});

export type NoticeRow = typeof notices.$inferSelect;
export type NoticeEventRow = typeof noticeEvents.$inferSelect;
export type CrawlRunRow = typeof crawlRuns.$inferSelect;
