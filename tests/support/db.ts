// A fresh, migrated database for one test file, on the driver this project runs against.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { inject } from "vitest";
import { openDatabase, type Database } from "../../db/client";
import { withDatabase } from "./pg-template";

export type TestDatabase = Database & { label: string; /** PostgreSQL only */ url?: string };

export function testDbKind(): "pglite" | "postgres" {
  return process.env.A3_TEST_DB === "postgres" ? "postgres" : "pglite";
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDbKind() === "postgres") {
    const { adminUrl, template, pid } = inject("pgTemplate");
    const name = `a3_t_${pid}_${randomBytes(5).toString("hex")}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}" template "${template}"`);
    const db = await openDatabase({ url: withDatabase(adminUrl, name), max: 4 });
    return {
      ...db,
      label: `postgres:${name}`,
      url: withDatabase(adminUrl, name),
      async close() {
        await db.close();
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      },
    };
  }
  const file = inject("pgliteTemplate");
  const db = await openDatabase({ dataDir: "memory://", loadDataDir: new Blob([readFileSync(file)]) });
  return { ...db, label: "pglite" };
}
