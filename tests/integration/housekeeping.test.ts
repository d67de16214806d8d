// Daily housekeeping removes only what has no value any more.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  it("drops sessions that ended over 30 days ago and lapsed throttle counts, keeping the rest", async () => {
    const now = new Date("2026-11-28T12:00:00Z");
    const { user } = await createUserWithSession(database, "viewer", { now });
    await sessionCookieFor(database, user.id, new Date("2026-09-01T00:00:00Z")); // ended in September
    const rule = { limit: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 };
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
  });
});
