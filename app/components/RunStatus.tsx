import { formatNumber, plural } from "../../lib/words";

const LABELS: Record<string, [string, string]> = {
  running: ["Running", "badge--warn"],
  succeeded: ["Succeeded", "badge--ok"],
  partial: ["Partial", "badge--warn"],
  failed: ["Failed", "badge--bad"],
  retrying: ["Will retry", "badge--warn"],
  skipped: ["Skipped", ""],
};

export function RunStatus({ status }: { status: string }) {
  const [label, cls] = LABELS[status] ?? [status, ""];
  return <span className={`badge ${cls}`}>{label}</span>;
}

/** Where a running pull is, with a progress bar once the total is known. */
export function RunProgress({
  run,
}: {
  run: { phase: string; queriesDone: number; queriesPlanned: number; detailsFetched: number; detailsTotal: number; seen: number };
}) {
  const [label, done, total] =
    run.phase === "details"
      ? ["Fetching details", run.detailsFetched, run.detailsTotal]
      : run.phase === "sweeping"
        ? ["Sweeping lists", run.queriesDone, run.queriesPlanned]
        : [run.phase === "writing" ? "Writing changes" : run.phase === "confirming" ? "Confirming removals" : "Starting", 0, 0];
  return (
    <div>
      <div>
        {label}
        {total ? ` ${formatNumber(done)} / ${formatNumber(total)}` : "…"}
      </div>
      {total ? <progress className="progress" max={total} value={done} aria-label={label} /> : null}
      <div className="muted">{plural(run.seen, "notice")} seen</div>
    </div>
  );
}

/**
 * Without JavaScript, a page following a running pull reloads itself every few seconds. Inside
 * <noscript> so that with JavaScript (which revalidates instead) no stray reload fires after the
 * reader has moved on.
 */
export function NoScriptRefresh({ when }: { when: boolean }) {
  return when ? (
    <noscript>
      <meta httpEquiv="refresh" content="5" />
    </noscript>
  ) : null;
}
