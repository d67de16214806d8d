import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { listChanges } from "../../db/queries/events";
import { getRunForPage } from "../../db/queries/runs";
import type { EventRecord, EventRecordJson } from "../../lib/events";
import { formatNumber, plural } from "../../lib/words";
import { nowOf, requireUser } from "../auth.server";
import { EventTable } from "../components/EventTable";
import { NoScriptRefresh, RunProgress, RunStatus } from "../components/RunStatus";
import { When } from "../components/When";
import { WatchNav } from "../components/WatchNav";
import { FIELD_RANK, formatDuration, percent } from "../format";
import { parseIntId } from "../ids";
import { addedText, detailsText, queriesText, startedBy } from "../run-words";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Pull #${data.run.id} · Article 3` : "Pull · Article 3" },
];

const SHOWN_CHANGES = 20;

type RunError = { at: string; phase: string; code: string; message: string; url?: string };
type FailedQuery = { key: string; error: { code: string; message: string } };

const PHASES: Record<string, string> = {
  planning: "Planning",
  sweep: "Sweeping the lists",
  details: "Fetching a notice",
  confirming: "Confirming an absence",
  writing: "Writing",
  run: "The run",
};

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  // Only ids the database can hold: /runs/1e10 and /runs/9999999999999 are not there, like /runs/abc.
  const id = parseIntId(args.params.id);
  if (id === null) throw new Response("Not Found", { status: 404 });
  const db = args.context.database.db;
  const run = await getRunForPage(db, id);
  if (!run) throw new Response("Not Found", { status: 404 });
  const changes = await listChanges(db, { runId: id, baseline: "include", sort: "important", fieldRanks: FIELD_RANK, perPage: SHOWN_CHANGES });
  // The run's stored errors, as events: when, what kind, which request, what happened.
  const errors: EventRecord[] = (run.errors as unknown as RunError[]).map((e, i) => ({
    id: `e:${i}`,
    at: new Date(e.at),
    kind: e.code,
    subject: e.url ? { type: "url", id: e.url, label: e.url } : null,
    changes: null,
    details: { phase: e.phase, message: e.message },
    actor: null,
    runId: run.id,
    baseline: false,
  }));
  const { errors: _e, ...shown } = run;
  return { run: shown, errors, changes, now: nowOf(args.context).toISOString() };
}

export default function Run() {
  const { run, errors, changes, now } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  useEffect(() => {
    if (run.status !== "running") return;
    const t = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(t);
  }, [run.status, revalidator]);
  const failed = run.failedQueries as unknown as FailedQuery[];
  const end = run.finishedAt ? new Date(run.finishedAt).getTime() : new Date(now).getTime();
  const events = run.added + run.changed + run.removed + run.reappeared;
  return (
    <>
      <WatchNav />
      <NoScriptRefresh when={run.status === "running"} />
      <p>
        <Link to="/runs">All pulls</Link> ›
      </p>
      <div className="page-header">
        <h1>Pull #{run.id}</h1>
        <RunStatus status={run.status} />
      </div>
      {run.message ? <p className="lede">{run.message}</p> : null}
      {run.status === "running" ? (
        <div className="card" aria-live="polite">
          <RunProgress run={run} />
        </div>
      ) : null}
      <div className="grid">
        <section className="card" aria-labelledby="when-h">
          <h2 id="when-h">When</h2>
          <dl className="fields">
            <dt>Started</dt>
            <dd>
              <When value={run.startedAt} />
            </dd>
            <dt>Finished</dt>
            <dd>
              <When value={run.finishedAt} />
            </dd>
            <dt>Duration</dt>
            <dd>{formatDuration(end - new Date(run.startedAt).getTime())}</dd>
            <dt>Started by</dt>
            <dd>{startedBy(run)}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="cov-h">
          <h2 id="cov-h">Coverage</h2>
          <dl className="fields">
            <dt>Notices seen</dt>
            <dd>{formatNumber(run.seen)}</dd>
            <dt>Interpol reported</dt>
            <dd>{formatNumber(run.reportedTotal)}</dd>
            <dt>Coverage</dt>
            <dd>{percent(run.coverage)}</dd>
            <dt>Lists</dt>
            <dd>{queriesText(run)}</dd>
            <dt>Notice pages</dt>
            <dd>{detailsText(run)}</dd>
            <dt>Requests</dt>
            <dd>{formatNumber(run.requests)}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="res-h">
          <h2 id="res-h">What changed</h2>
          <dl className="fields">
            <dt>Added</dt>
            <dd>{addedText(run)}</dd>
            <dt>Changed</dt>
            <dd>{formatNumber(run.changed)}</dd>
            <dt>Removed</dt>
            <dd>{formatNumber(run.removed)}</dd>
            <dt>Reappeared</dt>
            <dd>{formatNumber(run.reappeared)}</dd>
            <dt>Missed by the lists</dt>
            <dd>
              {plural(run.missed, "notice")} (still published; found through {run.missed === 1 ? "its" : "their"} own page)
            </dd>
            <dt>Unconfirmed absences</dt>
            <dd>
              {plural(run.unconfirmed, "notice")} (kept as published: {run.unconfirmed === 1 ? "its" : "their"} own page did not answer)
            </dd>
          </dl>
        </section>
      </div>

      <h2 id="changes">Changes this pull recorded</h2>
      {events === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <>
          <p>
            {changes.total > changes.rows.length
              ? `The ${formatNumber(changes.rows.length)} most important of ${plural(changes.total, "event")}; `
              : `${plural(changes.total, "event")}, important first; `}
            <Link to={`/changes?run=${run.id}&baseline=include`}>see them all on Changes</Link>.
          </p>
          <EventTable rows={changes.rows} caption={`Changes recorded by pull #${run.id}`} show={{ subject: true }} />
        </>
      )}

      <h2>Failed list queries</h2>
      {failed.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul>
          {failed.map((q) => (
            <li key={q.key}>
              <code>{q.key || "(unfiltered)"}</code>: {q.error.code} — {q.error.message}
            </li>
          ))}
        </ul>
      )}

      <h2>Errors</h2>
      <p className="muted">
        {plural(run.errorCount, "error")} in all{run.errorCount > errors.length ? `; the first ${formatNumber(errors.length)} are kept` : ""}.
        Transient errors that a retry recovered from are not counted.
      </p>
      {errors.length ? (
        <EventTable
          rows={errors}
          caption={`Errors of pull #${run.id}`}
          headings={{ what: "Error", details: "What happened" }}
          describe={(e) => <code>{e.kind}</code>}
          details={errorDetails}
        />
      ) : null}
    </>
  );
}

function errorDetails(e: EventRecordJson) {
  const phase = String(e.details?.phase ?? "");
  return (
    <>
      <div>
        <span className="muted">{PHASES[phase] ?? phase}:</span> {String(e.details?.message ?? "")}
      </div>
      {e.subject ? <div className="muted mono hash">{e.subject.id}</div> : null}
    </>
  );
}
