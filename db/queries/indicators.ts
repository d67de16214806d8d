// Indicators: what the scoring job reads and writes, the review queue, the rule versions, and the
// summaries the dashboard and the notice page show. The rules and the score are pure
// (lib/indicators/); this file does the SQL.
import { and, desc, eq, sql } from "drizzle-orm";
import { applyOverrides, DEFAULT_RULES, type RuleOverrides, type RuleSet } from "../../lib/indicators/rules";
import type { Reason, ScoreContext, ScoreWarrant } from "../../lib/indicators/score";
import { SCORE_JOB_ID } from "../../lib/jobs";
import type { Viewer } from "../../lib/visibility";
import { rowsOf, type Database, type Db } from "../client";
import { caseAlerts, cases } from "../schema/cases";
import { indicatorRuleSets, noticeReviews, noticeScores, type ReviewDecision } from "../schema/indicators";
import { noticeEvents, notices } from "../schema/notices";
import { users } from "../schema/auth";
import { requestJob } from "./jobs";
import { visibleTo } from "./visibility";

/**
 * Scores are shown to every signed-in user, so the case data they read is what every signed-in
 * user may see: public and internal cases, never a restricted one (a restricted case's link to a
 * notice must not show through a notice's reasons). No share is ever made with this id.
 */
const ANY_STAFF: Viewer = { kind: "user", userId: "(any signed-in user)", role: "viewer" };

// ---- Rules ----

/** The rules in force: the defaults with the administrators' latest version over them. */
export async function currentRuleSet(db: Db): Promise<{ rules: RuleSet; adminVersion: number | null; overrides: RuleOverrides }> {
  const [row] = await db.select().from(indicatorRuleSets).orderBy(desc(indicatorRuleSets.version)).limit(1);
  if (!row) return { rules: DEFAULT_RULES, adminVersion: null, overrides: {} };
  const overrides = row.overrides as RuleOverrides;
  return { rules: applyOverrides(DEFAULT_RULES, overrides, row.version), adminVersion: row.version, overrides };
}

export async function ruleSetHistory(db: Db, limit = 20) {
  return db
    .select({
      version: indicatorRuleSets.version,
      note: indicatorRuleSets.note,
      createdAt: indicatorRuleSets.createdAt,
      createdBy: users.name,
    })
    .from(indicatorRuleSets)
    .leftJoin(users, eq(users.id, indicatorRuleSets.createdBy))
    .orderBy(desc(indicatorRuleSets.version))
    .limit(limit);
}

/** A new administrators' version; returns its number. The caller asks for a rescore. */
export async function saveRuleSet(db: Db, p: { overrides: RuleOverrides; note: string | null; userId: string }): Promise<number> {
  const [row] = await db
    .insert(indicatorRuleSets)
    .values({ overrides: p.overrides, note: p.note, createdBy: p.userId })
    .returning({ version: indicatorRuleSets.version });
  return row!.version;
}

/** Ask the scoring job to run (after a rule change, or when case data changed). Never scores here. */
export function requestRescore(database: Database, requestedBy: string | null, reason: string) {
  return requestJob(database, { id: SCORE_JOB_ID, requestedBy, input: { reason } });
}

// ---- What the scoring job reads ----

export interface ScoringInputs {
  issuerCases: NonNullable<ScoreContext["issuerCases"]>;
  reappeared: Set<string>;
  chargesChanged: Set<string>;
  linkedProtection: Map<string, string[]>;
}

