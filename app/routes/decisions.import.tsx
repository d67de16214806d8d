import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { importDecisions, type ImportResult } from "../../db/queries/decisions";
import { DECISION_COLUMNS, parseDecisionCsv } from "../../lib/decision-csv";
import { audit, requireUser } from "../auth.server";
import { readForm } from "../forms";
import { formatCount } from "../format";

export const meta: MetaFunction = () => [{ title: "Import decisions · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, { role: "editor" });
  return null;
}

type Outcome = { ok: boolean; dryRun: boolean; message: string; result?: ImportResult };

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "editor" });
  const form = await readForm(args.request);
  const file = form.get("file");
  const dryRun = form.get("dry_run") === "on";
  if (!file || typeof file === "string" || file.size === 0) {
    return data<Outcome>({ ok: false, dryRun, message: "Choose a CSV file to upload." }, { status: 400 });
  }
  const parsed = parseDecisionCsv(await file.text());
  const result: ImportResult = parsed.errors.length
    ? { created: 0, updated: 0, unchanged: 0, errors: parsed.errors }
    : await importDecisions(args.context.database.db, { userId: user.id }, parsed.decisions, { dryRun });
  if (result.errors.length) {
    return data<Outcome>({ ok: false, dryRun, message: "Nothing was imported: fix these rows and upload the file again.", result }, { status: 400 });
  }
  if (!dryRun) {
    await audit(args.context, {
      actorId: user.id,
      action: "decisions.imported",
      details: { created: result.created, updated: result.updated, unchanged: result.unchanged, file: file.name.slice(0, 200) },
    });
  }
  const counts = `${formatCount(result.created)} new, ${formatCount(result.updated)} updated, ${formatCount(result.unchanged)} unchanged`;
  return { ok: true, dryRun, message: dryRun ? `Checked: the file would import ${counts}. Nothing was written.` : `Imported: ${counts}.`, result } satisfies Outcome;
}

export default function ImportDecisions() {
  const outcome = useActionData<typeof action>() as Outcome | undefined;
  return (
    <>
      <p>
        <Link to="/precedents">← Precedents</Link>
      </p>
      <h1>Import decisions</h1>
      <p>
        A CSV file with a header row and the columns <code>{DECISION_COLUMNS.join(", ")}</code>. Only <code>citation</code>, <code>forum</code> and{" "}
        <code>outcome</code> are required; lists (<code>grounds</code>, <code>legal_provisions</code>) are separated by <code>;</code>. A decision whose
        citation is already here is updated. If any row has a problem, nothing is imported.
      </p>
      {outcome ? (
        <div className={`notice-banner${outcome.ok ? "" : " notice-banner--error"}`} role={outcome.ok ? "status" : "alert"}>
          {outcome.message}
          {outcome.result?.errors.length ? (
            <ul>
              {outcome.result.errors.slice(0, 200).map((e, i) => (
                <li key={i}>
                  Row {e.row} (line {e.line}){e.column ? `, ${e.column}` : ""}: {e.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="file">CSV file</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <label className="checkbox">
          <input type="checkbox" name="dry_run" /> Only check the file (write nothing)
        </label>
        <div>
          <button type="submit">Upload</button>
        </div>
      </Form>
    </>
  );
}
