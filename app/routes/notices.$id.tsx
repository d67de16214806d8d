import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { noticeHistory } from "../../db/queries/events";
import { casesCitingNotice } from "../../db/queries/cases";
import { noticeCaptureList, noticeForPage } from "../../db/queries/notice-page";
import { hasRole } from "../../lib/roles";
import { viewerOf } from "../../lib/visibility";
import { currentRuleSet, noticeIndicators } from "../../db/queries/indicators";
import { FLAG_THRESHOLD, ruleLabel } from "../../lib/indicators/rules";
import type { EventRecordJson } from "../../lib/events";
import { formatNumber, plural } from "../../lib/words";
import { requireUser } from "../auth.server";
import { interpolNoticePage, noticeCitation } from "../cite";
import { CopyButton } from "../components/CopyButton";
import { EventTable, noticeEventDetails } from "../components/EventTable";
import { When } from "../components/When";
import { WatchNav } from "../components/WatchNav";
import { countryLabel, fieldValueText, isSpecialIssuer, personName } from "../format";
import { listPhotos } from "../notice-photos.server";
import { idToSlug, slugToId } from "../../lib/notice-id";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${personName(data.notice)} (${data.notice.entityId}) · Notices · Article 3` : "Notice · Article 3" },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const entityId = slugToId(args.params.id ?? "");
  if (!entityId) throw new Response("Not Found", { status: 404 });
  const db = args.context.database.db;
  const notice = await noticeForPage(db, entityId);
  if (!notice) throw new Response("Not Found", { status: 404 });
  const [history, captures, photos, citingCases, scored, { rules }] = await Promise.all([
    noticeHistory(db, entityId),
    noticeCaptureList(db, entityId),
    listPhotos(db, entityId),
    // Only the cases (and alerts) this user may see: visibility is in the query.
    casesCitingNotice(db, viewerOf(user), entityId),
    noticeIndicators(db, entityId),
    currentRuleSet(db),
  ]);
  const indicators = scored
    ? { ...scored, reasons: scored.reasons.map((r) => ({ ...r, label: ruleLabel(r.key, rules) })) }
    : null;
  const latest = captures[0];
  const citation = latest
    ? noticeCitation({ entityId, url: latest.url, capturedAt: latest.startedAt, sha256: latest.sha256 })
    : null;
  return { notice, history, captures, photos, citation, interpolUrl: interpolNoticePage(entityId), citingCases, canRecord: hasRole(user.role, "editor"), indicators };
}

type Warrant = { issuer: string | null; charge: string | null; chargeTranslation: string | null };

export default function Notice() {
  const { notice, history, captures, photos, citation, interpolUrl, citingCases, canRecord, indicators } = useLoaderData<typeof loader>();
  const warrants = (notice.warrants ?? []) as unknown as Warrant[];
  const slug = idToSlug(notice.entityId);
  const name = personName(notice);
  const first = captures.at(-1);
  const captureById = new Map(captures.map((c) => [c.id, c]));
  const details = (row: EventRecordJson) => {
    const capture = captureById.get(Number(row.details?.captureId));
    return (
      <>
        {noticeEventDetails(row)}
        {capture ? (
          <div className="muted">
            Evidence: <a href={`#capture-${capture.id}`}>capture of <When value={capture.startedAt} /></a>
          </div>
        ) : null}
      </>
    );
  };
  return (
    <>
      <WatchNav />
      <p>
        <Link to="/notices">All notices</Link> ›
      </p>
      <div className="page-header">
        <h1>{name}</h1>
        {notice.status === "active" ? (
          <span className="badge badge--ok">Published on Interpol&rsquo;s site</span>
        ) : (
          <span className="badge badge--bad">
            Removed <When value={notice.removedAt} />
          </span>
        )}
      </div>
      <p className="muted">
        Red notice <span className="mono nowrap">{notice.entityId}</span> · first seen <When value={notice.firstSeenAt} /> · last seen{" "}
        <When value={notice.lastSeenAt} />
      </p>
      <p>
        <a href={interpolUrl} rel="noreferrer noopener" target="_blank">
          This notice on Interpol&rsquo;s site
        </a>{" "}
        <span className="muted">(opens Interpol&rsquo;s public list{notice.status === "removed" ? "; a removed notice is no longer there" : ""})</span>
      </p>

      <section className="card cite-box" aria-labelledby="cite-h">
        <h2 id="cite-h">Cite this notice</h2>
        {citation ? (
          <>
            <p className="cite-text" id="cite-text">
              {citation.split("SHA-256").map((part, i) => (
                <span key={i}>
                  {i > 0 ? <span className="nowrap">SHA-256</span> : null}
                  {part}
                </span>
              ))}
            </p>
            <div className="copy-row">
              <CopyButton text={citation} label="Copy the citation" />
            </div>
            <p className="muted">
              From the latest capture: the exact bytes Interpol&rsquo;s service returned, kept under Evidence below with their
              SHA-256 checksum, so anyone can check the citation against them.
            </p>
          </>
        ) : (
          <p className="muted">No capture stored yet, so there is nothing to cite: the next pull keeps one.</p>
        )}
      </section>

      <section className="card" aria-labelledby="indicators-h">
        <h2 id="indicators-h">Indicators</h2>
        {!indicators ? (
          <p className="muted">Not scored yet: notices are scored after each pull.</p>
        ) : (
          <>
            <p>
              Score <strong>{indicators.score}</strong> of 100{" "}
              {indicators.flagged ? (
                <span className="badge badge--warn">Flagged for review</span>
              ) : (
                <span className="muted">(not flagged: flagging needs {FLAG_THRESHOLD} with a reason beyond the issuing state&rsquo;s record)</span>
              )}
            </p>
            {indicators.reasons.length ? (
              <ul className="reasons">
                {indicators.reasons.map((r) => (
                  <li key={r.key} data-rule={r.key}>
                    <strong>{r.label}</strong> <span className="muted">(+{r.weight}{r.weak ? ", weak alone" : ""})</span>:{" "}
                    {r.matched.map((m, i) => (
                      <span key={i}>
                        {i > 0 ? "; " : ""}
                        <q>{m}</q>
                      </span>
                    ))}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">No rule fired on its charges or history.</p>
            )}
            {indicators.review ? (
              <p>
                {indicators.review.decision === "confirm" ? "Confirmed as worth a case" : "Dismissed"} by {indicators.review.reviewer ?? "a reviewer"}{" "}
                <When value={indicators.review.createdAt} />
                {indicators.review.note ? <> (&ldquo;{indicators.review.note}&rdquo;)</> : null}
                {indicators.review.current ? "." : "; its charges changed since, so it is back in the review queue."}
              </p>
            ) : indicators.flagged ? (
              <p>
                Waiting in the <Link to="/review">review queue</Link>.
              </p>
            ) : null}
            <p className="muted">Rules version {indicators.ruleVersion}, scored <When value={indicators.scoredAt} />.</p>
          </>
        )}
      </section>

      <div className="grid">
        <section className="card" aria-labelledby="fields-h">
          <h2 id="fields-h">As currently published</h2>
          {photos.length ? (
            <ul className="photos" aria-label="Photos published by Interpol">
              {photos.map((p, i) => (
                <li key={p.pictureId}>
                  <img
                    src={`/notices/${slug}/photos/${encodeURIComponent(p.pictureId)}`}
                    alt={`Photo ${i + 1} of ${photos.length} of ${name}, as published by Interpol`}
                    loading="lazy"
                  />
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No photo stored for this notice.</p>
          )}
          <dl className="fields">
            <dt>Name</dt>
            <dd>{notice.name ?? "—"}</dd>
            <dt>Forename</dt>
            <dd>{notice.forename ?? "—"}</dd>
            <dt>Date of birth</dt>
            <dd>
              <span className="nowrap">{notice.birthDate ?? "—"}</span>
              {notice.birthDatePrecision && notice.birthDatePrecision !== "day" ? ` (${notice.birthDatePrecision} only)` : ""}
            </dd>
            <dt>Sex</dt>
            <dd>{fieldValueText("sex", notice.sex)}</dd>
            <dt>Nationalities</dt>
            <dd>{fieldValueText("nationalities", notice.nationalities)}</dd>
            <dt>Place of birth</dt>
            <dd>
              {[notice.placeOfBirth, notice.countryOfBirth ? countryLabel(notice.countryOfBirth) : null].filter(Boolean).join(", ") ||
                "—"}
            </dd>
            <dt>Height / weight</dt>
            <dd>
              {fieldValueText("height", notice.height)} / {fieldValueText("weight", notice.weight)}
            </dd>
            <dt>Eyes / hair</dt>
            <dd>
              {fieldValueText("eyes", notice.eyes)} / {fieldValueText("hair", notice.hair)}
            </dd>
            <dt>Languages</dt>
            <dd>{fieldValueText("languages", notice.languages)}</dd>
            <dt>Distinguishing marks</dt>
            <dd>{notice.distinguishingMarks ?? "—"}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="cases-h">
          <h2 id="cases-h">Linked cases</h2>
          {citingCases.length ? (
            <ul>
              {citingCases.map((c) => (
                <li key={c.reference}>
                  <Link to={`/cases/${c.reference}`}>{c.title}</Link> <span className="muted mono">{c.reference}</span>
                  {c.provenance === "fictional" ? <em> (fictional)</em> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No case you may see cites this notice.</p>
          )}
          {canRecord ? (
            <p>
              <Link to={`/cases/new?from_notice=${encodeURIComponent(notice.entityId)}`}>Record a case from this notice</Link>
            </p>
          ) : null}
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
      <p className="muted">
        Every change Article 3 has seen in Interpol&rsquo;s public data for this notice, newest first. Times are when Article 3
        received the response that showed it.
      </p>
      <EventTable rows={history} caption={`History of notice ${notice.entityId}`} show={{ run: true }} details={details} />

      <h2 id="evidence">Evidence</h2>
      <p className="muted">
        The exact bytes Interpol&rsquo;s service returned each time this notice&rsquo;s content changed, with their SHA-256
        checksum. {plural(captures.length, "capture")} kept
        {first ? (
          <>
            ; the first, <When value={first.startedAt} />, is when Article 3 first saw this notice
          </>
        ) : null}
        .
      </p>
      <p>
        <a href={`/notices/${slug}/evidence.zip`}>Download the evidence bundle</a>{" "}
        <span className="muted">
          (a zip: every answer Interpol&rsquo;s service gave Article 3 about this notice, byte for byte, sealed after each pull
          and signed, with a printable report and verifiers that need only standard tools). It shows what Article 3 received
          and when, and that it has not changed since. A notice missing from the public list is not proof that Interpol
          cancelled it; a Not Found answer proves only that the public service stopped serving it.
        </span>
      </p>
      {captures.length === 0 ? (
        <p className="muted">No captures stored.</p>
      ) : (
        <ul className="captures">
          {captures.map((c) => (
            <li key={c.id} id={`capture-${c.id}`}>
              <div>
                <a href={`/notices/${slug}/captures/${c.id}`}>
                  Download the capture of <When value={c.startedAt} />
                </a>{" "}
                <span className="muted">
                  (HTTP {c.status}, {plural(c.size, "byte")}, pull <Link to={`/runs/${c.runId}`}>#{formatNumber(c.runId)}</Link>)
                </span>
              </div>
              <div className="muted mono hash">{c.url}</div>
              <div className="copy-row">
                <span>SHA-256</span> <code className="hash" id={`sha-${c.id}`}>{c.sha256}</code>
                <CopyButton text={c.sha256} label="Copy the checksum" />
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
