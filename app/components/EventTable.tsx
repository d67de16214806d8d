// The one history table: Changes, a notice's history, a run's changes and errors, the audit log
// (and the digest next). Rows are EventRecords (lib/events.ts); pages choose the columns and may
// say in their own words what a row is ("Anna Smith signed in") and what its details are.
// On a phone the table becomes stacked rows, each cell labelled.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { EventRecordJson } from "../../lib/events";
import { BASELINE_MEANING, isNoticeEventKind, NOTICE_EVENT_LABELS, NOTICE_EVENT_MEANING } from "../../lib/notice-events";
import { idToSlug } from "../../lib/notice-id";
import { FieldChanges } from "./FieldChanges";
import { When } from "./When";

export interface EventTableProps {
  rows: readonly EventRecordJson[];
  /** For screen readers: what the table lists. */
  caption: string;
  /** Optional columns: the notice or record it is about, who did it, the run that recorded it. */
  show?: { subject?: boolean; actor?: boolean; run?: boolean };
  /** The "What" cell; by default the kind of notice event. */
  describe?: (row: EventRecordJson) => ReactNode;
  /** The details cell; by default the field changes, or what the kind means. */
  details?: (row: EventRecordJson) => ReactNode;
  /** Column headings, where a page says it better. */
  headings?: Partial<Record<"when" | "what" | "subject" | "actor" | "details" | "run", string>>;
}

export function EventTable({ rows, caption, show = {}, describe = describeNoticeEvent, details = noticeEventDetails, headings = {} }: EventTableProps) {
  const h = {
    when: "When (UTC)",
    what: "What",
    subject: "Notice",
    actor: "Who",
    details: "Details",
    run: "Pull",
    ...headings,
  };
  return (
    <div className="table-wrap">
      <table className="stack-table event-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{h.when}</th>
            <th scope="col">{h.what}</th>
            {show.subject ? <th scope="col">{h.subject}</th> : null}
            {show.actor ? <th scope="col">{h.actor}</th> : null}
            <th scope="col" className="event-table__details">
              {h.details}
            </th>
            {show.run ? <th scope="col">{h.run}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} id={row.id.replace(":", "-")}>
              <td data-label={h.when}>
                <When value={row.at} />
              </td>
              <td data-label={h.what}>{describe(row)}</td>
              {show.subject ? <td data-label={h.subject}>{subjectCell(row)}</td> : null}
              {show.actor ? (
                <td data-label={h.actor}>
                  {row.actor?.id ? <Link to={`/admin/users/${row.actor.id}`}>{row.actor.label ?? "(unnamed)"}</Link> : <span className="muted">{row.actor?.label ?? "—"}</span>}
                </td>
              ) : null}
              <td data-label={h.details} className="event-table__details">
                {details(row)}
              </td>
              {show.run ? <td data-label={h.run}>{row.runId ? <Link to={`/runs/${row.runId}`}>#{row.runId}</Link> : "—"}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function subjectCell(row: EventRecordJson) {
  const s = row.subject;
  if (!s) return "—";
  if (s.type === "notice") {
    return (
      <>
        <Link to={`/notices/${idToSlug(s.id)}#history`}>{s.label ?? "(name not published)"}</Link>
        <div className="muted mono nowrap">{s.id}</div>
      </>
    );
  }
  return s.label ?? s.id;
}

export function describeNoticeEvent(row: EventRecordJson): ReactNode {
  const label = isNoticeEventKind(row.kind) ? NOTICE_EVENT_LABELS[row.kind] : row.kind;
  return (
    <>
      <span className={`event-kind event-kind--${row.kind}`}>{label}</span>
      {row.baseline ? (
        <div>
          <span className="badge">Baseline</span>
        </div>
      ) : null}
    </>
  );
}

export function noticeEventDetails(row: EventRecordJson): ReactNode {
  if (row.changes && Object.keys(row.changes).length) return <FieldChanges changes={row.changes} />;
  if (row.baseline) return <span className="muted">{BASELINE_MEANING}</span>;
  return <span className="muted">{isNoticeEventKind(row.kind) ? NOTICE_EVENT_MEANING[row.kind] : "—"}</span>;
}
