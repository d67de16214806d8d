import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getCase, updateCase } from "../../db/queries/cases";
import { requestRescore } from "../../db/queries/indicators";
import { viewerOf } from "../../lib/visibility";
import { requireUser } from "../auth.server";
import { caseFormSchema, caseInputOf, joinLists } from "../case-forms";
import { CASE_FIELD_LABELS, CaseForm, caseValues, ConflictPanel, type Values } from "../components/CaseForm";
import { parseForm, readForm } from "../forms";

export const meta: MetaFunction = () => [{ title: "Edit case · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "editor" });
  const reference = args.params.reference ?? "";
  const detail = await getCase(args.context.database.db, viewerOf(user), reference, { actor: { userId: user.id, ip: args.context.ip } });
  if (!detail || detail.case.deletedAt) throw new Response("Not Found", { status: 404 });
  return { reference, title: detail.case.title, values: caseValues(detail.case) };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "editor" });
  const reference = args.params.reference ?? "";
  const form = joinLists(await readForm(args.request), ["motives", "tactics"]);
  const parsed = parseForm(caseFormSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, conflict: null }, { status: 400 });
  if (!parsed.data.version) return data({ errors: { form: "The form is missing its version: reload the page." }, values: Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Values, conflict: null }, { status: 400 });
  const saved = await updateCase(
    args.context.database.db,
    { userId: user.id, ip: args.context.ip },
    viewerOf(user),
    reference,
    parsed.data.version,
    caseInputOf(parsed.data),
    { now: args.context.now?.() },
  );
  if (saved.ok) {
    // Scores read case data (motives per issuer, refugee status of linked cases): rescore in the background.
    await requestRescore(args.context.database, user.id, `case ${reference} changed`);
    return redirect(`/cases/${reference}`);
  }
  if (!saved.current) throw new Response("Not Found", { status: 404 });
  // Someone saved in between: keep every value the user typed, show the stored version beside them,
  // and let the next save (from the stored version) be a conscious choice.
  const mine: Values = {};
  for (const [k, v] of form.entries()) if (typeof v === "string") mine[k] = v;
  const theirs = caseValues(saved.current);
  mine.version = theirs.version!;
  return data({ errors: {} as Record<string, string>, values: mine, conflict: { theirs, by: saved.current.updatedByName } }, { status: 409 });
}

export default function EditCase() {
  const { reference, title, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p className="muted mono">
        <Link to="/cases">Cases</Link> › <Link to={`/cases/${reference}`}>{reference}</Link> › Edit
      </p>
      <h1>Edit {title}</h1>
      {result?.conflict ? <ConflictPanel mine={result.values as Values} theirs={result.conflict.theirs} by={result.conflict.by} labels={CASE_FIELD_LABELS} /> : null}
      {result && !result.conflict && Object.keys(result.errors).length ? (
        <p className="notice-banner notice-banner--error" role="alert">
          {result.errors.form ?? "Some fields need attention; nothing was saved yet."}
        </p>
      ) : null}
      <CaseForm key={result?.conflict ? `c${result.values.version}` : "edit"} values={(result?.values as Values) ?? values} errors={result?.errors ?? {}} submitLabel="Save changes" showRestricted />
    </>
  );
}
