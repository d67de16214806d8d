// End-to-end access control in Chromium, with and without JavaScript: first-run setup, sign-in,
// an invitation, and deactivation signing out the invitee's open page on its next request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, screenshot, startServer, type Browser, type RunningServer } from "./support";

const ADMIN = { name: "Ada Admin", email: "ada@example.org", password: "violet tractor harbour 42" };
const INVITEE = { name: "Ivo Viewer", email: "ivo@example.org", password: "amber quarry lantern 93" };

/** Click a submit button; callers then wait for what should appear (works with and without JS). */
async function submit(page: Page, button: string) {
  await page.getByRole("button", { name: button, exact: true }).click();
}

async function signIn(page: Page, url: string, who: { email: string; password: string }) {
  await page.goto(`${url}/login`);
  await page.getByLabel("E-mail address").fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await submit(page, "Sign in");
  await page.waitForURL(`${url}/dashboard`); // "/" leads signed-in people to the dashboard
}

describe.each([
  { js: true, label: "js" },
  { js: false, label: "nojs" },
])("accounts in Chromium (JavaScript $js)", ({ js, label }) => {
  let server: RunningServer;
  let admin: Browser;
  let invitee: Browser;
  beforeAll(async () => {
    // The browsers first: without Chromium this fails at once, with the reason.
    admin = await launchBrowser({ javaScriptEnabled: js });
    invitee = await launchBrowser({ javaScriptEnabled: js });
    server = await startServer();
  });
  afterAll(async () => {
    await admin?.close();
    await invitee?.close();
    await server?.stop();
  });

  it("sends anonymous visitors to sign in, and refuses cross-origin POSTs", async () => {
    const res = await fetch(`${server.url}/cases`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fcases");
    const cross = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "email=a%40b.org&password=x",
    });
    expect(cross.status).toBe(403);
  });

  it("first-run setup: the printed one-time link creates the first administrator", async () => {
    const [, link] = server.output().match(/First-run setup: (\S+)/) ?? [];
    expect(link).toBeDefined();
    const setupPath = new URL(link!).pathname;
    const { page } = admin;
    await page.goto(`${server.url}${setupPath}`);
    await page.getByLabel("Name").fill(ADMIN.name);
    await page.getByLabel("E-mail address").fill(ADMIN.email);
    await page.getByLabel("Password", { exact: true }).fill("password1234");
    await page.getByLabel("Repeat the password").fill("password1234");
    await submit(page, "Create administrator");
    // Refused as too common; the values come back, the password does not.
    await page.getByText("This password is too common").waitFor();
    await expect(page.getByLabel("Name").inputValue()).resolves.toBe(ADMIN.name);
    await expect(page.getByLabel("Password", { exact: true }).inputValue()).resolves.toBe("");
    await expect(page.getByLabel("Password", { exact: true }).getAttribute("aria-invalid")).resolves.toBe("true");
    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByLabel("Repeat the password").fill(ADMIN.password);
    await submit(page, "Create administrator");
    await page.waitForURL(`${server.url}/admin`);
    // Where the new administrator lands, the next steps: a first pull and a colleague.
    const steps = page.getByRole("region", { name: "Next steps" });
    await expect(steps.getByRole("link", { name: "Start the first pull on Runs" }).getAttribute("href")).resolves.toBe("/runs");
    await expect(steps.getByRole("link", { name: "Invite a colleague under Users" }).getAttribute("href")).resolves.toBe("/admin/users");
    await screenshot(page, `auth-${label}-admin-hub`);
    await expect(page.getByRole("link", { name: ADMIN.name }).count()).resolves.toBe(1);
    // The link worked once.
    const again = await fetch(`${server.url}${setupPath}`);
    expect(again.status).toBe(404);
    expect(server.output()).not.toContain(ADMIN.password);
  });

  it("signs out and in again; authenticated pages are not cached", async () => {
    const { page } = admin;
    await submit(page, "Sign out");
    await page.waitForURL(/\/login$/);
    await page.getByLabel("E-mail address").fill(ADMIN.email);
    await page.getByLabel("Password", { exact: true }).fill("wrong password entirely");
    await submit(page, "Sign in");
    await page.getByText("The e-mail address or password is not right.").waitFor();
    await expect(page.getByLabel("E-mail address").inputValue()).resolves.toBe(ADMIN.email);
    await signIn(page, server.url, ADMIN);
    const res = await page.goto(`${server.url}/admin/users`);
    expect(res?.headers()["cache-control"]).toBe("no-store");
  });

  let inviteLink = "";
  it("an admin invites a user with a copyable single-use link", async () => {
    const { page } = admin;
    await page.goto(`${server.url}/admin/users`);
    await page.getByLabel("E-mail address").fill(INVITEE.email);
    await page.getByLabel("Role", { exact: true }).selectOption("viewer");
    await submit(page, "Create invitation link");
    await page.getByLabel("Invitation link").waitFor();
    inviteLink = await page.getByLabel("Invitation link").inputValue();
    expect(inviteLink).toMatch(new RegExp(`^${server.url}/invite/[\\w-]{43}$`));
    await screenshot(page, `auth-${label}-invited`);
  });

  it("the invited user sets a password and signs in", async () => {
    const { page } = invitee;
    await page.goto(inviteLink);
    await expect(page.getByText(INVITEE.email).count()).resolves.toBeGreaterThan(0);
    await page.getByLabel("Name").fill(INVITEE.name);
    await page.getByLabel("Password", { exact: true }).fill(INVITEE.password);
    await page.getByLabel("Repeat the password").fill(INVITEE.password);
    await submit(page, "Create my account");
    await page.waitForURL(`${server.url}/dashboard`);
    await submit(page, "Sign out");
    await page.waitForURL(/\/login$/);
    await signIn(page, server.url, INVITEE);
    // A viewer sees no Admin link, and the server refuses the page anyway.
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).count()).resolves.toBe(0);
    const res = await page.goto(`${server.url}/admin/users`);
    expect(res?.status()).toBe(403);
    await page.goto(`${server.url}/cases`);
    await screenshot(page, `auth-${label}-viewer`);
  });

  it("an admin deactivates them, and their open page is signed out on its next request", async () => {
    const { page } = admin;
    await page.goto(`${server.url}/admin/users`);
    await page.getByRole("link", { name: INVITEE.name }).click();
    await page.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/);
    await submit(page, "Deactivate account");
    await page.getByText("Account deactivated").waitFor();

    const viewer = invitee.page;
    expect(viewer.url()).toBe(`${server.url}/cases`);
    await Promise.all([viewer.waitForURL(/\/login/), viewer.getByRole("link", { name: "Precedents" }).click()]);
    // With JavaScript the address changes a moment before the sign-in page renders: wait for it.
    await viewer.getByRole("heading", { level: 1, name: "Sign in", exact: true }).waitFor();
    await screenshot(viewer, `auth-${label}-signed-out`);
    expect(admin.consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });
});
