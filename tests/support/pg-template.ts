// Global setup for the PostgreSQL integration project: one migrated template database per
// run, cloned per test file (CREATE DATABASE … TEMPLATE is far faster than migrating each time).
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplate: { adminUrl: string; template: string };
  }
}

export function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
  const template = `a3_tpl_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  // Leftovers from runs that were killed before their teardown.
  const stale = await admin<{ datname: string }[]>`
    select datname from pg_database where datname like 'a3_t%' and not datistemplate`;
  for (const { datname } of stale) {
    await admin.unsafe(`drop database if exists "${datname}" with (force)`).catch(() => {});
  }
  await admin.unsafe(`create database "${template}"`);
  const db = await openDatabase({ url: withDatabase(adminUrl, template), max: 2 });
  await migrateDatabase(db);
  await db.close();
  project.provide("pgTemplate", { adminUrl, template });
  return async () => {
    await admin.unsafe(`drop database if exists "${template}" with (force)`);
    await admin.end();
  };
}
