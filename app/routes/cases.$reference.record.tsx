// Add or edit one record of a case: a timeline event, an alert (with a notice picker that
// searches the stored notices: a plain search-then-choose form without JavaScript), a source or
// an actor. `?type=case_event|case_alert|source|case_actor[&id=N]`.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { getCase, saveCaseRecord, saveSource } from "../../db/queries/cases";
import { requestRescore } from "../../db/queries/indicators";
import { searchNotices } from "../../db/queries/notices";
import { COUNTRIES } from "../../lib/countries";
import { isEntityId } from "../../lib/notice-id";
import { ALERT_STATUSES, RELIABILITY, SOURCE_KINDS, TIMELINE_EVENT_KINDS } from "../../lib/taxonomy";
import { viewerOf } from "../../lib/visibility";
import type { RecordType } from "../../db/schema/cases";
import { requireUser } from "../auth.server";
import { actorFormSchema, alertFormSchema, eventFormSchema, eventInputOf, sourceFormSchema } from "../case-forms";
import { ConflictPanel, VisibilitySelect, VocabSelect, type Values } from "../components/CaseForm";
import { Field } from "../components/Field";
import { parseForm, readForm } from "../forms";

export const meta: MetaFunction = () => [{ title: "Case record · Article 3" }];

const TYPES = ["case_event", "case_alert", "source", "case_actor"] as const;
type Type = (typeof TYPES)[number];
const NOUN: Record<Type, string> = { case_event: "timeline event", case_alert: "alert", source: "source", case_actor: "actor" };

const LABELS: Record<Type, Record<string, string>> = {
  case_event: { occurredOn: "Date", kind: "What happened", actor: "Who acted", target: "Against whom", place: "Place", placeCountry: "Country", description: "Description", visibility: "Visibility" },
  case_alert: { kind: "Kind", issuingCountry: "Issuing country", issuedOn: "Issued", publishedOn: "Published", removedOn: "Removed", status: "Status", entityId: "Linked notice", notes: "Notes", visibility: "Visibility" },
  source: { kind: "Kind", title: "Title", publisher: "Publisher", publishedOn: "Date", url: "Web address", reliability: "Reliability", confidentialIdentity: "Confidential identity", notes: "Notes", visibility: "Visibility" },
  case_actor: { name: "Name", kind: "Kind", role: "Role", description: "Description", visibility: "Visibility" },
};

function typeOf(url: URL | FormData): Type {
  const t = url instanceof URL ? url.searchParams.get("type") : url.get("type");
  if (!TYPES.includes(t as Type)) throw new Response("Choose what to add: an event, an alert, a source or an actor.", { status: 400 });
  return t as Type;
}

const valuesOf = (row: Record<string, unknown> | null | undefined): Values => {
  const out: Values = {};
  for (const [k, v] of Object.entries(row ?? {})) out[k] = v === null || v === undefined ? "" : typeof v === "boolean" ? (v ? "on" : "") : String(v);
  return out;
};

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "editor" });
  const url = new URL(args.request.url);
  const type = typeOf(url);
  const reference = args.params.reference ?? "";
  const db = args.context.database.db;
  const detail = await getCase(db, viewerOf(user), reference);
  if (!detail || detail.case.deletedAt) throw new Response("Not Found", { status: 404 });
  const id = Number(url.searchParams.get("id") ?? "");
  const list = { case_event: detail.events, case_alert: detail.alerts, source: detail.sources, case_actor: detail.actors }[type] as { id: number }[];
  const existing = Number.isInteger(id) && id > 0 ? list.find((r) => r.id === id) : undefined;
  if (url.searchParams.has("id") && !existing) throw new Response("Not Found", { status: 404 });
  const values: Values = existing ? valuesOf(existing as Record<string, unknown>) : { visibility: detail.case.visibility };
  if (type === "source" && !existing) values.attachTo = url.searchParams.get("attachTo") ?? "case";
  if (type === "source" && existing) {
    const link = (existing as unknown as { links: { recordType: string; recordId: number; locator: string | null }[] }).links[0];
    values.attachTo = link && link.recordType !== "case" ? `${link.recordType}:${link.recordId}` : "case";
    values.locator = link?.locator ?? "";
  }
  if (type === "case_alert" && !existing) {
    values.kind = "red_notice";
    values.issuingCountry = detail.case.requestingCountry ?? "";
  }
  // The notice picker: a search over the stored notices; choosing one fills the alert's link.
  const noticeQ = url.searchParams.get("notice_q")?.trim().slice(0, 200) ?? "";
  const picked = url.searchParams.get("entityId")?.trim() ?? "";
  if (picked && isEntityId(picked)) values.entityId = picked;
  const found =
    type === "case_alert" && noticeQ
      ? (await searchNotices(db, { q: noticeQ, status: "all", perPage: 10, now: args.context.now?.() ?? new Date() })).rows
      : [];
  return {
    type,
    reference,
    caseTitle: detail.case.title,
    values,
    editing: !!existing,
    noticeQ,
    found,
    events: detail.events.map((e) => ({ id: e.id, label: `${e.occurredOn} ${TIMELINE_EVENT_KINDS.label(e.kind)}` })),
    decisions: detail.decisions.map((d) => ({ id: d.id, label: d.citation })),
    alerts: detail.alerts.map((a) => ({ id: a.id, label: `${a.kind.replace("_", " ")} ${a.entityId ?? ""}` })),
  };
}

