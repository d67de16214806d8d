import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { listOpenSessions, revokeSessionById, revokeUserSessions } from "../../db/queries/sessions";
import { countOtherActiveAdmins, disableTotp, getUser, toPublicUser, updateUser } from "../../db/queries/users";
import { audit, endAllAccess, nowOf, requireAuth, requireUser, sessionLimits } from "../auth.server";
import { Field, FormError } from "../components/Field";
import { parseForm, readForm } from "../forms";
import { ROLE_LABELS, ROLE_VALUES, roleSchema } from "../schemas";

export const meta: MetaFunction = () => [{ title: "User · Admin · Article 3" }];

async function target(args: LoaderFunctionArgs) {
  const user = await getUser(args.context.database.db, args.params.id ?? "");
  if (!user) throw new Response("Not Found", { status: 404 });
  return user;
}

export async function loader(args: LoaderFunctionArgs) {
  const admin = await requireUser(args, { role: "admin" });
  const user = await target(args);
  const { session } = await requireAuth(args);
  const sessions = await listOpenSessions(args.context.database.db, user.id, { now: nowOf(args.context), limits: sessionLimits(args.context) });
  return {
    user: toPublicUser(user),
    isSelf: admin.id === user.id,
    sessions: sessions.map((s) => ({ ...s, current: s.id === session.id })),
    done: new URL(args.request.url).searchParams.get("done"),
  };
}

type ActionData = { error: string };

export async function action(args: ActionFunctionArgs) {
  const admin = await requireUser(args, { role: "admin" });
  const user = await target(args);
  const { context } = args;
  const db = context.database.db;
  const now = nowOf(context);
  const form = await readForm(args.request);
  const intent = form.get("intent");
  const back = (done: string) => redirect(`/admin/users/${user.id}?done=${done}`);
  const entry = { actorId: admin.id, targetType: "user", targetId: user.id } as const;
  // Someone must always be able to administer: the last active admin keeps the role.
  const lastAdmin = user.role === "admin" && user.active && (await countOtherActiveAdmins(db, user.id)) === 0;

  if (intent === "role") {
    const parsed = parseForm(roleSchema, form);
    if (!parsed.ok) return data<ActionData>({ error: parsed.errors.role! }, { status: 400 });
    if (parsed.data.role === user.role) return back("role");
    if (lastAdmin) return data<ActionData>({ error: "This is the last active administrator; make someone else an administrator first." }, { status: 400 });
    await updateUser(db, user.id, { role: parsed.data.role });
    await audit(context, { ...entry, action: "user.role_changed", details: { from: user.role, to: parsed.data.role } });
    return back("role");
  }
  if (intent === "deactivate") {
    if (user.id === admin.id) return data<ActionData>({ error: "You cannot deactivate your own account." }, { status: 400 });
    if (lastAdmin) return data<ActionData>({ error: "This is the last active administrator." }, { status: 400 });
    await updateUser(db, user.id, { active: false });
    // Sessions and the feed link end now, not at their next expiry: the next request of an open page signs out.
    const ended = await endAllAccess(context, user.id, "user deactivated");
    await audit(context, { ...entry, action: "user.deactivated", details: { sessionsEnded: ended } });
    return back("deactivated");
  }
  if (intent === "reactivate") {
    // Nothing from before the deactivation comes back (a feed link kept in a reader, say).
    await endAllAccess(context, user.id, "user reactivated");
    await updateUser(db, user.id, { active: true });
    await audit(context, { ...entry, action: "user.reactivated" });
    return back("reactivated");
  }
  if (intent === "revoke-session") {
    const id = String(form.get("session") ?? "");
    if (await revokeSessionById(db, id, user.id, "revoked by an administrator", now)) {
      await audit(context, { ...entry, action: "session.revoked", details: { session: id } });
    }
    return back("session");
  }
  if (intent === "revoke-all") {
    const ended = await revokeUserSessions(db, user.id, "revoked by an administrator", now);
    await audit(context, { ...entry, action: "session.revoked_all", details: { sessionsEnded: ended } });
    return back("sessions");
  }
  if (intent === "reset-two-factor") {
    await disableTotp(db, user.id);
    await audit(context, { ...entry, action: "user.totp_reset" });
    return back("two-factor");
  }
  throw new Response("Bad Request", { status: 400 });
}

