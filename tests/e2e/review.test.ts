// The review queue in Chromium: notices pulled from the fake Interpol by the CLI (demo-like
// generated notices plus a few with political charges) are scored by the pull; an editor opens
// /review, dismisses one with a note, and opens a case from another.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateNotices, makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeInterpol } from "../fake-interpol/server";
import { createUserWithCli, launchBrowser, screenshot, signIn, startServer, type Browser, type RunningServer } from "./support";

const REVIEWER = { email: "rita@example.org", name: "Rita Reviewer", password: "saffron harbour kettle 42", role: "editor" as const };

const POLITICAL = [
  makeNotice({
    entity_id: "2023/700001",
    name: "ABLYAZOVA",
    forename: "DINARA",
    nationalities: ["KZ"],
    arrest_warrants: [
      {
        issuing_country_id: "KZ",
        charge: "Распространение заведомо ложной информации (ч. 2 ст. 274 УК РК)\r\nи возбуждение социальной розни (ч. 2 ст. 174 УК РК)",
        charge_translation: null,
      },
    ],
  }),
  makeNotice({
    entity_id: "2023/700002",
    name: "YILMAZ",
    forename: "EMRE",
    nationalities: ["TR"],
    arrest_warrants: [{ issuing_country_id: "TR", charge: "Cumhurbaşkanına hakaret etmek (TCK 299)", charge_translation: null }],
  }),
];

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

beforeAll(async () => {
  browser = await launchBrowser();
  fake = await startFakeInterpol({ notices: [...generateNotices({ count: 400, seed: 12 }), ...POLITICAL] });
  dataDir = mkdtempSync(path.join(os.tmpdir(), "a3-e2e-review-"));
  const env = {
    DATA_DIR: dataDir,
    INTERPOL_API_BASE: fake.url,
    INTERPOL_COUNTRIES_URL: `${fake.url}/en/notices/data/countries`,
    INTERPOL_RPS: "100",
    INTERPOL_CONCURRENCY: "8",
  };
  expect(await createUserWithCli(dataDir, REVIEWER)).toBe(0);
  expect(await pullWithCli(env)).toBe(0);
  server = await startServer({ dataDir, env: { ...env, SCHEDULER: "off" } });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("Review queue in Chromium", () => {
  it("a reviewer opens the queue, dismisses one with a note, and opens a case from another", async () => {
    const { page, consoleErrors } = browser;
    await signIn(page, server.url, REVIEWER, "/review");
    await page.getByRole("heading", { name: "Review flagged notices" }).waitFor();
    await screenshot(page, "review-queue");
    const item = (id: string) => page.locator("li.review-item").filter({ hasText: id });
    for (const n of POLITICAL) await item(n.entity_id).waitFor();
    // Reasons name the rule and quote the charge's words.
    await expect(item("2023/700002").locator('[data-rule="insulting_officials"]').innerText()).resolves.toMatch(/Cumhurbaşkanına hakaret/);

    // Dismissing needs a note: without one the form says so, by the field.
    const turkish = item("2023/700002");
    await turkish.getByRole("button", { name: "Dismiss" }).click();
    await page.getByText("Say why you dismiss it").waitFor();
    await item("2023/700002").getByLabel("Note").fill("Satire account, the CCF deleted an earlier notice");
    await item("2023/700002").getByRole("button", { name: "Dismiss" }).click();
    await page.getByText("Dismissed notice 2023/700002; it has left the queue.").waitFor();
    expect(await item("2023/700002").count()).toBe(0);
    await screenshot(page, "review-after-dismiss");

    // "Open a case" leads to the case form prefilled from the notice (served by the cases pages).
    const open = item("2023/700001").getByRole("link", { name: "Open a case" });
    expect(await open.getAttribute("href")).toBe("/cases/new?from_notice=2023%2F700001");
    await open.click();
    await page.waitForURL(/\/cases\/new\?from_notice=2023%2F700001$/);
    expect(new URL(page.url()).searchParams.get("from_notice")).toBe("2023/700001");
    // The case form arrives prefilled from the notice; saving it records the case with the notice linked.
    const subject = page.locator('input[name="subjectName"]');
    await subject.waitFor();
    expect(await subject.inputValue()).toMatch(/ABLYAZOVA/);
    expect(await page.locator('textarea[name="chargesAlleged"]').inputValue()).toMatch(/ложной информации/);
    await screenshot(page, "review-open-case");
    await page.getByRole("button", { name: "Save the case" }).click();
    await page.waitForURL(/\/cases\/A3-\d{4}-\d{4}$/);
    await page.getByText("Linked notice").first().waitFor();
    await page.locator('a[href="/notices/2023-700001"]').first().waitFor();

    // The notice page shows its score and reasons, and the dismissal.
    await page.goto(`${server.url}/notices/2023-700002`);
    await page.getByRole("heading", { name: "Indicators" }).waitFor();
    await page.getByText(/Dismissed by Rita Reviewer/).waitFor();
    // The refused dismissal (400) is expected.
    expect(consoleErrors.filter((e) => !/\b(400|404)\b|Not Found|Bad Request/.test(e))).toEqual([]);
  });
});
