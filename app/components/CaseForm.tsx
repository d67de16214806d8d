// The case form (new and edit): plain fields, checkbox groups for motives and tactics, and
// countries typed as codes or names, so it works without JavaScript and on a phone.
import { Form } from "@remix-run/react";
import { COUNTRIES } from "../../lib/countries";
import { ALERT_STATUSES, EXTRADITION_OUTCOMES, LIBERTY_STATUSES, MOTIVES, PROTECTION_STATUSES, TACTICS, TACTIC_FAMILIES, type Vocabulary } from "../../lib/taxonomy";
import { VISIBILITIES, VISIBILITY_DESCRIPTIONS, VISIBILITY_LABELS } from "../../lib/visibility";
import { MONITORING_STATUSES, PRIORITIES } from "../../db/schema/cases";
import { Field } from "./Field";

export type Values = Record<string, string>;

export const CASE_FIELD_LABELS: Record<string, string> = {
  title: "Title",
  subjectName: "Subject (display name or pseudonym)",
  subjectIsPseudonym: "Pseudonym",
  legalName: "Legal name (restricted)",
  contactDetails: "Contact details (restricted)",
  subjectRole: "Subject's role",
  nationalities: "Nationalities",
  residenceCountries: "Countries of residence",
  hostCountries: "Host countries",
  requestingCountry: "Requesting country",
  years: "Years",
  chargesAlleged: "Charges as alleged",
  motives: "Alleged motives",
  tactics: "Tactics",
  alertStatus: "Alert status",
  libertyStatus: "Liberty status",
  extraditionOutcome: "Extradition outcome",
  protectionStatus: "Protection status",
  summary: "Summary",
  monitoringStatus: "Monitoring",
  priority: "Priority",
  visibility: "Visibility",
};

