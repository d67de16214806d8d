// The roles, declared once. Each includes the one below it: admin ⊇ editor ⊇ viewer
// (docs/decisions/003-sessions-and-access.md). Every role check goes through `hasRole`.

export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  viewer: "Viewer",
  editor: "Editor",
  admin: "Administrator",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Administrator: users, settings and everything else",
  editor: "Editor: creates and changes cases, decisions and sources",
  viewer: "Viewer: reads what their visibility allows",
};

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

/** True when `role` is `min` or above it. */
export function hasRole(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
