import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getDecision, setDecisionDeleted, similarDecisions } from "../../db/queries/decisions";
import { longDate, markedParts, neutralCitation, oscolaCitation } from "../../lib/precedent-search";
import { hasRole } from "../../lib/roles";
import { FORUMS, GROUNDS, OUTCOMES } from "../../lib/taxonomy";
import { VISIBILITY_LABELS, viewerOf } from "../../lib/visibility";
import { audit, requireUser } from "../auth.server";
import { CopyButton } from "../components/CopyButton";
import { readForm } from "../forms";
import { countryLabel, formatDateTime } from "../format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.decision.citation ?? "Decision"} · Article 3` }];

function idOf(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("No such decision.", { status: 404 });
  return id;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const id = idOf(args.params);
  const url = new URL(args.request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 300);
  const viewer = viewerOf(user);
  const isAdmin = hasRole(user.role, "admin");
  const db = args.context.database.db;
  const page = await getDecision(db, viewer, id, { q, includeDeleted: isAdmin });
  // A decision the viewer may not see does not exist for them (the same answer as a wrong id).
  if (!page) throw new Response("No such decision.", { status: 404 });
  const similar = page.decision.deletedAt ? [] : await similarDecisions(db, viewer, id);
  const d = page.decision;
  const citable = { citation: d.citation, body: d.body, decidedOn: d.decidedOn, url: d.url };
  return {
    decision: {
      id: d.id,
      citation: d.citation,
      forum: d.forum,
      outcome: d.outcome,
      body: d.body,
      jurisdiction: d.jurisdiction,
      requestingCountry: d.requestingCountry,
      decidedOn: d.decidedOn,
      grounds: d.grounds,
      legalProvisions: d.legalProvisions,
      summary: d.summary,
      fullText: d.fullText,
      language: d.language,
      url: d.url,
      visibility: d.visibility,
      provenance: d.provenance,
      version: d.version,
      updatedAt: d.updatedAt.toISOString(),
      deletedAt: d.deletedAt?.toISOString() ?? null,
    },
    highlighted: page.highlighted,
    case: page.case,
    sources: page.sources,
    similar,
    q,
    neutral: neutralCitation(citable),
    oscola: oscolaCitation(citable),
    permalink: `${url.origin}/decisions/${d.id}`,
    canEdit: hasRole(user.role, "editor"),
    isAdmin,
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "editor" });
  const id = idOf(args.params);
  const form = await readForm(args.request);
  const intent = form.get("intent");
  if (intent !== "delete" && intent !== "restore") return data({ message: "Unknown action." }, { status: 400 });
  if (intent === "restore" && !hasRole(user.role, "admin")) throw new Response("Only administrators may restore decisions.", { status: 403 });
  const row = await setDecisionDeleted(args.context.database.db, { kind: "user", userId: user.id, role: user.role }, id, intent === "delete");
  if (!row) return redirect(`/decisions/${id}`);
  await audit(args.context, {
    actorId: user.id,
    action: intent === "delete" ? "decision.deleted" : "decision.restored",
    targetType: "decision",
    targetId: String(id),
    details: { citation: row.citation },
  });
  return redirect(intent === "delete" ? "/precedents" : `/decisions/${id}`);
}

