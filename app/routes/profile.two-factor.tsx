import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { getSettings } from "../../db/queries/settings";
import { consumeTotpStep, disableTotp, enableTotp, setPendingTotp, totpPurpose, type UserRow } from "../../db/queries/users";
import { newTotpSecret, totpUri, verifyTotp } from "../../lib/security/totp";
import { audit, nowOf, requireAuth } from "../auth.server";
import { Field, FormError } from "../components/Field";
import { parseForm, readForm, resultKey, type FieldErrors } from "../forms";
import { totpCodeSchema } from "../schemas";
import { confirmPassword, throttleMessage } from "../sign-in.server";

export const meta: MetaFunction = () => [{ title: "Two-factor sign-in · Article 3" }];

// Turning two-factor on or off asks for the current password: a session alone (a browser left
// open) must not be enough to bind someone else's authenticator to the account or to remove it.
// The new secret is shown once, in the answer to the password step, never by a plain page load.

export async function loader(args: LoaderFunctionArgs) {
  const { user } = await requireAuth(args);
  const settings = await getSettings(args.context.database.db);
  const url = new URL(args.request.url);
  return {
    enabled: user.totpSecret !== null,
    required: settings.requireTwoFactor,
    /** Enrolment started earlier: the code form is offered, the secret is not shown again. */
    enrolling: user.totpSecret === null && user.totpPendingSecret !== null,
    notice: url.searchParams.get("done"),
  };
}