type Result = { errors: Record<string, string>; values: Values; conflict?: { theirs: Values } };

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "editor" });
  const form = await readForm(args.request);
  const type = typeOf(form);
  const reference = args.params.reference ?? "";
  const db = args.context.database.db;
  const detail = await getCase(db, viewerOf(user), reference);
  if (!detail || detail.case.deletedAt) throw new Response("Not Found", { status: 404 });
  const caseId = detail.case.id;
  const actor = { userId: user.id, ip: args.context.ip };
  const now = args.context.now?.();
  const raw: Values = {};
  for (const [k, v] of form.entries()) if (typeof v === "string") raw[k] = v;
  const fail = (errors: Record<string, string>, status = 400) => data<Result>({ errors, values: raw }, { status });
  const edit = (d: { id?: number; version?: number }) => (d.id ? { id: d.id, version: d.version ?? 0 } : undefined);
  let saved;
  if (type === "case_event") {
    const p = parseForm(eventFormSchema, form);
    if (!p.ok) return fail(p.errors);
    saved = await saveCaseRecord(db, actor, "case_event", caseId, eventInputOf(p.data), edit(p.data), { now });
  } else if (type === "case_alert") {
    const p = parseForm(alertFormSchema, form);
    if (!p.ok) return fail(p.errors);
    const { id: _i, version: _v, ...input } = p.data;
    saved = await saveCaseRecord(db, actor, "case_alert", caseId, input, edit(p.data), { now });
  } else if (type === "case_actor") {
    const p = parseForm(actorFormSchema, form);
    if (!p.ok) return fail(p.errors);
    const { id: _i, version: _v, ...input } = p.data;
    saved = await saveCaseRecord(db, actor, "case_actor", caseId, input, edit(p.data), { now });
  } else {
    const p = parseForm(sourceFormSchema, form);
    if (!p.ok) return fail(p.errors);
    const { id: _i, version: _v, attachTo, locator, ...input } = p.data as z.infer<typeof sourceFormSchema>;
    const [recordType, recordIdText] = attachTo.split(":") as [RecordType, string | undefined];
    const recordId = recordType === "case" ? caseId : Number(recordIdText);
    const owned =
      recordType === "case" ||
      (recordType === "case_event" && detail.events.some((e) => e.id === recordId)) ||
      (recordType === "decision" && detail.decisions.some((d) => d.id === recordId)) ||
      (recordType === "case_alert" && detail.alerts.some((a) => a.id === recordId));
    if (!owned) return fail({ attachTo: "Choose a record of this case." });
    saved = await saveSource(db, actor, caseId, input, { recordType, recordId, locator }, edit(p.data), { now });
  }
  if (saved.ok) {
    // A linked notice's score reads the case (refugee or asylum protection): rescore in the background.
    if (type === "case_alert") await requestRescore(args.context.database, user.id, `alert of case ${reference} changed`);
    return redirect(`/cases/${reference}`);
  }
  if (!saved.current) throw new Response("Not Found", { status: 404 });
  const theirs = valuesOf(saved.current);
  return data<Result>({ errors: {}, values: { ...raw, version: theirs.version ?? raw.version ?? "" }, conflict: { theirs } }, { status: 409 });
}

