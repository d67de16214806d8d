import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  caseAuditTrail,
  caseIdFor,
  deleteCase,
  deleteCaseRecord,
  deletedCaseRecords,
  getCase,
  restoreCase,
  restoreCaseRecord,
  setFollow,
  shareCase,
  unshareCase,
} from "../../db/queries/cases";
import { listNotifications, markNotificationsRead } from "../../db/queries/notifications";
import { findUserByEmail } from "../../db/queries/users";
import { countryName } from "../../lib/countries";
import { canonicalEmail } from "../../lib/email";
import { idToSlug } from "../../lib/notice-id";
import { hasRole } from "../../lib/roles";
import { FORUMS, GROUNDS, OUTCOMES, RELIABILITY, SOURCE_KINDS, TIMELINE_EVENT_KINDS, MOTIVES, TACTICS } from "../../lib/taxonomy";
import { viewerOf } from "../../lib/visibility";
import { requireUser } from "../auth.server";
import { CaseBadges, StatusAxes } from "../components/CaseBits";
import { When } from "../components/When";
import { formatDate, formatDateTime } from "../format";
import { readForm } from "../forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.detail.case.title} (${data.detail.case.reference}) · Cases · Article 3` : "Case · Article 3" },
];

const REFERENCE = /^A3-\d{4}-\d{4,}$/;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const reference = args.params.reference ?? "";
  if (!REFERENCE.test(reference)) throw new Response("Not Found", { status: 404 });
  const viewer = viewerOf(user);
  const db = args.context.database.db;
  const detail = await getCase(db, viewer, reference, { includeDeleted: user.role === "admin", actor: { userId: user.id, ip: args.context.ip } });
  // The same answer for "no such case" and "not yours to see": a reference confirms nothing.
  if (!detail) throw new Response("Not Found", { status: 404 });
  const [notifications, trail, deletedRecords] = await Promise.all([
    listNotifications(db, user.id, { limit: 200 }),
    user.role === "admin" ? caseAuditTrail(db, reference, 20) : Promise.resolve([]),
    deletedCaseRecords(db, viewer, detail.case.id),
  ]);
  const mine = notifications.filter((n) => n.reference === reference);
  if (mine.some((n) => !n.readAt)) await markNotificationsRead(db, user.id, mine.filter((n) => !n.readAt).map((n) => n.id));
  return {
    detail,
    notifications: mine.slice(0, 10),
    trail,
    deletedRecords,
    isEditor: hasRole(user.role, "editor"),
    isAdmin: user.role === "admin",
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const reference = args.params.reference ?? "";
  const viewer = viewerOf(user);
  const db = args.context.database.db;
  const form = await readForm(args.request);
  const intent = String(form.get("intent") ?? "");
  const actor = { userId: user.id, ip: args.context.ip };
  const back = redirect(`/cases/${reference}`);
  if (intent === "restore") {
    await requireUser(args, { role: "admin" });
    await restoreCase(db, actor, reference);
    return back;
  }
  const caseId = await caseIdFor(db, viewer, reference);
  if (!caseId) throw new Response("Not Found", { status: 404 });
  switch (intent) {
    case "follow":
    case "unfollow":
      await setFollow(db, viewer, caseId, intent === "follow");
      return back;
    case "share": {
      await requireUser(args, { role: "editor" });
      const email = canonicalEmail(String(form.get("email") ?? ""));
      const target = email ? await findUserByEmail(db, email) : null;
      if (!target || !target.active) return data({ shareError: "No active account has that e-mail address." }, { status: 400 });
      await shareCase(db, actor, caseId, target.id);
      return back;
    }
    case "unshare":
      await requireUser(args, { role: "editor" });
      await unshareCase(db, actor, caseId, String(form.get("userId") ?? ""));
      return back;
    case "delete":
      await requireUser(args, { role: "admin" });
      await deleteCase(db, actor, reference);
      return redirect("/cases");
    case "delete-record":
    case "restore-record": {
      // Editors delete; only administrators bring a deleted record back.
      await requireUser(args, { role: intent === "delete-record" ? "editor" : "admin" });
      const type = String(form.get("type") ?? "");
      const id = Number(form.get("id"));
      if ((type === "case_event" || type === "case_alert" || type === "case_actor") && Number.isInteger(id)) {
        if (intent === "delete-record") await deleteCaseRecord(db, actor, type, caseId, id);
        else await restoreCaseRecord(db, actor, type, caseId, id);
      }
      return back;
    }
    default:
      return data({ shareError: "That action is not known." }, { status: 400 });
  }
}