/** The facts around the notices, read once per scoring run. */
export async function scoringInputs(db: Db): Promise<ScoringInputs> {
  const [caseRows, eventRows, linkRows] = await Promise.all([
    db
      .select({
        country: cases.requestingCountry,
        total: sql<number>`count(*)::int`,
        political: sql<number>`(count(*) filter (where cardinality(${cases.motives}) > 0))::int`,
      })
      .from(cases)
      .where(and(visibleTo(ANY_STAFF, cases, "case"), sql`${cases.requestingCountry} is not null`))
      .groupBy(cases.requestingCountry),
    db
      .select({
        entityId: noticeEvents.entityId,
        reappeared: sql<boolean>`bool_or(${noticeEvents.kind} = 'reappeared')`,
        changed: sql<boolean>`bool_or(${noticeEvents.kind} = 'changed' and ${noticeEvents.changes} -> 'warrants' is not null)`,
      })
      .from(noticeEvents)
      .where(sql`${noticeEvents.kind} = 'reappeared' or (${noticeEvents.kind} = 'changed' and ${noticeEvents.changes} -> 'warrants' is not null)`)
      .groupBy(noticeEvents.entityId),
    db
      .select({ entityId: caseAlerts.entityId, protection: cases.protectionStatus })
      .from(caseAlerts)
      .innerJoin(cases, eq(cases.id, caseAlerts.caseId))
      .where(and(sql`${caseAlerts.entityId} is not null`, visibleTo(ANY_STAFF, caseAlerts, "case_alert"), visibleTo(ANY_STAFF, cases, "case"))),
  ]);
  const issuerCases: Record<string, { total: number; political: number }> = {};
  for (const r of caseRows) if (r.country) issuerCases[r.country] = { total: Number(r.total), political: Number(r.political) };
  const linkedProtection = new Map<string, string[]>();
  for (const r of linkRows) {
    if (!r.entityId) continue;
    linkedProtection.set(r.entityId, [...(linkedProtection.get(r.entityId) ?? []), r.protection]);
  }
  return {
    issuerCases,
    reappeared: new Set(eventRows.filter((r) => r.reappeared).map((r) => r.entityId)),
    chargesChanged: new Set(eventRows.filter((r) => r.changed).map((r) => r.entityId)),
    linkedProtection,
  };
}

export function contextFor(inputs: ScoringInputs, entityId: string): ScoreContext {
  return {
    issuerCases: inputs.issuerCases,
    reappeared: inputs.reappeared.has(entityId),
    chargesChanged: inputs.chargesChanged.has(entityId),
    linkedProtection: inputs.linkedProtection.get(entityId) ?? [],
  };
}

/** One page of notices in entity id order, with what the score reads. */
export async function noticesToScore(db: Db, after: string, limit = 1000) {
  const rows = await db
    .select({ entityId: notices.entityId, warrants: notices.warrants })
    .from(notices)
    .where(sql`${notices.entityId} > ${after}`)
    .orderBy(notices.entityId)
    .limit(limit);
  return rows.map((r) => ({ entityId: r.entityId, warrants: warrantsOf(r.warrants) }));
}

export function warrantsOf(value: unknown): ScoreWarrant[] {
  if (!Array.isArray(value)) return [];
  return value.map((w: Record<string, unknown>) => ({
    issuer: typeof w?.issuer === "string" ? w.issuer : null,
    charge: typeof w?.charge === "string" ? w.charge : null,
    chargeTranslation: typeof w?.chargeTranslation === "string" ? w.chargeTranslation : null,
  }));
}

export interface StoredScore {
  score: number;
  flagged: boolean;
  reasons: string;
  ruleVersion: string;
  noticeHash: string;
}

/** Every stored score, to write only what changed. reasons as JSON text, to compare. */
export async function storedScores(db: Db): Promise<Map<string, StoredScore>> {
  const rows = await db
    .select({
      entityId: noticeScores.entityId,
      score: noticeScores.score,
      flagged: noticeScores.flagged,
      reasons: sql<string>`${noticeScores.reasons}::text`,
      ruleVersion: noticeScores.ruleVersion,
      noticeHash: noticeScores.noticeHash,
    })
    .from(noticeScores);
  return new Map(rows.map(({ entityId, ...r }) => [entityId, { ...r, score: Number(r.score) }]));
}

