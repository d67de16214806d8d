// Daily housekeeping removes only what has no value any more.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAIR_RULE } from "../../app/sign-in.server";
import { listAudit, recordAudit } from "../../db/queries/audit";
import { recordFailure } from "../../db/queries/throttle";
import { sessions, signInThrottle } from "../../db/schema";
import { housekeeping } from "../../jobs/tasks/housekeeping";
import { createUserWithSession, sessionCookieFor } from "../support/auth";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe(`housekeeping (${testDbKind()})`, () => {
  it("drops sessions that ended over 30 days ago and lapsed throttle counts, keeping the rest (and never the audit log)", async () => {
    const now = new Date("2026-11-28T12:00:00Z");
    const { user } = await createUserWithSession(database, "viewer", { now });
    await sessionCookieFor(database, user.id, new Date("2026-09-01T00:00:00Z")); // ended in September
    const rule = PAIR_RULE;
    await recordFailure(database.db, "account:old@example.org", rule, new Date("2026-11-20T00:00:00Z"));
    await recordFailure(database.db, "account:fresh@example.org", rule, new Date(now.getTime() - 60_000));
    expect(await database.db.select().from(sessions)).toHaveLength(2);

    await housekeeping({ database, now });
    await housekeeping({ database, now }); // idempotent

    const left = await database.db.select().from(sessions);
    expect(left).toHaveLength(1);
    expect(left[0]!.createdAt.getTime()).toBe(now.getTime());
    const throttle = await database.db.select().from(signInThrottle);
    expect(throttle.map((t) => t.key)).toEqual(["account:fresh@example.org"]);
    // The audit log is append-only in the database: housekeeping must not need to touch it.
    await recordAudit(database.db, { actorId: null, action: "test.housekeeping" });
    await housekeeping({ database, now: new Date(now.getTime() + 400 * 86_400_000) });
    expect((await listAudit(database.db, { action: "test.housekeeping" })).length).toBe(1);
  });
});