const fmt = (d: string | Date) => new Date(d).toISOString().slice(0, 16).replace("T", " ") + " UTC";
const DONE: Record<string, string> = {
  role: "Role saved.",
  deactivated: "Account deactivated; its sessions were ended.",
  reactivated: "Account reactivated.",
  session: "Session ended.",
  sessions: "All sessions ended.",
  "two-factor": "Two-factor sign-in was reset; they can set it up again from their profile.",
};

export default function AdminUser() {
  const { user, isSelf, sessions, done } = useLoaderData<typeof loader>();
  const error = useActionData<ActionData>()?.error;
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> › <Link to="/admin/users">Users</Link> ›
      </p>
      <h1>{user.name}</h1>
      {done && DONE[done] ? <p className="notice-banner notice-banner--ok" role="status">{DONE[done]}</p> : null}
      <FormError message={error} />
      <dl className="fields">
        <dt>E-mail</dt>
        <dd>{user.email}</dd>
        <dt>Status</dt>
        <dd>{user.active ? "Active" : "Deactivated"}</dd>
        <dt>Two-factor</dt>
        <dd>{user.twoFactor ? "On" : "Off"}</dd>
        <dt>Created</dt>
        <dd>{fmt(user.createdAt)}</dd>
      </dl>
      <p>
        Audit log: <Link to={`/admin/audit?actor=${user.id}`}>what {user.name} did</Link> ·{" "}
        <Link to={`/admin/audit?targetType=user&targetId=${user.id}`}>what was done to this account</Link>
      </p>

      <h2 id="role-h">Role</h2>
      <Form method="post" className="stack" aria-labelledby="role-h">
        <Field label="Role" name="role">
          <select id="f-role" name="role" defaultValue={user.role}>
            {ROLE_VALUES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </Field>
        <div>
          <button type="submit" name="intent" value="role">
            Save role
          </button>
        </div>
      </Form>

      <h2>Access</h2>
      <Form method="post" className="stack">
        {user.active ? (
          isSelf ? (
            <p className="muted">You cannot deactivate your own account.</p>
          ) : (
            <div>
              <button type="submit" name="intent" value="deactivate" className="danger">
                Deactivate account
              </button>
            </div>
          )
        ) : (
          <div>
            <button type="submit" name="intent" value="reactivate">
              Reactivate account
            </button>
          </div>
        )}
        {user.twoFactor ? (
          <div>
            <button type="submit" name="intent" value="reset-two-factor" className="secondary">
              Reset two-factor sign-in (lost phone)
            </button>
          </div>
        ) : null}
      </Form>

      <h2>Open sessions</h2>
      {sessions.length === 0 ? (
        <p className="muted">No open sessions.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Last seen</th>
                <th scope="col">Ends at the latest</th>
                <th scope="col">From</th>
                <th scope="col">Browser</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>{fmt(s.createdAt)}</td>
                  <td>{fmt(s.lastSeenAt)}</td>
                  <td>{fmt(s.expiresAt)}</td>
                  <td>{s.ip ?? "—"}</td>
                  <td className="muted">{s.userAgent ?? "—"}</td>
                  <td>
                    {s.current ? (
                      <span className="muted">this session</span>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="session" value={s.id} />
                        <button type="submit" name="intent" value="revoke-session" className="secondary">
                          End
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {sessions.length > 0 && !isSelf ? (
        <Form method="post">
          <button type="submit" name="intent" value="revoke-all" className="secondary">
            End all sessions
          </button>
        </Form>
      ) : null}
    </>
  );
}
