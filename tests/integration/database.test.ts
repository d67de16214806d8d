import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, migrationStatus } from "../../db/migrate";
import { appSettings } from "../../db/schema";
import { loader as healthz } from "../../app/routes/healthz";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/db";
import { loaderArgs } from "../support/remix";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe(`database (${testDbKind()})`, () => {
  it("is the driver this project asked for, fully migrated", async () => {
    expect(database.kind).toBe(testDbKind());
    const status = await migrationStatus(database);
    expect(status.current).toBe(true);
    expect(status.pending).toEqual([]);
    expect(status.applied).toBeGreaterThan(0);
  });

  it("migrating again changes nothing", async () => {
    await migrateDatabase(database);
    expect((await migrationStatus(database)).current).toBe(true);
  });

  it("has the search extensions that full-text and fuzzy name search rely on", async () => {
    const [row] = await database.rows<{ sim: number; plain: string }>(
      sql`select similarity('AKHANLI', 'AKHANLİ')::float8 as sim, unaccent('Akhanlı Özerdem') as plain`,
    );
    expect(row!.sim).toBeGreaterThan(0.3);
    expect(row!.plain).toBe("Akhanli Ozerdem");
  });

  it("stores and reads settings through drizzle on this driver", async () => {
    await database.db.insert(appSettings).values({ key: "digest.day", value: { day: "monday" } });
    const [row] = await database.db.select().from(appSettings).where(eq(appSettings.key, "digest.day"));
    expect(row!.value).toEqual({ day: "monday" });
    expect(row!.updatedAt).toBeInstanceOf(Date);
  });

  it("lets only one holder of a named advisory lock run at a time", async () => {
    let release!: () => void;
    const first = database.withAdvisoryLock("test-lock", () => new Promise<string>((r) => (release = () => r("first"))));
    await new Promise((r) => setTimeout(r, 50));
    const second = await database.withAdvisoryLock("test-lock", async () => "second");
    expect(second.acquired).toBe(false);
    release();
    expect(await first).toEqual({ acquired: true, result: "first" });
    const third = await database.withAdvisoryLock("test-lock", async () => "third");
    expect(third).toEqual({ acquired: true, result: "third" });
  });

  it("/healthz reports the database kind, current migrations and the version", async () => {
    const res = (await healthz(loaderArgs(database, "/healthz"))) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = await res.json();
    expect(body).toMatchObject({
      status: "ok",
      database: { kind: testDbKind(), reachable: true },
      migrations: { current: true },
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });
});
