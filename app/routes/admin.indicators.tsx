// /admin/indicators: the rules that flag notices (lib/indicators/rules.ts) as administrators may
// change them: a weight per rule, a rule switched off, keywords added, the public reports listed
// per issuing state. Saving makes a new version (indicator_rule_sets) and asks the scoring job to
// rescore every notice; the page never scores.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { currentRuleSet, requestRescore, ruleSetHistory, saveRuleSet } from "../../db/queries/indicators";
import { isCountryCode } from "../../lib/countries";
import { compilePattern } from "../../lib/indicators/match";
import {
  CHARGE_RULE_KEYS,
  DEFAULT_RULES,
  FLAG_THRESHOLD,
  MAX_WEIGHT,
  RULE_KEYS,
  type ChargeRuleKey,
  type IssuerRecord,
  type RuleKey,
  type RuleOverrides,
} from "../../lib/indicators/rules";
import { cleanLine, cleanText } from "../../lib/text";
import { audit, requireUser } from "../auth.server";
import { FormError } from "../components/Field";
import { formatDateTime } from "../format";
import { readForm } from "../forms";

export const meta: MetaFunction = () => [{ title: "Indicator rules · Admin · Article 3" }];

const MAX_TERMS = 200;
const MAX_TERM_LENGTH = 120;

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, { role: "admin" });
  const db = args.context.database.db;
  const [{ rules, overrides, adminVersion }, history] = await Promise.all([currentRuleSet(db), ruleSetHistory(db)]);
  const url = new URL(args.request.url);
  return {
    version: rules.version,
    adminVersion,
    threshold: FLAG_THRESHOLD,
    rules: [...rules.charge.map((r) => ({ key: r.key, label: r.label, weight: r.weight, weak: r.weak, charge: true })), ...rules.context.map((r) => ({ key: r.key, label: r.label, weight: r.weight, weak: r.weak, charge: false }))],
    defaults: Object.fromEntries([...DEFAULT_RULES.charge, ...DEFAULT_RULES.context].map((r) => [r.key, r.weight])) as Record<string, number>,
    disabled: rules.disabled,
    extraTerms: overrides.extraTerms ?? {},
    issuerRecords: rules.issuerRecords,
    history,
    saved: url.searchParams.get("saved"),
    queued: url.searchParams.get("queued") === "1",
  };
}

type Errors = Record<string, string>;

/** The form as a RuleOverrides, with a message per field for what cannot be used. */
function readOverrides(form: FormData): { overrides: RuleOverrides; errors: Errors; note: string | null } {
  const errors: Errors = {};
  const weights: Partial<Record<RuleKey, number>> = {};
  const disabled: RuleKey[] = [];
  const extraTerms: Partial<Record<ChargeRuleKey, string[]>> = {};
  for (const key of RULE_KEYS) {
    const raw = String(form.get(`weight.${key}`) ?? "").trim();
    const n = Number(raw);
    if (!/^\d{1,3}$/.test(raw) || n > MAX_WEIGHT) errors[`weight.${key}`] = `Enter a whole number from 0 to ${MAX_WEIGHT}.`;
    else weights[key] = n;
    if (form.get(`off.${key}`) === "on") disabled.push(key);
  }
  for (const key of CHARGE_RULE_KEYS) {
    const lines = cleanText(String(form.get(`terms.${key}`) ?? ""))
      .split("\n")
      .map((l) => cleanLine(l))
      .filter(Boolean);
    if (lines.length > MAX_TERMS) errors[`terms.${key}`] = `Add at most ${MAX_TERMS} keywords.`;
    const bad = lines.find((l) => l.length > MAX_TERM_LENGTH || !compilePattern(l));
    if (bad) errors[`terms.${key}`] = `“${bad.slice(0, 40)}” cannot be used: write words, with * for any ending (at most ${MAX_TERM_LENGTH} characters).`;
    if (lines.length) extraTerms[key] = lines;
  }
  const records: IssuerRecord[] = [];
  const recordLines = cleanText(String(form.get("issuerRecords") ?? "")).split("\n").map((l) => l.trim()).filter(Boolean);
  recordLines.forEach((line, i) => {
    const [country, source, url, year] = line.split("|").map((p) => p.trim());
    const y = Number(year);
    if (!country || !isCountryCode(country.toUpperCase()) || !source || !url || !/^https?:\/\//.test(url) || !Number.isInteger(y) || y < 1950 || y > 2100) {
      errors.issuerRecords ??= `Line ${i + 1} cannot be used: write “country code | report | address | year”, e.g. “RU | Freedom House report | https://… | 2021”.`;
      return;
    }
    records.push({ country: country.toUpperCase(), source: cleanLine(source), url, year: y });
  });
  const note = cleanLine(String(form.get("note") ?? "")).slice(0, 300) || null;
  if (!note) errors.note = "Say what this version changes and why: the next administrator reads it.";
  return { overrides: { weights, disabled, extraTerms, issuerRecords: records }, errors, note };
}

export async function action(args: ActionFunctionArgs) {
  const admin = await requireUser(args, { role: "admin" });
  const form = await readForm(args.request);
  const { overrides, errors, note } = readOverrides(form);
  if (Object.keys(errors).length) {
    const values: Record<string, string> = {};
    for (const [k, v] of form.entries()) if (typeof v === "string") values[k] = v;
    return data({ errors, values }, { status: 400 });
  }
  const version = await saveRuleSet(args.context.database.db, { overrides, note, userId: admin.id });
  await audit(args.context, { actorId: admin.id, action: "indicator.rules_changed", targetType: "indicator_rules", targetId: String(version), details: { version, note } });
  let queued = false;
  try {
    await requestRescore(args.context.database, admin.id, `rules version ${version}`);
    queued = true;
  } catch {
    // No job runner has created the queue yet (a web-only process never started one): the hourly
    // run or the next pull rescores.
  }
  return redirect(`/admin/indicators?saved=${version}${queued ? "&queued=1" : ""}`);
}

