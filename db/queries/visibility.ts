// Visibility in the SQL itself (docs/taxonomy.md, "Visibility"; lib/visibility.ts). Every query
// that reads cases, timeline events, alerts, actors, decisions or sources puts one of these in its
// WHERE clause, so that lists, searches, facet counts, exports and digests agree on what a viewer
// may see, and no page can forget it.
import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { RecordType } from "../schema/cases";
import { seesAllRestricted, type Viewer } from "../../lib/visibility";

/**
 * True for a viewer when the record is shared with them. An uncorrelated IN, which PostgreSQL
 * hashes once per query (the viewer's few shares), rather than a lookup per restricted row: it
 * halves a viewer's scans of many records (the dashboard, decision 013).
 */
export function sharedWith(viewer: Viewer, recordType: RecordType, id: AnyPgColumn | SQL): SQL {
  if (viewer.kind !== "user") return sql`false`;
  return sql`${id} in (select s.record_id from record_shares s where s.record_type = ${recordType} and s.user_id = ${viewer.userId})`;
}

/**
 * The record (its `visibility` column and id) may be seen by `viewer`: public by everyone;
 * internal by any signed-in user; restricted by editors and admins and by users it is shared with.
 * Soft-deleted records are excluded unless `includeDeleted` (admins restoring).
 */
export function visibleTo(
  viewer: Viewer,
  table: { visibility: AnyPgColumn; id: AnyPgColumn; deletedAt?: AnyPgColumn },
  recordType: RecordType,
  opts: { includeDeleted?: boolean } = {},
): SQL {
  const alive = table.deletedAt && !opts.includeDeleted ? sql` and ${table.deletedAt} is null` : sql``;
  if (viewer.kind === "public") return sql`(${table.visibility} = 'public'${alive})`;
  if (seesAllRestricted(viewer)) return sql`(true${alive})`;
  return sql`((${table.visibility} in ('public', 'internal') or ${sharedWith(viewer, recordType, table.id)})${alive})`;
}

/**
 * A restricted field's value for this viewer: itself for editors, admins and users the record is
 * shared with; NULL for everyone else, computed in SQL so it never leaves the database.
 */
export function restrictedField(viewer: Viewer, column: AnyPgColumn, recordType: RecordType, id: AnyPgColumn): SQL {
  if (viewer.kind === "public") return sql`null::text`;
  if (seesAllRestricted(viewer)) return sql`${column}`;
  return sql`case when ${sharedWith(viewer, recordType, id)} then ${column} else null end`;
}
