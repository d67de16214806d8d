import { Form } from "@remix-run/react";
import { DECISION_COLUMNS } from "../../lib/decision-csv";
import { FORUMS, GROUNDS, OUTCOMES } from "../../lib/taxonomy";
import { VISIBILITIES, VISIBILITY_DESCRIPTIONS, VISIBILITY_LABELS } from "../../lib/visibility";
import { Field, FormError } from "./Field";

export type DecisionFormValues = Partial<Record<(typeof DECISION_COLUMNS)[number] | "version", string>>;

/**
 * Create and edit a decision: the import's column names are the field names, so the form and the
 * CSV are validated by the same schema (lib/decision-csv.ts). Works without JavaScript.
 */
export function DecisionForm({
  values,
  errors,
  message,
  submit,
}: {
  values: DecisionFormValues;
  errors: Record<string, string>;
  message?: string;
  submit: string;
}) {
  const v = (k: keyof DecisionFormValues) => values[k] ?? "";
  const grounds = new Set(
    v("grounds")
      .split(";")
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const select = (name: "forum" | "outcome", label: string, vocab: typeof FORUMS | typeof OUTCOMES) => (
    <Field label={label} name={name} error={errors[name]}>
      <select id={`f-${name}`} name={name} defaultValue={v(name)} aria-invalid={errors[name] ? true : undefined} aria-describedby={errors[name] ? `f-${name}-error` : undefined}>
        <option value="">Choose…</option>
        {vocab.terms.map((t) => (
          <option key={t.key} value={t.key}>
            {t.label}
          </option>
        ))}
      </select>
    </Field>
  );
  const area = (name: keyof DecisionFormValues, label: string, rows: number, hint?: string) => (
    <Field label={label} name={name} error={errors[name]} hint={hint}>
      <textarea id={`f-${name}`} name={name} rows={rows} defaultValue={v(name)} aria-invalid={errors[name] ? true : undefined} aria-describedby={errors[name] ? `f-${name}-error` : undefined} />
    </Field>
  );
  return (
    <Form method="post" className="stack" encType="application/x-www-form-urlencoded">
      <FormError message={message} />
      {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
      <Field label="Citation" name="citation" defaultValue={v("citation")} error={errors.citation} hint="As it will be cited, e.g. Soering v. the United Kingdom, no. 14038/88. Unique." required />
      {select("forum", "Forum", FORUMS)}
      {select("outcome", "Outcome", OUTCOMES)}
      <Field label="Court or commission" name="body" defaultValue={v("body")} error={errors.body} />
      <Field label="Jurisdiction" name="jurisdiction" defaultValue={v("jurisdiction")} error={errors.jurisdiction} hint="A country code or name, or INT for the CCF, the ECtHR and UN bodies." />
      <Field label="Requesting state" name="requesting_country" defaultValue={v("requesting_country")} error={errors.requesting_country} hint="Leave empty when not known (CCF excerpts are anonymised)." />
      <Field label="Decided on" name="decided_on" defaultValue={v("decided_on")} error={errors.decided_on} hint="2021, 2021-07 or 2021-07-15." inputMode="numeric" />
      <fieldset className="field" aria-describedby={errors.grounds ? "grounds-error" : undefined}>
        <legend className="label">Grounds</legend>
        {GROUNDS.terms.map((t) => (
          <label key={t.key} className="checkbox">
            <input type="checkbox" name="ground" value={t.key} defaultChecked={grounds.has(t.key)} /> {t.label}
          </label>
        ))}
        {errors.grounds ? (
          <span className="error" id="grounds-error">
            {errors.grounds}
          </span>
        ) : null}
      </fieldset>
      {area("legal_provisions", "Legal provisions cited", 2, "Separate them with ; e.g. ECHR art. 3; CPP art. 696-4")}
      {area("summary", "Summary", 5, "In your own words: what was decided and why.")}
      {area("full_text", "Full text", 14, "The decision's text or the published excerpt.")}
      <Field label="Language" name="language" defaultValue={v("language")} error={errors.language} hint="Two letters: en, fr, es, ru, de, it, pt, tr…" size={4} />
      <Field label="Link to the document" name="url" type="url" defaultValue={v("url")} error={errors.url} />
      <Field label="Case" name="case_key" defaultValue={v("case_key")} error={errors.case_key} hint="The case's reference (A3-2021-0007) or import key, if it belongs to one." />
      <Field label="Visibility" name="visibility" error={errors.visibility}>
        <select id="f-visibility" name="visibility" defaultValue={v("visibility") || "internal"}>
          {VISIBILITIES.map((l) => (
            <option key={l} value={l}>
              {VISIBILITY_LABELS[l]}: {VISIBILITY_DESCRIPTIONS[l]}
            </option>
          ))}
        </select>
      </Field>
      <div>
        <button type="submit">{submit}</button>
      </div>
    </Form>
  );
}

/** The form's fields as the import's strings (checkbox grounds joined by ;). */
export function formFields(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of DECISION_COLUMNS) {
    const value = form.get(k);
    if (typeof value === "string") out[k] = value;
  }
  out.grounds = form
    .getAll("ground")
    .filter((g): g is string => typeof g === "string")
    .join(";");
  const version = form.get("version");
  if (typeof version === "string") out.version = version;
  return out;
}
