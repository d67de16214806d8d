// One shape for every history the product shows: the changes to the public notices, a notice's
// own history, what a run did (its changes and its errors), the audit log, and the digest next.
// Queries return it (or map into it), and app/components/EventTable.tsx renders it.

/** [before, after] for one field. */
export type FieldChange = [before: unknown, after: unknown];

export interface EventRecord {
  /** Unique within one list (React key, anchors): "n:123" for notice event 123, "a:45" for an audit row. */
  id: string;
  /** When it happened (UTC). */
  at: Date;
  /** Notice events: added | changed | removed | reappeared. Audit: the action code. Run errors: the error code. */
  kind: string;
  /** What it is about: a notice (its entity id and name), a user, an invitation, a URL. */
  subject: { type: string; id: string; label: string | null } | null;
  /** Field → [before, after], for changes; null when the kind carries none. */
  changes: Record<string, FieldChange> | null;
  /** Anything else worth showing or keeping one click away (audit details, error messages). */
  details: Record<string, unknown> | null;
  /** Who did it: a user, or null for the pull and anonymous requests. */
  actor: { id: string | null; label: string | null } | null;
  /** The pull that recorded it (notice events). */
  runId: number | null;
  /** A first pull's `added` events: what was already published when watching began. */
  baseline: boolean;
}

/** An EventRecord after a loader sent it to the page (dates become ISO strings). */
export type EventRecordJson = Omit<EventRecord, "at"> & { at: string | Date };