/** The key, its otpauth:// link, and the same link as a QR code (an SVG data URL; CSP allows data: images). */
async function enrolment(secret: string, email: string) {
  const uri = totpUri(secret, email);
  const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { secret, uri, qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}

type Pending = { secret: string; uri: string; qr: string };
type ActionData = { form: "start" | "confirm" | "disable"; errors: FieldErrors; formError?: string; pending?: Pending };

async function passwordCheck(args: ActionFunctionArgs, user: UserRow, form: FormData, which: ActionData["form"]) {
  const current = String(form.get("current") ?? "");
  if (!current) return data<ActionData>({ form: which, errors: { current: "Enter your current password." } }, { status: 400 });
  const outcome = await confirmPassword(args.context, user, current, "user.totp_password_failed");
  if (outcome.kind === "throttled") {
    return data<ActionData>({ form: which, errors: {}, formError: throttleMessage(outcome.until, nowOf(args.context), "password") }, { status: 429 });
  }
  if (outcome.kind === "wrong") return data<ActionData>({ form: which, errors: { current: "That is not your current password." } }, { status: 400 });
  return null;
}

export async function action(args: ActionFunctionArgs) {
  const { user } = await requireAuth(args);
  const { context } = args;
  const db = context.database.db;
  const keys = context.totpKeys;
  const form = await readForm(args.request);
  const intent = form.get("intent");
  const now = nowOf(context);

  if (intent === "start" && user.totpSecret === null) {
    const refused = await passwordCheck(args, user, form, "start");
    if (refused) return refused;
    // A fresh secret every time, sealed at rest; shown in this answer only.
    const secret = newTotpSecret();
    await setPendingTotp(db, user.id, keys.seal(secret, totpPurpose(user.id)));
    return data<ActionData>({ form: "start", errors: {}, pending: await enrolment(secret, user.email) });
  }
  if (intent === "confirm" && user.totpSecret === null && user.totpPendingSecret) {
    const parsed = parseForm(totpCodeSchema, form);
    const secret = keys.open(user.totpPendingSecret, totpPurpose(user.id));
    const step = parsed.ok && secret ? verifyTotp(secret, parsed.data.code, null, now) : null;
    if (step === null) {
      const message = !parsed.ok ? parsed.errors.code! : "That code does not match. Check the time on your phone and try the next code.";
      return data<ActionData>({ form: "confirm", errors: { code: message } }, { status: 400 });
    }
    await enableTotp(db, user.id, user.totpPendingSecret, step);
    await audit(context, { actorId: user.id, action: "user.totp_enabled", targetType: "user", targetId: user.id });
    return redirect("/profile/two-factor?done=enabled");
  }
  if (intent === "disable" && user.totpSecret !== null) {
    if ((await getSettings(db)).requireTwoFactor) {
      return data<ActionData>({ form: "disable", errors: {}, formError: "Two-factor sign-in is required for everyone by an administrator." }, { status: 400 });
    }
    const refused = await passwordCheck(args, user, form, "disable");
    if (refused) return refused;
    const parsed = parseForm(totpCodeSchema, form);
    const secret = keys.open(user.totpSecret, totpPurpose(user.id));
    const step = parsed.ok && secret ? verifyTotp(secret, parsed.data.code, user.totpLastStep, now) : null;
    if (step === null || !(await consumeTotpStep(db, user.id, step))) {
      return data<ActionData>({ form: "disable", errors: { code: "That code is not right, or was already used." } }, { status: 400 });
    }
    await disableTotp(db, user.id);
    await audit(context, { actorId: user.id, action: "user.totp_disabled", targetType: "user", targetId: user.id });
    return redirect("/profile/two-factor?done=disabled");
  }
  throw new Response("Bad Request", { status: 400 });
}

function PasswordField({ error }: { error?: string }) {
  return <Field label="Current password" name="current" type="password" autoComplete="current-password" required error={error} />;
}

export default function TwoFactor() {
  const { enabled, required, enrolling, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const errorsFor = (f: ActionData["form"]) => (actionData?.form === f ? actionData.errors : {});
  const pending = actionData?.pending;
  const codeForm = (
    <Form method="post" className="stack" noValidate>
      <Field label="Code" name="code" inputMode="numeric" autoComplete="one-time-code" required error={errorsFor("confirm").code} />
      <div>
        <button type="submit" name="intent" value="confirm">
          Turn on two-factor sign-in
        </button>
      </div>
    </Form>
  );
  return (
    <>
      <h1>Two-factor sign-in</h1>
      {notice === "enabled" ? <p className="notice-banner notice-banner--ok" role="status">Two-factor sign-in is on.</p> : null}
      {notice === "disabled" ? <p className="notice-banner notice-banner--ok" role="status">Two-factor sign-in is off.</p> : null}
      {required && !enabled ? (
        <p className="notice-banner" role="alert">
          An administrator requires two-factor sign-in for every account. Set it up to continue.
        </p>
      ) : null}
      <FormError message={actionData?.formError} />
      {enabled ? (
        <>
          <p>Signing in asks for a code from your authenticator app after your password.</p>
          {required ? (
            <p className="muted">It cannot be turned off while administrators require it.</p>
          ) : (
            <Form key={resultKey(actionData)} method="post" className="stack" noValidate>
              <PasswordField error={errorsFor("disable").current} />
              <Field label="Current code from your app" name="code" inputMode="numeric" autoComplete="one-time-code" error={errorsFor("disable").code} />
              <div>
                <button type="submit" name="intent" value="disable" className="danger">
                  Turn off two-factor sign-in
                </button>
              </div>
            </Form>
          )}
        </>
      ) : pending ? (
        <>
          <ol>
            <li>
              Scan this code with your authenticator app:
              <div>
                <img src={pending.qr} width={192} height={192} alt="QR code for adding Article 3 to an authenticator app" />
              </div>
              or add an account with this key (time-based):
              <pre className="mono" aria-label="Secret key">{pending.secret.replace(/(.{4})/g, "$1 ").trim()}</pre>
              or open this link on the phone: <code style={{ wordBreak: "break-all" }}>{pending.uri}</code>
            </li>
            <li>Enter the 6-digit code it shows. This key is shown only now.</li>
          </ol>
          {codeForm}
        </>
      ) : (
        <>
          {enrolling ? (
            <>
              <p>You started setting up two-factor sign-in. Enter the code your authenticator app shows for Article 3:</p>
              {codeForm}
              <h2>Start again</h2>
              <p>Lost the key, or scanned nothing yet? Start again for a new one.</p>
            </>
          ) : (
            <p>Add a second step to signing in: a 6-digit code from an authenticator app on your phone, usable once.</p>
          )}
          <Form key={resultKey(actionData)} method="post" className="stack" noValidate>
            <PasswordField error={errorsFor("start").current} />
            <div>
              <button type="submit" name="intent" value="start">
                {enrolling ? "Start again with a new key" : "Set up two-factor sign-in"}
              </button>
            </div>
          </Form>
        </>
      )}
      <p>
        <Link to="/profile">Back to your profile</Link>
      </p>
    </>
  );
}