export interface ScoreWrite {
  entityId: string;
  score: number;
  flagged: boolean;
  reasons: Reason[];
  ruleVersion: string;
  noticeHash: string;
}

export async function writeScores(db: Db, rows: ScoreWrite[], now: Date) {
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500).map((r) => ({ ...r, scoredAt: now }));
    await db
      .insert(noticeScores)
      .values(batch)
      .onConflictDoUpdate({
        target: noticeScores.entityId,
        set: {
          score: sql`excluded.score`,
          flagged: sql`excluded.flagged`,
          reasons: sql`excluded.reasons`,
          ruleVersion: sql`excluded.rule_version`,
          noticeHash: sql`excluded.notice_hash`,
          scoredAt: sql`excluded.scored_at`,
        },
      });
  }
}

// ---- The review queue ----

/** The latest review of each notice. */
const latestReview = sql`(select distinct on (entity_id) * from notice_reviews order by entity_id, created_at desc, id desc)`;

/** In the queue: flagged, published, and not reviewed since its charges last changed. */
const inQueue = sql`${noticeScores.flagged} and ${notices.status} = 'active' and (lr.id is null or lr.notice_hash <> ${noticeScores.noticeHash})`;

export const REVIEW_PAGE_SIZE = 25;

export interface QueueRow {
  entityId: string;
  name: string | null;
  forename: string | null;
  warrantCountries: string[];
  warrants: ScoreWarrant[];
  score: number;
  reasons: Reason[];
  /** The decision made before its charges changed, with the warrants as they were then. */
  previous: { decision: ReviewDecision; note: string | null; at: Date; reviewer: string | null; warrants: ScoreWarrant[] } | null;
}

/** Flagged notices waiting for review, highest score first. */
export async function reviewQueue(db: Db, { page = 1, perPage = REVIEW_PAGE_SIZE } = {}) {
  const rows = rowsOf<{
    entity_id: string;
    name: string | null;
    forename: string | null;
    warrant_countries: string[];
    warrants: unknown;
    score: number;
    reasons: Reason[];
    lr_decision: ReviewDecision | null;
    lr_note: string | null;
    lr_at: Date | string | null;
    lr_reviewer: string | null;
    lr_warrants: unknown;
    total: number;
  }>(
    await db.execute(sql`
      select n.entity_id, n.name, n.forename, n.warrant_countries, n.warrants, s.score, s.reasons,
             lr.decision as lr_decision, lr.note as lr_note, lr.created_at as lr_at, u.name as lr_reviewer,
             lr.warrants as lr_warrants, (count(*) over ())::int as total
      from ${noticeScores} s
      join ${notices} n on n.entity_id = s.entity_id
      left join ${latestReview} lr on lr.entity_id = s.entity_id
      left join ${users} u on u.id = lr.reviewer_id
      where ${sql.raw("s.flagged and n.status = 'active' and (lr.id is null or lr.notice_hash <> s.notice_hash)")}
      order by s.score desc, n.entity_id
      limit ${perPage} offset ${(Math.max(page, 1) - 1) * perPage}`),
  );
  const total = rows[0] ? Number(rows[0].total) : page > 1 ? await reviewQueueCount(db) : 0;
  const list: QueueRow[] = rows.map((r) => ({
    entityId: r.entity_id,
    name: r.name,
    forename: r.forename,
    warrantCountries: r.warrant_countries ?? [],
    warrants: warrantsOf(r.warrants),
    score: Number(r.score),
    reasons: (typeof r.reasons === "string" ? JSON.parse(r.reasons) : r.reasons) as Reason[],
    previous: r.lr_decision
      ? {
          decision: r.lr_decision,
          note: r.lr_note,
          at: r.lr_at instanceof Date ? r.lr_at : new Date(String(r.lr_at)),
          reviewer: r.lr_reviewer,
          warrants: warrantsOf(typeof r.lr_warrants === "string" ? JSON.parse(r.lr_warrants) : r.lr_warrants),
        }
      : null,
  }));
  return { rows: list, total, page, perPage, pages: Math.max(1, Math.ceil(total / perPage)) };
}

