import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { DecisionConflictError, DuplicateCitationError, getDecision, UnknownCaseError, updateDecision } from "../../db/queries/decisions";
import { decisionFieldsSchema } from "../../lib/decision-csv";
import { viewerOf } from "../../lib/visibility";
import { audit, requireUser } from "../auth.server";
import { DecisionForm, formFields, type DecisionFormValues } from "../components/DecisionForm";
import { parseForm, readForm } from "../forms";

export const meta: MetaFunction = () => [{ title: "Edit a decision · Article 3" }];

function idOf(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("No such decision.", { status: 404 });
  return id;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "editor" });
  const page = await getDecision(args.context.database.db, viewerOf(user), idOf(args.params));
  if (!page) throw new Response("No such decision.", { status: 404 });
  const d = page.decision;
  const values: DecisionFormValues = {
    citation: d.citation,
    forum: d.forum,
    outcome: d.outcome,
    body: d.body ?? "",
    jurisdiction: d.jurisdiction ?? "",
    requesting_country: d.requestingCountry ?? "",
    decided_on: d.decidedOn ?? "",
    grounds: d.grounds.join(";"),
    legal_provisions: d.legalProvisions.join("; "),
    summary: d.summary ?? "",
    full_text: d.fullText ?? "",
    language: d.language ?? "",
    url: d.url ?? "",
    visibility: d.visibility,
    case_key: page.case?.reference ?? "",
    version: String(d.version),
  };
  return { id: d.id, values };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "editor" });
  const id = idOf(args.params);
  const raw = formFields(await readForm(args.request));
  const form = new FormData();
  for (const [k, v] of Object.entries(raw)) form.set(k, v);
  const parsed = parseForm(decisionFieldsSchema, form);
  const version = Number(raw.version);
  if (!parsed.ok) return data({ errors: parsed.errors, values: raw, message: "Some fields need attention." }, { status: 400 });
  if (!Number.isSafeInteger(version)) return data({ errors: {}, values: raw, message: "Reload the page and edit again." }, { status: 400 });
  try {
    const row = await updateDecision(args.context.database.db, { kind: "user", userId: user.id, role: user.role }, id, version, parsed.data);
    await audit(args.context, { actorId: user.id, action: "decision.updated", targetType: "decision", targetId: String(row.id), details: { citation: row.citation } });
    return redirect(`/decisions/${row.id}`);
  } catch (e) {
    const fail = (errors: Record<string, string>, message: string, values = raw) => data({ errors, values, message }, { status: 409 });
    if (e instanceof DecisionConflictError) {
      // Keep what was typed, but carry the new version: saving again is a deliberate overwrite.
      return fail({}, `Someone else saved this decision while you were editing (now version ${e.current.version}). Your changes are below; open the decision in another tab to compare, then save again to keep yours.`, {
        ...raw,
        version: String(e.current.version),
      });
    }
    if (e instanceof DuplicateCitationError) return fail({ citation: e.message }, "Some fields need attention.");
    if (e instanceof UnknownCaseError) return fail({ case_key: e.message }, "Some fields need attention.");
    throw e;
  }
}

export default function EditDecision() {
  const { id, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/decisions/${id}`}>← Back to the decision</Link>
      </p>
      <h1>Edit the decision</h1>
      <DecisionForm key={result?.values?.version ?? values.version} values={result?.values ?? values} errors={result?.errors ?? {}} message={result?.message} submit="Save" />
    </>
  );
}