export function VocabSelect({ name, label, vocab, value, error }: { name: string; label: string; vocab: Vocabulary; value: string; error?: string }) {
  return (
    <Field label={label} name={name} error={error}>
      <select id={`f-${name}`} name={name} defaultValue={value || "unknown"} aria-invalid={error ? true : undefined}>
        {vocab.terms.map((t) => (
          <option key={t.key} value={t.key}>
            {t.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function VisibilitySelect({ value, error, name = "visibility" }: { value: string; error?: string; name?: string }) {
  return (
    <Field label="Who may see it" name={name} error={error} hint="Restricted: editors, administrators and the people it is shared with.">
      <select id={`f-${name}`} name={name} defaultValue={value || "internal"} aria-describedby={`f-${name}-hint`}>
        {VISIBILITIES.map((v) => (
          <option key={v} value={v}>
            {VISIBILITY_LABELS[v]}: {VISIBILITY_DESCRIPTIONS[v]}
          </option>
        ))}
      </select>
    </Field>
  );
}

function Checks({ name, legend, vocab, value, error, groups }: { name: string; legend: string; vocab: Vocabulary; value: string; error?: string; groups?: Vocabulary }) {
  const chosen = new Set(value.split(/[;,]/).map((s) => s.trim()).filter(Boolean));
  const families = groups ? groups.terms.map((g) => ({ key: g.key, label: g.label, terms: vocab.terms.filter((t) => t.family === g.key) })) : [{ key: "", label: "", terms: vocab.terms }];
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      {error ? <span className="error">{error}</span> : null}
      {families.map((f) => (
        <div key={f.key}>
          {f.label ? <strong className="muted">{f.label}</strong> : null}
          <div className="checks">
            {f.terms.map((t) => (
              <label key={t.key} title={t.description}>
                <input type="checkbox" name={name} value={t.key} defaultChecked={chosen.has(t.key)} /> {t.label}
              </label>
            ))}
          </div>
        </div>
      ))}
    </fieldset>
  );
}

export function CaseForm({
  values,
  errors,
  submitLabel,
  showRestricted,
}: {
  values: Values;
  errors: Record<string, string>;
  submitLabel: string;
  showRestricted: boolean;
}) {
  const v = (k: string) => values[k] ?? "";
  return (
    <Form method="post" className="form" noValidate>
      {v("version") ? <input type="hidden" name="version" value={v("version")} /> : null}
      {v("fromNotice") ? <input type="hidden" name="fromNotice" value={v("fromNotice")} /> : null}
      <Field label={CASE_FIELD_LABELS.title!} name="title" defaultValue={v("title")} error={errors.title} required />
      <Field label={CASE_FIELD_LABELS.subjectName!} name="subjectName" defaultValue={v("subjectName")} error={errors.subjectName} required hint="How the subject is shown everywhere, e.g. “H”." />
      <div className="field">
        <label>
          <input type="checkbox" name="subjectIsPseudonym" defaultChecked={v("subjectIsPseudonym") === "on" || v("subjectIsPseudonym") === "true"} /> This is a pseudonym
        </label>
      </div>
      {showRestricted ? (
        <>
          <Field label={CASE_FIELD_LABELS.legalName!} name="legalName" defaultValue={v("legalName")} error={errors.legalName} hint="Only editors, administrators and people the case is shared with see it." autoComplete="off" />
          <Field label={CASE_FIELD_LABELS.contactDetails!} name="contactDetails" error={errors.contactDetails} hint="Restricted, like the legal name.">
            <textarea id="f-contactDetails" name="contactDetails" rows={2} defaultValue={v("contactDetails")} />
          </Field>
        </>
      ) : null}
      <Field label={CASE_FIELD_LABELS.subjectRole!} name="subjectRole" defaultValue={v("subjectRole")} error={errors.subjectRole} hint="journalist, businessman, …" />
      <Field label={CASE_FIELD_LABELS.requestingCountry!} name="requestingCountry" error={errors.requestingCountry}>
        <select id="f-requestingCountry" name="requestingCountry" defaultValue={v("requestingCountry")}>
          <option value="">Unknown</option>
          {COUNTRIES.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={CASE_FIELD_LABELS.hostCountries!} name="hostCountries" defaultValue={v("hostCountries")} error={errors.hostCountries} hint="Codes or names, separated by “;”, e.g. FR" />
      <Field label={CASE_FIELD_LABELS.nationalities!} name="nationalities" defaultValue={v("nationalities")} error={errors.nationalities} hint="e.g. SG; CN" />
      <Field label={CASE_FIELD_LABELS.residenceCountries!} name="residenceCountries" defaultValue={v("residenceCountries")} error={errors.residenceCountries} />
      <Field label={CASE_FIELD_LABELS.years!} name="years" defaultValue={v("years")} error={errors.years} hint="e.g. 2020-2021" />
      <Field label={CASE_FIELD_LABELS.chargesAlleged!} name="chargesAlleged" error={errors.chargesAlleged} hint="As the requesting state alleges them.">
        <textarea id="f-chargesAlleged" name="chargesAlleged" rows={2} defaultValue={v("chargesAlleged")} />
      </Field>
      <Checks name="motives" legend={CASE_FIELD_LABELS.motives!} vocab={MOTIVES} value={v("motives")} error={errors.motives} />
      <Checks name="tactics" legend={CASE_FIELD_LABELS.tactics!} vocab={TACTICS} value={v("tactics")} error={errors.tactics} groups={TACTIC_FAMILIES} />
      <VocabSelect name="alertStatus" label={CASE_FIELD_LABELS.alertStatus!} vocab={ALERT_STATUSES} value={v("alertStatus")} error={errors.alertStatus} />
      <VocabSelect name="libertyStatus" label={CASE_FIELD_LABELS.libertyStatus!} vocab={LIBERTY_STATUSES} value={v("libertyStatus")} error={errors.libertyStatus} />
      <VocabSelect name="extraditionOutcome" label={CASE_FIELD_LABELS.extraditionOutcome!} vocab={EXTRADITION_OUTCOMES} value={v("extraditionOutcome")} error={errors.extraditionOutcome} />
      <VocabSelect name="protectionStatus" label={CASE_FIELD_LABELS.protectionStatus!} vocab={PROTECTION_STATUSES} value={v("protectionStatus")} error={errors.protectionStatus} />
      <Field label={CASE_FIELD_LABELS.summary!} name="summary" error={errors.summary}>
        <textarea id="f-summary" name="summary" rows={6} defaultValue={v("summary")} />
      </Field>
      <Field label={CASE_FIELD_LABELS.monitoringStatus!} name="monitoringStatus" error={errors.monitoringStatus}>
        <select id="f-monitoringStatus" name="monitoringStatus" defaultValue={v("monitoringStatus") || "open"}>
          {MONITORING_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s[0]!.toUpperCase() + s.slice(1)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={CASE_FIELD_LABELS.priority!} name="priority" error={errors.priority}>
        <select id="f-priority" name="priority" defaultValue={v("priority") || "normal"}>
          {PRIORITIES.map((s) => (
            <option key={s} value={s}>
              {s[0]!.toUpperCase() + s.slice(1)}
            </option>
          ))}
        </select>
      </Field>
      <VisibilitySelect value={v("visibility")} error={errors.visibility} />
      <p>
        <button type="submit">{submitLabel}</button>
      </p>
    </Form>
  );
}

/** A stored case as form values. */
export function caseValues(c: Record<string, unknown>): Values {
  const out: Values = {};
  for (const k of Object.keys(CASE_FIELD_LABELS)) {
    const x = c[k];
    out[k] = Array.isArray(x) ? x.join("; ") : typeof x === "boolean" ? (x ? "on" : "") : x === null || x === undefined ? "" : String(x);
  }
  if (c.version !== undefined) out.version = String(c.version);
  return out;
}

/** Where the user's unsaved values and the stored ones differ, side by side (a conflict). */
export function ConflictPanel({ mine, theirs, by, labels }: { mine: Values; theirs: Values; by: string | null; labels: Record<string, string> }) {
  const norm = (s: string | undefined) => (s ?? "").split(/[;,]/).map((x) => x.trim()).filter(Boolean).join("; ");
  const diff = Object.keys(labels).filter((k) => k in theirs && norm(mine[k]) !== norm(theirs[k]));
  return (
    <div className="notice-banner notice-banner--error" role="alert">
      <p>
        <strong>Someone else saved this while you were editing{by ? ` (${by})` : ""}.</strong> Nothing was overwritten. Your
        changes are still in the form below; the saved version is shown here. Check the differences, then save again to keep
        yours.
      </p>
      {diff.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Saved by the other person</th>
                <th scope="col">Yours (not saved yet)</th>
              </tr>
            </thead>
            <tbody>
              {diff.map((k) => (
                <tr key={k}>
                  <th scope="row">{labels[k]}</th>
                  <td>{theirs[k] || "—"}</td>
                  <td>{mine[k] || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Your values and the saved ones are the same.</p>
      )}
    </div>
  );
}
