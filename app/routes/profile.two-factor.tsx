import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { getSettings } from "../../db/queries/settings";
import { consumeTotpStep, disableTotp, enableTotp, setPendingTotp } from "../../db/queries/users";
import { newTotpSecret, totpUri, verifyTotp } from "../../lib/security/totp";
import { audit, nowOf, requireAuth } from "../auth.server";
import { Field } from "../components/Field";
import { parseForm, type FieldErrors } from "../forms";
import { totpCodeSchema } from "../schemas";

export const meta: MetaFunction = () => [{ title: "Two-factor sign-in · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  const { user } = await requireAuth(args);
  const settings = await getSettings(args.context.database.db);
  const url = new URL(args.request.url);
  const pending = user.totpSecret === null ? user.totpPendingSecret : null;
  return {
    enabled: user.totpSecret !== null,
    required: settings.requireTwoFactor,
    // The secret is shown only to its owner, only during enrolment.
    pending: pending ? await enrolment(pending, user.email) : null,
    notice: url.searchParams.get("done"),
  };
}

/** The key, its otpauth:// link, and the same link as a QR code (an SVG data URL; CSP allows data: images). */
async function enrolment(secret: string, email: string) {
  const uri = totpUri(secret, email);
  const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { secret, uri, qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}

type ActionData = { errors: FieldErrors };

export async function action(args: ActionFunctionArgs) {
  const { user } = await requireAuth(args);
  const { context } = args;
  const db = context.database.db;
  const form = await args.request.formData();
  const intent = form.get("intent");
  const now = nowOf(context);

  if (intent === "start" && user.totpSecret === null) {
    await setPendingTotp(db, user.id, newTotpSecret());
    return redirect("/profile/two-factor");
  }
  if (intent === "confirm" && user.totpSecret === null && user.totpPendingSecret) {
    const parsed = parseForm(totpCodeSchema, form);
    const step = parsed.ok ? verifyTotp(user.totpPendingSecret, parsed.data.code, null, now) : null;
    if (step === null) {
      return data<ActionData>({ errors: { code: parsed.ok ? "That code does not match. Check the time on your phone and try the next code." : parsed.errors.code! } }, { status: 400 });
    }
    await enableTotp(db, user.id, user.totpPendingSecret, step);
    await audit(context, { actorId: user.id, action: "user.totp_enabled", targetType: "user", targetId: user.id });
    return redirect("/profile/two-factor?done=enabled");
  }
  if (intent === "disable" && user.totpSecret !== null) {
    if ((await getSettings(db)).requireTwoFactor) {
      return data<ActionData>({ errors: { code: "Two-factor sign-in is required for everyone by an administrator." } }, { status: 400 });
    }
    const parsed = parseForm(totpCodeSchema, form);
    const step = parsed.ok ? verifyTotp(user.totpSecret, parsed.data.code, user.totpLastStep, now) : null;
    if (step === null || !(await consumeTotpStep(db, user.id, step))) {
      return data<ActionData>({ errors: { code: "That code is not right, or was already used." } }, { status: 400 });
    }
    await disableTotp(db, user.id);
    await audit(context, { actorId: user.id, action: "user.totp_disabled", targetType: "user", targetId: user.id });
    return redirect("/profile/two-factor?done=disabled");
  }
  throw new Response("Bad Request", { status: 400 });
}

export default function TwoFactor() {
  const { enabled, required, pending, notice } = useLoaderData<typeof loader>();
  const errors = useActionData<ActionData>()?.errors ?? {};
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
      {enabled ? (
        <>
          <p>Signing in asks for a code from your authenticator app after your password.</p>
          {required ? (
            <p className="muted">It cannot be turned off while administrators require it.</p>
          ) : (
            <Form method="post" className="stack" noValidate>
              <Field label="Current code, to turn two-factor off" name="code" inputMode="numeric" autoComplete="one-time-code" error={errors.code} />
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
            <li>Enter the 6-digit code it shows.</li>
          </ol>
          <Form method="post" className="stack" noValidate>
            <Field label="Code" name="code" inputMode="numeric" autoComplete="one-time-code" required error={errors.code} />
            <div>
              <button type="submit" name="intent" value="confirm">
                Turn on two-factor sign-in
              </button>
            </div>
          </Form>
        </>
      ) : (
        <>
          <p>Add a second step to signing in: a 6-digit code from an authenticator app on your phone, usable once.</p>
          <Form method="post">
            <button type="submit" name="intent" value="start">
              Set up two-factor sign-in
            </button>
          </Form>
        </>
      )}
      <p>
        <Link to="/profile">Back to your profile</Link>
      </p>
    </>
  );
}
