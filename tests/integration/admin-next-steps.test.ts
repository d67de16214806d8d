// The first administrator lands on /admin after setup: "Next steps" says what the installation
// still lacks (a pull that brought notices in, a colleague) and goes away once both are done.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader, nextSteps } from "../../app/routes/admin._index";
import type { SetupProgress } from "../../db/queries/setup";
import { createInvite } from "../../db/queries/invites";
import { createRun, updateRun } from "../../db/queries/runs";
import { callLoader, createUserWithSession } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const progressOf = async (cookie: string) => {
  const r = await callLoader(loader, { database, path: "/admin", cookie });
  expect(r.status).toBe(200);
  return (r.data as { progress: SetupProgress }).progress;
};

describe(`admin next steps (${testDbKind()})`, () => {
  it("follows the installation from a lone administrator to a pulled, shared one", async () => {
    const admin = await createUserWithSession(database, "admin");
    const fresh = await progressOf(admin.cookie);
    expect(fresh).toEqual({ users: 1, pendingInvites: 0, completedPulls: 0, lastRunStatus: null });
    expect(nextSteps(fresh)!.map((s) => [s.to, s.done])).toEqual([["/runs", false], ["/admin/users", false]]);
    expect(nextSteps(fresh)![0]!.text).toMatch(/“Pull now”/);

    await createInvite(database.db, { email: "colleague@example.org", role: "viewer", createdBy: admin.user.id, now: new Date() });
    const failed = await createRun(database.db, { trigger: "manual" });
    await updateRun(database.db, failed, { status: "failed", finishedAt: new Date() });
    // An invitation not yet accepted and a failed pull do not count as done.
    const waiting = await progressOf(admin.cookie);
    expect(waiting).toEqual({ users: 1, pendingInvites: 1, completedPulls: 0, lastRunStatus: "failed" });
    expect(nextSteps(waiting)!.map((s) => [s.done, s.text])).toEqual([
      [false, expect.stringMatching(/^The last pull failed/)],
      [false, "1 invitation is waiting to be accepted."],
    ]);

    // A pull that brought notices in is done; the panel stays while nobody else has an account.
    const ok = await createRun(database.db, { trigger: "manual" });
    await updateRun(database.db, ok, { status: "partial", finishedAt: new Date() });
    expect(nextSteps(await progressOf(admin.cookie))!.map((s) => s.done)).toEqual([true, false]);

    await createUserWithSession(database, "viewer");
    const done = await progressOf(admin.cookie);
    expect(done).toMatchObject({ users: 2, completedPulls: 1, lastRunStatus: "partial" });
    expect(nextSteps(done)).toBeNull();
  });

  it("is the admin's alone", async () => {
    const viewer = await createUserWithSession(database, "viewer");
    expect((await callLoader(loader, { database, path: "/admin", cookie: viewer.cookie })).status).toBe(403);
  });
});
