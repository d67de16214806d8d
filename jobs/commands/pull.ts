// `npm run -s cli -- pull [--json]`: one pull now. Progress on the terminal (stderr); with
// --json the last line on stdout is the summary (with `message`, what happened in words, and the
// same shape when the database cannot even be opened). Exit 0 succeeded, 3 partial, 1 failed or skipped.
// The pull runs in this process, under the job runner's pull lock and with its run record
// (trigger "cli"), not through the queue: the operator sees its progress and its result.
import type { Env } from "../../config/env";
import { DatabaseOpenError, DataDirInUseError, openDatabase, type Database } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { formatPercent, formatRatio } from "../../lib/coverage";
import { PULL_JOB_ID } from "../../lib/jobs";
import { runTaskNow } from "../runner";
import { tasks, type PullTaskOptions } from "../tasks/index";
import { emptySummary, type PullSummary } from "../tasks/pull-notices";
import type { Command } from "./index";

/**
 * A pull now, as the job runner runs it: under the pull's lock (another pull anywhere makes this
 * one `skipped`), recovering what a dead pull left, with a job run record.
 */
export async function pullNow(
  database: Database,
  env: Env,
  options: PullTaskOptions & { signal?: AbortSignal } = {},
): Promise<PullSummary> {
  const { signal, ...rest } = options;
  const outcome = await runTaskNow<PullSummary>(database, env, PULL_JOB_ID, { tasks, trigger: "cli", signal, options: rest });
  if (!outcome.acquired) return { ...emptySummary(null), status: "skipped", message: "Another pull is running; this one did not start." };
  if (outcome.result) return outcome.result;
  // The pull itself threw (its own failures come back as a summary): say so as a failed run.
  return { ...emptySummary(null), status: "failed", message: outcome.error ?? "Failed." };
}

export const EXIT_CODES: Record<PullSummary["status"], number> = { succeeded: 0, partial: 3, failed: 1, skipped: 1 };

export const pull: Command = {
  summary: "Pull Interpol's public red notices now (--json for a machine-readable summary)",
  async run(args, { env }) {
    const json = args.includes("--json");
    let database: Database;
    try {
      database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, holder: "cli pull" });
    } catch (e) {
      if (!(e instanceof DatabaseOpenError)) throw e;
      const message = e instanceof DataDirInUseError ? withPullHint(e).message : e.message;
      process.stderr.write(`${message}\n`);
      if (json) {
        const summary = { runId: null, status: "failed", seen: 0, added: 0, changed: 0, removed: 0, reappeared: 0, requests: 0, coverage: 0, errors: 1, message };
        process.stdout.write(`${JSON.stringify(summary)}\n`);
      }
      return EXIT_CODES.failed;
    }
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    const tty = process.stderr.isTTY;
    let lastLine = "";
    let lastPrint = 0;
    try {
      await migrateDatabase(database);
      const summary = await pullNow(database, env, {
        signal: controller.signal,
        onProgress: ({ phase, runId, patch }) => {
          const line = progressLine(phase, runId, patch);
          if (line === lastLine) return;
          // On a terminal, redraw one line; elsewhere, a line every few seconds at most.
          if (tty) {
            process.stderr.write(`\r\x1b[K${line}`);
            lastLine = line;
          } else if (Date.now() - lastPrint > 5000 || phase === "done") {
            process.stderr.write(`${line}\n`);
            lastPrint = Date.now();
            lastLine = line;
          }
        },
      });
      if (tty) process.stderr.write("\n");
      process.stderr.write(`${summaryLine(summary)}\n`);
      if (json) {
        const { runId, status, seen, added, changed, removed, reappeared, requests, coverage, errors } = summary;
        const { missed, hidden, unconfirmed, reportedTotal, requestsLowerBound, requestsRatio, notModified, imageRequests } = summary;
        process.stdout.write(
          `${JSON.stringify({
            runId,
            status,
            seen,
            added,
            changed,
            removed,
            reappeared,
            requests,
            coverage,
            errors,
            // Added fields; the ten above are the documented contract.
            message: summary.message ?? null,
            missed,
            hidden,
            unconfirmed,
            reportedTotal,
            requestsLowerBound,
            requestsRatio,
            notModified,
            imageRequests,
          })}\n`,
        );
      }
      return EXIT_CODES[summary.status];
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      await database.close();
    }
  },
};

/** The one line a pull ends with on the terminal. Shares are rounded down, as on every page. */
export function summaryLine(summary: PullSummary): string {
  const n = (x: number) => x.toLocaleString("en");
  return (
    `Run ${summary.runId ?? "-"}: ${summary.status}. Seen ${n(summary.seen)} of ${n(summary.reportedTotal)} reported ` +
    `(coverage ${formatPercent(summary.coverage)}); added ${n(summary.added)}, changed ${n(summary.changed)}, ` +
    `removed ${n(summary.removed)}, reappeared ${n(summary.reappeared)}; ${n(summary.requests)} requests ` +
    `(${formatRatio(summary.requestsRatio)} the fewest possible, ${n(summary.notModified)} unchanged since last asked), ` +
    `${n(summary.errors)} errors.${summary.message ? ` ${summary.message}` : ""}`
  );
}

/**
 * With PGlite, a running server holds the data folder, so the CLI cannot pull beside it. The
 * server can: "Pull now" on its Runs page records a job request in the database, which the
 * server's scheduler picks up and runs.
 */
function withPullHint(e: DataDirInUseError): DataDirInUseError {
  if (e.heldByServer) {
    const runs = e.owner.url ? `${e.owner.url.replace(/\/$/, "")}/runs` : "the Runs page";
    return e.withHint(`ask it to pull: an administrator's "Pull now" on ${runs} queues a pull that the server runs.`);
  }
  if (e.owner.holder.startsWith("cli pull")) return e.withHint("wait for its pull to finish.");
  return e;
}

function progressLine(phase: string, runId: number, p: Record<string, unknown>) {
  const n = (k: string) => Number(p[k] ?? 0);
  switch (phase) {
    case "sweeping":
      return `Run ${runId}: sweeping lists — ${n("queriesDone")}/${n("queriesPlanned")} queries, ${n("seen")} notices seen, ${n("requests")} requests`;
    case "details":
      return `Run ${runId}: fetching details — ${n("detailsFetched")}/${n("detailsTotal")}${n("detailsFailed") ? `, ${n("detailsFailed")} failed` : ""}`;
    case "confirming":
      return `Run ${runId}: confirming notices absent from the lists`;
    case "writing":
      return `Run ${runId}: writing changes`;
    default:
      return `Run ${runId}: ${phase}`;
  }
}