/** How many flagged notices wait for review (the dashboard's count). */
export async function reviewQueueCount(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(noticeScores)
    .innerJoin(notices, eq(notices.entityId, noticeScores.entityId))
    .leftJoin(sql`${latestReview} lr`, sql`lr.entity_id = ${noticeScores.entityId}`)
    .where(inQueue);
  return Number(row?.n ?? 0);
}

/** Published flagged notices by warrant-issuing country, most first (the dashboard's chart and table). */
export async function flaggedByCountry(db: Db): Promise<Array<{ country: string; flagged: number; waiting: number }>> {
  const rows = rowsOf<{ country: string; flagged: number; waiting: number }>(
    await db.execute(sql`
      select c as country, count(*)::int as flagged,
             (count(*) filter (where lr.id is null or lr.notice_hash <> s.notice_hash))::int as waiting
      from ${noticeScores} s
      join ${notices} n on n.entity_id = s.entity_id
      left join ${latestReview} lr on lr.entity_id = s.entity_id
      cross join lateral unnest(n.warrant_countries) c
      where s.flagged and n.status = 'active'
      group by c
      order by count(*) desc, c`),
  );
  return rows.map((r) => ({ country: r.country, flagged: Number(r.flagged), waiting: Number(r.waiting) }));
}

export type RecordReviewResult =
  | { ok: true; id: number; score: number }
  | { ok: false; reason: "not_scored" | "not_found" };

/** A staff decision on a notice as it is scored now (its hash and warrants kept with it). */
export async function recordReview(
  db: Db,
  p: { entityId: string; decision: ReviewDecision; note: string | null; reviewerId: string; now?: Date },
): Promise<RecordReviewResult> {
  const [row] = await db
    .select({ warrants: notices.warrants, score: noticeScores.score, hash: noticeScores.noticeHash, ruleVersion: noticeScores.ruleVersion })
    .from(notices)
    .leftJoin(noticeScores, eq(noticeScores.entityId, notices.entityId))
    .where(eq(notices.entityId, p.entityId));
  if (!row) return { ok: false, reason: "not_found" };
  if (row.hash === null || row.score === null || row.ruleVersion === null) return { ok: false, reason: "not_scored" };
  const [inserted] = await db
    .insert(noticeReviews)
    .values({
      entityId: p.entityId,
      decision: p.decision,
      note: p.note,
      reviewerId: p.reviewerId,
      noticeHash: row.hash,
      warrants: warrantsOf(row.warrants),
      score: row.score,
      ruleVersion: row.ruleVersion,
      createdAt: p.now ?? new Date(),
    })
    .returning({ id: noticeReviews.id });
  return { ok: true, id: Number(inserted!.id), score: Number(row.score) };
}

// ---- One notice ----

/** A notice's score, reasons and latest review, for its page. Null when not scored yet. */
export async function noticeIndicators(db: Db, entityId: string) {
  const [s] = await db.select().from(noticeScores).where(eq(noticeScores.entityId, entityId));
  if (!s) return null;
  const [review] = await db
    .select({
      decision: noticeReviews.decision,
      note: noticeReviews.note,
      createdAt: noticeReviews.createdAt,
      noticeHash: noticeReviews.noticeHash,
      reviewer: users.name,
    })
    .from(noticeReviews)
    .leftJoin(users, eq(users.id, noticeReviews.reviewerId))
    .where(eq(noticeReviews.entityId, entityId))
    .orderBy(desc(noticeReviews.createdAt), desc(noticeReviews.id))
    .limit(1);
  return {
    score: Number(s.score),
    flagged: s.flagged,
    reasons: s.reasons as Reason[],
    ruleVersion: s.ruleVersion,
    scoredAt: s.scoredAt,
    review: review ? { ...review, current: review.noticeHash === s.noticeHash } : null,
  };
}
