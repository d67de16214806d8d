import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserWithCli, launchBrowser, screenshot, signIn, startServer, type Browser, type RunningServer } from "./support";

const VIEWER = { email: "vera@example.org", name: "Vera Viewer", password: "lantern osprey quartz 58", role: "viewer" as const };
let server: RunningServer;
let browser: Browser;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "a3-e2e-shell-"));

beforeAll(async () => {
  browser = await launchBrowser(); // first: without Chromium this fails at once, with the reason
  expect(await createUserWithCli(dataDir, VIEWER)).toBe(0);
  server = await startServer({ dataDir });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("app shell in Chromium", () => {
  it("serves /healthz on the embedded database", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ database: { kind: "pglite" }, migrations: { current: true } });
  });

  it("home page: the navigation by role and name, hydrated, with no CSP violation", async () => {
    const { page, consoleErrors } = browser;
    await signIn(page, server.url, VIEWER, "/");
    await screenshot(page, "home");
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of ["Dashboard", "Notices", "Cases", "Precedents"]) {
      await expect(nav.getByRole("link", { name, exact: true }).count()).resolves.toBe(1);
    }
    // Viewers do not see Admin (the server refuses it anyway).
    await expect(nav.getByRole("link", { name: "Admin", exact: true }).count()).resolves.toBe(0);
    await expect(page.getByRole("link", { name: "Skip to content" }).count()).resolves.toBe(1);
    // Hydration ran: the inline bootstrap scripts carried the nonce and were allowed.
    await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
    await nav.getByRole("link", { name: "Notices", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Red notices" }).waitFor();
    expect(consoleErrors.filter((e) => /Content Security Policy|CSP/i.test(e))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it("answers unknown addresses with a plain not-found page that leaks nothing", async () => {
    const { page } = browser;
    const res = await page.goto(`${server.url}/no/such/page`);
    await screenshot(page, "not-found");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toMatch(/Page not found/);
    const html = await page.content();
    expect(html).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});
