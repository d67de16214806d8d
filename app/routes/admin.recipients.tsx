// Admin › Digest recipients: partners and funders who get the weekly digest without an account.
// They only ever receive public content (PUBLIC_VIEWER), whatever is chosen here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { addRecipient, listRecipients, removeRecipient } from "../../db/queries/digest";
import { countryName, isCountryCode } from "../../lib/countries";
import { canonicalEmail } from "../../lib/email";
import { MOTIVES } from "../../lib/taxonomy";
import { cleanLine } from "../../lib/text";
import { audit, nowOf, requireUser } from "../auth.server";
import { Field } from "../components/Field";
import { When } from "../components/When";
import { badRequest, parseForm, readForm, type FieldErrors } from "../forms";

export const meta: MetaFunction = () => [{ title: "Digest recipients · Admin · Article 3" }];

const listOf = (what: string, valid: (v: string) => boolean, normal: (v: string) => string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const items = [...new Set((v ?? "").split(/[,;\s]+/).map((x) => normal(x.trim())).filter(Boolean))];
      const bad = items.filter((x) => !valid(x));
      if (bad.length) ctx.addIssue({ code: "custom", message: `Not ${what}: ${bad.join(", ")}` });
      return items;
    });

export const recipientSchema = z.object({
  email: z.string().transform((v, ctx) => {
    const c = canonicalEmail(v);
    if (!c) ctx.addIssue({ code: "custom", message: "Enter an e-mail address, such as name@example.org." });
    return c ?? z.NEVER;
  }),
  name: z.string().transform(cleanLine).pipe(z.string().min(1, "Enter the organisation's or person's name.").max(200, "At most 200 characters.")),
  countries: listOf("country codes", isCountryCode, (x) => x.toUpperCase()),
  motives: listOf("motives from the list", (m) => MOTIVES.has(m), (x) => x.toLowerCase()),
});

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, { role: "admin" });
  const rows = await listRecipients(args.context.database.db);
  return {
    recipients: rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      countries: r.countries,
      motives: r.motives,
      createdAt: r.createdAt.toISOString(),
      unsubscribedAt: r.unsubscribedAt?.toISOString() ?? null,
    })),
  };
}

type ActionData = { kind: "added"; email: string } | { kind: "removed"; email: string } | { kind: "error"; errors: FieldErrors; values: Record<string, string> };

export async function action(args: ActionFunctionArgs) {
  const admin = await requireUser(args, { role: "admin" });
  const { context } = args;
  const db = context.database.db;
  const form = await readForm(args.request);
  const intent = form.get("intent");
  if (intent === "add") {
    const parsed = parseForm(recipientSchema, form);
    if (!parsed.ok) return data<ActionData>({ kind: "error", ...parsed }, { status: 400 });
    const row = await addRecipient(db, { ...parsed.data, createdBy: admin.id });
    if (!row) {
      return data<ActionData>(
        { kind: "error", errors: { email: "This address already gets the digest." }, values: Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)])) },
        { status: 400 },
      );
    }
    await audit(context, { actorId: admin.id, action: "digest.recipient_added", targetType: "digest_recipient", targetId: String(row.id), details: { email: row.email } });
    return { kind: "added", email: row.email } satisfies ActionData;
  }
  if (intent === "remove") {
    const id = Number(form.get("id"));
    if (!Number.isInteger(id) || id <= 0) throw badRequest("Which recipient? Use the button beside them.");
    const row = await removeRecipient(db, id, nowOf(context));
    if (!row) throw new Response("Not Found", { status: 404 });
    await audit(context, { actorId: admin.id, action: "digest.recipient_removed", targetType: "digest_recipient", targetId: String(row.id), details: { email: row.email } });
    return { kind: "removed", email: row.email } satisfies ActionData;
  }
  throw badRequest("Unknown request.");
}

export default function Recipients() {
  const { recipients } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const errors = result?.kind === "error" ? result.errors : {};
  const values = result?.kind === "error" ? result.values : {};
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> ›
      </p>
      <h1>Digest recipients</h1>
      <p className="lede">
        Partners and funders who get the weekly digest by e-mail without an account. They only ever receive public
        content: public notices, and public cases, decisions, hearings and deadlines. Their deliveries are under{" "}
        <Link to="/admin/deliveries">Deliveries</Link>.
      </p>
      {result?.kind === "added" || result?.kind === "removed" ? (
        <div className="notice-banner notice-banner--ok" role="status">
          {result.kind === "added" ? `${result.email} gets the digest from next Monday.` : `${result.email} no longer gets the digest.`}
        </div>
      ) : null}
      {recipients.length === 0 ? (
        <p>No external recipients yet. Add one below, or from a terminal: npm run -s cli -- recipient:add --email E --name N.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Countries</th>
                <th scope="col">Motives</th>
                <th scope="col">Since</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {recipients.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}</td>
                  <td>
                    {r.email}
                    {r.unsubscribedAt ? (
                      <>
                        <br />
                        <span className="badge">unsubscribed</span> <When value={r.unsubscribedAt} />
                      </>
                    ) : null}
                  </td>
                  <td>{r.countries.length ? r.countries.map((c) => countryName(c) ?? c).join(", ") : "All"}</td>
                  <td>{r.motives.length ? r.motives.map((m) => MOTIVES.label(m)).join(", ") : "All"}</td>
                  <td className="nowrap">
                    <When value={r.createdAt} date />
                  </td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="id" value={r.id} />
                      <button type="submit" name="intent" value="remove" className="secondary">
                        Remove
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 id="add-h">Add a recipient</h2>
      <Form method="post" className="stack" aria-labelledby="add-h" noValidate>
        <Field label="E-mail address" name="email" type="email" required defaultValue={values.email ?? ""} error={errors.email} />
        <Field label="Name" name="name" required defaultValue={values.name ?? ""} error={errors.name} hint="The organisation or person, as the greeting shows it." />
        <Field label="Requesting countries" name="countries" defaultValue={values.countries ?? ""} error={errors.countries} hint="Country codes separated by commas, such as RU, CN. Empty: every country." />
        <Field
          label="Motives"
          name="motives"
          defaultValue={values.motives ?? ""}
          error={errors.motives}
          hint={`Keys separated by commas, from: ${MOTIVES.keys.join(", ")}. Empty: every motive.`}
        />
        <div>
          <button type="submit" name="intent" value="add">
            Add recipient
          </button>
        </div>
      </Form>
    </>
  );
}
