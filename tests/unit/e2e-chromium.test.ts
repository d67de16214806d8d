// The order in which the end-to-end harness looks for a browser (tests/e2e/chromium.ts), on
// folders of fake executables: CHROMIUM_PATH, then a system browser, then the packaged one.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveChromium, SYSTEM_CANDIDATES } from "../e2e/chromium";

const dir = mkdtempSync(path.join(os.tmpdir(), "a3-chromium-order-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeBinary(name: string) {
  const file = path.join(dir, name);
  writeFileSync(file, "#!/bin/sh\necho Chromium 1.0\n");
  chmodSync(file, 0o755);
  return file;
}
const explicit = fakeBinary("my-chrome");
const onPath = fakeBinary("chromium-browser");
// The machine's own /usr/bin/chromium stays out of it: the absolute candidate is a file of ours.
const debianPath = path.join(dir, "debian", "chromium");
const candidates = [debianPath, ...SYSTEM_CANDIDATES.filter((c) => !c.startsWith("/"))];
const works = () => null;
const bundled = async () => ({ path: "/opt/bundled/chromium", version: "143.0.4" });
const noBundle = async () => ({ problem: "@sparticuz/chromium is not installed" });

describe("resolveChromium", () => {
  it("prefers CHROMIUM_PATH over a system browser and the packaged one", async () => {
    const choice = await resolveChromium({ env: { CHROMIUM_PATH: explicit, PATH: dir }, probe: works, bundled, candidates });
    expect(choice).toEqual({ path: explicit, source: "CHROMIUM_PATH" });
  });

  it("reports a CHROMIUM_PATH that does not exist rather than using another browser", async () => {
    const choice = await resolveChromium({ env: { CHROMIUM_PATH: path.join(dir, "nope"), PATH: dir }, probe: works, bundled, candidates });
    expect(choice.path).toBeNull();
    expect(choice).toMatchObject({ problem: expect.stringContaining("CHROMIUM_PATH") });
  });

  it("finds a system browser on PATH before the packaged one", async () => {
    const choice = await resolveChromium({ env: { PATH: `/nonexistent${path.delimiter}${dir}` }, probe: works, bundled, candidates });
    expect(choice).toEqual({ path: onPath, source: "system" });
  });

  it("prefers Debian's /usr/bin/chromium to a browser found on PATH", async () => {
    mkdirSync(path.dirname(debianPath), { recursive: true });
    writeFileSync(debianPath, "#!/bin/sh\n");
    chmodSync(debianPath, 0o755);
    try {
      const choice = await resolveChromium({ env: { PATH: dir }, probe: works, bundled, candidates });
      expect(choice).toEqual({ path: debianPath, source: "system" });
    } finally {
      rmSync(debianPath);
    }
  });

  it("skips a system browser that does not start", async () => {
    const probe = (file: string) => (file === onPath ? `${file} does not start: libnss3.so missing` : null);
    const choice = await resolveChromium({ env: { PATH: dir }, probe, bundled, candidates });
    expect(choice).toEqual({ path: "/opt/bundled/chromium", source: "@sparticuz/chromium 143.0.4" });
  });

  it("CHROMIUM_SYSTEM=off skips the system browser (to try a fresh machine's path)", async () => {
    const choice = await resolveChromium({ env: { PATH: dir, CHROMIUM_SYSTEM: "off" }, probe: works, bundled, candidates });
    expect(choice).toEqual({ path: "/opt/bundled/chromium", source: "@sparticuz/chromium 143.0.4" });
  });

  it("uses the packaged Chromium when the machine has none", async () => {
    const choice = await resolveChromium({ env: { PATH: "/nonexistent" }, probe: works, bundled, candidates });
    expect(choice).toEqual({ path: "/opt/bundled/chromium", source: "@sparticuz/chromium 143.0.4" });
  });

  it("says in one line why there is none, and what to do", async () => {
    for (const choice of [
      await resolveChromium({ env: { PATH: "/nonexistent" }, probe: works, bundled: noBundle, candidates }),
      await resolveChromium({ env: { PATH: "/nonexistent", CHROMIUM_BUNDLED: "off" }, probe: works, bundled, candidates }),
    ]) {
      expect(choice.path).toBeNull();
      const problem = (choice as { problem: string }).problem;
      expect(problem.split("\n")).toHaveLength(1);
      expect(problem).toMatch(/^no Chromium/);
      expect(problem).toMatch(/set CHROMIUM_PATH/);
    }
  });
});
