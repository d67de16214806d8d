import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getSettings, saveSetting } from "../../db/queries/settings";
import { audit, requireAuth, requireUser } from "../auth.server";
import { FormError } from "../components/Field";
import { readForm } from "../forms";

export const meta: MetaFunction = () => [{ title: "Settings · Admin · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, { role: "admin" });
  return {
    settings: await getSettings(args.context.database.db),
    env: { idleMinutes: args.context.env.SESSION_IDLE_MINUTES, maxHours: args.context.env.SESSION_MAX_HOURS },
    saved: new URL(args.request.url).searchParams.has("saved"),
  };
}

export async function action(args: ActionFunctionArgs) {
  const admin = await requireUser(args, { role: "admin" });
  const db = args.context.database.db;
  const form = await readForm(args.request);
  if (form.get("intent") !== "save") throw new Response("Bad Request", { status: 400 });
  const before = await getSettings(db);
  // An unchecked box is absent from the form: absent means off.
  const requireTwoFactor = form.get("requireTwoFactor") === "on";
  if (requireTwoFactor && !before.requireTwoFactor && (await requireAuth(args)).user.totpSecret === null) {
    // Otherwise the admin would be sent to enrol on their very next click, mid-task.
    return data({ error: "Set up two-factor sign-in for your own account first (Profile › Two-factor sign-in)." }, { status: 400 });
  }
  if (requireTwoFactor !== before.requireTwoFactor) {
    await saveSetting(db, "requireTwoFactor", requireTwoFactor, admin.id);
    await audit(args.context, {
      actorId: admin.id,
      action: "settings.changed",
      targetType: "setting",
      targetId: "requireTwoFactor",
      details: { from: before.requireTwoFactor, to: requireTwoFactor },
    });
  }
  return redirect("/admin/settings?saved");
}

export default function AdminSettings() {
  const { settings, env, saved } = useLoaderData<typeof loader>();
  const error = useActionData<{ error: string }>()?.error;
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> ›
      </p>
      <h1>Settings</h1>
      {saved ? <p className="notice-banner notice-banner--ok" role="status">Settings saved.</p> : null}
      <FormError message={error} />
      <Form method="post" className="stack">
        <div className="field">
          <label>
            <input type="checkbox" name="requireTwoFactor" defaultChecked={settings.requireTwoFactor} /> Require two-factor
            sign-in for everyone
          </label>
          <span className="hint">
            Users without it are sent to set it up before they can use anything else, administrators included.
          </span>
        </div>
        <div>
          <button type="submit" name="intent" value="save">
            Save settings
          </button>
        </div>
      </Form>
      <h2>Set by the operator</h2>
      <p className="muted">These come from environment variables and change with a restart.</p>
      <dl className="fields">
        <dt>Sessions end after inactivity</dt>
        <dd>{env.idleMinutes} minutes (SESSION_IDLE_MINUTES)</dd>
        <dt>Sessions end at the latest after</dt>
        <dd>{env.maxHours} hours (SESSION_MAX_HOURS)</dd>
      </dl>
    </>
  );
}
