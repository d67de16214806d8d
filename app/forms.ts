// One zod schema per form, parsed the same way on the server and (for hints) in the page.
import type { z } from "zod";

export type FieldErrors = Record<string, string>;

/**
 * A 400 whose message the error page shows (root's ErrorBoundary reads `{ message }`). For
 * requests that no form of ours could have sent.
 */
export function badRequest(message: string): Response {
  return Response.json({ message }, { status: 400 });
}

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * The submitted form, read safely: a body that is not form data (JSON, a broken multipart
 * upload, no content type) answers 400 with a page that says so, never a 500. Every action
 * reads its form through this. Body size is capped before this runs (server/body-limit.ts).
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!FORM_TYPES.has(type)) {
    throw badRequest(
      type
        ? `This address accepts form submissions only, not “${type.slice(0, 60)}”. Use the form on the page.`
        : "The request carried no form. Use the form on the page.",
    );
  }
  try {
    return await request.formData();
  } catch {
    throw badRequest("The form data could not be read: it is incomplete or malformed. Reload the page and submit the form again.");
  }
}

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** Fields whose values are never sent back to the browser. */
const SECRET = /password|code|token|confirm|current|secret/i;

export function parseForm<S extends z.ZodType>(schema: S, form: FormData): FormResult<z.infer<S>> {
  const raw: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string") raw[k] = v;
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return { ok: false, errors, values: echoValues(raw) };
}

/** The user's input to re-render a form with, minus anything secret. */
export function echoValues(raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (!SECRET.test(k)) out[k] = v;
  return out;
}

/**
 * A key that changes with every action result. Put on a <Form> with password fields: with
 * JavaScript the page is not reloaded, so without a remount the typed password would stay in
 * the field after a refused submission. Other fields come back from the action's `values`.
 */
export function resultKey(result: unknown): string {
  if (!result) return "initial";
  let key = keys.get(result as object);
  if (!key) keys.set(result as object, (key = String(++counter)));
  return key;
}
const keys = new WeakMap<object, string>();
let counter = 0;
