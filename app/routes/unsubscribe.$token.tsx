// Unsubscribe from the weekly digest with the link in it: no sign-in. GET shows a button (a link
// opened by a mail scanner changes nothing); POST unsubscribes, which is also RFC 8058's one-click
// (`List-Unsubscribe=One-Click` posted by the mail provider; server/origin-check.ts lets it through).
// The token is signed (lib/digest/token.ts) and works once.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { digestSigningKey, isTokenUsed, resolveRecipient, useUnsubscribeToken } from "../../db/queries/digest";
import { verifyUnsubscribe } from "../../lib/digest/token";
import { audit, nowOf } from "../auth.server";
import { readForm } from "../forms";

export const meta: MetaFunction = () => [{ title: "Unsubscribe · Article 3" }, { name: "robots", content: "noindex" }];

/** `a•••@example.org`: enough to recognise one's address, not to learn someone else's. */
function masked(email: string) {
  const at = email.lastIndexOf("@");
  return at > 0 ? `${email[0]}•••${email.slice(at)}` : "your address";
}

const INVALID = "This unsubscribe link is not valid. Use the link in the latest digest.";

async function checked({ params, context }: LoaderFunctionArgs) {
  const db = context.database.db;
  const payload = verifyUnsubscribe(await digestSigningKey(db), params.token ?? "");
  // Forged, altered or not ours: refused, saying nothing about anyone.
  if (!payload) throw Response.json({ message: INVALID }, { status: 404 });
  const recipient = await resolveRecipient(db, payload.k);
  if (!recipient) throw Response.json({ message: INVALID }, { status: 404 });
  return { payload, recipient };
}

export async function loader(args: LoaderFunctionArgs) {
  const { payload, recipient } = await checked(args);
  const used = await isTokenUsed(args.context.database.db, payload.id);
  return data({ email: masked(recipient.email), used, kind: recipient.kind }, { status: used ? 410 : 200 });
}

export async function action(args: ActionFunctionArgs) {
  const { payload, recipient } = await checked(args);
  await readForm(args.request).catch(() => null); // the body (List-Unsubscribe=One-Click) says nothing more
  const { context } = args;
  const first = await useUnsubscribeToken(context.database.db, payload.id, recipient.key, nowOf(context));
  if (!first) return data({ done: false as const, message: "This link was used already: it works once." }, { status: 410 });
  await audit(context, {
    actorId: recipient.userId,
    action: "digest.unsubscribed",
    targetType: recipient.kind === "user" ? "user" : "digest_recipient",
    targetId: recipient.kind === "user" ? recipient.userId! : recipient.key.slice(9),
    details: { recipient: recipient.email, period: payload.p },
  });
  return { done: true as const, message: null };
}

export default function Unsubscribe() {
  const { email, used, kind } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.done) {
    return (
      <section aria-labelledby="unsub-h">
        <h1 id="unsub-h">You are unsubscribed</h1>
        <p className="lede">No more weekly digests go to {email}.</p>
        {kind === "user" ? <p>You can turn it on again under My digest after signing in.</p> : null}
      </section>
    );
  }
  if (used || result) {
    return (
      <section aria-labelledby="unsub-h">
        <h1 id="unsub-h">This link was used already</h1>
        <p className="lede">An unsubscribe link works once. {email} is already unsubscribed, or will be by a newer link.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="unsub-h">
      <h1 id="unsub-h">Stop the weekly digest?</h1>
      <p className="lede">The Article 3 weekly digest goes to {email}. Press the button to stop it.</p>
      <Form method="post">
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <button type="submit">Unsubscribe</button>
      </Form>
    </section>
  );
}
