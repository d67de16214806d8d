// Precedents in Chromium, with JavaScript on and off: a lawyer preparing a hearing types
// "China political extradition refused", finds the Bordeaux decision in the case of "H", opens it
// and copies its citation. The case and its decision are written straight into the data folder
// (the cases import lands separately); the other decisions come through the decisions import.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { importDecisions } from "../../db/queries/decisions";
import { cases } from "../../db/schema/cases";
import { parseDecisionCsv } from "../../lib/decision-csv";
import { createUserWithCli, launchBrowser, screenshot, signIn, startServer, type RunningServer } from "./support";

const LAWYER = { email: "lea@example.org", name: "Léa Avocate", password: "harbour violet pencil 42", role: "viewer" as const };
const H_CITATION = "CA Bordeaux, ch. instr., juillet 2021, H. c. République populaire de Chine";
const NEUTRAL = `${H_CITATION}, Cour d'appel de Bordeaux, chambre de l'instruction, July 2021`;

let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "a3-e2e-precedents-"));
  const database = await openDatabase({ dataDir, holder: "e2e seed" });
  try {
    await migrateDatabase(database);
    await database.db.insert(cases).values({
      reference: "A3-2021-0001",
      key: "h-bordeaux",
      title: "H: extradition to China refused in Bordeaux",
      subjectName: "H",
      subjectIsPseudonym: true,
      requestingCountry: "CN",
      hostCountries: ["FR"],
      visibility: "public",
      provenance: "as_reported",
    });
    const parsed = parseDecisionCsv(readFileSync("tests/fixtures/decisions.csv", "utf8"));
    const items = parsed.decisions.map((d) => (d.input.citation === H_CITATION ? { ...d, input: { ...d.input, caseKey: "h-bordeaux" } } : d));
    const result = await importDecisions(database.db, { userId: null }, items);
    expect(result.errors).toEqual([]);
  } finally {
    await database.close();
  }
  expect(await createUserWithCli(dataDir, LAWYER)).toBe(0);
  server = await startServer({ dataDir });
}, 180_000);
afterAll(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

for (const javaScriptEnabled of [true, false]) {
  describe(`Precedents with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    it("finds the Bordeaux decision of H, opens it, and copies its citation", async () => {
      const browser = await launchBrowser({ javaScriptEnabled });
      try {
        const { page, context } = browser;
        if (javaScriptEnabled) await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
        await signIn(page, server.url, LAWYER, "/precedents");
        await page.getByLabel("Search decisions").fill("China political extradition refused");
        await page.getByLabel("Search decisions").press("Enter");
        await page.waitForURL(/\/precedents\?q=China/);
        await page.getByText(/best match first/).waitFor();
        const first = page.locator("ol.results > li").first();
        await expect(first.getByRole("link").first().innerText()).resolves.toBe(H_CITATION);
        expect(await first.locator("mark").count()).toBeGreaterThan(0);
        await screenshot(page, `precedents-search-js-${javaScriptEnabled ? "on" : "off"}`);

        await first.getByRole("link", { name: H_CITATION }).click();
        await page.getByRole("heading", { level: 1, name: H_CITATION }).waitFor();
        await expect(page.locator('[data-citation="neutral"]').innerText()).resolves.toBe(NEUTRAL);
        await expect(page.locator('[data-citation="oscola"]').innerText()).resolves.toContain("(Cour d'appel de Bordeaux");
        await page.getByRole("link", { name: /A3-2021-0001/ }).waitFor();
        expect(await page.locator(".decision-text mark").count()).toBeGreaterThan(0);
        await screenshot(page, `precedents-decision-js-${javaScriptEnabled ? "on" : "off"}`);

        if (javaScriptEnabled) {
          await page.getByRole("button", { name: "Copy citation" }).click();
          await page.getByText("Copied.").waitFor();
          await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(NEUTRAL);
        } else {
          // No script, no clipboard API: the citation is plain text to select and copy.
          expect(await page.getByRole("button", { name: "Copy citation" }).count()).toBe(0);
          await page.locator('[data-citation="neutral"]').click({ clickCount: 3 });
          await page.keyboard.press("Control+C");
        }
        expect(browser.consoleErrors).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 120_000);
  });
}
