import { date, integer, pgSequence, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/**
 * Rises whenever a table the dashboard reads changes (statement triggers in the migration): the
 * dashboard keeps its counts per process until it moves (decision 013). A sequence, not a row, so
 * writers never wait on each other for it.
 */
export const dashboardVersion = pgSequence("dashboard_version", { startWith: 1 });

// Summaries the dashboard reads when no filter narrows the data (decision 013). Kept by triggers in
// the migration `dashboard_summaries`, in the same transaction as the change they count, and filled
// from the live tables by it: they can never disagree with a direct count. Never written by code.

/**
 * Cases that are not deleted, per visibility level, counted along each dimension a chart draws
 * (`dim`: total, open, rc, alert, liberty, extradition, protection, motive, tactic, pair,
 * pair_missing, year); `key` ('' for "none recorded") and `key2` (the pair's host, the year's outcome).
 */
export const dashboardCaseCounts = pgTable(
  "dashboard_case_counts",
  {
    visibility: text().notNull(),
    dim: text().notNull(),
    key: text().notNull(),
    key2: text().notNull(),
    n: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.visibility, t.dim, t.key, t.key2] })],
);

/**
 * Notice events per UTC day and issuing country (each of the notice's current warrant countries):
 * additions that are not baseline, and removals, exactly as the weekly chart counts them.
 */
export const dashboardNoticeChanges = pgTable(
  "dashboard_notice_changes",
  {
    day: date({ mode: "string" }).notNull(),
    country: text().notNull(),
    added: integer().notNull(),
    removed: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.country] })],
);

/** Per notice, how many of its events the weekly chart counts (for "notices behind the chart"). */
export const dashboardNoticeChangeCounts = pgTable("dashboard_notice_change_counts", {
  entityId: text().primaryKey(),
  n: integer().notNull(),
});

/**
 * Per pull, the change in active notices (additions and reappearances less removals) and how many
 * such events it had; `country` '' counts every event, otherwise the events of notices whose current
 * warrant countries include it (once per notice).
 */
export const dashboardRunChanges = pgTable(
  "dashboard_run_changes",
  {
    runId: integer().notNull(),
    country: text().notNull(),
    delta: integer().notNull(),
    events: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.country] })],
);
