import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { auditActions, listAudit } from "../../db/queries/audit";
import { listUsers } from "../../db/queries/users";
import { requireUser } from "../auth.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Admin · Article 3" }];

const PAGE = 100;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);
export const auditFilterSchema = z.object({
  action: z.string().max(100).optional().catch(undefined),
  actor: z.string().uuid().optional().catch(undefined),
  targetType: z.string().max(50).optional().catch(undefined),
  targetId: z.string().max(100).optional().catch(undefined),
  from: day,
  to: day,
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

/** Read-only: this page has no action, and the log has no edit path anywhere. */
export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, { role: "admin" });
  const db = args.context.database.db;
  const params = Object.fromEntries([...new URL(args.request.url).searchParams].filter(([, v]) => v !== ""));
  const f = auditFilterSchema.parse(params);
  const rows = await listAudit(db, {
    action: f.action,
    actorId: f.actor,
    targetType: f.targetType,
    targetId: f.targetId,
    from: f.from ? new Date(`${f.from}T00:00:00Z`) : undefined,
    to: f.to ? new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000) : undefined,
    before: f.before,
    limit: PAGE + 1,
  });
  const [actions, users] = await Promise.all([auditActions(db), listUsers(db)]);
  return {
    rows: rows.slice(0, PAGE),
    next: rows.length > PAGE ? rows[PAGE - 1]!.id : null,
    filter: f,
    actions,
    users: users.map((u) => ({ id: u.id, name: u.name, email: u.email })),
  };
}

export default function AuditLog() {
  const { rows, next, filter, actions, users } = useLoaderData<typeof loader>();
  const query = (extra: Record<string, string | number>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filter, ...extra })) if (v !== undefined && v !== "") p.set(k, String(v));
    return `?${p}`;
  };
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> ›
      </p>
      <h1>Audit log</h1>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="a-action">Action</label>
          <select id="a-action" name="action" defaultValue={filter.action ?? ""}>
            <option value="">Any</option>
            {[...new Set(actions.map((a) => `${a.split(".")[0]}.`))].map((p) => (
              <option key={p} value={p}>{`${p}*`}</option>
            ))}
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-actor">Who</label>
          <select id="a-actor" name="actor" defaultValue={filter.actor ?? ""}>
            <option value="">Anyone</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-tt">Record type</label>
          <input id="a-tt" name="targetType" defaultValue={filter.targetType ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="a-ti">Record id</label>
          <input id="a-ti" name="targetId" defaultValue={filter.targetId ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="a-from">From</label>
          <input id="a-from" name="from" type="date" defaultValue={filter.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="a-to">To</label>
          <input id="a-to" name="to" type="date" defaultValue={filter.to ?? ""} />
        </div>
        <button type="submit">Filter</button>
      </Form>
      {rows.length === 0 ? (
        <div className="empty-state">
          <strong>No entries match.</strong>
        </div>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Record</th>
                <th scope="col">From</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="mono">{new Date(r.at).toISOString().slice(0, 19).replace("T", " ")}</td>
                  <td>{r.actorName ? `${r.actorName} (${r.actorEmail})` : <span className="muted">anonymous</span>}</td>
                  <td className="mono">{r.action}</td>
                  <td className="mono">{r.targetType ? `${r.targetType} ${r.targetId ?? ""}` : "—"}</td>
                  <td className="mono">{r.ip ?? "—"}</td>
                  <td className="mono">{Object.keys(r.details).length ? JSON.stringify(r.details) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next ? (
        <p className="pager">
          <Link to={query({ before: next })}>Older entries</Link>
        </p>
      ) : null}
    </>
  );
}
