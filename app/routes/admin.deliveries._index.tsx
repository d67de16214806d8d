// Admin › Deliveries: every digest delivery of a week (status, attempts, errors), a preview of any
// recipient's digest, "send again" for one delivery (a job request: pages never send mail), and the
// outbox folder when there is no SMTP server.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { deliveryCounts, deliveryPeriods, getDelivery, listDeliveries, requeueDelivery } from "../../db/queries/digest";
import { requestJob } from "../../db/queries/jobs";
import { parseWeek, previousWeek } from "../../lib/digest/week";
import { DIGEST_JOB_ID } from "../../lib/jobs";
import { listOutbox } from "../../lib/mail";
import { audit, nowOf, requireUser } from "../auth.server";
import { When } from "../components/When";
import { badRequest, readForm } from "../forms";

export const meta: MetaFunction = () => [{ title: "Deliveries · Admin · Article 3" }];

const STATUS_WORDS = { queued: "waiting", sending: "sending", sent: "sent", failed: "failed", skipped: "skipped" } as const;
const STATUS_BADGE = { queued: "", sending: "", sent: "badge--ok", failed: "badge--bad", skipped: "" } as const;

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, { role: "admin" });
  const db = args.context.database.db;
  const url = new URL(args.request.url);
  const asked = url.searchParams.get("week");
  const periods = await deliveryPeriods(db);
  const fallback = periods[0] ?? previousWeek(nowOf(args.context)).week;
  const week = asked ? parseWeek(asked) : parseWeek(fallback);
  if (!week) {
    return data(
      { error: "Give the week as 2026-W48.", week: asked ?? "", periods, rows: [], counts: null, outbox: null, smtp: !!args.context.env.SMTP_URL },
      { status: 400 },
    );
  }
  const rows = await listDeliveries(db, { period: week.week });
  const counts = await deliveryCounts(db, week.week);
  const outbox = args.context.env.SMTP_URL ? null : listOutbox(args.context.env.DATA_DIR, 20);
  return {
    error: null,
    week: week.week,
    periods,
    counts,
    outbox,
    smtp: !!args.context.env.SMTP_URL,
    rows: rows.map(({ delivery: d, userName, recipientName }) => ({
      id: d.id,
      name: userName ?? recipientName ?? "—",
      kind: d.recipientKind,
      email: d.email,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.status === "failed" ? (d.nextAttemptAt?.toISOString() ?? null) : null,
      lastError: d.lastError,
      subject: d.subject,
      sentAt: d.sentAt?.toISOString() ?? null,
    })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const admin = await requireUser(args, { role: "admin" });
  const { context } = args;
  const form = await readForm(args.request);
  if (form.get("intent") !== "resend") throw badRequest("Unknown request.");
  const id = Number(form.get("id"));
  if (!Number.isInteger(id) || id <= 0) throw badRequest("Which delivery? Use the button beside it.");
  const db = context.database.db;
  const before = await getDelivery(db, id);
  if (!before) throw new Response("Not Found", { status: 404 });
  const row = await requeueDelivery(db, id, nowOf(context));
  if (!row) return data({ ok: false as const, message: "It is being sent right now; look again in a moment." }, { status: 409 });
  await requestJob(context.database, { id: DIGEST_JOB_ID, requestedBy: admin.id, input: { week: row.period, deliveryId: row.id }, key: `delivery-${row.id}` });
  await audit(context, {
    actorId: admin.id,
    action: "digest.resend_requested",
    targetType: "digest_delivery",
    targetId: String(row.id),
    details: { period: row.period, email: row.email, was: before.status },
  });
  return { ok: true as const, message: `The ${row.period} digest to ${row.email} is queued to be sent again; the worker sends it within seconds.` };
}

export default function Deliveries() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> ›
      </p>
      <h1>Digest deliveries</h1>
      <p className="lede">
        One delivery per recipient and week: sent once, retried with growing waits when the mail server fails. External
        recipients are managed under <Link to="/admin/recipients">Digest recipients</Link>.
      </p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="f-week">Week</label>
          <input id="f-week" name="week" defaultValue={d.week} placeholder="2026-W48" list="weeks" aria-invalid={d.error ? true : undefined} aria-describedby={d.error ? "f-week-error" : undefined} />
          <datalist id="weeks">
            {d.periods.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
          {d.error ? (
            <span className="error" id="f-week-error">
              {d.error}
            </span>
          ) : null}
        </div>
        <div>
          <button type="submit">Show</button>
        </div>
      </Form>
      {result ? (
        <div className={`notice-banner ${result.ok ? "notice-banner--ok" : "notice-banner--error"}`} role="status">
          {result.message}
        </div>
      ) : null}
      {d.counts ? (
        <p>
          {d.rows.length === 0
            ? `No digest has been sent for ${d.week} yet. The job sends the past week every Monday morning; from a terminal: npm run -s cli -- digest --week ${d.week}.`
            : `${d.week}: ${d.counts.sent} sent, ${d.counts.failed} failed, ${d.counts.skipped} skipped, ${d.counts.queued + d.counts.sending} waiting or sending.`}
        </p>
      ) : null}
      {d.rows.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Deliveries of {d.week}</caption>
            <thead>
              <tr>
                <th scope="col">Recipient</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/admin/deliveries/${r.id}`}>{r.name}</Link>
                    <br />
                    <span className="muted">
                      {r.email}
                      {r.kind === "external" ? " · external, public content only" : ""}
                    </span>
                  </td>
                  <td>
                    <span className={`badge ${STATUS_BADGE[r.status]}`}>{STATUS_WORDS[r.status]}</span>
                    {r.sentAt ? (
                      <>
                        {" "}
                        <When value={r.sentAt} />
                      </>
                    ) : null}
                    {r.nextAttemptAt ? (
                      <span className="muted">
                        {" "}
                        next try <When value={r.nextAttemptAt} />
                      </span>
                    ) : null}
                  </td>
                  <td>{r.attempts}</td>
                  <td>{r.lastError ?? "—"}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="id" value={r.id} />
                      <button type="submit" name="intent" value="resend" className="secondary">
                        Send again
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {d.outbox ? (
        <>
          <h2>Outbox</h2>
          <p className="muted">
            No SMTP server is set (SMTP_URL), so messages are written to the outbox folder in the data folder instead of being sent.
          </p>
          {d.outbox.length === 0 ? (
            <p>The outbox is empty.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Written</th>
                    <th scope="col">To</th>
                    <th scope="col">Subject</th>
                    <th scope="col">File</th>
                  </tr>
                </thead>
                <tbody>
                  {d.outbox.map((m) => (
                    <tr key={m.name}>
                      <td className="nowrap">
                        <When value={m.at} />
                      </td>
                      <td>{m.to}</td>
                      <td>{m.subject}</td>
                      <td className="muted">{m.name}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </>
  );
}
