// Global setup for the PGlite integration project: migrate once, dump the data folder, and
// let each test file start from that dump (much faster than migrating per file).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { prepareJobs } from "../../jobs/runner";
import { tasks } from "../../jobs/tasks/index";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "a3-pglite-tpl-"));
  const db = await openDatabase({ dataDir: "memory://" });
  await migrateDatabase(db);
  // The job queues, as every process creates them at start, so that pages can ask for jobs.
  await prepareJobs(db, { tasks });
  const dump = await db.dumpDataDir!();
  await db.close();
  const file = path.join(dir, "template.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteTemplate", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