/** Soft-deletes one event, alert or actor (editors); the audit log keeps who and when. */
function DeleteRecord({ type, id }: { type: string; id: number }) {
  return (
    <Form method="post" style={{ display: "inline" }}>
      <input type="hidden" name="intent" value="delete-record" />
      <input type="hidden" name="type" value={type} />
      <input type="hidden" name="id" value={id} />{" "}
      <button type="submit" className="linklike">
        Delete
      </button>
    </Form>
  );
}

const NOTICE_WORDS: Record<string, string> = { added: "first seen", changed: "changed", removed: "removed", reappeared: "reappeared" };

export default function CasePage() {
  const { detail, notifications, trail, deletedRecords, isEditor, isAdmin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const c = detail.case;
  const ref = c.reference;
  const sourcesOf = (type: string, id: number) => detail.sources.filter((s) => s.links.some((l) => l.recordType === type && l.recordId === id));
  const SourceRefs = ({ type, id }: { type: string; id: number }) => {
    const list = sourcesOf(type, id);
    if (!list.length) return null;
    return (
      <div className="muted">
        Sources:{" "}
        {list.map((s, i) => (
          <span key={s.id}>
            {i ? "; " : ""}
            <a href={`#source-${s.id}`}>{s.title}</a>
          </span>
        ))}
      </div>
    );
  };
  return (
    <>
      <div className="page-header">
        <p className="muted mono">
          <Link to="/cases">Cases</Link> › {ref}
        </p>
        <h1>
          {c.title} <CaseBadges visibility={c.visibility} provenance={c.provenance} deleted={!!c.deletedAt} />
        </h1>
        <p>
          <strong>{c.subjectName}</strong>
          {c.subjectIsPseudonym ? " (pseudonym)" : ""}
          {c.subjectRole ? `, ${c.subjectRole}` : ""}
          {c.requestingCountry ? ` · pursued by ${countryName(c.requestingCountry) ?? c.requestingCountry}` : ""}
          {c.hostCountries.length ? ` · in ${c.hostCountries.map((h) => countryName(h) ?? h).join(", ")}` : ""}
          {c.years ? ` · ${c.years}` : ""}
        </p>
        {detail.seesRestrictedFields && (c.legalName || c.contactDetails) ? (
          <div className="notice-banner">
            <strong>Restricted</strong> (you see this as {isEditor ? "an editor" : "someone it is shared with"}; viewing it is logged)
            {c.legalName ? <div>Legal name: {c.legalName}</div> : null}
            {c.contactDetails ? <div style={{ whiteSpace: "pre-wrap" }}>Contact: {c.contactDetails}</div> : null}
          </div>
        ) : null}
        {c.provenance === "fictional" ? (
          <p className="notice-banner">
            <em>Fictional</em>: a synthetic case for demonstration; none of it happened.
          </p>
        ) : null}
        <StatusAxes {...c} />
        <p className="muted">
          Last changed {c.updatedByName ? `by ${c.updatedByName} ` : ""}on {formatDateTime(c.updatedAt)} · monitoring: {c.monitoringStatus} · priority:{" "}
          {c.priority}
        </p>
        <div className="actions">
          <Form method="post" style={{ display: "inline" }}>
            <input type="hidden" name="intent" value={detail.following ? "unfollow" : "follow"} />
            <button type="submit" className={detail.following ? "secondary" : undefined}>
              {detail.following ? "Unfollow" : "Follow"}
            </button>
          </Form>{" "}
          {isEditor && !c.deletedAt ? (
            <>
              <Link to={`/cases/${ref}/edit`} className="button button--secondary">
                Edit the case
              </Link>{" "}
              <Link to={`/cases/${ref}/record?type=case_event`} className="button button--secondary">
                Add an event
              </Link>{" "}
              <Link to={`/cases/${ref}/record?type=case_alert`} className="button button--secondary">
                Add an alert
              </Link>{" "}
              <Link to={`/cases/${ref}/record?type=source`} className="button button--secondary">
                Add a source
              </Link>{" "}
              <Link to={`/cases/${ref}/record?type=case_actor`} className="button button--secondary">
                Add an actor
              </Link>
            </>
          ) : null}
        </div>
      </div>

      {notifications.length ? (
        <div className="notice-banner" role="status">
          <strong>News on this case</strong>
          <ul>
            {notifications.map((n) => (
              <li key={n.id}>
                {n.title} (<When value={n.createdAt} />)
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="case-grid">
        <section aria-labelledby="timeline">
          <h2 id="timeline">Timeline</h2>
          {detail.events.length === 0 ? (
            <div className="empty-state">
              <strong>No events yet.</strong>
              {isEditor ? "Add what happened, when and to whom: the notice, an arrest, a hearing, pressure on relatives." : "Editors add events as they learn of them."}
            </div>
          ) : (
            <ol className="timeline">
              {detail.events.map((e) => (
                <li key={e.id} id={`event-${e.id}`}>
                  <div>
                    <strong className="nowrap">
                      {e.approximate ? "about " : ""}
                      {e.occurredOn}
                    </strong>{" "}
                    · {TIMELINE_EVENT_KINDS.label(e.kind)} {e.visibility !== c.visibility ? <CaseBadges visibility={e.visibility} /> : null}
                  </div>
                  {e.actor || e.target ? (
                    <div>
                      {e.actor ? `By ${e.actor}` : ""}
                      {e.actor && e.target ? "; " : ""}
                      {e.target ? `against ${e.target}` : ""}
                    </div>
                  ) : null}
                  {e.place || e.placeCountry ? (
                    <div className="muted">
                      {[e.place, e.placeCountry ? countryName(e.placeCountry) : null].filter(Boolean).join(", ")}
                    </div>
                  ) : null}
                  {e.description ? <p style={{ whiteSpace: "pre-wrap" }}>{e.description}</p> : null}
                  <SourceRefs type="case_event" id={e.id} />
                  {isEditor ? (
                    <div>
                      <Link to={`/cases/${ref}/record?type=case_event&id=${e.id}`}>Edit</Link> ·{" "}
                      <Link to={`/cases/${ref}/record?type=source&attachTo=case_event:${e.id}`}>Add a source</Link>
                      <DeleteRecord type="case_event" id={e.id} />
                    </div>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
          {c.summary ? (
            <>
              <h2>Summary</h2>
              <p style={{ whiteSpace: "pre-wrap" }}>{c.summary}</p>
            </>
          ) : null}
          {c.chargesAlleged ? (
            <>
              <h3>Charges as alleged</h3>
              <p style={{ whiteSpace: "pre-wrap" }}>{c.chargesAlleged}</p>
            </>
          ) : null}
          <p>
            {c.motives.length ? <>Motives: {c.motives.map((m) => MOTIVES.label(m)).join(", ")}. </> : null}
            {c.tactics.length ? <>Tactics: {c.tactics.map((t) => TACTICS.label(t)).join(", ")}.</> : null}
          </p>
        </section>

        <aside>
          <section aria-labelledby="alerts">
            <h2 id="alerts">Alerts</h2>
            {detail.alerts.length === 0 ? <p className="muted">No notice or diffusion recorded.</p> : null}
            {detail.alerts.map((a) => {
              const history = detail.noticeHistory.filter((h) => h.entityId === a.entityId);
              return (
                <div key={a.id} className="card" id={`alert-${a.id}`}>
                  <strong>{a.kind === "red_notice" ? "Red notice" : a.kind === "diffusion" ? "Diffusion" : "Other alert"}</strong>
                  {a.issuingCountry ? ` from ${countryName(a.issuingCountry) ?? a.issuingCountry}` : ""} · {a.status.replace(/_/g, " ")}
                  {a.issuedOn ? <div>Issued {a.issuedOn}</div> : null}
                  {a.removedOn ? <div>Removed {a.removedOn}</div> : null}
                  {a.entityId ? (
                    <div>
                      Linked notice <Link to={`/notices/${idToSlug(a.entityId)}`}>{a.entityId}</Link>:{" "}
                      {a.noticeStatus === "active" ? (
                        <span className="badge badge--ok">published now</span>
                      ) : a.noticeStatus === "removed" ? (
                        <span className="badge badge--bad">removed {formatDate(a.noticeRemovedAt)}</span>
                      ) : (
                        <span className="badge">not in the store</span>
                      )}
                      {history.length ? (
                        <ul className="muted">
                          {history.slice(0, 8).map((h) => (
                            <li key={h.id}>
                              {formatDate(h.occurredAt)}: {NOTICE_WORDS[h.kind] ?? h.kind}
                              {h.kind === "changed" ? ` (${Object.keys((h.changes ?? {}) as Record<string, unknown>).join(", ")})` : ""}
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </div>
                  ) : null}
                  {a.notes ? <p>{a.notes}</p> : null}
                  <SourceRefs type="case_alert" id={a.id} />
                  {isEditor ? (
                    <div>
                      <Link to={`/cases/${ref}/record?type=case_alert&id=${a.id}`}>Edit</Link>
                      <DeleteRecord type="case_alert" id={a.id} />
                    </div>
                  ) : null}
                </div>
              );
            })}
          </section>

          <section aria-labelledby="decisions">
            <h2 id="decisions">Decisions</h2>
            {detail.decisions.length === 0 ? <p className="muted">No decision recorded.</p> : null}
            {detail.decisions.map((d) => (
              <div key={d.id} className="card" id={`decision-${d.id}`}>
                <strong>{d.citation}</strong>
                <div>
                  {FORUMS.label(d.forum)} · {OUTCOMES.label(d.outcome)}
                  {d.decidedOn ? ` · ${d.decidedOn}` : ""}
                </div>
                {d.grounds.length ? <div className="muted">Grounds: {d.grounds.map((g) => GROUNDS.label(g)).join(", ")}</div> : null}
                <SourceRefs type="decision" id={d.id} />
              </div>
            ))}
          </section>

          <section aria-labelledby="actors">
            <h2 id="actors">Who acted</h2>
            {detail.actors.length === 0 ? <p className="muted">No one recorded.</p> : null}
            <ul>
              {detail.actors.map((a) => (
                <li key={a.id}>
                  <strong>{a.name}</strong> ({a.kind}){a.role ? `, ${a.role}` : ""}
                  {a.description ? <div>{a.description}</div> : null}
                  {isEditor ? (
                    <div>
                      <Link to={`/cases/${ref}/record?type=case_actor&id=${a.id}`}>Edit</Link>
                      <DeleteRecord type="case_actor" id={a.id} />
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="sources">
            <h2 id="sources">Sources</h2>
            {detail.sources.length === 0 ? <p className="muted">No source yet: every statement should rest on one.</p> : null}
            <ul>
              {detail.sources.map((s) => (
                <li key={s.id} id={`source-${s.id}`}>
                  {s.url ? (
                    <a href={s.url} rel="noreferrer noopener" target="_blank">
                      {s.title}
                    </a>
                  ) : (
                    s.title
                  )}
                  {s.publisher ? `, ${s.publisher}` : ""}
                  {s.publishedOn ? ` (${s.publishedOn})` : ""} · {SOURCE_KINDS.label(s.kind)} · {RELIABILITY.label(s.reliability)}
                  {s.confidentialIdentity ? <div className="notice-banner">Confidential identity (restricted): {s.confidentialIdentity}</div> : null}
                  {isEditor ? (
                    <div>
                      <Link to={`/cases/${ref}/record?type=source&id=${s.id}`}>Edit</Link>
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>

          {isEditor ? (
            <section aria-labelledby="sharing">
              <h2 id="sharing">Shared with</h2>
              {detail.shares.length === 0 ? <p className="muted">Not shared with anyone in particular.</p> : null}
              <ul>
                {detail.shares.map((s) => (
                  <li key={s.userId}>
                    {s.name} ({s.email})
                    <Form method="post" style={{ display: "inline" }}>
                      <input type="hidden" name="intent" value="unshare" />
                      <input type="hidden" name="userId" value={s.userId} />{" "}
                      <button type="submit" className="secondary">
                        Stop sharing
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
              <Form method="post">
                <input type="hidden" name="intent" value="share" />
                <div className="field">
                  <label htmlFor="f-share-email">Share with (e-mail of an account)</label>
                  <input id="f-share-email" name="email" type="email" autoComplete="off" aria-invalid={result && "shareError" in result ? true : undefined} />
                  {result && "shareError" in result ? <span className="error">{result.shareError}</span> : null}
                </div>
                <button type="submit">Share this case</button>
              </Form>
            </section>
          ) : null}

          {isAdmin ? (
            <section aria-labelledby="admin">
              <h2 id="admin">Administration</h2>
              <Form method="post">
                <input type="hidden" name="intent" value={c.deletedAt ? "restore" : "delete"} />
                <button type="submit" className={c.deletedAt ? undefined : "danger"}>
                  {c.deletedAt ? "Restore this case" : "Delete this case"}
                </button>
              </Form>
              <h3>Deleted from this case</h3>
              {deletedRecords.length ? (
                <ul>
                  {deletedRecords.map((r) => (
                    <li key={`${r.type}-${r.id}`}>
                      {r.what}
                      {r.detail ? `: ${r.detail.length > 80 ? `${r.detail.slice(0, 80)}…` : r.detail}` : ""}{" "}
                      <span className="muted">
                        (deleted {formatDateTime(r.deletedAt)}
                        {r.deletedByName ? ` by ${r.deletedByName}` : ""})
                      </span>{" "}
                      <Form method="post" style={{ display: "inline" }}>
                        <input type="hidden" name="intent" value="restore-record" />
                        <input type="hidden" name="type" value={r.type} />
                        <input type="hidden" name="id" value={r.id} />
                        <button type="submit" className="linklike" aria-label={`Restore ${r.what}`}>
                          Restore
                        </button>
                      </Form>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">Nothing deleted: deleted events, alerts and actors would be listed here to restore.</p>
              )}
              {trail.length ? (
                <ul className="muted">
                  {trail.map((t) => (
                    <li key={t.id}>
                      {formatDateTime(t.at)}: {t.action} by {t.actorName ?? "the command line"}
                    </li>
                  ))}
                </ul>
              ) : null}
            </section>
          ) : null}
        </aside>
      </div>
    </>
  );
}
