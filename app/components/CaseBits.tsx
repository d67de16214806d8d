// Small pieces of the Track's pages: badges for visibility and provenance, the four statuses.
import { ALERT_STATUSES, EXTRADITION_OUTCOMES, LIBERTY_STATUSES, PROTECTION_STATUSES } from "../../lib/taxonomy";
import { VISIBILITY_LABELS, type Visibility } from "../../lib/visibility";

export function CaseBadges({ visibility, provenance, deleted }: { visibility: string; provenance?: string; deleted?: boolean }) {
  return (
    <span className="case-badges">
      <span className={`badge${visibility === "restricted" ? " badge--bad" : visibility === "public" ? " badge--ok" : ""}`}>
        {VISIBILITY_LABELS[visibility as Visibility] ?? visibility}
      </span>
      {provenance === "fictional" ? (
        <span className="badge badge--warn">
          <em>fictional</em>
        </span>
      ) : provenance === "as_reported" ? (
        <span className="badge">as reported</span>
      ) : null}
      {deleted ? <span className="badge badge--bad">deleted</span> : null}
    </span>
  );
}

/** The four status axes, never one field. */
export function StatusAxes(c: { alertStatus: string; libertyStatus: string; extraditionOutcome: string; protectionStatus: string }) {
  const rows = [
    ["Alert", ALERT_STATUSES.label(c.alertStatus)],
    ["Liberty", LIBERTY_STATUSES.label(c.libertyStatus)],
    ["Extradition", EXTRADITION_OUTCOMES.label(c.extraditionOutcome)],
    ["Protection", PROTECTION_STATUSES.label(c.protectionStatus)],
  ];
  return (
    <dl className="status-axes">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
