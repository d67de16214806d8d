// What a pull did, in sentences: the Runs list and a run's page say the same things the same way.
import { formatNumber, plural } from "../lib/words";

export function startedBy(run: { trigger: string; requestedByName?: string | null }): string {
  if (run.trigger === "schedule") return "the schedule";
  if (run.trigger === "cli") return "the command line";
  return run.requestedByName ? `${run.requestedByName} (Pull now)` : "“Pull now”";
}

/** "1,234 of 1,240 list queries done, 2 failed; 3 queries had more than 160 results and were split." */
export function queriesText(run: { queriesDone: number; queriesPlanned: number; queriesFailed: number; queriesCapped: number }): string {
  const parts = [`${formatNumber(run.queriesDone)} of ${plural(run.queriesPlanned, "list query", "list queries")} done`];
  if (run.queriesFailed) parts.push(`${formatNumber(run.queriesFailed)} failed`);
  let s = parts.join(", ");
  if (run.queriesCapped) {
    s += `; ${plural(run.queriesCapped, "query", "queries")} had more than 160 results and ${run.queriesCapped === 1 ? "was" : "were"} split`;
  }
  return `${s}.`;
}

export function detailsText(run: { detailsFetched: number; detailsTotal: number; detailsFailed: number }): string {
  const s = `${formatNumber(run.detailsFetched)} of ${plural(run.detailsTotal, "notice page")} fetched`;
  return run.detailsFailed ? `${s}, ${formatNumber(run.detailsFailed)} failed.` : `${s}.`;
}

/** Added, with the baseline said apart: "7,007 already published (the baseline)" or "12 new". */
export function addedText(run: { added: number; baselineAdded: number }): string {
  const news = run.added - run.baselineAdded;
  if (!run.baselineAdded) return formatNumber(run.added);
  if (!news) return `${formatNumber(run.baselineAdded)} already published (the baseline)`;
  return `${formatNumber(news)} new, and ${formatNumber(run.baselineAdded)} already published (the baseline)`;
}
