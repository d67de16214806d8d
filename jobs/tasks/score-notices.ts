// Scores every stored notice against the rules in force (lib/indicators/) and stores what
// changed, with its reasons and the rule version. Runs after each pull (inside the pull job),
// when a page asks (a rule change, case data that changed: requestRescore), and hourly as a
// catch-all. Idempotent: a second run with nothing new writes nothing.
import type { Database } from "../../db/client";
import { contextFor, currentRuleSet, noticesToScore, scoringInputs, storedScores, writeScores, type ScoreWrite } from "../../db/queries/indicators";
import { withJobLock } from "../../db/queries/jobs";
import { score, scoredHash } from "../../lib/indicators/score";
import { SCORE_JOB_ID } from "../../lib/jobs";

/** The lock the runner holds around a scoring run (jobs/runner.ts lockName), also taken by the pull's scoring. */
export const SCORE_LOCK = `article3:${SCORE_JOB_ID}`;

export interface ScoreSummary {
  status: "succeeded" | "skipped";
  ruleVersion: string;
  scored: number;
  written: number;
  flagged: number;
}

/** Score all notices now (the caller holds the lock or does not care). */
export async function scoreNotices(database: Database, opts: { now?: () => Date; signal?: AbortSignal } = {}): Promise<ScoreSummary> {
  const db = database.db;
  const now = opts.now ?? (() => new Date());
  const { rules } = await currentRuleSet(db);
  const [inputs, stored] = await Promise.all([scoringInputs(db), storedScores(db)]);
  let after = "";
  let scored = 0;
  let written = 0;
  let flagged = 0;
  for (;;) {
    if (opts.signal?.aborted) break;
    const page = await noticesToScore(db, after);
    if (!page.length) break;
    const writes: ScoreWrite[] = [];
    for (const n of page) {
      const result = score(n, contextFor(inputs, n.entityId), rules);
      const row: ScoreWrite = {
        entityId: n.entityId,
        score: result.score,
        flagged: result.flagged,
        reasons: result.reasons,
        ruleVersion: rules.version,
        noticeHash: scoredHash(n),
      };
      scored++;
      if (row.flagged) flagged++;
      const before = stored.get(n.entityId);
      const same =
        before &&
        before.score === row.score &&
        before.flagged === row.flagged &&
        before.ruleVersion === row.ruleVersion &&
        before.noticeHash === row.noticeHash &&
        sameJson(before.reasons, row.reasons);
      if (!same) writes.push(row);
    }
    await writeScores(db, writes, now());
    written += writes.length;
    after = page[page.length - 1]!.entityId;
  }
  return { status: "succeeded", ruleVersion: rules.version, scored, written, flagged };
}

/** Stored jsonb comes back with its keys reordered: compare parsed values. */
function sameJson(storedText: string, value: unknown): boolean {
  try {
    return canonical(JSON.parse(storedText)) === canonical(value);
  } catch {
    return false;
  }
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/**
 * Scoring under the scoring job's lock, for the pull to call when it has written: waits for a
 * scoring run already going (then scores again, since the pull changed the notices).
 */
export async function scoreUnderLock(database: Database, opts: { signal?: AbortSignal; waitMs?: number } = {}): Promise<ScoreSummary> {
  const r = await withJobLock(database, SCORE_LOCK, () => scoreNotices(database, opts), { waitMs: opts.waitMs ?? 120_000 });
  return r.acquired ? r.result : { status: "skipped", ruleVersion: "", scored: 0, written: 0, flagged: 0 };
}
