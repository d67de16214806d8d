// `npm run demo` as a newcomer runs it: the setup link first, then what to do with it; the data
// where DATA_DIR says; Ctrl-C (here SIGTERM to npm) stops the app and the fake.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { descendantsOf, freePort, isAlive, portOpen, waitUntil } from "./support";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "a3-e2e-demo-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("npm run demo", () => {
  it("prints the setup link, then the next steps that use it; keeps its data in DATA_DIR; stops on SIGTERM", async () => {
    const [port, fakePort] = [await freePort(), await freePort()];
    let out = "";
    const demo = spawn("npm", ["run", "-s", "demo", "--", "--port", String(port), "--fake-port", String(fakePort), "--count", "150", "--step-minutes", "60"], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", DATA_DIR: dataDir, HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    demo.stdout.on("data", (d) => (out += d));
    demo.stderr.on("data", (d) => (out += d));
    const exited = new Promise<void>((resolve) => demo.on("exit", () => resolve()));
    let tree: number[] = [];
    try {
      await waitUntil(() => /Demo ready/.test(out) || demo.exitCode !== null, `the demo to be ready; output:\n${out}`, 120_000);
      tree = descendantsOf(demo.pid!);
      const link = out.match(/First-run setup: (\S+)/)?.[1];
      expect(link).toMatch(new RegExp(`^http://localhost:${port}/setup/`));
      const steps = out.slice(out.indexOf("Demo ready"));
      // The link comes first, then the steps, which repeat it and never point "above" to something not yet printed.
      expect(out.indexOf("First-run setup:")).toBeLessThan(out.indexOf("Demo ready"));
      expect(steps).toContain(`Create the first administrator: open ${link}`);
      expect(steps).toMatch(/Runs \(http:\/\/localhost:\d+\/runs\) and press "Pull now"/);
      expect(existsSync(path.join(dataDir, "pglite"))).toBe(true);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

      process.kill(demo.pid!, "SIGTERM");
      await exited;
      await waitUntil(async () => !(await portOpen(port)) && !(await portOpen(fakePort)), "the app's and the fake's ports to close");
      await waitUntil(() => tree.every((pid) => !isAlive(pid)), "every process of the demo to exit");
    } finally {
      for (const pid of [demo.pid!, ...tree]) if (isAlive(pid)) process.kill(pid, "SIGKILL");
    }
  });
});
