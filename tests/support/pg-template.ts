// Global setup for the PostgreSQL integration project: one migrated template database per
// run, cloned per test file (CREATE DATABASE … TEMPLATE is far faster than migrating each time).
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { prepareJobs } from "../../jobs/runner";
import { tasks } from "../../jobs/tasks/index";

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplate: { adminUrl: string; template: string; pid: number };
  }
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
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
  // Names carry the creating process id, so concurrent runs never touch each other's databases.
  const template = `a3_tpl_${process.pid}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  // Leftovers from runs that were killed before their teardown (their process is gone).
  const stale = await admin<{ datname: string }[]>`
    select datname from pg_database where datname ~ '^a3_(tpl|t)_[0-9]+_'`;
  for (const { datname } of stale) {
    const pid = Number(datname.split("_")[2]);
    if (!isAlive(pid)) await admin.unsafe(`drop database if exists "${datname}" with (force)`).catch(() => {});
  }
  await admin.unsafe(`create database "${template}"`);
  const db = await openDatabase({ url: withDatabase(adminUrl, template), max: 2 });
  await migrateDatabase(db);
  // The job queues, as every process creates them at start, so that pages can ask for jobs.
  await prepareJobs(db, { tasks });
  await db.close();
  project.provide("pgTemplate", { adminUrl, template, pid: process.pid });
  return async () => {
    await admin.unsafe(`drop database if exists "${template}" with (force)`);
    await admin.end();
  };
}
