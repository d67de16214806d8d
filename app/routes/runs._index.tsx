import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { listRuns, listSchedules, pendingJobRequest, PULL_JOB_ID, requestJob } from "../../db/queries/runs";
import { cronInWords } from "../../lib/cron-words";
import { formatNumber, plural } from "../../lib/words";
import { audit, nowOf, requireUser } from "../auth.server";
import { NoScriptRefresh, RunProgress, RunStatus } from "../components/RunStatus";
import { When } from "../components/When";
import { WatchNav } from "../components/WatchNav";
import { formatDateTime, formatDuration, percent } from "../format";
import { addedText, startedBy } from "../run-words";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: "Runs · Article 3" },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const db = args.context.database.db;
  const [runs, pending, schedules] = await Promise.all([
    listRuns(db, { limit: 50 }),
    pendingJobRequest(db, PULL_JOB_ID),
    listSchedules(db),
  ]);
  const live = runs.some((r) => r.status === "running") || Boolean(pending);
  const schedule = schedules.find((s) => s.id === PULL_JOB_ID) ?? null;
  return {
    runs,
    pending: pending ? { requestedAt: pending.requestedAt, claimedAt: pending.claimedAt } : null,
    schedule: schedule ? { ...schedule, words: cronInWords(schedule.cron) } : null,
    live,
    canPull: user.role === "admin",
    now: nowOf(args.context).toISOString(),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "admin" });
  const form = await args.request.formData();
  if (form.get("intent") !== "pull-now") throw new Response("Bad Request", { status: 400 });
  // Pages never run jobs: they record the request; the scheduler picks it up within seconds.
  const { request, created } = await requestJob(args.context.database.db, { jobId: PULL_JOB_ID, requestedBy: user.id });
  if (created) {
    await audit(args.context, { actorId: user.id, action: "pull.requested", targetType: "job_request", targetId: String(request.id) });
  }
  return redirect("/runs");
}

/** The plain counts of each run, after "Added" (which says the baseline apart). */
const COUNT_COLUMNS = [
  ["Changed", "changed"],
  ["Removed", "removed"],
  ["Reappeared", "reappeared"],
  ["Requests", "requests"],
  ["Errors", "errorCount"],
] as const;

export default function Runs() {
  const { runs, pending, schedule, live, canPull, now } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, 2000);
    return () => clearInterval(t);
  }, [live, revalidator]);
  const waitingMs = pending && !pending.claimedAt ? new Date(now).getTime() - new Date(pending.requestedAt).getTime() : 0;
  return (
    <>
      <WatchNav />
      <NoScriptRefresh when={live} />
      <div className="page-header">
        <h1>Pulls from Interpol</h1>
        {canPull ? (
          <Form method="post">
            <button type="submit" name="intent" value="pull-now" disabled={Boolean(pending) || navigation.state === "submitting"}>
              {pending ? "Pull requested…" : "Pull now"}
            </button>
          </Form>
        ) : null}
      </div>
      <p className="lede">
        Each pull sweeps Interpol&rsquo;s public red notices, fetches every notice, and records what changed.
        {schedule ? (
          <>
            {" "}
            Scheduled {schedule.words ?? <code>{schedule.cron}</code>} (UTC)
            {schedule.lastStartedAt ? (
              <>
                , last started <When value={schedule.lastStartedAt} />
              </>
            ) : null}
            .
          </>
        ) : null}
      </p>
      {schedule?.words ? (
        <details className="raw">
          <summary>The schedule as cron</summary>
          <code>{schedule.cron}</code> (<code>PULL_CRON</code>, in UTC)
        </details>
      ) : null}
      {pending ? (
        <div className="notice-banner" role="status" aria-live="polite">
          {pending.claimedAt
            ? "The requested pull is running."
            : `A pull was requested ${formatDateTime(pending.requestedAt)}; waiting for the scheduler to pick it up.`}
          {waitingMs > 30_000 ? (
            <p>
              No scheduler has picked it up yet. Check that one process runs with <code>SCHEDULER=on</code> or that{" "}
              <code>npm run worker</code> is running.
            </p>
          ) : null}
        </div>
      ) : null}

      {runs.length === 0 ? (
        <div className="empty-state">
          <strong>No pull has run yet.</strong>
          {canPull ? "Use “Pull now” to start the first one, or wait for the schedule." : "The first scheduled pull will appear here."}
        </div>
      ) : (
        <div className="table-wrap">
          <table className="stack-table">
            <caption className="visually-hidden">Pulls, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Pull</th>
                <th scope="col">Started (UTC)</th>
                <th scope="col">Status</th>
                <th scope="col">Progress / coverage</th>
                <th scope="col" className="num">Added</th>
                {COUNT_COLUMNS.map(([label, key]) => (
                  <th key={key} scope="col" className="num">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td data-label="Pull">
                    <Link to={`/runs/${r.id}`}>#{r.id}</Link>
                    <div className="muted">by {startedBy(r)}</div>
                  </td>
                  <td data-label="Started">
                    <When value={r.startedAt} />
                    {r.finishedAt ? (
                      <div className="muted">took {formatDuration(new Date(r.finishedAt).getTime() - new Date(r.startedAt).getTime())}</div>
                    ) : null}
                  </td>
                  <td data-label="Status">
                    <RunStatus status={r.status} />
                  </td>
                  <td data-label="Coverage">
                    {r.status === "running" ? (
                      <RunProgress run={r} />
                    ) : (
                      <>
                        {formatNumber(r.seen)} of {plural(r.reportedTotal, "notice")} ({percent(r.coverage)})
                        {r.reportedTotal > r.seen ? (
                          <div className="muted">{formatNumber(r.reportedTotal - r.seen)} not reachable by the lists</div>
                        ) : null}
                      </>
                    )}
                  </td>
                  <td data-label="Added" className="num">
                    {addedText(r)}
                  </td>
                  {COUNT_COLUMNS.map(([label, key]) => (
                    <td key={key} data-label={label} className="num">
                      {formatNumber(r[key])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
