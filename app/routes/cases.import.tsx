// Upload a cases CSV: preview with every row's problems, a column mapping for files whose headers
// differ from ours, then an all-or-nothing commit. Works without JavaScript: the file's text
// travels in a hidden field between preview and commit.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { importCases, type ImportOutcome } from "../../db/queries/case-import";
import { parseCaseCsv, type CaseImportRow } from "../../lib/case-csv";
import { CASE_CSV_COLUMNS, rowErrorText, type RowError } from "../../lib/case-fields";
import { requireUser } from "../auth.server";
import { readForm } from "../forms";

export const meta: MetaFunction = () => [{ title: "Import cases · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, { role: "editor" });
  return null;
}

type Result = {
  csv: string;
  fileColumns: string[];
  mapping: Record<string, string>;
  errors: RowError[];
  preview: Pick<CaseImportRow, "row" | "key" | "subjectName" | "requestingCountry" | "visibility">[];
  outcome: ImportOutcome | null;
  committed: boolean;
  message?: string;
};

const MAX_CHARS = 5_000_000;

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "editor" });
  const form = await readForm(args.request);
  const intent = String(form.get("intent") ?? "preview");
  const file = form.get("file");
  let csv = typeof form.get("csv") === "string" ? String(form.get("csv")) : "";
  if (file && typeof file !== "string" && file.size > 0) csv = await file.text();
  const empty: Result = { csv: "", fileColumns: [], mapping: {}, errors: [], preview: [], outcome: null, committed: false };
  if (!csv.trim()) return data({ ...empty, message: "Choose a CSV file (or paste its text) to preview." }, { status: 400 });
  if (csv.length > MAX_CHARS) return data({ ...empty, message: "The file is too large: split it into files of at most 5 MB." }, { status: 400 });
  // The mapping: map.<file column> = our column (or "" to ignore it).
  const mapping: Record<string, string> = {};
  for (const [k, v] of form.entries()) {
    if (k.startsWith("map.") && typeof v === "string") mapping[k.slice(4)] = v || `ignored:${k.slice(4)}`;
  }
  const parsed = parseCaseCsv(csv, mapping);
  const fileColumns = parsed.fileColumns;
  const db = args.context.database.db;
  const outcome =
    parsed.errors.length === 0
      ? await importCases(db, { userId: user.id, ip: args.context.ip }, parsed.rows, { dryRun: intent !== "commit", file: "upload" })
      : null;
  const result: Result = {
    csv,
    fileColumns,
    mapping: Object.fromEntries(fileColumns.map((c) => [c, mapping[c]?.startsWith("ignored:") ? "" : (mapping[c] ?? ((CASE_CSV_COLUMNS as readonly string[]).includes(c) ? c : ""))])),
    errors: parsed.errors,
    preview: parsed.rows.slice(0, 200).map((r) => ({ row: r.row, key: r.key, subjectName: r.subjectName, requestingCountry: r.requestingCountry, visibility: r.visibility })),
    outcome,
    committed: intent === "commit" && !!outcome,
  };
  return data(result, { status: parsed.errors.length ? 400 : 200 });
}

export default function ImportCases() {
  const r = useActionData<typeof action>() as Result | undefined;
  return (
    <>
      <p className="muted mono">
        <Link to="/cases">Cases</Link> › Import
      </p>
      <h1>Import cases from a CSV file</h1>
      <p>
        The columns are those of the public cases file: <code>{CASE_CSV_COLUMNS.join(", ")}</code>. Lists are separated by
        “;”. A row whose <code>key</code> exists already updates that case. Nothing is written until you press Import, and
        then all rows or none.
      </p>
      {r?.message ? (
        <p className="notice-banner notice-banner--error" role="alert">
          {r.message}
        </p>
      ) : null}
      {r?.committed && r.outcome ? (
        <p className="notice-banner notice-banner--ok" role="status">
          Imported: {r.outcome.created} created, {r.outcome.updated} updated. <Link to="/cases">See the cases</Link>.
        </p>
      ) : null}
      {!r?.committed ? (
        <Form method="post" encType="multipart/form-data" className="form">
          <div className="field">
            <label htmlFor="f-file">CSV file</label>
            <input id="f-file" name="file" type="file" accept=".csv,text/csv" />
          </div>
          {r?.csv ? <textarea name="csv" defaultValue={r.csv} hidden readOnly /> : null}
          {r?.fileColumns.length ? (
            <fieldset className="field">
              <legend>Column mapping (the file’s column → ours)</legend>
              {r.fileColumns.map((c) => (
                <div className="field" key={c}>
                  <label htmlFor={`map-${c}`}>{c}</label>
                  <select id={`map-${c}`} name={`map.${c}`} defaultValue={r.mapping[c] ?? ""}>
                    <option value="">(ignore)</option>
                    {CASE_CSV_COLUMNS.map((k) => (
                      <option key={k} value={k}>
                        {k}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            </fieldset>
          ) : null}
          <p>
            <button type="submit" name="intent" value="preview" className="secondary">
              Preview
            </button>{" "}
            {r?.outcome && !r.errors.length ? (
              <button type="submit" name="intent" value="commit">
                Import {r.outcome.created + r.outcome.updated} rows
              </button>
            ) : null}
          </p>
        </Form>
      ) : null}
      {r?.errors.length ? (
        <div className="notice-banner notice-banner--error" role="alert">
          <p>
            <strong>Nothing can be imported yet: {r.errors.length} problem(s).</strong> Fix them in the file (or the mapping) and
            preview again.
          </p>
          <ul>
            {r.errors.slice(0, 200).map((e, i) => (
              <li key={i}>{rowErrorText(e)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {r?.outcome && !r.committed ? (
        <>
          <h2>Preview</h2>
          <p>
            {r.outcome.created} new, {r.outcome.updated} updated.
          </p>
          <div className="table-wrap">
            <table className="reflow">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Key</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Requesting</th>
                  <th scope="col">Visibility</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {r.preview.map((p) => (
                  <tr key={p.row}>
                    <td data-label="Row">{p.row}</td>
                    <td data-label="Key">{p.key}</td>
                    <td data-label="Subject">{p.subjectName}</td>
                    <td data-label="Requesting">{p.requestingCountry ?? "—"}</td>
                    <td data-label="Visibility">{p.visibility}</td>
                    <td data-label="Action">{r.outcome!.rows.find((o) => o.row === p.row)?.action === "update" ? "update" : "create"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}
