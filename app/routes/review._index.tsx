// /review: flagged public notices waiting for a decision, highest score first. Everyone signed in
// reads the queue; editors confirm (worth a case), dismiss with a note, or open a case prefilled
// from the notice. A decision is audited and sticks until the notice's charges change.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { currentRuleSet, recordReview, reviewQueue } from "../../db/queries/indicators";
import { FLAG_THRESHOLD, ruleLabel } from "../../lib/indicators/rules";
import { hasRole } from "../../lib/roles";
import { noticePath } from "../../lib/notice-id";
import { cleanText } from "../../lib/text";
import { audit, requireUser } from "../auth.server";
import { Pager } from "../components/Pager";
import { pageParam } from "../filters";
import { countryLabel, formatCount, formatDateTime, personName, plural } from "../format";
import { parseForm, readForm } from "../forms";

export const meta: MetaFunction = () => [{ title: "Review flagged notices · Article 3" }];

export const NOTE_MAX = 2000;

const reviewSchema = z
  .object({
    entityId: z.string().trim().regex(/^\d{4}\/\d{1,10}$/, "This notice could not be found."),
    decision: z.enum(["confirm", "dismiss"], { message: "Choose confirm or dismiss." }),
    note: z
      .string()
      .optional()
      .transform((v) => cleanText(v ?? ""))
      .pipe(z.string().max(NOTE_MAX, `Write at most ${NOTE_MAX} characters.`)),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "dismiss" && !v.note) {
      ctx.addIssue({ code: "custom", path: ["note"], message: "Say why you dismiss it: the next reviewer reads this note." });
    }
  });

