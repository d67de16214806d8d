// The audit log records who did what, to which record, when and from where, and the code has
// no way to change or remove an entry.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as adminUser from "../../app/routes/admin.users.$id";
import * as adminUsers from "../../app/routes/admin.users._index";
import * as auditPage from "../../app/routes/admin.audit";
import * as invite from "../../app/routes/invite.$token";
import * as login from "../../app/routes/login";
import * as logout from "../../app/routes/logout";
import * as profile from "../../app/routes/profile._index";
import * as settings from "../../app/routes/admin.settings";
import * as auditQueries from "../../db/queries/audit";
import { listAudit, recordAudit } from "../../db/queries/audit";
import { enableTotp } from "../../db/queries/users";
import { newTotpSecret } from "../../lib/security/totp";
import { callAction, callLoader, createUserWithSession, TEST_PASSWORD } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe("audit log", () => {
  it("records sign-ins and failures, sign-out, invitations, user and role changes, sessions and settings", async () => {
    const { user: admin, cookie } = await createUserWithSession(database, "admin");
    // Requiring two-factor for all is refused to an admin who has not set it up themselves.
    await enableTotp(database.db, admin.id, newTotpSecret(), 0);
    const ip = "203.0.113.9";
    const as = { database, cookie, ip };
    const { user: viewer } = await createUserWithSession(database, "viewer");
    await callAction(login.action, { database, path: "/login", ip, form: { email: viewer.email, password: TEST_PASSWORD } });
    await callAction(login.action, { database, path: "/login", ip, form: { email: admin.email, password: "wrong password here" } });
    const invited = await callAction(adminUsers.action, { ...as, path: "/admin/users", form: { intent: "invite", email: "new@example.org", role: "editor" } });
    const token = (invited.data as { url: string }).url.split("/invite/")[1]!;
    const accepted = await callAction(invite.action, { database, ip, path: `/invite/${token}`, params: { token }, form: { name: "New Editor", password: "lichen orbit meadow 58", confirm: "lichen orbit meadow 58" } });
    expect(accepted.status).toBe(302);
    const users = (await callLoader(adminUsers.loader, { ...as, path: "/admin/users" })).data as { users: { id: string; email: string }[] };
    const editor = users.users.find((u) => u.email === "new@example.org")!;
    const target = { ...as, path: `/admin/users/${editor.id}`, params: { id: editor.id } };
    await callAction(adminUser.action, { ...target, form: { intent: "role", role: "viewer" } });
    await callAction(adminUser.action, { ...target, form: { intent: "revoke-all" } });
    await callAction(adminUser.action, { ...target, form: { intent: "deactivate" } });
    await callAction(adminUser.action, { ...target, form: { intent: "reactivate" } });
    const second = await callAction(adminUsers.action, { ...as, path: "/admin/users", form: { intent: "invite", email: "other@example.org", role: "viewer" } });
    const pending = ((await callLoader(adminUsers.loader, { ...as, path: "/admin/users" })).data as { invites: { id: string }[] }).invites;
    expect(second.status).toBe(200);
    await callAction(adminUsers.action, { ...as, path: "/admin/users", form: { intent: "revoke-invite", id: pending[0]!.id } });
    await callAction(settings.action, { ...as, path: "/admin/settings", form: { intent: "save", requireTwoFactor: "on" } });
    await callAction(settings.action, { ...as, path: "/admin/settings", form: { intent: "save" } });
    await callAction(profile.action, { ...as, path: "/profile", form: { intent: "name", name: "Ada Lovelace" } });
    await callAction(profile.action, { ...as, path: "/profile", form: { intent: "password", current: TEST_PASSWORD, password: "quartz willow ember 61", confirm: "quartz willow ember 61" } });
    await callAction(logout.action, { database, ip, path: "/logout", cookie });

    const rows = await listAudit(database.db, { limit: 500 });
    const actions = new Set(rows.map((r) => r.action));
    for (const a of [
      "auth.sign_in", "auth.sign_in_failed", "user.invited", "invite.accepted", "user.created", "user.role_changed",
      "session.revoked_all", "user.deactivated", "user.reactivated", "invite.revoked", "settings.changed",
      "user.name_changed", "user.password_changed",
    ]) expect(actions, a).toContain(a);
    const role = rows.find((r) => r.action === "user.role_changed")!;
    expect(role).toMatchObject({ actorId: admin.id, targetType: "user", targetId: editor.id, ip, details: { from: "editor", to: "viewer" } });
    expect(Date.now() - role.at.getTime()).toBeLessThan(60_000);
    expect(rows.find((r) => r.action === "auth.sign_in")).toMatchObject({ actorId: viewer.id, targetId: viewer.id, ip });
    const failed = rows.find((r) => r.action === "auth.sign_in_failed")!;
    expect(failed).toMatchObject({ actorId: null, targetId: admin.id, ip, details: { email: admin.email, reason: "wrong password" } });
  });

  it("is readable and filterable by admins only, on a page with no action", async () => {
    const { user: admin, cookie } = await createUserWithSession(database, "admin");
    await recordAudit(database.db, { actorId: admin.id, action: "test.filtered", targetType: "case", targetId: "c-1", ip: "1.2.3.4" });
    const page = await callLoader(auditPage.loader, { database, cookie, path: "/admin/audit?action=test.&targetType=case" });
    const rows = (page.data as { rows: { kind: string; actor: { label: string } }[] }).rows;
    expect(rows.map((r) => r.kind)).toEqual(["test.filtered"]);
    expect(rows[0]!.actor.label).toBe(admin.name);
    expect("action" in auditPage).toBe(false);
    const { cookie: editor } = await createUserWithSession(database, "editor");
    expect((await callLoader(auditPage.loader, { database, cookie: editor, path: "/admin/audit" })).status).toBe(403);
  });

  it(`is append-only in the database itself: UPDATE, DELETE and TRUNCATE are refused (${testDbKind()})`, async () => {
    await recordAudit(database.db, { actorId: null, action: "test.append_only", details: { n: 1 } });
    const count = async () => (await database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'test.append_only'`))[0]!.n;
    const attempts = [
      sql`update audit_log set action = 'test.rewritten' where action = 'test.append_only'`,
      sql`update audit_log set details = '{}'::jsonb where false`,
      sql`delete from audit_log where action = 'test.append_only'`,
      sql`delete from audit_log`,
      sql`truncate audit_log`,
    ];
    for (const [i, attempt] of attempts.entries()) {
      // Drizzle wraps the database's error; the trigger's message is in the cause.
      const error = await database.rows(attempt).then(() => null, (e: Error & { cause?: Error }) => e);
      expect(error, `attempt ${i + 1}`).not.toBeNull();
      expect(`${error!.message} ${error!.cause?.message ?? ""}`).toMatch(/audit_log is append-only/);
    }
    expect(await count()).toBe(1);
    const [row] = await listAudit(database.db, { action: "test.append_only" });
    expect(row!.details).toEqual({ n: 1 });
    // Appending still works.
    await recordAudit(database.db, { actorId: null, action: "test.append_only" });
    expect(await count()).toBe(2);
  });

  it("offers no way to edit or delete an entry anywhere in the code", () => {
    expect(Object.keys(auditQueries).sort()).toEqual(["auditActions", "listAudit", "recordAudit"]);
    const roots = ["app", "db/queries", "db/seed", "jobs", "lib", "server", "scripts"].filter((d) => {
      try {
        return statSync(d).isDirectory();
      } catch {
        return false;
      }
    });
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = path.join(dir, f);
        return statSync(p).isDirectory() ? walk(p) : /\.(ts|tsx)$/.test(f) ? [p] : [];
      });
    const files = roots.flatMap(walk);
    const offenders = files.filter((f) =>
      /\b(update|delete)\s*\(\s*auditLog\b|(update|delete\s+from|truncate)\s+"?audit_log\b/i.test(readFileSync(f, "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});
