// Indicators: each notice's score with its reasons (recomputed by jobs/tasks/score-notices.ts),
// staff reviews of flagged notices, and the administrators' versions of the rules
// (lib/indicators/rules.ts holds the defaults).
import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";

const ts = () => timestamp({ withTimezone: true });

/** One row per scored notice: written by the scoring job only. */
export const noticeScores = pgTable(
  "notice_scores",
  {
    entityId: text().primaryKey(),
    score: smallint().notNull(),
    /** The score reached the threshold with a reason that is not weak: the notice is in the review queue. */
    flagged: boolean().notNull(),
    /** lib/indicators/score.ts Reason[]: rule key, weight, weak, the words or facts that fired. */
    reasons: jsonb().notNull().default(sql`'[]'::jsonb`),
    /** The rule set that scored it (RULES_VERSION, "+N" for an administrators' version). */
    ruleVersion: text().notNull(),
    /** scoredHash() of the warrants scored: a review sticks while it stays the same. */
    noticeHash: text().notNull(),
    scoredAt: ts().notNull().defaultNow(),
  },
  (t) => [index("notice_scores_flagged_idx").on(t.flagged, t.score)],
);

export const REVIEW_DECISIONS = ["confirm", "dismiss"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** Staff decisions on flagged notices. Appended, never rewritten; the latest one counts. */
export const noticeReviews = pgTable(
  "notice_reviews",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    entityId: text().notNull(),
    decision: text({ enum: REVIEW_DECISIONS }).notNull(),
    note: text(),
    reviewerId: text()
      .notNull()
      .references(() => users.id),
    /** The notice's scoredHash() when reviewed: when it changes, the notice returns to the queue. */
    noticeHash: text().notNull(),
    /** The warrants as reviewed, to show what changed when it returns. */
    warrants: jsonb().notNull().default(sql`'[]'::jsonb`),
    score: smallint().notNull(),
    ruleVersion: text().notNull(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index("notice_reviews_entity_idx").on(t.entityId, t.createdAt)],
);

/** Administrators' versions of the rules: what they change over the defaults (RuleOverrides). */
export const indicatorRuleSets = pgTable("indicator_rule_sets", {
  version: integer().primaryKey().generatedAlwaysAsIdentity(),
  overrides: jsonb().notNull(),
  note: text(),
  createdBy: text().references(() => users.id),
  createdAt: ts().notNull().defaultNow(),
});

export type NoticeScoreRow = typeof noticeScores.$inferSelect;
export type NoticeReviewRow = typeof noticeReviews.$inferSelect;
