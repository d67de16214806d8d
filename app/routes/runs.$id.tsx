import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { getRun } from "../../db/queries/runs";
import { requireUser } from "../auth.server";
import { NoScriptRefresh, RunProgress, RunStatus } from "../components/RunStatus";
import { WatchNav } from "../components/WatchNav";
import { formatDateTime, formatDuration, percent } from "../format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Run #${data.run.id} · Article 3` : "Run · Article 3" },
];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  const id = Number(args.params.id);
  if (!Number.isSafeInteger(id) || id < 1) throw new Response("Not Found", { status: 404 });
  const run = await getRun(args.context.database.db, id);
  if (!run) throw new Response("Not Found", { status: 404 });
  return { run };
}

type RunError = { at: string; phase: string; code: string; message: string; url?: string };
type FailedQuery = { key: string; error: { code: string; message: string } };

export default function Run() {
  const { run } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  useEffect(() => {
    if (run.status !== "running") return;
    const t = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(t);
  }, [run.status, revalidator]);
  const errors = run.errors as unknown as RunError[];
  const failed = run.failedQueries as unknown as FailedQuery[];
  const end = run.finishedAt ? new Date(run.finishedAt).getTime() : Date.now();
  return (
    <>
      <WatchNav />
      <NoScriptRefresh when={run.status === "running"} />
      <p>
        <Link to="/runs">All runs</Link> ›
      </p>
      <div className="page-header">
        <h1>Run #{run.id}</h1>
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
            <dd>{formatDateTime(run.startedAt)}</dd>
            <dt>Finished</dt>
            <dd>{formatDateTime(run.finishedAt)}</dd>
            <dt>Duration</dt>
            <dd>{formatDuration(end - new Date(run.startedAt).getTime())}</dd>
            <dt>Started by</dt>
            <dd>{run.trigger === "schedule" ? "the schedule" : run.trigger === "manual" ? "“Pull now”" : "the command line"}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="cov-h">
          <h2 id="cov-h">Coverage</h2>
          <dl className="fields">
            <dt>Notices seen</dt>
            <dd>{run.seen.toLocaleString("en")}</dd>
            <dt>Interpol reported</dt>
            <dd>{run.reportedTotal.toLocaleString("en")}</dd>
            <dt>Coverage</dt>
            <dd>{percent(run.coverage)}</dd>
            <dt>Queries</dt>
            <dd>
              {run.queriesDone.toLocaleString("en")} of {run.queriesPlanned.toLocaleString("en")} done, {run.queriesFailed} failed,{" "}
              {run.queriesCapped} capped at 160
            </dd>
            <dt>Details</dt>
            <dd>
              {run.detailsFetched.toLocaleString("en")} of {run.detailsTotal.toLocaleString("en")} fetched, {run.detailsFailed} failed
            </dd>
            <dt>Requests</dt>
            <dd>{run.requests.toLocaleString("en")}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="res-h">
          <h2 id="res-h">What changed</h2>
          <dl className="fields">
            <dt>Added</dt>
            <dd>{run.added}</dd>
            <dt>Changed</dt>
            <dd>{run.changed}</dd>
            <dt>Removed</dt>
            <dd>{run.removed}</dd>
            <dt>Reappeared</dt>
            <dd>{run.reappeared}</dd>
            <dt>Missed by the lists</dt>
            <dd>{run.missed} (still published; found through their own page)</dd>
            <dt>Unconfirmed absences</dt>
            <dd>{run.unconfirmed} (kept as published: their own page did not answer)</dd>
          </dl>
          {run.added + run.changed + run.removed + run.reappeared > 0 ? (
            <p>
              <Link to={`/changes?from=${new Date(run.startedAt).toISOString().slice(0, 10)}`}>See these changes</Link>
            </p>
          ) : null}
        </section>
      </div>

      <h2>Failed queries</h2>
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
        {run.errorCount} in all{run.errorCount > errors.length ? `; the first ${errors.length} are kept` : ""}. Transient errors
        that a retry recovered from are not counted.
      </p>
      {errors.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Phase</th>
                <th scope="col">Error</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {errors.map((e, i) => (
                <tr key={i}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>{e.phase}</td>
                  <td>
                    <code>{e.code}</code>
                  </td>
                  <td>
                    {e.message}
                    {e.url ? <div className="muted mono">{e.url}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