/** The address of the case form prefilled from a notice (served by the cases pages). */
export function newCaseHref(entityId: string): string {
  return `/cases/new?${new URLSearchParams({ from_notice: entityId })}`;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const url = new URL(args.request.url);
  const page = pageParam().safeParse(url.searchParams.get("page") ?? "1");
  const db = args.context.database.db;
  const [queue, { rules }] = await Promise.all([reviewQueue(db, { page: page.success ? page.data : 1 }), currentRuleSet(db)]);
  const labels = Object.fromEntries(queue.rows.flatMap((r) => r.reasons.map((x) => [x.key, ruleLabel(x.key, rules)])));
  return {
    ...queue,
    labels,
    canDecide: hasRole(user.role, "editor"),
    done: url.searchParams.get("done"),
    threshold: FLAG_THRESHOLD,
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "editor" });
  const form = await readForm(args.request);
  const parsed = parseForm(reviewSchema, form);
  if (!parsed.ok) return data({ entityId: String(form.get("entityId") ?? ""), errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { entityId, decision, note } = parsed.data;
  const result = await recordReview(args.context.database.db, { entityId, decision, note: note || null, reviewerId: user.id, now: args.context.now?.() });
  if (!result.ok) {
    return data(
      { entityId, errors: { form: result.reason === "not_found" ? "This notice could not be found." : "This notice has not been scored yet." }, values: { note } },
      { status: 404 },
    );
  }
  await audit(args.context, {
    actorId: user.id,
    action: decision === "confirm" ? "indicator.confirmed" : "indicator.dismissed",
    targetType: "notice",
    targetId: entityId,
    details: { score: result.score, note: note || null, reviewId: result.id },
  });
  return redirect(`/review?${new URLSearchParams({ done: `${decision}:${entityId}` })}`);
}

type Warrant = { issuer: string | null; charge: string | null };

function Charges({ warrants }: { warrants: Warrant[] }) {
  if (!warrants.length) return <p className="muted">No charge published.</p>;
  return (
    <ul className="plain">
      {warrants.map((w, i) => (
        <li key={i}>
          <strong>{countryLabel(w.issuer)}</strong>: <span className="charge">{w.charge ?? "(no charge text)"}</span>
        </li>
      ))}
    </ul>
  );
}

export default function Review() {
  const { rows, total, page, perPage, labels, canDecide, done, threshold } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? String(navigation.formData?.get("entityId") ?? "") : "";
  const [doneDecision, doneId] = done?.split(":") ?? [];
  return (
    <>
      <div className="page-header">
        <h1>Review flagged notices</h1>
        <p className="muted">
          Public notices whose charges or history look like the ones Interpol&rsquo;s Article 3 forbids, highest score first. A
          notice is flagged at a score of {threshold} with at least one reason beyond the issuing state&rsquo;s record. A decision
          stays until the notice&rsquo;s charges change; then it comes back here with what changed.
        </p>
      </div>
      {doneId ? (
        <p className="notice-banner notice-banner--ok" role="status">
          {doneDecision === "confirm" ? "Confirmed" : "Dismissed"} notice <span className="mono">{doneId}</span>; it has left the queue.
        </p>
      ) : null}
      {!canDecide ? (
        <p className="muted">You can read the queue. Editors and administrators confirm, dismiss and open cases.</p>
      ) : null}
      <p aria-live="polite">
        <strong>{formatCount(total)}</strong> {total === 1 ? "notice waits" : "notices wait"} for review.{" "}
        <Link to="/notices?flagged=1&sort=score">All flagged notices</Link>
      </p>
      {rows.length === 0 ? (
        <div className="empty-state">
          <strong>Nothing waits for review.</strong>
          Notices are scored after each pull; flagged ones appear here. Reviewed ones come back only if their charges change.
        </div>
      ) : (
        <ol className="review-list plain">
          {rows.map((r) => {
            const err = failed && failed.entityId === r.entityId ? (failed.errors as Record<string, string>) : {};
            const noteId = `note-${r.entityId.replace("/", "-")}`;
            return (
              <li key={r.entityId} className="card review-item" aria-labelledby={`h-${noteId}`}>
                <h2 id={`h-${noteId}`}>
                  <Link to={noticePath(r.entityId)}>{personName(r)}</Link>{" "}
                  <span className="muted mono id">{r.entityId}</span>
                </h2>
                <p>
                  <span className="badge badge--warn">Score {r.score}</span> · Warrant issued by{" "}
                  {r.warrantCountries.map(countryLabel).join(", ") || "—"}
                </p>
                {r.previous ? (
                  <div className="notice-banner" role="note">
                    <strong>Back in the queue: its charges changed</strong> since {r.previous.reviewer ?? "a reviewer"}{" "}
                    {r.previous.decision === "confirm" ? "confirmed" : "dismissed"} it on {formatDateTime(r.previous.at)}
                    {r.previous.note ? <> (&ldquo;{r.previous.note}&rdquo;)</> : null}.
                    <div className="grid">
                      <div>
                        <h3>Charges then</h3>
                        <Charges warrants={r.previous.warrants} />
                      </div>
                      <div>
                        <h3>Charges now</h3>
                        <Charges warrants={r.warrants} />
                      </div>
                    </div>
                  </div>
                ) : (
                  <Charges warrants={r.warrants} />
                )}
                <h3>Why it is flagged</h3>
                <ul className="reasons">
                  {r.reasons.map((x) => (
                    <li key={x.key} data-rule={x.key}>
                      <strong>{labels[x.key] ?? x.key}</strong> <span className="muted">(+{x.weight}{x.weak ? ", weak alone" : ""})</span>:{" "}
                      {x.matched.map((m, i) => (
                        <span key={i}>
                          {i > 0 ? "; " : ""}
                          <q>{m}</q>
                        </span>
                      ))}
                    </li>
                  ))}
                </ul>
                {canDecide ? (
                  <Form method="post" className="stack review-actions">
                    <input type="hidden" name="entityId" value={r.entityId} />
                    {err.form ? (
                      <p className="error" role="alert">
                        {err.form}
                      </p>
                    ) : null}
                    <div className="field">
                      <label htmlFor={noteId}>Note</label>
                      <span className="hint" id={`${noteId}-hint`}>
                        Needed to dismiss: why it is not a case (e.g. &ldquo;ordinary fraud, victims named&rdquo;).
                      </span>
                      <textarea
                        id={noteId}
                        name="note"
                        rows={2}
                        maxLength={NOTE_MAX}
                        defaultValue={err.note || err.form ? (failed?.values as Record<string, string>)?.note : ""}
                        aria-invalid={err.note ? true : undefined}
                        aria-describedby={`${noteId}-hint${err.note ? ` ${noteId}-error` : ""}`}
                      />
                      {err.note ? (
                        <span className="error" id={`${noteId}-error`}>
                          {err.note}
                        </span>
                      ) : null}
                    </div>
                    <div className="filters__actions">
                      <button type="submit" name="decision" value="confirm" disabled={busy === r.entityId}>
                        Confirm: worth a case
                      </button>
                      <button type="submit" name="decision" value="dismiss" className="button--secondary" disabled={busy === r.entityId}>
                        Dismiss
                      </button>
                      <a className="button button--secondary" href={newCaseHref(r.entityId)}>
                        Open a case
                      </a>
                    </div>
                  </Form>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
      {rows.length ? <Pager page={page} perPage={perPage} total={total} filters={{}} /> : null}
      {rows.length ? <p className="muted">{plural(total, "notice")} in the queue.</p> : null}
    </>
  );
}
