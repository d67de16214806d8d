// What earlier pulls covered, for the pull's partition guard and its baseline marking.
import { and, desc, eq, ne, sql } from "drizzle-orm";
import type { Db } from "../client";
import { rowsOf } from "../client";
import { crawlRuns } from "../schema/notices";

export interface PartitionReport {
  total: number;
  complete: boolean;
}

/** The latest succeeded run that recorded partition totals: what the next run compares against. */
export async function lastGoodRun(db: Db, beforeRunId?: number) {
  const [row] = await db
    .select({ runId: crawlRuns.id, coverage: crawlRuns.coverage, partitions: crawlRuns.partitions })
    .from(crawlRuns)
    .where(
      and(
        eq(crawlRuns.status, "succeeded"),
        ne(crawlRuns.partitions, sql`'{}'::jsonb`),
        beforeRunId !== undefined ? sql`${crawlRuns.id} < ${beforeRunId}` : undefined,
      ),
    )
    .orderBy(desc(crawlRuns.id))
    .limit(1);
  return row ? { runId: row.runId, coverage: row.coverage, partitions: row.partitions as Record<string, PartitionReport> } : null;
}

/**
 * What finished runs (succeeded or partial) before `beforeRunId` covered: whether any finished at
 * all, and the partition keys some run swept completely.
 */
export async function coveredPartitions(db: Db, beforeRunId: number): Promise<{ anyFinished: boolean; keys: Set<string> }> {
  const [finished] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(crawlRuns)
    .where(and(sql`${crawlRuns.status} in ('succeeded', 'partial')`, sql`${crawlRuns.id} < ${beforeRunId}`));
  const keys = rowsOf<{ key: string }>(
    await db.execute(sql`
      select distinct p.key as key
      from ${crawlRuns} r, jsonb_each(r.partitions) p
      where r.status in ('succeeded', 'partial') and r.id < ${beforeRunId}
        and (p.value ->> 'complete')::boolean`),
  ).map((r) => r.key);
  return { anyFinished: (finished?.n ?? 0) > 0, keys: new Set(keys) };
}
