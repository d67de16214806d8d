// The Track in Chromium, with JavaScript on and off: an editor records the case of "H" as ICIJ's
// China Targets reported it (a pseudonym; a Chinese-born Singaporean businessman in Bordeaux; a
// red notice at China's request; his sister detained in China; a famous acquaintance phoning to
// urge his return; French courts refusing extradition in July 2021 as political; the notice
// deleted), links the notice, adds the sources, and a viewer sees it without its restricted fields.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol } from "../fake-interpol/server";
import { createUserWithCli, launchBrowser, screenshot, signIn, startServer, type Browser, type RunningServer } from "./support";

const EDITOR = { email: "eda@example.org", name: "Eda Editor", password: "granite meadow copper 62", role: "editor" as const };
const VIEWER = { email: "vic@example.org", name: "Vic Viewer", password: "granite meadow copper 63", role: "viewer" as const };
const NOTICE = makeNotice({
  entity_id: "2020/31337",
  name: "HUANGFU",
  forename: "HAO",
  nationalities: ["SG"],
  arrest_warrants: [{ issuing_country_id: "CN", charge: "Money laundering", charge_translation: null }],
});

let fake: FakeInterpol;
let server: RunningServer;
let dataDir: string;
const env = (url: string) => ({
  INTERPOL_API_BASE: url,
  INTERPOL_COUNTRIES_URL: `${url}/en/notices/data/countries`,
  INTERPOL_RPS: "100",
  INTERPOL_CONCURRENCY: "8",
  INTERPOL_RETRIES: "2",
  INTERPOL_BACKOFF_MS: "5",
});

function cliPull(): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "jobs/cli.ts", "pull"], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", DATA_DIR: dataDir, ...env(fake.url) },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("exit", resolve);
  });
}

