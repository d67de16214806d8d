// The notices page on a phone (390 px wide), in Chromium, with several hundred notices pulled from
// the fake Interpol by the CLI: nothing scrolls sideways (country selects with long names and
// counts, the results table, a search, a bad filter), rows reflow into cards, dates stay whole.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateNotices, makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol } from "../fake-interpol/server";
import { createUserWithCli, launchBrowser, screenshot, signIn, startServer, type Browser, type RunningServer } from "./support";

const ANALYST = { email: "phone@example.org", name: "Pat Phone", password: "harbour lantern violet 83", role: "viewer" as const };
const WIDTH = 390;

let fake: FakeInterpol;
let server: RunningServer;
let browser: Browser;
let dataDir: string;

function pullWithCli(env: Record<string, string>): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "jobs/cli.ts", "pull"], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", ...env },
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("exit", resolve);
  });
}

/** How far the page reaches past the screen's right edge, and what sticks out. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll<HTMLElement>("body *")]
      // Clipped to nothing on purpose (screen-reader text, the header row of a reflowed table).
      .filter((el) => !el.closest(".visually-hidden, table.reflow thead"))
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${el.className}`);
    return { scrollWidth: document.documentElement.scrollWidth, wide };
  });
}

beforeAll(async () => {
  const notices = [
    ...generateNotices({ count: 800, seed: 7 }),
    // The longest issuer name Interpol uses, so the select's longest option is on the page.
    makeNotice({
      entity_id: "2012/900922",
      name: "KARADZIC-VUKOVIC-OBRADOVIC",
      forename: "RADOVAN MILORAD",
      nationalities: ["BA"],
      arrest_warrants: [{ issuing_country_id: "922", charge: "Genocide", charge_translation: null }],
    }),
  ];
  fake = await startFakeInterpol({ notices });
  dataDir = mkdtempSync(path.join(os.tmpdir(), "a3-e2e-phone-"));
  const env = {
    DATA_DIR: dataDir,
    INTERPOL_API_BASE: fake.url,
    INTERPOL_COUNTRIES_URL: `${fake.url}/en/notices/data/countries`,
    INTERPOL_RPS: "100",
    INTERPOL_CONCURRENCY: "16",
    INTERPOL_RETRIES: "2",
    INTERPOL_BACKOFF_MS: "5",
  };
  expect(await createUserWithCli(dataDir, ANALYST)).toBe(0);
  expect(await pullWithCli(env)).toBe(0);
  server = await startServer({ dataDir, env });
  browser = await launchBrowser();
  await browser.page.setViewportSize({ width: WIDTH, height: 844 });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("Notices on a 390 px phone", () => {
  it("the list, its filters and its table fit the screen; rows become cards", async () => {
    const { page } = browser;
    await signIn(page, server.url, ANALYST, "/notices");
    await page.getByText(/notices match\./).waitFor();
    await screenshot(page, "notices-phone-list");
    await page.screenshot({ path: path.resolve("test-results/screenshots/notices-phone-list-top.png") });
    const o = await overflow(page);
    expect(o.wide).toEqual([]);
    expect(o.scrollWidth).toBeLessThanOrEqual(WIDTH);

    // The issuer select holds the long special-issuer name with its count, grouped apart.
    const issuer = page.getByLabel("Warrant issued by");
    const groups = await issuer.locator("optgroup").evaluateAll((els) => els.map((e) => e.getAttribute("label")));
    expect(groups[0]).toMatch(/International bodies/);
    expect(await issuer.locator("option", { hasText: /^International Residual Mechanism for Criminal Tribunals \([\d,]+\)$/ }).count()).toBe(1);
    expect((await issuer.boundingBox())!.width).toBeLessThanOrEqual(WIDTH);
    const russia = await page.getByLabel("Nationality").locator("option", { hasText: /^Russia \([\d,]+\)$/ }).textContent();
    expect(russia).toMatch(/^Russia \(\d{1,3}(,\d{3})*\)$/);

    // Cards: the header row is hidden, each cell says what it is, dates stay on one line.
    const firstRow = page.locator("table.reflow tbody tr").first();
    expect((await firstRow.boundingBox())!.width).toBeLessThanOrEqual(WIDTH);
    expect(await firstRow.locator('td[data-label="First seen"]').evaluate((td) => getComputedStyle(td, "::before").content)).toBe('"First seen"');
    const dateLines = await page.locator('td[data-label="First seen"], td[data-label="Born"]').evaluateAll((cells) =>
      cells.map((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        // Line boxes of the value itself (the label is a pseudo-element, not in the range).
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      }),
    );
    expect(dateLines.length).toBeGreaterThan(0);
    expect(dateLines.every((n) => n === 1)).toBe(true);
  });

  it("a search, a long name and a bad filter fit too", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/notices?q=${encodeURIComponent("Karadzic Radovan")}`);
    await page.getByText(/best match first/).waitFor();
    await expect(page.locator("table.reflow tbody tr").first().innerText()).resolves.toMatch(/KARADZIC-VUKOVIC-OBRADOVIC/);
    await screenshot(page, "notices-phone-search");
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(WIDTH);

    const res = await page.goto(`${server.url}/notices?ageMin=abc&issuer=922`);
    expect(res?.status()).toBe(400);
    await page.getByText("Enter an age in whole years, e.g. 30.").waitFor();
    await expect(page.getByLabel("Age from").inputValue()).resolves.toBe("abc");
    await screenshot(page, "notices-phone-bad-filter");
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(WIDTH);
  });
});
