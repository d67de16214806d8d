import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, startServer, type Browser, type RunningServer } from "./support";

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("app shell in Chromium", () => {
  it("serves /healthz on the embedded database", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ database: { kind: "pglite" }, migrations: { current: true } });
  });

  it("shows the main navigation by role and name, with no CSP violation", async () => {
    const { page, consoleErrors } = browser;
    await page.goto(`${server.url}/login`);
    await page.goto(server.url);
    await screenshot(page, "home");
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of ["Dashboard", "Notices", "Cases", "Precedents"]) {
      await expect(nav.getByRole("link", { name, exact: true }).count()).resolves.toBe(1);
    }
    // Hydration ran: the inline bootstrap scripts carried the nonce and were allowed.
    await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
    expect(consoleErrors.filter((e) => /Content Security Policy|CSP/i.test(e))).toEqual([]);
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