beforeAll(async () => {
  fake = await startFakeInterpol({ notices: [NOTICE] });
  dataDir = mkdtempSync(path.join(os.tmpdir(), "a3-e2e-cases-"));
  expect(await createUserWithCli(dataDir, EDITOR)).toBe(0);
  expect(await createUserWithCli(dataDir, VIEWER)).toBe(0);
  expect(await cliPull()).toBe(0);
  server = await startServer({ dataDir, env: env(fake.url) });
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function addEvent(page: Page, ref: string, e: { date: string; kind: string; actor?: string; target?: string; place?: string; description: string; restricted?: boolean }) {
  await page.goto(`${server.url}/cases/${ref}/record?type=case_event`);
  await page.getByLabel("Date", { exact: true }).fill(e.date);
  await page.getByLabel("What happened").selectOption(e.kind);
  if (e.actor) await page.getByLabel("Who acted").fill(e.actor);
  if (e.target) await page.getByLabel("Against whom").fill(e.target);
  if (e.place) await page.getByLabel("Place", { exact: true }).fill(e.place);
  await page.getByLabel("Description").fill(e.description);
  if (e.restricted) await page.getByLabel("Who may see it").selectOption("restricted");
  await page.getByRole("button", { name: "Save" }).click();
  await page.waitForURL(`${server.url}/cases/${ref}`);
}

for (const js of [true, false]) {
  describe(`cases in Chromium, JavaScript ${js ? "on" : "off"}`, () => {
    let editor: Browser;
    let viewer: Browser;
    let ref = "";
    const mode = js ? "js" : "nojs";
    const LEGAL = `Legal-Name-Canary-${mode}`;
    const CONTACT = `Contact-Canary-${mode}`;
    const SOURCE_ID = `Source-Identity-Canary-${mode}`;
    const SECRET_EVENT = `Restricted-Event-Canary-${mode}`;

    beforeAll(async () => {
      editor = await launchBrowser({ javaScriptEnabled: js });
      viewer = await launchBrowser({ javaScriptEnabled: js });
    });
    afterAll(async () => {
      await editor?.close();
      await viewer?.close();
    });

    it("an editor records the case of H, its timeline, the linked notice and the sources", async () => {
      const { page } = editor;
      await signIn(page, server.url, EDITOR, "/cases");
      if (js) {
        // The form fits a phone, long country names and all.
        await page.setViewportSize({ width: 390, height: 844 });
        await page.goto(`${server.url}/cases/new`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(`${server.url}/cases`);
      }
      await page.getByRole("link", { name: "Record a case" }).click();
      await page.getByLabel("Title").fill(`H: pursued by China in France (${mode})`);
      await page.getByLabel("Subject (display name or pseudonym)").fill("H");
      await page.getByLabel("This is a pseudonym").check();
      await page.getByLabel("Legal name (restricted)").fill(LEGAL);
      await page.getByLabel("Contact details (restricted)").fill(CONTACT);
      await page.getByLabel("Subject's role").fill("businessman");
      await page.getByLabel("Requesting country").selectOption("CN");
      await page.getByLabel("Host countries").fill("FR");
      await page.getByLabel("Nationalities").fill("SG");
      await page.getByLabel("Countries of residence").fill("France");
      await page.getByLabel("Years").fill("2020-2021");
      await page.getByLabel("Charges as alleged").fill("Financial crimes linked to Tuandai.com (money laundering)");
      await page.getByLabel("Coerced testimony").check();
      await page.getByLabel("Business or asset dispute").check();
      await page.getByLabel("Red notice", { exact: true }).check();
      await page.getByLabel("Relative detained").check();
      await page.getByLabel("Intermediary pressure").check();
      await page.getByLabel("Alert status").selectOption("deleted_by_ccf");
      await page.getByLabel("Extradition outcome").selectOption("refused_by_court");
      await page.getByLabel("Summary").fill("Chinese-born Singaporean businessman living in Bordeaux, as ICIJ's China Targets reported it.");
      await page.getByRole("button", { name: "Save the case" }).click();
      await page.waitForURL(/\/cases\/A3-\d{4}-\d{4}$/);
      ref = page.url().split("/").pop()!;
      await page.getByText(LEGAL).waitFor();

      await addEvent(page, ref, { date: "2020", kind: "notice_issued", actor: "China", target: "H", description: "Red notice at China's request." });
      await addEvent(page, ref, { date: "2021", kind: "relative_detained", actor: "Chinese police", target: "his sister", description: "His sister detained in China." });
      await addEvent(page, ref, { date: "2021-04", kind: "intermediary_pressure", actor: "a famous acquaintance", target: "H", description: "Phoned to urge his return." });
      await addEvent(page, ref, { date: "2021-07", kind: "decision", actor: "French courts", target: "H", place: "Bordeaux", description: "Extradition refused as political." });
      await addEvent(page, ref, { date: "2021", kind: "notice_removed", actor: "Interpol", description: "The notice was deleted." });
      await addEvent(page, ref, { date: "2021-05", kind: "other", description: SECRET_EVENT, restricted: true });

      // The alert, linked through the notice picker: search, then choose.
      await page.goto(`${server.url}/cases/${ref}/record?type=case_alert`);
      await page.getByLabel("Find a stored notice to link (name or charge)").fill("HUANGFU");
      await page.getByRole("button", { name: "Search notices" }).click();
      await page.getByLabel(/2020\/31337/).check();
      await page.getByLabel("Status", { exact: true }).selectOption("deleted_by_ccf");
      await page.getByRole("button", { name: "Save" }).click();
      await page.waitForURL(`${server.url}/cases/${ref}`);
      await page.getByRole("link", { name: "2020/31337" }).waitFor();

      for (const s of [
        { title: "ICIJ China Targets (2025)", url: "https://www.icij.org/investigations/china-targets/" },
        { title: "The Guardian (2025)", url: "https://www.theguardian.com/" },
        { title: "Le Monde and Radio France", identity: SOURCE_ID },
      ]) {
        await page.goto(`${server.url}/cases/${ref}/record?type=source`);
        await page.getByLabel("Title", { exact: true }).fill(s.title);
        await page.getByLabel("Kind", { exact: true }).selectOption("media");
        if (s.url) await page.getByLabel("Web address").fill(s.url);
        await page.getByLabel("Reliability").selectOption("reliable");
        if (s.identity) await page.getByLabel("Confidential identity (restricted)").fill(s.identity);
        await page.getByRole("button", { name: "Save" }).click();
        await page.waitForURL(`${server.url}/cases/${ref}`);
      }
      // The URL changes a moment before the case re-renders after a client-side navigation: wait for the page.
      await page.locator("main").getByText("Le Monde and Radio France").first().waitFor();
      const text = await page.locator("main").innerText();
      for (const want of ["His sister detained in China.", "Phoned to urge his return.", "ICIJ China Targets (2025)", SOURCE_ID, SECRET_EVENT, "Refused by a court", "Deleted by the CCF"]) {
        expect(text).toContain(want);
      }
      expect(text).toMatch(/Last changed by Eda Editor/);
      await screenshot(page, `cases-h-editor-${mode}`);
      expect(editor.consoleErrors).toEqual([]);
    });

    it("a viewer sees the case without its restricted fields or events", async () => {
      const { page } = viewer;
      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(page, server.url, VIEWER, "/cases");
      await page.getByRole("link", { name: `H: pursued by China in France (${mode})` }).click();
      await page.waitForURL(`${server.url}/cases/${ref}`);
      // With JavaScript the address changes a moment before the case renders: wait for its timeline.
      await page.getByText("His sister detained in China.").first().waitFor();
      const text = await page.locator("main").innerText();
      expect(text).toContain("His sister detained in China.");
      expect(text).toContain("ICIJ China Targets (2025)");
      expect(text).toContain("2020/31337");
      const html = await page.content();
      for (const secret of [LEGAL, CONTACT, SOURCE_ID, SECRET_EVENT]) expect(html).not.toContain(secret);
      // No sideways scrolling on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth).catch(() => 0);
      if (js) expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, `cases-h-viewer-${mode}`);
      // The notice page lists the case for them.
      await page.goto(`${server.url}/notices/2020-31337`);
      await page.getByRole("link", { name: `H: pursued by China in France (${mode})` }).waitFor();
      expect(viewer.consoleErrors).toEqual([]);
    });
  });
}
