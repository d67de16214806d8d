// Visibility of records (docs/taxonomy.md, "Visibility"), declared once. Every case, timeline
// event, decision and source carries one; db/queries applies it in the SQL of every read, so no
// page, export, digest or count can forget it.
import { hasRole, type Role } from "./roles";

export const VISIBILITIES = ["public", "internal", "restricted"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const VISIBILITY_LABELS: Record<Visibility, string> = {
  public: "Public",
  internal: "Internal",
  restricted: "Restricted",
};

export const VISIBILITY_DESCRIPTIONS: Record<Visibility, string> = {
  public: "May leave the system: public exports and digests to partners and funders.",
  internal: "Any signed-in member of staff.",
  restricted: "Editors and administrators, and the users it is shared with.",
};

/**
 * Who is asking, as query functions need it. `user` for signed-in people; `public` for anything
 * that leaves the system (external digest recipients, public exports), which sees public records
 * and no restricted field, whoever asked for it.
 */
export type Viewer = { kind: "user"; userId: string; role: Role } | { kind: "public" };

export const PUBLIC_VIEWER: Viewer = { kind: "public" };

export function viewerOf(user: { id: string; role: Role }): Viewer {
  return { kind: "user", userId: user.id, role: user.role };
}

/** Editors and admins see every restricted record; viewers only those shared with them. */
export function seesAllRestricted(viewer: Viewer): boolean {
  return viewer.kind === "user" && hasRole(viewer.role, "editor");
}

/**
 * Fields restricted whatever the record's level (a subject's legal name, contact details, the
 * identity of a confidential source): shown to editors, admins and users the record is shared with.
 */
export function seesRestrictedFields(viewer: Viewer, sharedWithViewer = false): boolean {
  return seesAllRestricted(viewer) || (viewer.kind === "user" && sharedWithViewer);
}

/** The levels a viewer may see without a share: public for outsiders, more for staff. */
export function levelsFor(viewer: Viewer): Visibility[] {
  if (viewer.kind === "public") return ["public"];
  return seesAllRestricted(viewer) ? ["public", "internal", "restricted"] : ["public", "internal"];
}