export default function AdminIndicators() {
  const l = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors: Errors = failed?.errors ?? {};
  const values: Record<string, string> | null = failed?.values ?? null;
  const val = (name: string, fallback: string) => (values ? (values[name] ?? "") : fallback);
  const checked = (name: string, fallback: boolean) => (values ? values[name] === "on" : fallback);
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> ›
      </p>
      <h1>Indicator rules</h1>
      <p>
        Rules version <strong className="mono">{l.version}</strong>. A notice is flagged for <Link to="/review">review</Link> when its
        score reaches {l.threshold} with at least one reason that is not weak (the issuing state&rsquo;s record, its cases here,
        changed charges and financial charges are weak: they raise a score, never flag alone). Saving makes a new version and
        rescores every notice within minutes.
      </p>
      {l.saved ? (
        <p className="notice-banner notice-banner--ok" role="status">
          Version {l.saved} saved.{" "}
          {l.queued ? "Every notice is being rescored." : "Notices are rescored at the next hourly run or pull (no job runner has started yet)."}
        </p>
      ) : null}
      <FormError message={Object.keys(errors).length ? "Some fields could not be used: see the messages below. Nothing was saved." : undefined} />
      <Form method="post" className="stack">
        <div className="table-wrap">
          <table className="reflow">
            <caption>Rules and their weights (0 to {MAX_WEIGHT}); keywords added to the built-in ones, one per line</caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Weight</th>
                <th scope="col">Off</th>
                <th scope="col">Added keywords</th>
              </tr>
            </thead>
            <tbody>
              {l.rules.map((r) => (
                <tr key={r.key}>
                  <td data-label="Rule" className="reflow__title">
                    {r.label}
                    <div className="muted mono">{r.key}</div>
                    {r.weak ? <div className="muted">weak: never flags alone</div> : null}
                  </td>
                  <td data-label="Weight">
                    <label className="visually-hidden" htmlFor={`weight.${r.key}`}>
                      Weight of {r.label}
                    </label>
                    <input
                      id={`weight.${r.key}`}
                      name={`weight.${r.key}`}
                      inputMode="numeric"
                      size={3}
                      defaultValue={val(`weight.${r.key}`, String(r.weight))}
                      aria-invalid={errors[`weight.${r.key}`] ? true : undefined}
                      aria-describedby={errors[`weight.${r.key}`] ? `weight.${r.key}-error` : undefined}
                    />
                    {r.weight !== l.defaults[r.key] ? <div className="muted">default {l.defaults[r.key]}</div> : null}
                    {errors[`weight.${r.key}`] ? (
                      <span className="error" id={`weight.${r.key}-error`}>
                        {errors[`weight.${r.key}`]}
                      </span>
                    ) : null}
                  </td>
                  <td data-label="Off">
                    <label>
                      <input type="checkbox" name={`off.${r.key}`} defaultChecked={checked(`off.${r.key}`, l.disabled.includes(r.key))} />
                      <span className="visually-hidden"> Switch off {r.label}</span>
                    </label>
                  </td>
                  <td data-label="Added keywords">
                    {r.charge ? (
                      <>
                        <label className="visually-hidden" htmlFor={`terms.${r.key}`}>
                          Keywords added to {r.label}
                        </label>
                        <textarea
                          id={`terms.${r.key}`}
                          name={`terms.${r.key}`}
                          rows={2}
                          defaultValue={val(`terms.${r.key}`, ((l.extraTerms as Record<string, string[]>)[r.key] ?? []).join("\n"))}
                          aria-invalid={errors[`terms.${r.key}`] ? true : undefined}
                        />
                        {errors[`terms.${r.key}`] ? <span className="error">{errors[`terms.${r.key}`]}</span> : null}
                      </>
                    ) : (
                      <span className="muted">from the notice&rsquo;s history and the cases</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="field">
          <label htmlFor="issuerRecords">Public reports on issuing states (one per line: country code | report | address | year)</label>
          <textarea
            id="issuerRecords"
            name="issuerRecords"
            rows={8}
            defaultValue={val("issuerRecords", l.issuerRecords.map((r) => `${r.country} | ${r.source} | ${r.url} | ${r.year}`).join("\n"))}
            aria-invalid={errors.issuerRecords ? true : undefined}
          />
          {errors.issuerRecords ? <span className="error">{errors.issuerRecords}</span> : null}
        </div>
        <div className="field">
          <label htmlFor="note">What this version changes, and why</label>
          <input id="note" name="note" maxLength={300} defaultValue={val("note", "")} aria-invalid={errors.note ? true : undefined} />
          {errors.note ? <span className="error">{errors.note}</span> : null}
        </div>
        <div>
          <button type="submit">Save as a new version and rescore</button>
        </div>
      </Form>
      <h2>Versions</h2>
      {l.history.length === 0 ? (
        <p className="muted">Only the built-in rules so far ({DEFAULT_RULES.version}).</p>
      ) : (
        <ul>
          {l.history.map((h) => (
            <li key={h.version}>
              Version {h.version}, {formatDateTime(h.createdAt)} by {h.createdBy ?? "someone"}: {h.note ?? "—"}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
