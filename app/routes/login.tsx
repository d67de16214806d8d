import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import {
  completeSecondFactor,
  endPendingSignIn,
  getOptionalUser,
  getPendingSignIn,
  nowOf,
  redirectToSecondFactor,
  redirectWithSession,
  safeRedirect,
} from "../auth.server";
import { Field, FormError } from "../components/Field";
import { parseForm, readForm, resultKey, type FieldErrors } from "../forms";
import { emailField } from "../schemas";
import { attemptSecondFactor, attemptSignIn, throttleMessage } from "../sign-in.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Article 3" }];

export const signInSchema = z.object({
  email: emailField("Enter your e-mail address."),
  password: z.string().min(1, "Enter your password.").max(1024),
  redirectTo: z.string().optional(),
});
export const codeSchema = z.object({
  code: z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app."),
  redirectTo: z.string().optional(),
});

export async function loader(args: LoaderFunctionArgs) {
  const url = new URL(args.request.url);
  if (await getOptionalUser(args)) throw redirect(safeRedirect(url.searchParams.get("redirectTo"), "/", url.origin));
  const pending = await getPendingSignIn(args);
  return { step: pending ? ("code" as const) : ("password" as const) };
}

type ActionData = { errors: FieldErrors; values: Record<string, string>; formError?: string; step?: "code" | "password" };

export async function action(args: ActionFunctionArgs) {
  const { context } = args;
  const form = await readForm(args.request);
  const intent = form.get("intent");

  if (intent === "cancel") {
    return redirect("/login", { headers: await endPendingSignIn(args) });
  }

  if (intent === "code") {
    const pending = await getPendingSignIn(args);
    if (!pending) {
      return data<ActionData>(
        { errors: {}, values: {}, step: "password", formError: "That sign-in took too long. Please start again." },
        { status: 400, headers: await endPendingSignIn(args) },
      );
    }
    const parsed = parseForm(codeSchema, form);
    if (!parsed.ok) return data<ActionData>({ ...parsed, step: "code" }, { status: 400 });
    const outcome = await attemptSecondFactor(context, pending.user.id, parsed.data.code);
    if (outcome.kind === "throttled") {
      return data<ActionData>(
        { errors: {}, values: {}, step: "code", formError: throttleMessage(outcome.until, nowOf(context), "code") },
        { status: 429 },
      );
    }
    if (outcome.kind !== "ok") {
      return data<ActionData>(
        { errors: { code: "That code is not right, or was already used. Wait for the next one and try again." }, values: {}, step: "code" },
        { status: 400 },
      );
    }
    return completeSecondFactor(args, pending.session, parsed.data.redirectTo);
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
  if (outcome.kind === "second-factor") return redirectToSecondFactor(args, outcome.user.id, redirectTo);
  return redirectWithSession(args, outcome.user.id, redirectTo);
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
