// The registry of background jobs: one entry per id in lib/jobs.ts, each running a plain async
// function from its own file in jobs/tasks/. The runner (jobs/runner.ts) gives every entry its
// schedule, lock, run records, retries and requests from pages. A new job: add its id to
// lib/jobs.ts, its file here, and its entry below (the type check asks for it).
import { notifyLinkedNoticeChanges } from "../../db/queries/notifications";
import { failInterruptedRuns } from "../../db/queries/runs";
import { loadEvidenceKey } from "../../lib/evidence/keys";
import { sealPending } from "../evidence/seal";
import { rfc3161Timestamper } from "../evidence/timestamp";
import { releaseClaims } from "../../db/queries/digest";
import { parseWeek, previousWeek } from "../../lib/digest/week";
import { DIGEST_JOB_ID, HOUSEKEEPING_JOB_ID, PULL_JOB_ID, SCORE_JOB_ID, type JobId } from "../../lib/jobs";
import { defineTask, type AnyTask } from "../runner";
import { parseDigestInput, runDigest, type DigestJobInput, type DigestSummary, type DigestTaskOptions } from "./digest";
import { housekeeping } from "./housekeeping";
import { PULL_LOCK, pullNotices, type PullOptions, type PullSummary } from "./pull-notices";
import { scoreNotices, scoreUnderLock } from "./score-notices";

/** What the CLI and tests may add to a pull (progress printer, faster pace against a fake). */
export type PullTaskOptions = Partial<Omit<PullOptions, "database" | "env" | "trigger" | "requestedBy" | "signal">>;

export const pullTask = defineTask<Record<string, never>, PullSummary, PullTaskOptions>({
  cron: (env) => env.PULL_CRON,
  singleton: true,
  lock: PULL_LOCK,
  // A failed pull (the service unreachable, say) is tried again 5, then about 10 minutes later.
  retry: { limit: 2, delaySeconds: 300, backoff: true },
  // A full pull of the real service at the polite default pace takes about an hour.
  timeoutSeconds: 12 * 3600,
  // Runs left "running" by a pull whose process died: marked failed (crawl_runs), under the lock.
  async recover({ database, log }) {
    const ids = await failInterruptedRuns(database.db);
    if (ids.length) log.log(`[jobs] marked ${ids.length} interrupted pull run(s) as failed: ${ids.join(", ")}`);
  },
  async handler(ctx) {
    const { onProgress, ...options } = ctx.options ?? {};
    const summary = await pullNotices({
      database: ctx.database,
      env: ctx.env,
      trigger: ctx.trigger,
      requestedBy: ctx.requestedBy,
      signal: ctx.signal,
      onProgress: (p) => {
        ctx.progress({ phase: p.phase, runId: p.runId });
        onProgress?.(p);
      },
      ...options,
    });
    // The seal, a step of its own: every unsealed run (this one, and any a dead process left), in order.
    try {
      const sealed = await sealPending(ctx.database, {
        key: loadEvidenceKey(ctx.env),
        timestamper: ctx.env.TSA_URL ? rfc3161Timestamper(ctx.env.TSA_URL) : null,
        onWarning: (m) => ctx.log.log(`[jobs] evidence: ${m}`),
      });
      for (const s of sealed) ctx.log.log(`[jobs] evidence: run ${s.runId} sealed, ${s.manifest.records} records, manifest ${s.hash}`);
      const own = sealed.find((s) => s.runId === summary.runId);
      if (own) summary.evidenceManifest = own.hash;
    } catch (e) {
      // Not sealed now: the next pull seals it (the records are kept either way).
      ctx.log.log(`[jobs] evidence: sealing failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    ctx.log.log(
      `[jobs] pull ${summary.status}${summary.runId ? ` (run ${summary.runId})` : ""}: ${summary.added} added, ` +
        `${summary.changed} changed, ${summary.removed} removed, ${summary.reappeared} reappeared`,
    );
    // Followers of cases whose linked notices changed hear of it (idempotent per run).
    if (summary.runId && summary.changed + summary.removed + summary.reappeared > 0) {
      const n = await notifyLinkedNoticeChanges(ctx.database.db, summary.runId);
      if (n) ctx.log.log(`[jobs] ${n} notification(s) about notices linked to cases`);
    }
    // Indicators after each pull that wrote something, in the same job so that the scores are
    // there when the pull is done. A scoring failure does not fail the pull: the hourly run retries.
    if (summary.status === "succeeded" || summary.status === "partial") {
      try {
        const s = await scoreUnderLock(ctx.database, { signal: ctx.signal });
        ctx.log.log(`[jobs] indicators ${s.status}: ${s.scored} notices scored, ${s.written} written, ${s.flagged} flagged`);
      } catch (e) {
        ctx.log.error(`[jobs] indicators failed after the pull: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return summary;
  },
});

export const housekeepingTask = defineTask({
  cron: "17 3 * * *",
  singleton: true,
  retry: { limit: 3, delaySeconds: 60, backoff: true },
  timeoutSeconds: 15 * 60,
  async handler({ database }) {
    await housekeeping({ database });
    return { status: "succeeded" };
  },
});

export const scoreTask = defineTask({
  // Hourly as a catch-all (case data changed without asking); after each pull and on request otherwise.
  cron: "41 * * * *",
  singleton: true,
  retry: { limit: 2, delaySeconds: 60, backoff: true },
  timeoutSeconds: 30 * 60,
  async handler({ database, signal, log }) {
    const s = await scoreNotices(database, { signal });
    log.log(`[jobs] indicators: ${s.scored} notices scored (rules ${s.ruleVersion}), ${s.written} written, ${s.flagged} flagged`);
    return s;
  },
});

export const digestTask = defineTask<DigestJobInput, DigestSummary, DigestTaskOptions>({
  cron: (env) => env.DIGEST_CRON,
  singleton: true,
  // Failed deliveries wait 1, 2, 4, 8, 16 minutes (db/queries/digest.ts); these retries send them.
  retry: { limit: 5, delaySeconds: 120, backoff: true },
  timeoutSeconds: 3 * 3600,
  // The Monday-morning slot covers the week that just ended.
  scheduledInput: (slot) => ({ week: previousWeek(slot).week }),
  parseInput: (raw) => parseDigestInput(raw),
  // Under the lock no sender is alive: claims left by a killed one are free again, so the rest go out.
  async recover({ database, log }) {
    const n = await releaseClaims(database.db);
    if (n) log.log(`[jobs] digest: ${n} delivery claim(s) left by a stopped sender released`);
  },
  async handler(ctx) {
    const week = parseWeek(ctx.input.week)!;
    const summary = await runDigest({
      database: ctx.database,
      env: ctx.env,
      week,
      deliveryIds: ctx.input.deliveryId ? [ctx.input.deliveryId] : undefined,
      signal: ctx.signal,
      ...ctx.options,
      onProgress: (p) => {
        ctx.progress({ week: week.week, ...p });
        ctx.options?.onProgress?.(p);
      },
    });
    ctx.log.log(`[jobs] digest ${week.week}: ${summary.sent} sent, ${summary.skipped} skipped, ${summary.failed} failed`);
    return summary;
  },
});

export const tasks: Record<JobId, AnyTask> = {
  [PULL_JOB_ID]: pullTask,
  [HOUSEKEEPING_JOB_ID]: housekeepingTask,
  [SCORE_JOB_ID]: scoreTask,
  [DIGEST_JOB_ID]: digestTask,
};
