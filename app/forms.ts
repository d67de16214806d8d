// One zod schema per form, parsed the same way on the server and (for hints) in the page.
import type { z } from "zod";

export type FieldErrors = Record<string, string>;

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
