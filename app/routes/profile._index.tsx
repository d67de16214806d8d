import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { updateUser } from "../../db/queries/users";
import { hashPassword } from "../../lib/security/password";
import { audit, endAllAccess, nowOf, redirectWithSession, requireAuth } from "../auth.server";
import { Field, FormError } from "../components/Field";
import { type FieldErrors, parseForm, readForm, resultKey } from "../forms";
import { changePasswordSchema, PASSWORD_HINT, profileNameSchema, ROLE_LABELS } from "../schemas";
import { confirmPassword, throttleMessage } from "../sign-in.server";

export const meta: MetaFunction = () => [{ title: "Your profile · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  const { user } = await requireAuth(args);
  const url = new URL(args.request.url);
  return {
    user: { name: user.name, email: user.email, role: user.role, twoFactor: user.totpSecret !== null },
    saved: url.searchParams.get("saved"),
  };
}

type ActionData = { form: "name" | "password"; errors: FieldErrors; values: Record<string, string>; formError?: string };

export async function action(args: ActionFunctionArgs) {
  const { user } = await requireAuth(args);
  const { context } = args;
  const db = context.database.db;
  const form = await readForm(args.request);
  const intent = form.get("intent");

  if (intent === "name") {
    const parsed = parseForm(profileNameSchema, form);
    if (!parsed.ok) return data<ActionData>({ form: "name", ...parsed }, { status: 400 });
    await updateUser(db, user.id, { name: parsed.data.name });
    await audit(context, { actorId: user.id, action: "user.name_changed", targetType: "user", targetId: user.id, details: { from: user.name, to: parsed.data.name } });
    return redirect("/profile?saved=name");
  }

  if (intent === "password") {
    form.set("email", user.email);
    const parsed = parseForm(changePasswordSchema, form);
    if (!parsed.ok) return data<ActionData>({ form: "password", ...parsed }, { status: 400 });
    const now = nowOf(context);
    const check = await confirmPassword(context, user, parsed.data.current, "user.password_change_failed");
    if (check.kind === "throttled") {
      return data<ActionData>({ form: "password", errors: {}, values: {}, formError: throttleMessage(check.until, now, "password") }, { status: 429 });
    }
    if (check.kind === "wrong") {
      return data<ActionData>({ form: "password", errors: { current: "That is not your current password." }, values: {} }, { status: 400 });
    }
    await updateUser(db, user.id, { passwordHash: await hashPassword(parsed.data.password) });
    // Every session and feed link ends, this session included; this browser gets a fresh one.
    const ended = await endAllAccess(context, user.id, "password changed");
    await audit(context, { actorId: user.id, action: "user.password_changed", targetType: "user", targetId: user.id, details: { sessionsEnded: ended } });
    return redirectWithSession(args, user.id, "/profile?saved=password");
  }
  throw new Response("Bad Request", { status: 400 });
}

export default function Profile() {
  const { user, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const nameErrors = actionData?.form === "name" ? actionData.errors : {};
  const pwErrors = actionData?.form === "password" ? actionData.errors : {};
  return (
    <>
      <h1>Your profile</h1>
      {saved === "name" ? <p className="notice-banner notice-banner--ok" role="status">Your name was saved.</p> : null}
      {saved === "password" ? (
        <p className="notice-banner notice-banner--ok" role="status">
          Your password was changed. Any other sessions you had were signed out.
        </p>
      ) : null}
      <dl className="fields">
        <dt>E-mail</dt>
        <dd>{user.email}</dd>
        <dt>Role</dt>
        <dd>{ROLE_LABELS[user.role]}</dd>
        <dt>Two-factor sign-in</dt>
        <dd>
          {user.twoFactor ? "On" : "Off"} · <Link to="/profile/two-factor">{user.twoFactor ? "Manage" : "Set up"}</Link>
        </dd>
      </dl>

      <h2 id="name-h">Name</h2>
      <Form method="post" className="stack" aria-labelledby="name-h" noValidate>
        <Field label="Name" name="name" autoComplete="name" required defaultValue={actionData?.form === "name" ? actionData.values.name : user.name} error={nameErrors.name} />
        <div>
          <button type="submit" name="intent" value="name">
            Save name
          </button>
        </div>
      </Form>

      <h2 id="pw-h">Password</h2>
      {actionData?.form === "password" ? <FormError message={actionData.formError} /> : null}
      <Form key={resultKey(actionData)} method="post" className="stack" aria-labelledby="pw-h" noValidate>
        <Field label="Current password" name="current" type="password" autoComplete="current-password" required error={pwErrors.current} />
        <Field label="New password" name="password" type="password" autoComplete="new-password" required hint={PASSWORD_HINT} error={pwErrors.password} />
        <Field label="Repeat the new password" name="confirm" type="password" autoComplete="new-password" required error={pwErrors.confirm} />
        <div>
          <button type="submit" name="intent" value="password">
            Change password
          </button>
        </div>
      </Form>
    </>
  );
}
