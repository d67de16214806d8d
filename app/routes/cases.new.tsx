import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { createCase, saveCaseRecord } from "../../db/queries/cases";
import { requestRescore } from "../../db/queries/indicators";
import { noticeForPage } from "../../db/queries/notice-page";
import { isEntityId } from "../../lib/notice-id";
import { requireUser } from "../auth.server";
import { caseFormSchema, caseInputOf, joinLists } from "../case-forms";
import { CaseForm, type Values } from "../components/CaseForm";
import { parseForm, readForm } from "../forms";

export const meta: MetaFunction = () => [{ title: "Record a case · Article 3" }];

type Warrant = { issuer?: string | null; charge?: string | null; chargeTranslation?: string | null };

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, { role: "editor" });
  const from = new URL(args.request.url).searchParams.get("from_notice")?.trim() ?? "";
  const values: Values = { visibility: "internal", alertStatus: "active" };
  let notice: { entityId: string; name: string } | null = null;
  if (from && isEntityId(from)) {
    const n = await noticeForPage(args.context.database.db, from);
    if (n) {
      // Prefilled from the notice: subject, requesting state, charges; the alert is linked on save.
      const name = [n.forename, n.name].filter(Boolean).join(" ");
      const warrants = (n.warrants ?? []) as unknown as Warrant[];
      values.subjectName = name;
      values.title = `${name}: red notice ${n.entityId}`;
      values.requestingCountry = warrants[0]?.issuer ?? n.warrantCountries?.[0] ?? "";
      values.nationalities = (n.nationalities ?? []).join("; ");
      values.chargesAlleged = warrants.map((w) => w.chargeTranslation || w.charge).filter(Boolean).join("\n");
      values.tactics = "red_notice";
      values.alertStatus = n.status === "removed" ? "unknown" : "active";
      values.fromNotice = n.entityId;
      notice = { entityId: n.entityId, name };
    }
  }
  return { values, notice, fromMissing: !!from && !notice };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "editor" });
  const form = joinLists(await readForm(args.request), ["motives", "tactics"]);
  const parsed = parseForm(caseFormSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const db = args.context.database.db;
  const actor = { userId: user.id, ip: args.context.ip };
  const created = await createCase(db, actor, caseInputOf(parsed.data), { now: args.context.now?.() });
  if (parsed.data.fromNotice) {
    const n = await noticeForPage(db, parsed.data.fromNotice);
    await saveCaseRecord(db, actor, "case_alert", created.id, {
      kind: "red_notice",
      issuingCountry: parsed.data.requestingCountry,
      issuedOn: null,
      publishedOn: null,
      removedOn: null,
      status: n?.status === "removed" ? "unknown" : "active",
      entityId: parsed.data.fromNotice,
      notes: null,
      visibility: parsed.data.visibility,
    });
  }
  // Scores read case data (issuers' share of political cases, linked refugee cases).
  await requestRescore(args.context.database, user.id, `case ${created.reference} created`);
  return redirect(`/cases/${created.reference}`);
}

export default function NewCase() {
  const { values, notice, fromMissing } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Record a case</h1>
      {notice ? (
        <p className="notice-banner">
          Started from notice <a href={`/notices/${notice.entityId.replace("/", "-")}`}>{notice.entityId}</a> ({notice.name}): it
          will be linked to the case as its alert.
        </p>
      ) : null}
      {fromMissing ? <p className="notice-banner notice-banner--error">That notice is not in the store; the form starts empty.</p> : null}
      {result?.errors ? (
        <p className="notice-banner notice-banner--error" role="alert">
          Some fields need attention; nothing was saved yet.
        </p>
      ) : null}
      <CaseForm values={(result?.values as Values) ?? values} errors={result?.errors ?? {}} submitLabel="Save the case" showRestricted />
    </>
  );
}