function CountrySelectField({ name, label, value, error }: { name: string; label: string; value: string; error?: string }) {
  return (
    <Field label={label} name={name} error={error}>
      <select id={`f-${name}`} name={name} defaultValue={value}>
        <option value="">Unknown</option>
        {COUNTRIES.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

export default function RecordForm() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const values = result?.values ?? d.values;
  const errors = result?.errors ?? {};
  const v = (k: string) => values[k] ?? "";
  const t = d.type;
  return (
    <>
      <p className="muted mono">
        <Link to="/cases">Cases</Link> › <Link to={`/cases/${d.reference}`}>{d.reference}</Link> › {d.editing ? "Edit" : "Add"} {NOUN[t]}
      </p>
      <h1>
        {d.editing ? "Edit" : "Add"} {NOUN[t] === "alert" || NOUN[t] === "actor" ? `an ${NOUN[t]}` : `a ${NOUN[t]}`}: {d.caseTitle}
      </h1>
      {result?.conflict ? <ConflictPanel mine={values} theirs={result.conflict.theirs} by={null} labels={LABELS[t]} /> : null}
      {result && !result.conflict && Object.keys(errors).length ? (
        <p className="notice-banner notice-banner--error" role="alert">
          Some fields need attention; nothing was saved yet.
        </p>
      ) : null}

      {t === "case_alert" ? (
        <Form method="get" className="filters" role="search" aria-label="Find a notice to link">
          <input type="hidden" name="type" value="case_alert" />
          {d.editing ? <input type="hidden" name="id" value={v("id")} /> : null}
          <div className="field field--wide">
            <label htmlFor="f-notice_q">Find a stored notice to link (name or charge)</label>
            <input id="f-notice_q" name="notice_q" type="search" defaultValue={d.noticeQ} />
          </div>
          <div className="filters__actions">
            <button type="submit" className="secondary">
              Search notices
            </button>
          </div>
        </Form>
      ) : null}

      <Form method="post" className="form" noValidate key={result?.conflict ? `c${values.version}` : "form"}>
        <input type="hidden" name="type" value={t} />
        {v("id") ? <input type="hidden" name="id" value={v("id")} /> : null}
        {v("version") ? <input type="hidden" name="version" value={v("version")} /> : null}
        {t === "case_event" ? (
          <>
            <Field label="Date" name="occurredOn" defaultValue={v("occurredOn")} error={errors.occurredOn} hint="2021, 2021-07 or 2021-07-15" required />
            <div className="field">
              <label>
                <input type="checkbox" name="approximate" defaultChecked={v("approximate") === "on"} /> About (the date is approximate)
              </label>
            </div>
            <VocabSelect name="kind" label="What happened" vocab={TIMELINE_EVENT_KINDS} value={v("kind") || "other"} error={errors.kind} />
            <Field label="Who acted" name="actor" defaultValue={v("actor")} error={errors.actor} hint="e.g. Chinese police, a famous acquaintance" />
            <Field label="Against whom" name="target" defaultValue={v("target")} error={errors.target} hint="e.g. the subject's sister" />
            <Field label="Place" name="place" defaultValue={v("place")} error={errors.place} />
            <CountrySelectField name="placeCountry" label="Country" value={v("placeCountry")} error={errors.placeCountry} />
            <Field label="Description" name="description" error={errors.description}>
              <textarea id="f-description" name="description" rows={4} defaultValue={v("description")} />
            </Field>
          </>
        ) : t === "case_alert" ? (
          <>
            <Field label="Kind" name="kind" error={errors.kind}>
              <select id="f-kind" name="kind" defaultValue={v("kind") || "red_notice"}>
                <option value="red_notice">Red notice</option>
                <option value="diffusion">Diffusion</option>
                <option value="other">Other</option>
              </select>
            </Field>
            <CountrySelectField name="issuingCountry" label="Issuing country" value={v("issuingCountry")} error={errors.issuingCountry} />
            <Field label="Issued" name="issuedOn" defaultValue={v("issuedOn")} error={errors.issuedOn} hint="2021, 2021-07 or 2021-07-15" />
            <Field label="Published" name="publishedOn" defaultValue={v("publishedOn")} error={errors.publishedOn} />
            <Field label="Removed" name="removedOn" defaultValue={v("removedOn")} error={errors.removedOn} />
            <VocabSelect name="status" label="Status" vocab={ALERT_STATUSES} value={v("status")} error={errors.status} />
            <fieldset className="field">
              <legend>Linked public notice</legend>
              {errors.entityId ? <span className="error">{errors.entityId}</span> : null}
              <label>
                <input type="radio" name="entityId" value="" defaultChecked={!v("entityId")} /> None
              </label>
              {v("entityId") && !d.found.some((n) => n.entityId === v("entityId")) ? (
                <label>
                  <input type="radio" name="entityId" value={v("entityId")} defaultChecked /> {v("entityId")}
                </label>
              ) : null}
              {d.found.map((n) => (
                <label key={n.entityId}>
                  <input type="radio" name="entityId" value={n.entityId} defaultChecked={v("entityId") === n.entityId} /> {n.entityId}:{" "}
                  {[n.forename, n.name].filter(Boolean).join(" ")} ({n.status === "removed" ? "removed" : "published"})
                </label>
              ))}
              {d.noticeQ && !d.found.length ? <p className="muted">No stored notice matches “{d.noticeQ}”.</p> : null}
              {!d.noticeQ ? <p className="muted">Search above to choose a notice.</p> : null}
            </fieldset>
            <Field label="Notes" name="notes" error={errors.notes}>
              <textarea id="f-notes" name="notes" rows={3} defaultValue={v("notes")} />
            </Field>
          </>
        ) : t === "source" ? (
          <>
            <Field label="Title" name="title" defaultValue={v("title")} error={errors.title} required />
            <VocabSelect name="kind" label="Kind" vocab={SOURCE_KINDS} value={v("kind") || "media"} error={errors.kind} />
            <Field label="Publisher" name="publisher" defaultValue={v("publisher")} error={errors.publisher} />
            <Field label="Date" name="publishedOn" defaultValue={v("publishedOn")} error={errors.publishedOn} hint="2021, 2021-07 or 2021-07-15" />
            <Field label="Web address" name="url" type="url" defaultValue={v("url")} error={errors.url} />
            <VocabSelect name="reliability" label="Reliability" vocab={RELIABILITY} value={v("reliability")} error={errors.reliability} />
            <Field label="Confidential identity (restricted)" name="confidentialIdentity" error={errors.confidentialIdentity} hint="Who the source is, when they must stay anonymous. Only editors, administrators and people it is shared with see it.">
              <textarea id="f-confidentialIdentity" name="confidentialIdentity" rows={2} defaultValue={v("confidentialIdentity")} />
            </Field>
            <Field label="Supports" name="attachTo" error={errors.attachTo}>
              <select id="f-attachTo" name="attachTo" defaultValue={v("attachTo") || "case"}>
                <option value="case">The case as a whole</option>
                {d.events.map((e) => (
                  <option key={e.id} value={`case_event:${e.id}`}>
                    Event: {e.label}
                  </option>
                ))}
                {d.decisions.map((x) => (
                  <option key={x.id} value={`decision:${x.id}`}>
                    Decision: {x.label}
                  </option>
                ))}
                {d.alerts.map((x) => (
                  <option key={x.id} value={`case_alert:${x.id}`}>
                    Alert: {x.label}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Where in the source" name="locator" defaultValue={v("locator")} error={errors.locator} hint="page, paragraph, timestamp" />
            <Field label="Notes" name="notes" error={errors.notes}>
              <textarea id="f-notes" name="notes" rows={3} defaultValue={v("notes")} />
            </Field>
          </>
        ) : (
          <>
            <Field label="Name" name="name" defaultValue={v("name")} error={errors.name} required />
            <Field label="Kind" name="kind" error={errors.kind}>
              <select id="f-kind" name="kind" defaultValue={v("kind") || "person"}>
                <option value="person">Person</option>
                <option value="organisation">Organisation</option>
              </select>
            </Field>
            <Field label="Role" name="role" defaultValue={v("role")} error={errors.role} hint="intermediary, lawyer, prosecutor, relative, …" />
            <Field label="Description" name="description" error={errors.description}>
              <textarea id="f-description" name="description" rows={3} defaultValue={v("description")} />
            </Field>
          </>
        )}
        <VisibilitySelect value={v("visibility")} error={errors.visibility} />
        <p>
          <button type="submit">Save</button> <Link to={`/cases/${d.reference}`}>Cancel</Link>
        </p>
      </Form>
    </>
  );
}
