import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { auditActions, listAudit, type AuditRow } from "../../db/queries/audit";
import { listUsers } from "../../db/queries/users";
import {
  AUDIT_ACTIONS,
  AUDIT_GROUPS,
  AUDIT_TARGET_TYPES,
  auditActionLabel,
  auditSentence,
  SETTING_LABELS,
} from "../../lib/audit-actions";
import type { EventRecord, EventRecordJson } from "../../lib/events";
import { plural } from "../../lib/words";
import { requireUser } from "../auth.server";
import { EventTable } from "../components/EventTable";
import { DateRangeFields, FilterErrors, FilterField } from "../components/FilterField";
import { dayParam, orderedRange, parseFilters, rawValue, toSearch } from "../filters";
import { bigIdParam } from "../ids";
import { idToSlug } from "../../lib/notice-id";

export const meta: MetaFunction = () => [{ title: "Audit log · Admin · Article 3" }];

const PAGE = 100;
export const auditFilterSchema = z
  .object({
    action: z
      .string()
      .trim()
      .max(100, "Choose an action from the list.")
      .regex(/^[a-z_]+\.[a-z_]*$/, "Choose an action from the list.")
      .optional(),
    actor: z.string().trim().uuid("Choose a person from the list.").optional(),
    // Declared types are offered as choices; a type recorded by newer code is still accepted.
    targetType: z.string().trim().regex(/^[a-z_]{1,50}$/, "Choose what the entry is about from the list.").optional(),
    // Ids are uuids, entity ids (2021/75051), setting keys or numbers; nothing else reaches the query.
    targetId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9/_.:-]{1,200}$/, "That is not a record id: follow a link from a record instead.")
      .optional(),
    from: dayParam.optional(),
    to: dayParam.optional(),
    before: bigIdParam("the entry number").optional(),
  })
  .superRefine((v, ctx) => orderedRange(v, ctx));

const LABELS: Record<string, string> = {
  action: "Action",
  actor: "Who",
  targetType: "About",
  targetId: "Record",
  from: "From",
  to: "To",
  before: "Older than",
};

/** An audit row as an event: the sentence is built on the page, with names linking to records. */
function toEvent(r: AuditRow): EventRecord {
  return {
    id: `a:${r.id}`,
    at: r.at,
    kind: r.action,
    subject: r.targetType ? { type: r.targetType, id: r.targetId ?? "", label: targetLabel(r) } : null,
    changes: null,
    details: {
      ip: r.ip,
      entry: r.details,
      raw: { id: r.id, at: r.at, action: r.action, actorId: r.actorId, targetType: r.targetType, targetId: r.targetId, ip: r.ip, details: r.details },
    },
    actor: r.actorId ? { id: r.actorId, label: r.actorName ?? r.actorEmail } : { id: null, label: null },
    runId: null,
    baseline: false,
  };
}

function targetLabel(r: AuditRow): string | null {
  if (r.targetType === "setting" && r.targetId) return SETTING_LABELS[r.targetId] ?? r.targetId;
  if (r.targetType === "job_request" && r.targetId) return `request #${r.targetId}`;
  return r.targetName;
}

/** Read-only: this page has no action, and the log has no edit path anywhere. */
export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, { role: "admin" });
  const db = args.context.database.db;
  const parsed = parseFilters(auditFilterSchema, args.request.url);
  const [seen, users] = await Promise.all([auditActions(db), listUsers(db)]);
  const page = { raw: parsed.raw, seen, users: users.map((u) => ({ id: u.id, name: u.name, email: u.email })) };
  if (!parsed.ok) {
    return data({ ...page, rows: [] as EventRecord[], next: null as number | null, errors: parsed.errors as Record<string, string> | null }, { status: 400 });
  }
  const f = parsed.values;
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
  return data({
    ...page,
    rows: rows.slice(0, PAGE).map(toEvent),
    next: rows.length > PAGE ? rows[PAGE - 1]!.id : null,
    errors: null as Record<string, string> | null,
  });
}

function recordLink(type: string, id: string): string | null {
  if (!id) return null;
  if (type === "user") return `/admin/users/${id}`;
  if (type === "notice") return /^\d{4}\/\d+$/.test(id) ? `/notices/${idToSlug(id)}` : null;
  if (type === "invite") return "/admin/users#invites-h";
  if (type === "setting") return "/admin/settings";
  if (type === "job_request") return "/runs";
  return null;
}

function Sentence({ row }: { row: EventRecordJson }) {
  const entry = (row.details?.entry ?? {}) as Record<string, unknown>;
  const parts = auditSentence(row.kind, entry);
  return (
    <span>
      {parts.map((p, i) => {
        if (typeof p === "string") return <span key={i}>{p}</span>;
        if (p.ref === "actor") {
          return row.actor?.id ? (
            <Link key={i} to={`/admin/users/${row.actor.id}`}>
              {row.actor.label ?? "(unnamed)"}
            </Link>
          ) : (
            <span key={i}>Someone not signed in</span>
          );
        }
        const s = row.subject;
        if (!s) return <span key={i}>(nothing)</span>;
        const href = recordLink(s.type, s.id);
        const label = s.label ?? s.id;
        return href ? (
          <Link key={i} to={href}>
            {label}
          </Link>
        ) : (
          <span key={i}>{label}</span>
        );
      })}
      .
    </span>
  );
}

