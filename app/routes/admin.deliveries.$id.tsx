// One delivery: where it stands, and the recipient's digest for that week as they get it (composed
// as the sender composes it, with what they may see: public content only for an external recipient).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getDelivery } from "../../db/queries/digest";
import { parseWeek } from "../../lib/digest/week";
import { requireUser } from "../auth.server";
import { DigestPreview } from "../components/DigestPreview";
import { When } from "../components/When";
import { previewFor } from "../digest.server";

export const meta: MetaFunction = () => [{ title: "Delivery · Admin · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, { role: "admin" });
  const id = Number(args.params.id);
  const row = Number.isInteger(id) && id > 0 ? await getDelivery(args.context.database.db, id) : null;
  if (!row) throw new Response("Not Found", { status: 404 });
  const week = parseWeek(row.period)!;
  const preview = await previewFor(args.context, args.request, row.recipientKey, week);
  return {
    delivery: {
      id: row.id,
      period: row.period,
      email: row.email,
      kind: row.recipientKind,
      status: row.status,
      attempts: row.attempts,
      lastError: row.lastError,
      messageId: row.messageId,
      sentAt: row.sentAt?.toISOString() ?? null,
    },
    preview,
  };
}

export default function Delivery() {
  const { delivery: d, preview } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> › <Link to={`/admin/deliveries?week=${d.period}`}>Deliveries</Link> ›
      </p>
      <h1>
        Digest {d.period} to {d.email}
      </h1>
      <dl className="facts">
        <dt>Recipient</dt>
        <dd>{d.kind === "external" ? "External recipient: public content only" : "User"}</dd>
        <dt>Status</dt>
        <dd>
          {d.status}
          {d.sentAt ? (
            <>
              {" "}
              <When value={d.sentAt} />
            </>
          ) : null}
        </dd>
        <dt>Attempts</dt>
        <dd>{d.attempts}</dd>
        <dt>Last error</dt>
        <dd>{d.lastError ?? "—"}</dd>
        <dt>Message-ID</dt>
        <dd>{d.messageId ?? "—"}</dd>
      </dl>
      <Form method="post" action="/admin/deliveries">
        <input type="hidden" name="id" value={d.id} />
        <button type="submit" name="intent" value="resend" className="secondary">
          Send again
        </button>
      </Form>
      <h2>As they get it</h2>
      {preview ? (
        <>
          {preview.inactive ? <p className="muted">{preview.inactive} Nothing more is sent to them.</p> : null}
          <DigestPreview {...preview} />
        </>
      ) : (
        <p>This recipient no longer exists.</p>
      )}
    </>
  );
}
