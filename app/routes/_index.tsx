import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { changeCounts } from "../../db/queries/events";
import { noticeCounts } from "../../db/queries/notices";
import { latestRun } from "../../db/queries/runs";
import { nowOf, requireUser } from "../auth.server";
import { RunStatus } from "../components/RunStatus";
import { formatNumber } from "../../lib/words";
import { formatDateTime } from "../format";

export const meta: MetaFunction = () => [{ title: "Dashboard · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  const db = args.context.database.db;
  // Baseline events (what was already published when watching began) are not counted: changeCounts leaves them out.
  const since = new Date(nowOf(args.context).getTime() - 7 * 86_400_000);
  const [counts, run, week] = await Promise.all([
    noticeCounts(db),
    latestRun(db),
    changeCounts(db, { by: "week", from: since }),
  ]);
  const recent = week.reduce(
    (t, w) => ({ added: t.added + w.added, changed: t.changed + w.changed, removed: t.removed + w.removed, reappeared: t.reappeared + w.reappeared }),
    { added: 0, changed: 0, removed: 0, reappeared: 0 },
  );
  return { counts, run: run ? { id: run.id, status: run.status, startedAt: run.startedAt } : null, recent };
}

export default function Dashboard() {
  const { counts, run, recent } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <h1>Dashboard</h1>
      </div>
      <p className="lede">
        Article 3 watches Interpol&rsquo;s public red notices for signs of abuse, and keeps the cases and precedents
        that NGOs and lawyers build around them.
      </p>
      <div className="grid">
        <section className="card" aria-labelledby="watch-h">
          <h2 id="watch-h">Watch</h2>
          <p>Every addition, change, removal and reappearance in Interpol&rsquo;s public red notices, kept for good.</p>
          {run ? (
            <dl className="fields">
              <dt>Published now</dt>
              <dd>{counts.active.toLocaleString("en")}</dd>
              <dt>Removed since first seen</dt>
              <dd>{counts.removed.toLocaleString("en")}</dd>
              <dt>Last 7 days</dt>
              <dd>
                <Link to="/changes">
                  {formatNumber(recent.added)} new, {formatNumber(recent.changed)} changed, {formatNumber(recent.removed)} removed,{" "}
                  {formatNumber(recent.reappeared)} reappeared
                </Link>
              </dd>
              <dt>Last pull</dt>
              <dd>
                <Link to={`/runs/${run.id}`}>{formatDateTime(run.startedAt)}</Link> <RunStatus status={run.status} />
              </dd>
            </dl>
          ) : (
            <p className="muted">No pull has run yet; the first scheduled pull fills this in.</p>
          )}
          <a href="/notices">Browse notices</a>
        </section>
        <section className="card" aria-labelledby="track-h">
          <h2 id="track-h">Track</h2>
          <p>Cases of people pursued abroad: notices, arrests, pressure on relatives, hearings and outcomes.</p>
          <a href="/cases">Open cases</a>
        </section>
        <section className="card" aria-labelledby="prec-h">
          <h2 id="prec-h">Precedents</h2>
          <p>Court and CCF decisions, searchable by requesting state, forum and grounds.</p>
          <a href="/precedents">Search precedents</a>
        </section>
      </div>
    </>
  );
}
