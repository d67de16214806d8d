// At 390 px (a phone), the Watch pages and the audit log reflow: no sideways scroll, tables as
// stacked rows. Changes show before and after (a charge as a word diff); the notice page shows its
// citation with the full SHA-256, copyable with a button.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateNotices, makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol } from "../fake-interpol/server";
import { createUserWithCli, launchBrowser, screenshot, signIn, startServer, type Browser, type RunningServer } from "./support";

const ADMIN = { email: "phoebe@example.org", name: "Phoebe Phone", password: "harbour lantern violet 44" };
const OLD_CHARGE =
  "Participation in a criminal community (article 210, part 2 of the Criminal Code of the Russian Federation), financing of extremist activity";
const NEW_CHARGE =
  "Participation in a criminal community (article 210, part 2 of the Criminal Code of the Russian Federation), public calls to terrorism";
const TARGET = makeNotice({
  entity_id: "2024/54321",
  name: "VOLKOVA-BERGMANN-ALEKSANDROVSKAYA",
  forename: "YEKATERINA",
  nationalities: ["RU", "DE"],
  arrest_warrants: [{ issuing_country_id: "RU", charge: OLD_CHARGE, charge_translation: null }],
});

let fake: FakeInterpol;
let server: RunningServer;
let browser: Browser;
let dataDir: string;
const env = () => ({
  INTERPOL_API_BASE: fake.url,
  INTERPOL_COUNTRIES_URL: `${fake.url}/en/notices/data/countries`,
  INTERPOL_RPS: "100",
  INTERPOL_CONCURRENCY: "8",
  INTERPOL_RETRIES: "2",
  INTERPOL_BACKOFF_MS: "5",
});

/** A pull from the command line, as an operator runs it, before the server opens the folder. */
function cliPull(): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "jobs/cli.ts", "pull"], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", DATA_DIR: dataDir, ...env() },
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("exit", resolve);
  });
}

async function widthAt390(page: Page, url: string, name: string) {
  await page.goto(url);
  await page.waitForLoadState("networkidle");
  await screenshot(page, name);
  return page.evaluate(() => document.documentElement.scrollWidth);
}

beforeAll(async () => {
  fake = await startFakeInterpol({ notices: [...generateNotices({ count: 120, seed: 11 }), TARGET] });
  dataDir = mkdtempSync(path.join(os.tmpdir(), "a3-e2e-phones-"));
  expect(await createUserWithCli(dataDir, ADMIN)).toBe(0);
  expect(await cliPull()).toBe(0);
  fake.update((list) =>
    list.map((n) =>
      n.entity_id === TARGET.entity_id ? { ...n, arrest_warrants: [{ issuing_country_id: "RU", charge: NEW_CHARGE, charge_translation: null }] } : n,
    ),
  );
  expect(await cliPull()).toBe(0);
  // The scheduler records the schedule the Runs page puts in words; set to a moment no test reaches.
  server = await startServer({ dataDir, env: { ...env(), SCHEDULER: "on", PULL_CRON: "0 0 1 1 *" } });
  browser = await launchBrowser();
  await browser.page.setViewportSize({ width: 390, height: 844 });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("Phones (390 px)", () => {
  it("Changes reflows and shows a charge change as a word diff", async () => {
    const { page } = browser;
    await signIn(page, server.url, ADMIN, "/changes");
    expect(await widthAt390(page, `${server.url}/changes`, "phone-changes")).toBeLessThanOrEqual(390);
    const row = page.getByRole("row").filter({ hasText: "VOLKOVA-BERGMANN" });
    await expect(row.locator("del").first().innerText()).resolves.toContain("financing of extremist activity");
    await expect(row.locator("ins").first().innerText()).resolves.toContain("public calls to terrorism");
    // The unchanged start of the charge is plain text, not marked.
    expect(await row.locator("del, ins").allInnerTexts()).not.toContain(expect.stringContaining("criminal community"));
    // With every filter set (long country names in the selects), still no sideways scroll.
    expect(
      await widthAt390(page, `${server.url}/changes?kind=changed&field=charges&sort=important&baseline=include&country=RU`, "phone-changes-filtered"),
    ).toBeLessThanOrEqual(390);
    expect(await widthAt390(page, `${server.url}/changes?by=week&baseline=include`, "phone-changes-weekly")).toBeLessThanOrEqual(390);
    // A bad date: 400, the page says what was wrong next to the field, keeps the value typed, lists nothing.
    const bad = await page.goto(`${server.url}/changes?from=2026-13-45&kind=changed`);
    expect(bad?.status()).toBe(400);
    await page.getByText("Enter a date as YYYY-MM-DD, e.g. 2026-03-01.").first().waitFor();
    await page.getByText("Nothing is listed until the filters above are corrected.").waitFor();
    expect(await page.getByLabel("What").inputValue()).toBe("changed");
    expect(await page.getByRole("row").filter({ hasText: "VOLKOVA" }).count()).toBe(0);
    await screenshot(page, "phone-changes-bad-date");
  });

  it("the notice page reflows and offers its citation with the full SHA-256 to copy", async () => {
    const { page, context } = browser;
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    expect(await widthAt390(page, `${server.url}/notices/2024-54321`, "phone-notice")).toBeLessThanOrEqual(390);
    const cite = await page.locator("#cite-text").innerText();
    expect(cite).toMatch(/^Interpol red notice 2024\/54321, as served by 127\.0\.0\.1:\d+ on \d{1,2} \w+ \d{4} at \d\d:\d\d UTC \(SHA-256 [0-9a-f]{64}\), archived by Article 3\.$/);
    const hashes = await page.locator("code.hash").allInnerTexts();
    expect(hashes).toHaveLength(2);
    expect(cite).toContain(hashes[0]);
    await page.getByRole("button", { name: "Copy the citation" }).click();
    await page.getByText("Copied.").first().waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(cite);
    await page.getByRole("link", { name: "This notice on Interpol’s site" }).waitFor();
  });

  it("Runs, a run and the audit log reflow too", async () => {
    const { page, consoleErrors } = browser;
    expect(await widthAt390(page, `${server.url}/runs`, "phone-runs")).toBeLessThanOrEqual(390);
    await page.getByText("Scheduled at 00:00, on day 1 of the month, only in January (UTC)").waitFor();
    expect(await widthAt390(page, `${server.url}/runs/2`, "phone-run")).toBeLessThanOrEqual(390);
    expect(await widthAt390(page, `${server.url}/admin/audit`, "phone-audit")).toBeLessThanOrEqual(390);
    await page.getByText("Phoebe Phone signed in.").first().waitFor();
    expect(consoleErrors.filter((e) => /Content Security Policy|Hydration|did not match/i.test(e))).toEqual([]);
  });
});
