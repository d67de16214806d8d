// The dashboard in Chromium, on demo-like data (varied cases and decisions, two pulls of 300
// generated notices): a filter through the URL, a chart as a table, a CSV download, the map, a
// click through to the matching cases, a 390-px phone, and the page with JavaScript off.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { noticeEvents } from "../../db/schema";
import { generateNotices } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol } from "../fake-interpol/server";
import { pullFrom } from "../support/pull";
import { seedDecisions, seedVariedCases } from "../support/seed-cases";
import { createUserWithCli, launchBrowser, screenshot, signIn, startServer, type Browser, type RunningServer } from "./support";

const ADMIN = { email: "dana@example.org", name: "Dana Dashboard", password: "lantern orchard basalt 42" };

let fake: FakeInterpol;
let server: RunningServer;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  browser = await launchBrowser(); // first: without Chromium this fails at once, with the reason
  dataDir = mkdtempSync(path.join(os.tmpdir(), "a3-e2e-dash-"));
  expect(await createUserWithCli(dataDir, ADMIN)).toBe(0);
  // Seed before the server opens the folder (one process per data folder).
  const database = await openDatabase({ dataDir });
  try {
    const ids = await seedVariedCases(database.db, 240, 21);
    await seedDecisions(database.db, ids, 80, 4);
    fake = await startFakeInterpol({ notices: generateNotices({ count: 300, seed: 9 }) });
    const first = await pullFrom(database, fake.url);
    await database.db.update(noticeEvents).set({ baseline: true }).where(sql`${noticeEvents.runId} = ${first.runId!} and ${noticeEvents.kind} = 'added'`);
    fake.update((list) => [...list.slice(12), ...generateNotices({ count: 20, seed: 77 })]);
    await pullFrom(database, fake.url);
  } finally {
    await database.close();
  }
  server = await startServer({ dataDir });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("Dashboard in Chromium", () => {
  it("lands on the dashboard after sign-in, with figures, charts and the map", async () => {
    const { page } = browser;
    await signIn(page, server.url, ADMIN, "/dashboard");
    await page.goto(`${server.url}/`);
    await page.waitForURL(`${server.url}/dashboard`);
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    await expect(page.getByRole("link", { name: /Open cases/ }).count()).resolves.toBe(1);
    for (const title of ["Cases by requesting country", "Cases by alleged political motive", "Requesting → host country pairs", "Public red notices published, after each pull"]) {
      await page.getByRole("heading", { name: title }).waitFor();
    }
    expect(await page.locator("#cases-by-requesting-country svg.world-map path").count()).toBeGreaterThan(100);
    await expect(page.getByText("Too small to see on the map:").count()).resolves.toBe(1);
    await screenshot(page, "dashboard-demo");
    await page.locator("#cases-by-requesting-country").screenshot({ path: "test-results/screenshots/dashboard-map.png" });
    expect(browser.consoleErrors).toEqual([]);
  });

  it("takes its filters from the URL and says which cases are behind each chart", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/dashboard?requesting_country=RU&motive=political_opposition`);
    await expect(page.locator("#f-requesting_country").inputValue()).resolves.toBe("RU");
    await expect(page.locator("#f-motive").inputValue()).resolves.toBe("political_opposition");
    const motive = page.locator("#cases-by-motive");
    const caption = await motive.locator(".chart__caption").innerText();
    expect(caption).toMatch(/\d+ cases? behind this chart/);
    await screenshot(page, "dashboard-filtered");
    await page.goto(`${server.url}/dashboard?requesting_country=Atlantis`);
    await page.getByRole("alert").getByText("could not be applied").waitFor();
    expect(await page.locator(".chart").count()).toBe(0);
  });

  it("switches a chart to its table, and downloads its CSV", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/dashboard?host_country=FR`);
    const card = page.locator("#cases-by-alert-status");
    await card.getByText("Show as table").click();
    const table = card.locator("table");
    await table.waitFor();
    await card.screenshot({ path: "test-results/screenshots/dashboard-table.png" });
    const rows = await table.locator("tbody tr").count();
    const [download] = await Promise.all([page.waitForEvent("download"), card.getByRole("link", { name: "Download CSV" }).click()]);
    const file = await download.path();
    const text = readFileSync(file!, "utf8").replace(/^\uFEFF/, "");
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe('"key","label","count"');
    expect(lines.length - 1).toBe(rows);
    expect(download.suggestedFilename()).toMatch(/^article3-cases-by-alert-status-\d{4}-\d{2}-\d{2}\.csv$/);
  });

  it("clicking a country on the map opens the matching cases with the same filters", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/dashboard?motive=journalism_media`);
    const link = page.locator("#cases-by-requesting-country svg.world-map a").first();
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^\/cases\?.*requesting_country=[A-Z]{2}/);
    expect(href).toContain("motive=journalism_media");
    await link.click();
    await page.waitForURL(/\/cases\?/);
    expect(new URL(page.url()).searchParams.get("motive")).toBe("journalism_media");
    await screenshot(page, "dashboard-click-through");
  });

  it("fits a 390-px phone without sideways scrolling", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/dashboard`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "dashboard-phone");
    await page.screenshot({ path: "test-results/screenshots/dashboard-phone-top.png" });
    await page.locator("#cases-by-motive").scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test-results/screenshots/dashboard-phone-chart.png" });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("shows charts and tables with JavaScript disabled", async () => {
    const noJs = await launchBrowser({ javaScriptEnabled: false });
    try {
      const { page } = noJs;
      await signIn(page, server.url, ADMIN, "/dashboard");
      await page.goto(`${server.url}/dashboard?table=cases-by-motive`);
      expect(await page.locator(".chart svg").count()).toBeGreaterThan(8);
      await page.locator("#cases-by-motive table").waitFor();
      await page.locator("#cases-by-liberty-status").getByText("Show as table").click();
      await page.locator("#cases-by-liberty-status table").waitFor();
      await screenshot(page, "dashboard-no-js");
    } finally {
      await noJs.close();
    }
  });
});
