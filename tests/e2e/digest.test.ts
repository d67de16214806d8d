// The digest in Chromium: a user sets up their digest and previews it; an administrator sees the
// week's delivery and its preview. The digest is sent (to the outbox folder: no SMTP_URL) by the
// CLI before the server opens the data folder.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previousWeek } from "../../lib/digest/week";
import { createUserWithCli, launchBrowser, screenshot, signIn, startServer, type Browser, type RunningServer } from "./support";

const ADMIN = { email: "dora@example.org", name: "Dora Digest", password: "saffron harbour kettle 42", role: "admin" as const };
const VIEWER = { email: "vik@example.org", name: "Vik Reader", password: "meadow lantern copper 19", role: "viewer" as const };
const week = previousWeek(new Date()).week;
let server: RunningServer;
let browser: Browser;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "a3-e2e-digest-"));

beforeAll(async () => {
  browser = await launchBrowser();
  expect(await createUserWithCli(dataDir, ADMIN)).toBe(0);
  expect(await createUserWithCli(dataDir, VIEWER)).toBe(0);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production" as const, DATA_DIR: dataDir };
  const add = spawnSync(process.execPath, ["--import", "tsx", "jobs/cli.ts", "recipient:add", "--email", "fund@example.net", "--name", "A Fund"], { env });
  expect(add.status).toBe(0);
  const sent = spawnSync(process.execPath, ["--import", "tsx", "jobs/cli.ts", "digest", "--week", week, "--json"], { env, encoding: "utf8" });
  expect(sent.status).toBe(0);
  expect(JSON.parse(sent.stdout.trim().split("\n").at(-1)!)).toMatchObject({ week, recipients: 3, sent: 3, failed: 0 });
  server = await startServer({ dataDir });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the digest in Chromium", () => {
  it("a user sets up their digest and previews it", async () => {
    const { page } = browser;
    await signIn(page, server.url, VIEWER, "/digest");
    await page.getByRole("heading", { name: "My digest" }).waitFor();
    await page.getByLabel("Requesting countries (notices and cases)").selectOption(["RU", "TR"]);
    await page.getByLabel("Send nothing").check();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved. The preview below shows the digest with these settings.").waitFor();
    await expect(page.getByLabel("Send nothing").isChecked()).resolves.toBe(true);
    const frame = page.frameLocator("iframe[title^='Preview:']");
    await frame.getByText("Article 3 weekly digest").waitFor();
    await frame.getByRole("paragraph").filter({ hasText: "A quiet week" }).waitFor();
    await page.getByText(/you chose to get nothing in a quiet week/).waitFor();
    await screenshot(page, "digest-mine");
  });

  it("an administrator sees the week's delivery and its preview", async () => {
    const { page } = browser;
    await page.context().clearCookies();
    await signIn(page, server.url, ADMIN, "/admin/deliveries");
    await page.getByRole("heading", { name: "Digest deliveries" }).waitFor();
    await page.getByText(`${week}: 3 sent, 0 failed`).waitFor();
    await page.getByRole("heading", { name: "Outbox" }).waitFor();
    await screenshot(page, "digest-deliveries");
    await page.getByRole("link", { name: "A Fund" }).click();
    await page.getByRole("heading", { name: `Digest ${week} to fund@example.net` }).waitFor();
    await page.getByText("External recipient: public content only").waitFor();
    await page.frameLocator("iframe[title^='Preview:']").getByText("Hello A Fund,").waitFor();
    await screenshot(page, "digest-delivery-preview");
  });
});
