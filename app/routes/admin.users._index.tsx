import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  createInvite,
  findPendingInvite,
  INVITE_TTL_HOURS,
  listPendingInvites,
  revokeInvite,
  revokePendingInvites,
} from "../../db/queries/invites";
import { createMailer } from "../../lib/mail";
import { ROLE_LABELS as ROLE_NAMES } from "../../lib/roles";
import { plural } from "../../lib/words";
import { findUserByEmail, listUsers } from "../../db/queries/users";
import { audit, nowOf, requireUser } from "../auth.server";
import { Field } from "../components/Field";
import { When } from "../components/When";
import { type FieldErrors, parseForm, readForm } from "../forms";
import { inviteSchema, ROLE_LABELS, ROLE_VALUES } from "../schemas";

export const meta: MetaFunction = () => [{ title: "Users · Admin · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, { role: "admin" });
  const db = args.context.database.db;
  const [users, invites] = await Promise.all([listUsers(db), listPendingInvites(db, nowOf(args.context))]);
  return { users, invites, ttlHours: INVITE_TTL_HOURS };
}

type ActionData =
  | { kind: "invited"; url: string; email: string; expiresAt: string; replaced: boolean; emailed?: boolean; emailError?: string }
  | { kind: "error"; errors: FieldErrors; values: Record<string, string> }
  | {
      kind: "pending";
      values: Record<string, string>;
      pending: { email: string; role: string; createdAt: string; expiresAt: string; createdByName: string | null };
    }
  | { kind: "revoked" };

/** Links use PUBLIC_URL when set, so they work from outside a proxy. */
function baseUrl(args: ActionFunctionArgs) {
  return (args.context.env.PUBLIC_URL ?? new URL(args.request.url).origin).replace(/\/$/, "");
}

export async function action(args: ActionFunctionArgs) {
  const admin = await requireUser(args, { role: "admin" });
  const { context } = args;
  const db = context.database.db;
  const form = await readForm(args.request);
  const intent = form.get("intent");
  if (intent === "invite") {
    const parsed = parseForm(inviteSchema, form);
    if (!parsed.ok) return data<ActionData>({ kind: "error", ...parsed }, { status: 400 });
    const values = { email: parsed.data.email, role: parsed.data.role };
    const existing = await findUserByEmail(db, parsed.data.email);
    if (existing) {
      return data<ActionData>(
        {
          kind: "error",
          errors: {
            email: `${existing.name} already has an account with this e-mail address${existing.active ? "" : " (deactivated: reactivate it from their page)"}.`,
          },
          values,
        },
        { status: 400 },
      );
    }
    const now = nowOf(context);
    const pending = await findPendingInvite(db, parsed.data.email, now);
    const replace = form.get("replace") === "1";
    if (pending && !replace) {
      // One pending invitation per address: say so, and offer to replace it with a new link.
      return data<ActionData>(
        {
          kind: "pending",
          values,
          pending: { ...pending, createdAt: pending.createdAt.toISOString(), expiresAt: pending.expiresAt.toISOString() },
        },
        { status: 409 },
      );
    }
    const replaced = replace ? await revokePendingInvites(db, parsed.data.email, now) : [];
    const { token, invite } = await createInvite(db, { ...parsed.data, createdBy: admin.id, now });
    await audit(context, {
      actorId: admin.id,
      action: replaced.length ? "invite.replaced" : "user.invited",
      targetType: "invite",
      targetId: invite.id,
      details: { email: invite.email, role: invite.role, ...(replaced.length ? { replaced } : {}) },
    });
    const url = `${baseUrl(args)}/invite/${token}`;
    // With a mail server the link is also e-mailed; without one (or when sending fails) the admin passes it on.
    let mailed: { emailed?: boolean; emailError?: string } = {};
    if (context.env.SMTP_URL) {
      const mailer = createMailer(context.env, { timeoutMs: 15_000 });
      try {
        await mailer.send({
          to: invite.email,
          subject: "Your invitation to Article 3",
          text:
            `${admin.name} invited you to Article 3 as ${roleName(invite.role)}.\n\n` +
            `Open this link to choose your name and password. It works once, until ${invite.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC:\n\n${url}\n\n` +
            "If you did not expect this, ignore this message.\n",
        });
        mailed = { emailed: true };
      } catch (e) {
        mailed = { emailed: false, emailError: (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 200) };
      } finally {
        mailer.close();
      }
    }
    // Shown once: only the hash is stored, so the link cannot be displayed again later.
    return {
      kind: "invited",
      url,
      email: invite.email,
      expiresAt: invite.expiresAt.toISOString(),
      replaced: replaced.length > 0,
      ...mailed,
    } satisfies ActionData;
  }
  if (intent === "revoke-invite") {
    const id = String(form.get("id") ?? "");
    if (await revokeInvite(db, id, nowOf(context))) {
      await audit(context, { actorId: admin.id, action: "invite.revoked", targetType: "invite", targetId: id });
    }
    return { kind: "revoked" } satisfies ActionData;
  }
  throw new Response("Bad Request", { status: 400 });
}

const roleName = (r: string) => (r in ROLE_NAMES ? ROLE_NAMES[r as keyof typeof ROLE_NAMES].toLowerCase() : r);

const fmt = (iso: string | Date | null) => (iso ? new Date(iso).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "never");

export default function AdminUsers() {
  const { users, invites, ttlHours } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const errors = result?.kind === "error" ? result.errors : {};
  const values = result?.kind === "error" || result?.kind === "pending" ? result.values : {};
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> ›
      </p>
      <h1>Users</h1>
      <div className="table-wrap">
        <table>
          <caption>{plural(users.length, "account")}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Two-factor</th>
              <th scope="col">Last sign-in</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
                </td>
                <td>{u.email}</td>
                <td>{ROLE_NAMES[u.role]}</td>
                <td>{u.active ? <span className="badge badge--ok">active</span> : <span className="badge badge--bad">deactivated</span>}</td>
                <td>{u.twoFactor ? "on" : "off"}</td>
                <td className="nowrap">{fmt(u.lastSignInAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="invite-h">Invite someone</h2>
      {result?.kind === "pending" ? (
        <div className="notice-banner" role="alert">
          <p>
            <strong>{result.pending.email}</strong> already has an invitation waiting, as {roleName(result.pending.role)}
            {result.pending.createdByName ? `, created by ${result.pending.createdByName}` : ""} on <When value={result.pending.createdAt} /> and valid
            until <When value={result.pending.expiresAt} />. Its link cannot be shown again (only a hash of it is kept).
          </p>
          <Form method="post" className="filters">
            <input type="hidden" name="email" value={result.values.email ?? ""} />
            <input type="hidden" name="role" value={result.values.role ?? ""} />
            <input type="hidden" name="replace" value="1" />
            <button type="submit" name="intent" value="invite">
              Replace it with a new link{result.values.role && result.values.role !== result.pending.role ? ` (as ${roleName(result.values.role)})` : ""}
            </button>
          </Form>
          <p className="muted">Replacing ends the old link at once. To keep it, do nothing.</p>
        </div>
      ) : null}
      {result?.kind === "invited" ? (
        <div className="notice-banner notice-banner--ok" role="status">
          <p>
            {result.replaced ? "The old link no longer works. " : ""}Invitation for <strong>{result.email}</strong> created.{" "}
            {result.emailed ? "It was e-mailed to them. " : result.emailError ? `E-mailing it failed (${result.emailError}). ` : ""}
            {result.emailed ? "You may also send them this link" : "Send them this link"}; it works once, until <When value={result.expiresAt} />, and
            is not shown again:
          </p>
          <label htmlFor="invite-url" className="label">
            Invitation link
          </label>
          <input id="invite-url" readOnly value={result.url} style={{ width: "100%" }} onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : null}
      <Form method="post" className="stack" aria-labelledby="invite-h" noValidate>
        <Field label="E-mail address" name="email" type="email" required defaultValue={values.email ?? ""} error={errors.email} />
        <Field label="Role" name="role" error={errors.role}>
          <select id="f-role" name="role" defaultValue={values.role ?? "viewer"} aria-invalid={errors.role ? true : undefined} aria-describedby={errors.role ? "f-role-error" : undefined}>
            {ROLE_VALUES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </Field>
        <p className="muted">The link expires after {ttlHours} hours.</p>
        <div>
          <button type="submit" name="intent" value="invite">
            Create invitation link
          </button>
        </div>
      </Form>

      <h2 id="invites-h">Open invitations</h2>
      {invites.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Invited by</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invites.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>{ROLE_NAMES[i.role]}</td>
                  <td>{i.createdByName ?? "—"}</td>
                  <td className="nowrap">{fmt(i.expiresAt)}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="id" value={i.id} />
                      <button type="submit" name="intent" value="revoke-invite" className="secondary">
                        Revoke
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
