// The audit log in words with filters offered as choices, bad filters answered with 400, and
// invitations that cannot be sent twice to the same address by mistake.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as adminUser from "../../app/routes/admin.users.$id";
import * as adminUsers from "../../app/routes/admin.users._index";
import * as auditPage from "../../app/routes/admin.audit";
import { listAudit, recordAudit } from "../../db/queries/audit";
import { listPendingInvites } from "../../db/queries/invites";
import type { UserRow } from "../../db/queries/users";
import { callAction, callLoader, createUserWithSession } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";

let database: TestDatabase;
let admin: UserRow;
let cookie: string;
let viewer: UserRow;

interface AuditData {
  rows: {
    kind: string;
    actor: { id: string | null; label: string | null } | null;
    subject: { type: string; id: string; label: string | null } | null;
    details: { ip: string | null; raw: Record<string, unknown> } | null;
  }[];
  errors: Record<string, string> | null;
  raw: Record<string, string>;
  seen: string[];
  users: { id: string; name: string }[];
}

beforeAll(async () => {
  database = await createTestDatabase();
  ({ user: admin, cookie } = await createUserWithSession(database, "admin", { name: "Anna Smith" }));
  ({ user: viewer } = await createUserWithSession(database, "viewer", { name: "Bob Jones" }));
});
afterAll(() => database?.close());

const audit = (path: string) => callLoader(auditPage.loader, { database, cookie, path });

describe(`Audit log page (${testDbKind()})`, () => {
  it("names actors and targets (the target by name, linking to the user) and keeps the raw entry", async () => {
    await callAction(adminUser.action, {
      database,
      cookie,
      ip: "203.0.113.7",
      path: `/admin/users/${viewer.id}`,
      params: { id: viewer.id },
      form: { intent: "role", role: "editor" },
    });
    const d = (await audit("/admin/audit?action=user.role_changed")).data as AuditData;
    expect(d.rows).toHaveLength(1);
    const row = d.rows[0]!;
    expect(row.actor).toEqual({ id: admin.id, label: "Anna Smith" });
    expect(row.subject).toEqual({ type: "user", id: viewer.id, label: "Bob Jones" });
    expect(row.details?.ip).toBe("203.0.113.7");
    expect(row.details?.raw).toMatchObject({ action: "user.role_changed", targetId: viewer.id, details: { from: "viewer", to: "editor" } });
  });

  it("filters by a family of actions, by who, and by what the entry is about", async () => {
    await recordAudit(database.db, { actorId: viewer.id, action: "auth.sign_in", targetType: "user", targetId: viewer.id });
    await recordAudit(database.db, { actorId: admin.id, action: "export.notices_csv" });
    const family = (await audit("/admin/audit?action=auth.")).data as AuditData;
    expect(family.rows.map((r) => r.kind)).toEqual(["auth.sign_in"]);
    const byBob = (await audit(`/admin/audit?actor=${viewer.id}`)).data as AuditData;
    expect(byBob.rows.every((r) => r.actor?.id === viewer.id)).toBe(true);
    expect(byBob.rows.length).toBe(1);
    const aboutBob = (await audit(`/admin/audit?targetType=user&targetId=${viewer.id}`)).data as AuditData;
    expect(aboutBob.rows.map((r) => r.kind).sort()).toEqual(["auth.sign_in", "user.role_changed"]);
    const users = (await audit("/admin/audit")).data as AuditData;
    expect(users.users.map((u) => u.name)).toEqual(["Anna Smith", "Bob Jones"]);
  });

  it("answers bad filters with 400, a message per field and no entries", async () => {
    for (const [path, field] of [
      ["/admin/audit?to=2026-99-99", "to"],
      ["/admin/audit?from=2026-13-45", "from"],
      ["/admin/audit?from=2026-05-02&to=2026-05-01", "to"],
      ["/admin/audit?actor=not-a-user", "actor"],
      ["/admin/audit?targetType=space ship", "targetType"],
      ["/admin/audit?action=DROP TABLE", "action"],
      ["/admin/audit?before=1e10", "before"],
      ["/admin/audit?targetId=%00x", "targetId"],
    ] as const) {
      const out = await audit(path);
      expect(out.status, path).toBe(400);
      const d = out.data as AuditData;
      expect(Object.keys(d.errors ?? {}), path).toContain(field);
      expect(d.rows, path).toEqual([]);
      expect(d.raw[field], path).toBe(new URL(path, "http://x").searchParams.get(field));
    }
  });
});

describe(`Invitations (${testDbKind()})`, () => {
  const invite = (form: Record<string, string>) =>
    callAction(adminUsers.action, { database, cookie, path: "/admin/users", form: { intent: "invite", ...form } });

  it("refuses a second invitation to the same address, and replaces the first only when asked", async () => {
    const first = await invite({ email: "carol@example.org", role: "viewer" });
    expect(first.status).toBe(200);
    const again = await invite({ email: "Carol@Example.org", role: "editor" });
    expect(again.status).toBe(409);
    expect(again.data).toMatchObject({ kind: "pending", pending: { email: "carol@example.org", role: "viewer", createdByName: "Anna Smith" } });
    expect((await listPendingInvites(database.db, new Date())).filter((i) => i.email === "carol@example.org")).toHaveLength(1);

    const replaced = await invite({ email: "carol@example.org", role: "editor", replace: "1" });
    expect(replaced.status).toBe(200);
    expect(replaced.data).toMatchObject({ kind: "invited", replaced: true });
    const pending = (await listPendingInvites(database.db, new Date())).filter((i) => i.email === "carol@example.org");
    expect(pending).toHaveLength(1);
    expect(pending[0]!.role).toBe("editor");
    const [entry] = await listAudit(database.db, { action: "invite.replaced" });
    expect(entry).toMatchObject({ actorId: admin.id, details: { email: "carol@example.org", role: "editor" } });
  });

  it("refuses an address that already has an account, naming whose", async () => {
    const out = await invite({ email: viewer.email, role: "viewer" });
    expect(out.status).toBe(400);
    expect((out.data as { errors: { email: string } }).errors.email).toContain("Bob Jones already has an account");
  });
});