function Marked({ text }: { text: string }) {
  return (
    <>
      {markedParts(text).map((p, i) => (p.marked ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  );
}

export default function DecisionPage() {
  const { decision: d, highlighted, case: caseRow, sources, similar, q, neutral, oscola, permalink, canEdit, isAdmin } = useLoaderData<typeof loader>();
  const back = q ? `/precedents?q=${encodeURIComponent(q)}` : "/precedents";
  return (
    <>
      <p>
        <Link to={back}>← Precedents</Link>
      </p>
      {d.deletedAt ? (
        <div className="notice-banner notice-banner--error" role="status">
          This decision was deleted on {formatDateTime(d.deletedAt)}; only administrators see it.
          {isAdmin ? (
            <Form method="post" style={{ display: "inline", marginLeft: "0.5rem" }}>
              <input type="hidden" name="intent" value="restore" />
              <button type="submit">Restore it</button>
            </Form>
          ) : null}
        </div>
      ) : null}
      <h1 style={{ overflowWrap: "anywhere" }}>{d.citation}</h1>
      <p className="muted">
        {[d.body, d.decidedOn ? longDate(d.decidedOn) : null].filter(Boolean).join(" · ")}
        {d.provenance === "fictional" ? (
          <>
            {" "}
            <span className="badge badge--warn">Fictional (demo data)</span>
          </>
        ) : null}{" "}
        <span className="badge">{VISIBILITY_LABELS[d.visibility as keyof typeof VISIBILITY_LABELS] ?? d.visibility}</span>
      </p>

      <section aria-labelledby="cite">
        <h2 id="cite">Cite it</h2>
        <p className="label">Neutral</p>
        <div className="citation-box">
          <code data-citation="neutral">{neutral}</code>
          <CopyButton text={neutral} label="Copy citation" />
        </div>
        <p className="label">OSCOLA</p>
        <div className="citation-box">
          <code data-citation="oscola">{oscola}</code>
          <CopyButton text={oscola} label="Copy OSCOLA" />
        </div>
        <p>
          Permalink: <a href={permalink}>{permalink}</a>
        </p>
      </section>

      <dl className="fields">
        <dt>Forum</dt>
        <dd>{FORUMS.label(d.forum)}</dd>
        <dt>Outcome</dt>
        <dd>{OUTCOMES.label(d.outcome)}</dd>
        <dt>Jurisdiction</dt>
        <dd>{d.jurisdiction === "INT" ? "International" : countryLabel(d.jurisdiction)}</dd>
        <dt>Requesting state</dt>
        <dd>{d.requestingCountry ? countryLabel(d.requestingCountry) : "Not known"}</dd>
        <dt>Grounds</dt>
        <dd>{d.grounds.length ? d.grounds.map((g) => GROUNDS.label(g)).join("; ") : "—"}</dd>
        <dt>Provisions cited</dt>
        <dd>{d.legalProvisions.length ? d.legalProvisions.join("; ") : "—"}</dd>
        <dt>Language</dt>
        <dd>{d.language ?? "—"}</dd>
        <dt>Document</dt>
        <dd>
          {d.url ? (
            <a href={d.url} rel="noreferrer noopener" target="_blank">
              {d.url}
            </a>
          ) : (
            "—"
          )}
        </dd>
        <dt>Case</dt>
        <dd>{caseRow ? <Link to={`/cases/${caseRow.reference}`}>{`${caseRow.reference}: ${caseRow.title}`}</Link> : "Not tied to a case you can see"}</dd>
      </dl>

      {d.summary ? (
        <section aria-labelledby="summary">
          <h2 id="summary">Summary</h2>
          <p className="decision-text">{d.summary}</p>
        </section>
      ) : null}

      <section aria-labelledby="text">
        <h2 id="text">Full text</h2>
        {d.fullText ? (
          <>
            {q ? (
              <p className="muted">
                {highlighted ? (
                  <>
                    Words of your search “{q}” are highlighted. <Link to={`/decisions/${d.id}`}>Remove the highlighting</Link>.
                  </>
                ) : (
                  <>None of the words of “{q}” is in the full text.</>
                )}
              </p>
            ) : null}
            <div className="decision-text">{highlighted ? <Marked text={highlighted} /> : d.fullText}</div>
          </>
        ) : (
          <p className="muted">No text has been added. {canEdit ? <Link to={`/decisions/${d.id}/edit`}>Add it</Link> : null}</p>
        )}
      </section>

      {sources.length ? (
        <section aria-labelledby="sources">
          <h2 id="sources">Sources</h2>
          <ul>
            {sources.map((s) => (
              <li key={s.id}>
                {s.url ? <a href={s.url}>{s.title}</a> : s.title}
                {s.publisher ? `, ${s.publisher}` : ""}
                {s.locator ? ` (${s.locator})` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="similar">
        <h2 id="similar">Similar decisions</h2>
        {similar.length ? (
          <ul>
            {similar.map((s) => (
              <li key={s.id}>
                <Link to={`/decisions/${s.id}`}>{s.citation}</Link>{" "}
                <span className="muted">
                  {[s.decidedOn ? longDate(s.decidedOn) : null, OUTCOMES.label(s.outcome), s.requestingCountry ? `requested by ${countryLabel(s.requestingCountry)}` : null]
                    .filter(Boolean)
                    .join(" · ")}
                  {s.sharedGrounds.length ? ` · shares: ${s.sharedGrounds.map((g) => GROUNDS.label(g)).join("; ")}` : ""}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No other decision shares its grounds, requesting state or wording.</p>
        )}
      </section>

      {canEdit && !d.deletedAt ? (
        <section aria-labelledby="manage">
          <h2 id="manage">Manage</h2>
          <p className="muted">
            Version {d.version}, last changed {formatDateTime(d.updatedAt)}.
          </p>
          <p>
            <Link to={`/decisions/${d.id}/edit`} className="button">
              Edit
            </Link>
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="delete" />
            <button type="submit" className="button--secondary">
              Delete this decision
            </button>{" "}
            <span className="muted">It leaves search at once; an administrator can restore it.</span>
          </Form>
        </section>
      ) : null}
    </>
  );
}
