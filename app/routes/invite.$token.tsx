import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { consumeInvite, findValidInvite, markInviteUsedBy } from "../../db/queries/invites";
import { createUser, findUserByEmail } from "../../db/queries/users";
import { hashPassword } from "../../lib/security/password";
import { audit, nowOf, redirectWithSession } from "../auth.server";
import { Field, FormError } from "../components/Field";
import { type FieldErrors, parseForm, readForm, resultKey } from "../forms";
import { PASSWORD_HINT, ROLE_LABELS, inviteAcceptSchema } from "../schemas";

export const meta: MetaFunction = () => [{ title: "Accept invitation · Article 3" }];

/** Unknown, used, revoked and expired links all look the same: not found. */
async function usableInvite({ params, context }: LoaderFunctionArgs) {
  const invite = await findValidInvite(context.database.db, params.token, nowOf(context));
  if (!invite) throw new Response("Not Found", { status: 404 });
  return invite;
}

export async function loader(args: LoaderFunctionArgs) {
  const invite = await usableInvite(args);
  return { email: invite.email, role: invite.role, expiresAt: invite.expiresAt.toISOString() };
}

type ActionData = { errors: FieldErrors; values: Record<string, string>; formError?: string };

export async function action(args: ActionFunctionArgs) {
  const invite = await usableInvite(args);
  const { context } = args;
  const db = context.database.db;
  const form = await readForm(args.request);
  form.set("email", invite.email); // so the password check can refuse the e-mail address itself
  const parsed = parseForm(inviteAcceptSchema, form);
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  if (await findUserByEmail(db, invite.email)) {
    return data<ActionData>(
      { errors: {}, values: { name: parsed.data.name }, formError: "An account with this e-mail address exists already. Sign in instead." },
      { status: 409 },
    );
  }
  const passwordHash = await hashPassword(parsed.data.password);
  if (!(await consumeInvite(db, invite.id, nowOf(context)))) throw new Response("Not Found", { status: 404 });
  const user = await createUser(db, { email: invite.email, name: parsed.data.name, role: invite.role, passwordHash });
  await markInviteUsedBy(db, invite.id, user.id);
  await audit(context, { actorId: user.id, action: "invite.accepted", targetType: "invite", targetId: invite.id });
  await audit(context, {
    actorId: user.id,
    action: "user.created",
    targetType: "user",
    targetId: user.id,
    details: { role: invite.role, via: "invite", invitedBy: invite.createdBy },
  });
  return redirectWithSession(args, user.id, "/");
}

export default function AcceptInvite() {
  const invite = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const errors = actionData?.errors ?? {};
  return (
    <section aria-labelledby="invite-h">
      <h1 id="invite-h">Join Article 3</h1>
      <p className="lede">
        You were invited as <strong>{invite.email}</strong> with the role {ROLE_LABELS[invite.role].toLowerCase()}. Choose
        your name and a password.
      </p>
      <FormError message={actionData?.formError} />
      <Form key={resultKey(actionData)} method="post" className="stack" noValidate>
        <Field label="Name" name="name" autoComplete="name" required defaultValue={actionData?.values.name ?? ""} error={errors.name} />
        <Field label="Password" name="password" type="password" autoComplete="new-password" required hint={PASSWORD_HINT} error={errors.password} />
        <Field label="Repeat the password" name="confirm" type="password" autoComplete="new-password" required error={errors.confirm} />
        <div>
          <button type="submit">Create my account</button>
        </div>
      </Form>
    </section>
  );
}
