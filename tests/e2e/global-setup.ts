// End-to-end setup: a current production build (the tests drive the built server, as users
// get it) and a Chromium (see ./chromium.ts for the order). A missing browser never throws
// here, which would stop every project of the run: it is said once, and the tests that need a
// browser fail with that line while the others (and the unit and integration projects) run.
import { execSync } from "node:child_process";
import type { TestProject } from "vitest/node";
import { resolveChromium, type ChromiumChoice } from "./chromium";

declare module "vitest" {
  export interface ProvidedContext {
    chromium: ChromiumChoice;
  }
}

export default async function setup(project: TestProject) {
  const choice = await resolveChromium();
  console.log(choice.path === null ? `e2e: ${choice.problem}` : `e2e: Chromium from ${choice.source}: ${choice.path}`);
  project.provide("chromium", choice);
  // As `npm start` builds it: vitest sets NODE_ENV=test, which would give React's development build.
  execSync("npx tsx scripts/ensure-build.ts", { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
}
