// The Watch workflow in Chromium: an administrator asks for a pull from the Runs page, watches it
// finish, and after Interpol changes a notice, finds the change and reads the notice's history.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateNotices, makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol } from "../fake-interpol/server";
import { createUserWithCli, launchBrowser, screenshot, signIn, startServer, type Browser, type RunningServer } from "./support";

const ADMIN = { email: "wanda@example.org", name: "Wanda Watcher", password: "granite meadow copper 61" };
const TARGET = makeNotice({
  entity_id: "2024/12345",
  name: "KARIMOV",
  forename: "RUSTAM",
  nationalities: ["TJ"],
  arrest_warrants: [{ issuing_country_id: "TJ", charge: "Extremism", charge_translation: null }],
});

let fake: FakeInterpol;
let server: RunningServer;
let browser: Browser;
let dataDir: string;

async function waitForRun(page: Page, n: number) {
  // The page refreshes itself while a pull runs; wait for run #n to show a final status.
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: `#${n}`, exact: true }) });
  await row.getByText(/Succeeded|Partial|Failed/).waitFor({ timeout: 90_000 });
  return (await row.innerText()).replace(/\s+/g, " ");
}

beforeAll(async () => {
  browser = await launchBrowser(); // first: without Chromium this fails at once, with the reason
  fake = await startFakeInterpol({ notices: [...generateNotices({ count: 300, seed: 5 }), TARGET] });
  dataDir = mkdtempSync(path.join(os.tmpdir(), "a3-e2e-watch-"));
  const env = {
    INTERPOL_API_BASE: fake.url,
    INTERPOL_COUNTRIES_URL: `${fake.url}/en/notices/data/countries`,
    INTERPOL_RPS: "100",
    INTERPOL_CONCURRENCY: "8",
    INTERPOL_RETRIES: "2",
    INTERPOL_BACKOFF_MS: "5",
  };
  expect(await createUserWithCli(dataDir, ADMIN)).toBe(0);
  server = await startServer({ dataDir, env: { ...env, SCHEDULER: "on" } });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("Watch in Chromium", () => {
  it("an administrator runs a pull from the Runs page and watches it finish", async () => {
    const { page } = browser;
    await signIn(page, server.url, ADMIN, "/runs");
    await page.getByText("No pull has run yet.").waitFor();
    await screenshot(page, "watch-runs-empty");
    await page.getByRole("button", { name: "Pull now" }).click();
    const summary = await waitForRun(page, 1);
    await screenshot(page, "watch-runs-after-first-pull");
    expect(summary).toMatch(/Succeeded/);
    expect(summary).toMatch(/301 of 301 notices \(100\.0%\)/);
  });

  it("after Interpol changes a notice, the next pull shows the change and the notice's history", async () => {
    const { page, consoleErrors } = browser;
    fake.update((list) => list.map((n) => (n.entity_id === TARGET.entity_id ? { ...n, name: "KARIMOFF" } : n)));
    await page.getByRole("button", { name: "Pull now" }).click();
    await waitForRun(page, 2);

    await page.getByRole("navigation", { name: "Watch" }).getByRole("link", { name: "Changes" }).click();
    await page.getByRole("heading", { name: "Changes in the public red notices" }).waitFor();
    await screenshot(page, "watch-changes");
    await page.getByLabel("What").selectOption("changed");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/kind=changed/);
    await page.getByText("1 event, newest first.").waitFor();
    await page.getByRole("link", { name: "KARIMOFF, RUSTAM" }).click();
    await page.getByRole("heading", { level: 1, name: "KARIMOFF, RUSTAM" }).waitFor();
    await screenshot(page, "watch-notice-history");
    const history = page.locator("table").filter({ has: page.getByRole("columnheader", { name: "What" }) });
    const text = (await history.innerText()).replace(/\s+/g, " ");
    // Before and after, struck through and inserted, with words for screen readers.
    expect(text).toMatch(/Changed Name \[removed: KARIMOV ?\] → became \[added: KARIMOFF ?\]/);
    expect(await history.locator("del").first().innerText()).toContain("KARIMOV");
    expect(await history.locator("ins").first().innerText()).toContain("KARIMOFF");
    expect(text).toMatch(/Added/);
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);

    // The notices list finds it by its new name and exports the same filter as CSV.
    await page.goto(`${server.url}/notices?q=karimoff`);
    await page.getByText("1 notice matches").waitFor();
    await screenshot(page, "watch-notices-search");
    const csv = await page.request.get(`${server.url}/notices.csv?q=karimoff`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).trim().split("\r\n")).toHaveLength(2);
  });
});
