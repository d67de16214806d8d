import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { listJobRuns, listSchedules, pendingJob, requestJob } from "../../db/queries/jobs";
import { listRuns } from "../../db/queries/runs";
import { cronInWords } from "../../lib/cron-words";
import { isJobId, JOB_LABELS, JOB_TRIGGER_LABELS, PULL_JOB_ID } from "../../lib/jobs";
import { formatNumber, plural } from "../../lib/words";
import { audit, nowOf, requireUser } from "../auth.server";
import { NoScriptRefresh, RunProgress, RunStatus } from "../components/RunStatus";
import { When } from "../components/When";
import { WatchNav } from "../components/WatchNav";
import { formatDateTime, formatDuration, percent } from "../format";
import { readForm } from "../forms";
import { addedText, startedBy } from "../run-words";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: "Runs · Article 3" },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const db = args.context.database.db;
  const isAdmin = user.role === "admin";
  const [runs, pending, schedules, jobRuns] = await Promise.all([
    listRuns(db, { limit: 50 }),
    pendingJob(db, PULL_JOB_ID),
    listSchedules(db),
    // Job errors are for administrators (they may name systems and addresses).
    isAdmin ? listJobRuns(db, { limit: 10 }) : Promise.resolve([]),
  ]);
  const live = runs.some((r) => r.status === "running") || Boolean(pending);
  const schedule = schedules.find((s) => s.id === PULL_JOB_ID) ?? null;
  return {
    runs,
    pending: pending
      ? { state: pending.state, trigger: pending.trigger, requestedAt: pending.createdAt, startAfter: pending.startAfter }
      : null,
    schedule: schedule ? { ...schedule, words: cronInWords(schedule.cron) } : null,
    jobs: jobRuns.map((j) => ({
      id: j.id,
      job: isJobId(j.jobId) ? JOB_LABELS[j.jobId] : j.jobId,
      trigger: JOB_TRIGGER_LABELS[j.trigger],
      status: j.status,
      attempts: j.attempts,
      maxAttempts: j.maxAttempts,
      error: j.status === "failed" || j.status === "retrying" ? j.error : null,
      startedAt: j.startedAt,
      finishedAt: j.finishedAt,
      nextAttemptAt: j.nextAttemptAt,
    })),
    live,
    canPull: isAdmin,
    now: nowOf(args.context).toISOString(),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "admin" });
  const form = await readForm(args.request);
  if (form.get("intent") !== "pull-now") throw new Response("Bad Request", { status: 400 });
  // Pages never run jobs: they queue one; a worker (this process or another) picks it up within
  // seconds. A pull already waiting or running is not queued twice.
  const { job, created } = await requestJob(args.context.database, { id: PULL_JOB_ID, requestedBy: user.id });
  if (created) {
    await audit(args.context, { actorId: user.id, action: "pull.requested", targetType: "job_request", targetId: job.id });
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
  const { runs, pending, schedule, jobs, live, canPull, now } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, 2000);
    return () => clearInterval(t);
  }, [live, revalidator]);
  const waitingMs =
    pending && pending.state === "created" ? new Date(now).getTime() - new Date(pending.requestedAt).getTime() : 0;
  return (
    <>
      <WatchNav />
      <NoScriptRefresh when={live} />
      <div className="page-header">
        <h1>Pulls from Interpol</h1>
        {canPull ? (
          <Form method="post">
            <button type="submit" name="intent" value="pull-now" disabled={Boolean(pending) || navigation.state === "submitting"}>
              {pending ? (pending.state === "active" ? "Pull running…" : "Pull requested…") : "Pull now"}
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
          {pending.state === "active"
            ? `The ${pending.trigger === "schedule" ? "scheduled" : "requested"} pull is running.`
            : pending.state === "retry"
              ? `The last attempt failed; the pull will be tried again after ${formatDateTime(pending.startAfter)}.`
              : `A pull was ${pending.trigger === "schedule" ? "scheduled" : "requested"} ${formatDateTime(pending.requestedAt)}; waiting for the worker to pick it up.`}
          {waitingMs > 30_000 ? (
            <p>
              No worker has picked it up yet. Check that one process runs with <code>SCHEDULER=on</code> or that{" "}
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

      {jobs.length ? (
        <section aria-labelledby="jobs-heading">
          <h2 id="jobs-heading">Background jobs</h2>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">The last background jobs, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">Started (UTC)</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">Attempts</th>
                  <th scope="col">Error</th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((j) => (
                  <tr key={j.id}>
                    <td>
                      {j.job}
                      <div className="muted">{j.trigger}</div>
                    </td>
                    <td>
                      <When value={j.startedAt} />
                      {j.finishedAt ? (
                        <div className="muted">{formatDuration(new Date(j.finishedAt).getTime() - new Date(j.startedAt).getTime())}</div>
                      ) : null}
                    </td>
                    <td>
                      <RunStatus status={j.status} />
                      {j.nextAttemptAt ? <div className="muted">next attempt {formatDateTime(j.nextAttemptAt)}</div> : null}
                    </td>
                    <td className="num">
                      {j.attempts > 1 || j.status === "retrying" ? `${j.attempts} of ${j.maxAttempts}` : j.attempts}
                    </td>
                    <td>{j.error ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}
