import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { createDecision, DuplicateCitationError, UnknownCaseError } from "../../db/queries/decisions";
import { decisionFieldsSchema } from "../../lib/decision-csv";
import { viewerOf } from "../../lib/visibility";
import { audit, requireUser } from "../auth.server";
import { DecisionForm, formFields } from "../components/DecisionForm";
import { parseForm, readForm } from "../forms";

export const meta: MetaFunction = () => [{ title: "Add a decision · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, { role: "editor" });
  return null;
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "editor" });
  const raw = formFields(await readForm(args.request));
  const form = new FormData();
  for (const [k, v] of Object.entries(raw)) form.set(k, v);
  const parsed = parseForm(decisionFieldsSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: raw, message: "Some fields need attention." }, { status: 400 });
  try {
    const row = await createDecision(args.context.database.db, { kind: "user", userId: user.id, role: user.role }, parsed.data);
    await audit(args.context, { actorId: user.id, action: "decision.created", targetType: "decision", targetId: String(row.id), details: { citation: row.citation } });
    return redirect(`/decisions/${row.id}`);
  } catch (e) {
    if (e instanceof DuplicateCitationError) return data({ errors: { citation: e.message }, values: raw, message: "Some fields need attention." }, { status: 400 });
    if (e instanceof UnknownCaseError) return data({ errors: { case_key: e.message }, values: raw, message: "Some fields need attention." }, { status: 400 });
    throw e;
  }
}

export default function NewDecision() {
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/precedents">← Precedents</Link>
      </p>
      <h1>Add a decision</h1>
      <DecisionForm values={result?.values ?? {}} errors={result?.errors ?? {}} message={result?.message} submit="Add the decision" />
    </>
  );
}