function Details({ row }: { row: EventRecordJson }) {
  const ip = row.details?.ip as string | null | undefined;
  return (
    <>
      {ip ? (
        <div className="muted">
          from <span className="mono nowrap">{ip}</span>
        </div>
      ) : null}
      <details className="raw">
        <summary>Raw entry</summary>
        <pre>{JSON.stringify(row.details?.raw ?? null, null, 2)}</pre>
      </details>
    </>
  );
}

export default function AuditLog() {
  const { rows, next, raw, seen, users, errors } = useLoaderData<typeof loader>();
  const err = errors ?? {};
  const value = (k: string) => rawValue(raw, k);
  const declared = new Set(Object.keys(AUDIT_ACTIONS));
  const undeclared = seen.filter((a) => !declared.has(a));
  const groups = Object.entries(AUDIT_GROUPS).map(([prefix, label]) => ({
    prefix,
    label,
    actions: Object.keys(AUDIT_ACTIONS).filter((a) => a.startsWith(prefix)),
  }));
  const targetId = value("targetId");
  const aboutName = targetId ? (users.find((u) => u.id === targetId)?.name ?? rows.find((r) => r.subject?.id === targetId)?.subject?.label ?? targetId) : null;
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> ›
      </p>
      <h1>Audit log</h1>
      <p className="lede">Who did what, to which record, when and from where. Entries are never changed or removed.</p>
      <FilterErrors errors={errors} labels={LABELS} raw={raw} />
      <Form method="get" className="filters" aria-label="Filter the audit log">
        <FilterField label="Action" name="action" error={err.action}>
          {(p) => (
            <select {...p} defaultValue={value("action")}>
              <option value="">Any action</option>
              {groups.map((g) => (
                <optgroup key={g.prefix} label={g.label.replace(/^Any /, "").replace(/^./, (c) => c.toUpperCase())}>
                  <option value={g.prefix}>{g.label}</option>
                  {g.actions.map((a) => (
                    <option key={a} value={a}>
                      {auditActionLabel(a)}
                    </option>
                  ))}
                </optgroup>
              ))}
              {undeclared.length ? (
                <optgroup label="Other">
                  {undeclared.map((a) => (
                    <option key={a} value={a}>
                      {a}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </select>
          )}
        </FilterField>
        <FilterField label="Who" name="actor" error={err.actor}>
          {(p) => (
            <select {...p} defaultValue={value("actor")}>
              <option value="">Anyone</option>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label="About" name="targetType" error={err.targetType}>
          {(p) => (
            <select {...p} defaultValue={value("targetType")}>
              <option value="">Anything</option>
              {Object.entries(AUDIT_TARGET_TYPES).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
              {value("targetType") && !(value("targetType") in AUDIT_TARGET_TYPES) ? (
                <option value={value("targetType")}>{value("targetType")}</option>
              ) : null}
            </select>
          )}
        </FilterField>
        <DateRangeFields from={value("from")} to={value("to")} errors={err} />
        {targetId ? <input type="hidden" name="targetId" value={targetId} /> : null}
        <button type="submit">Filter</button>
      </Form>
      {targetId && !err.targetId ? (
        <p>
          Only entries about <strong>{aboutName}</strong> ·{" "}
          <Link to={toSearch({ ...raw, targetId: undefined, before: undefined })}>about anything</Link>
        </p>
      ) : null}
      {err.targetId || err.before ? <p className="error">{err.targetId ?? err.before}</p> : null}
      {errors ? (
        <div className="empty-state">
          <strong>Nothing is listed until the filters above are corrected.</strong>
          <Link to="/admin/audit">Clear all filters</Link>
        </div>
      ) : rows.length === 0 ? (
        <div className="empty-state">
          <strong>No entries match.</strong>
          {Object.keys(raw).length ? <Link to="/admin/audit">Clear the filters</Link> : null}
        </div>
      ) : (
        <>
          <p>
            {next ? `The latest ${plural(rows.length, "entry", "entries")}` : plural(rows.length, "entry", "entries")}
            {Object.keys(raw).length ? " matching the filters" : ""}, newest first.
          </p>
          <EventTable
            rows={rows}
            caption="Audit log entries, newest first"
            headings={{ what: "What happened", details: "Details" }}
            describe={(row) => <Sentence row={row} />}
            details={(row) => <Details row={row} />}
          />
        </>
      )}
      {next ? (
        <p className="pager">
          <Link to={toSearch({ ...raw }, { before: next })}>Older entries</Link>
        </p>
      ) : null}
    </>
  );
}
