import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { promotePendingSession, validateSession } from "../../db/queries/sessions";
import {
  clearCookie,
  getOptionalUser,
  nowOf,
  readCookie,
  safeRedirect,
  sessionCookie,
  sessionCookieName,
  sessionLimits,
  startSession,
} from "../auth.server";
import { Field, FormError } from "../components/Field";
import { parseForm, resultKey, type FieldErrors } from "../forms";
import { attemptSecondFactor, attemptSignIn, throttleMessage } from "../sign-in.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Article 3" }];

export const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your e-mail address.").max(320).email("Enter a valid e-mail address."),
  password: z.string().min(1, "Enter your password.").max(1024),
  redirectTo: z.string().optional(),
});
export const codeSchema = z.object({
  code: z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app."),
  redirectTo: z.string().optional(),
});

async function pendingSession(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const token = readCookie(args.request, sessionCookieName(args.context, "pending_totp"));
  if (!token) return null;
  return validateSession(args.context.database.db, token, {
    now: nowOf(args.context),
    limits: sessionLimits(args.context),
    stage: "pending_totp",
  });
}

export async function loader(args: LoaderFunctionArgs) {
  const url = new URL(args.request.url);
  if (await getOptionalUser(args)) throw redirect(safeRedirect(url.searchParams.get("redirectTo")));
  const pending = await pendingSession(args);
  return { step: pending ? ("code" as const) : ("password" as const) };
}

type ActionData = { errors: FieldErrors; values: Record<string, string>; formError?: string; step?: "code" | "password" };

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  const form = await request.formData();
  const intent = form.get("intent");

  if (intent === "cancel") {
    return redirect("/login", { headers: { "Set-Cookie": clearCookie(context, "pending_totp") } });
  }

  if (intent === "code") {
    const pending = await pendingSession(args);
    if (!pending) {
      return data<ActionData>(
        { errors: {}, values: {}, step: "password", formError: "That sign-in took too long. Please start again." },
        { status: 400, headers: { "Set-Cookie": clearCookie(context, "pending_totp") } },
      );
    }
    const parsed = parseForm(codeSchema, form);
    if (!parsed.ok) return data<ActionData>({ ...parsed, step: "code" }, { status: 400 });
    const outcome = await attemptSecondFactor(context, pending.user.id, parsed.data.code);
    if (outcome.kind === "throttled") {
      return data<ActionData>(
        { errors: {}, values: {}, step: "code", formError: throttleMessage(outcome.until, nowOf(context)) },
        { status: 429 },
      );
    }
    if (outcome.kind !== "ok") {
      return data<ActionData>(
        { errors: { code: "That code is not right, or was already used. Wait for the next one and try again." }, values: {}, step: "code" },
        { status: 400 },
      );
    }
    const { token } = await promotePendingSession(context.database.db, pending.session, {
      now: nowOf(context),
      limits: sessionLimits(context),
    });
    const headers = new Headers();
    headers.append("Set-Cookie", clearCookie(context, "pending_totp"));
    headers.append("Set-Cookie", sessionCookie(context, token));
    return redirect(safeRedirect(parsed.data.redirectTo), { headers });
  }

  const parsed = parseForm(signInSchema, form);
  if (!parsed.ok) return data<ActionData>({ ...parsed, step: "password" }, { status: 400 });
  const { email, password, redirectTo } = parsed.data;
  const outcome = await attemptSignIn(context, email, password);
  if (outcome.kind === "throttled") {
    return data<ActionData>(
      { errors: {}, values: { email }, step: "password", formError: throttleMessage(outcome.until, nowOf(context)) },
      { status: 429 },
    );
  }
  if (outcome.kind === "failed") {
    // One message for unknown e-mail, wrong password and deactivated account alike.
    return data<ActionData>(
      { errors: {}, values: { email }, step: "password", formError: "The e-mail address or password is not right." },
      { status: 400 },
    );
  }
  if (outcome.kind === "second-factor") {
    const cookie = await startSession(args, outcome.user.id, "pending_totp");
    const back = safeRedirect(redirectTo);
    return redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`, { headers: { "Set-Cookie": cookie } });
  }
  const cookie = await startSession(args, outcome.user.id);
  return redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const { step: loaderStep } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const step = actionData?.step ?? loaderStep;
  const redirectTo = params.get("redirectTo") ?? "";
  const errors = actionData?.errors ?? {};

  if (step === "code") {
    return (
      <section aria-labelledby="login-h">
        <h1 id="login-h">Two-factor sign-in</h1>
        <p className="lede">Enter the 6-digit code your authenticator app shows for Article 3.</p>
        <FormError message={actionData?.formError} />
        <Form key={resultKey(actionData)} method="post" className="stack" noValidate>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <Field label="Code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]*" autoFocus required error={errors.code} />
          <div>
            <button type="submit" name="intent" value="code" disabled={busy}>
              Verify
            </button>{" "}
            <button type="submit" name="intent" value="cancel" className="secondary" formNoValidate>
              Cancel
            </button>
          </div>
        </Form>
      </section>
    );
  }

  return (
    <section aria-labelledby="login-h">
      <h1 id="login-h">Sign in</h1>
      <FormError message={actionData?.formError} />
      <Form key={resultKey(actionData)} method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          label="E-mail address"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={actionData?.values.email ?? ""}
          error={errors.email}
        />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required error={errors.password} />
        <div>
          <button type="submit" name="intent" value="password" disabled={busy}>
            Sign in
          </button>
        </div>
      </Form>
      <p className="muted">Accounts are created by invitation. Ask an administrator of your organisation if you need one.</p>
    </section>
  );
}
