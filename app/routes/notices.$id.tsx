import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getNotice, noticeCaptureList, noticeHistory } from "../../db/queries/notices";
import { requireUser } from "../auth.server";
import { WatchNav } from "../components/WatchNav";
import { countryLabel, FIELD_LABELS, fieldText, formatDate, formatDateTime, isSpecialIssuer, personName } from "../format";
import { idToSlug, slugToId } from "../../lib/notice-id";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${personName(data.notice)} (${data.notice.entityId}) · Notices · Article 3` : "Notice · Article 3" },
];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  const entityId = slugToId(args.params.id ?? "");
  if (!entityId) throw new Response("Not Found", { status: 404 });
  const db = args.context.database.db;
  const notice = await getNotice(db, entityId);
  if (!notice) throw new Response("Not Found", { status: 404 });
  const [history, captures] = await Promise.all([noticeHistory(db, entityId), noticeCaptureList(db, entityId)]);
  const { raw: _raw, fields: _fields, searchText: _s, ...shown } = notice;
  return { notice: shown, history, captures };
}

type Warrant = { issuer: string | null; charge: string | null; chargeTranslation: string | null };

export default function Notice() {
  const { notice, history, captures } = useLoaderData<typeof loader>();
  const warrants = (notice.warrants ?? []) as unknown as Warrant[];
  return (
    <>
      <WatchNav />
      <p>
        <Link to="/notices">All notices</Link> ›
      </p>
      <div className="page-header">
        <h1>{personName(notice)}</h1>
        {notice.status === "active" ? (
          <span className="badge badge--ok">Published on Interpol&rsquo;s site</span>
        ) : (
          <span className="badge badge--bad">Removed {formatDateTime(notice.removedAt)}</span>
        )}
      </div>
      <p className="muted">
        Red notice <span className="mono">{notice.entityId}</span> · first seen {formatDateTime(notice.firstSeenAt)} · last
        seen {formatDateTime(notice.lastSeenAt)}
      </p>

      <div className="grid">
        <section className="card" aria-labelledby="fields-h">
          <h2 id="fields-h">As currently published</h2>
          <dl className="fields">
            <dt>Name</dt>
            <dd>{notice.name ?? "—"}</dd>
            <dt>Forename</dt>
            <dd>{notice.forename ?? "—"}</dd>
            <dt>Date of birth</dt>
            <dd>
              {notice.birthDate ?? "—"}
              {notice.birthDatePrecision && notice.birthDatePrecision !== "day" ? ` (${notice.birthDatePrecision} only)` : ""}
            </dd>
            <dt>Sex</dt>
            <dd>{notice.sex === "M" ? "Male" : notice.sex === "F" ? "Female" : notice.sex === "U" ? "Unknown" : "—"}</dd>
            <dt>Nationalities</dt>
            <dd>{notice.nationalities.map(countryLabel).join(", ") || "—"}</dd>
            <dt>Place of birth</dt>
            <dd>
              {[notice.placeOfBirth, notice.countryOfBirth ? countryLabel(notice.countryOfBirth) : null].filter(Boolean).join(", ") ||
                "—"}
            </dd>
            <dt>Height / weight</dt>
            <dd>
              {notice.height ? `${notice.height} m` : "—"} / {notice.weight ? `${notice.weight} kg` : "—"}
            </dd>
            <dt>Languages</dt>
            <dd>{notice.languages?.join(", ") || "—"}</dd>
            <dt>Distinguishing marks</dt>
            <dd>{notice.distinguishingMarks ?? "—"}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="cases-h">
          <h2 id="cases-h">Linked cases</h2>
          <p className="muted">
            Case tracking is the next part of Article 3 to be built; cases that cite this notice will be listed here.
          </p>
        </section>
      </div>

      <h2>Arrest warrants</h2>
      {warrants.length === 0 ? (
        <p className="muted">No warrant details published.</p>
      ) : (
        <ol>
          {warrants.map((w, i) => (
            <li key={i}>
              <strong>{countryLabel(w.issuer)}</strong>
              {w.issuer && isSpecialIssuer(w.issuer) ? <span className="muted"> (an international body, not a state)</span> : null}
              <div className="charge">{w.charge ?? "(no charge text)"}</div>
              {w.chargeTranslation ? <div className="charge muted">Translation: {w.chargeTranslation}</div> : null}
            </li>
          ))}
        </ol>
      )}

      <h2 id="history">History</h2>
      <p className="muted">Every change Article 3 has seen in Interpol&rsquo;s public data for this notice, newest first.</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">What</th>
              <th scope="col">Details</th>
              <th scope="col">Run</th>
            </tr>
          </thead>
          <tbody>
            {history.map((e) => {
              const changes = Object.entries((e.changes ?? {}) as Record<string, [unknown, unknown]>);
              return (
                <tr key={e.id}>
                  <td>{formatDateTime(e.occurredAt)}</td>
                  <td className="event-kind">{e.kind}</td>
                  <td>
                    {changes.length === 0 ? (
                      <span className="muted">
                        {e.kind === "added"
                          ? "First published (or first seen by Article 3)"
                          : e.kind === "removed"
                            ? "No longer published: its own page answered Not Found"
                            : "—"}
                      </span>
                    ) : (
                      <table>
                        <thead>
                          <tr>
                            <th scope="col">Field</th>
                            <th scope="col">Before</th>
                            <th scope="col">After</th>
                          </tr>
                        </thead>
                        <tbody>
                          {changes.map(([field, [before, after]]) => (
                            <tr key={field}>
                              <th scope="row">{FIELD_LABELS[field] ?? field}</th>
                              <td className="diff-before">{fieldText(before)}</td>
                              <td className="diff-after">{fieldText(after)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                  </td>
                  <td>
                    <Link to={`/runs/${e.runId}`}>#{e.runId}</Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h2>Evidence</h2>
      <p className="muted">
        The exact bytes Interpol&rsquo;s service returned each time this notice&rsquo;s content changed, with a SHA-256
        checksum.
      </p>
      {captures.length === 0 ? (
        <p className="muted">No captures stored.</p>
      ) : (
        <ul>
          {captures.map((c) => (
            <li key={c.id}>
              <a href={`/notices/${idToSlug(notice.entityId)}/captures/${c.id}`}>{formatDateTime(c.startedAt)}</a> — HTTP{" "}
              {c.status}, {c.size.toLocaleString("en")} bytes, <span className="mono">sha256 {c.sha256.slice(0, 16)}…</span>
            </li>
          ))}
        </ul>
      )}
      <p className="muted">Dates shown are when Article 3 saw the change ({formatDate(notice.firstSeenAt)} is the first pull that saw this notice).</p>
    </>
  );
}
