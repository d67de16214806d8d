import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { consumeSetupToken, isValidSetupToken } from "../../db/queries/invites";
import { countUsers, createUser } from "../../db/queries/users";
import { hashPassword } from "../../lib/security/password";
import { audit, nowOf, redirectWithSession } from "../auth.server";
import { Field, FormError } from "../components/Field";
import { type FieldErrors, parseForm, readForm, resultKey } from "../forms";
import { PASSWORD_HINT, setupSchema } from "../schemas";

export const meta: MetaFunction = () => [{ title: "First-run setup · Article 3" }];

/** Works only while no user exists and the link is fresh and unused; otherwise it is not there. */
async function assertUsable({ params, context }: LoaderFunctionArgs) {
  const db = context.database.db;
  if ((await countUsers(db)) > 0 || !(await isValidSetupToken(db, params.token, nowOf(context)))) {
    throw new Response("Not Found", { status: 404 });
  }
}

export async function loader(args: LoaderFunctionArgs) {
  await assertUsable(args);
  return null;
}

type ActionData = { errors: FieldErrors; values: Record<string, string>; formError?: string };

export async function action(args: ActionFunctionArgs) {
  await assertUsable(args);
  const { context, params } = args;
  const parsed = parseForm(setupSchema, await readForm(args.request));
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const db = context.database.db;
  // Hash first (slow), then take the token: of two racing submissions only one wins.
  const passwordHash = await hashPassword(parsed.data.password);
  if (!(await consumeSetupToken(db, params.token!, nowOf(context))) || (await countUsers(db)) > 0) {
    throw new Response("Not Found", { status: 404 });
  }
  const user = await createUser(db, { email: parsed.data.email, name: parsed.data.name, role: "admin", passwordHash });
  await audit(context, { actorId: user.id, action: "setup.completed", targetType: "user", targetId: user.id });
  await audit(context, { actorId: user.id, action: "user.created", targetType: "user", targetId: user.id, details: { role: "admin", via: "setup" } });
  return redirectWithSession(args, user.id, "/admin");
}

export default function Setup() {
  const actionData = useActionData<ActionData>();
  const errors = actionData?.errors ?? {};
  const values = actionData?.values ?? {};
  return (
    <section aria-labelledby="setup-h">
      <h1 id="setup-h">Create the first administrator</h1>
      <p className="lede">
        This link works once. The account you create here manages users and settings; invite everyone else from the
        admin pages afterwards.
      </p>
      <FormError message={actionData?.formError} />
      <Form key={resultKey(actionData)} method="post" className="stack" noValidate>
        <Field label="Name" name="name" autoComplete="name" required defaultValue={values.name ?? ""} error={errors.name} />
        <Field label="E-mail address" name="email" type="email" autoComplete="username" required defaultValue={values.email ?? ""} error={errors.email} />
        <Field label="Password" name="password" type="password" autoComplete="new-password" required hint={PASSWORD_HINT} error={errors.password} />
        <Field label="Repeat the password" name="confirm" type="password" autoComplete="new-password" required error={errors.confirm} />
        <div>
          <button type="submit">Create administrator</button>
        </div>
      </Form>
    </section>
  );
}
