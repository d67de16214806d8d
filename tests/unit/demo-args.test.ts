// `npm run demo`'s options: flags win over the environment, which wins over the defaults.
import { describe, expect, it } from "vitest";
import { parseDemoArgs } from "../fake-interpol/demo-args";

describe("parseDemoArgs", () => {
  it("defaults to port 3000, the fake on 4010 and ./data/demo", () => {
    expect(parseDemoArgs([], {})).toEqual({ port: 3000, fakePort: 4010, count: 7000, stepMinutes: 5, dataDir: "./data/demo" });
  });

  it("honours DATA_DIR and PORT, and the flags win over them", () => {
    expect(parseDemoArgs([], { DATA_DIR: "/srv/a3-demo", PORT: "8080" })).toMatchObject({ dataDir: "/srv/a3-demo", port: 8080 });
    expect(
      parseDemoArgs(["--data-dir", "/tmp/mine", "--port", "8081", "--fake-port", "4999"], { DATA_DIR: "/srv/a3-demo", PORT: "8080" }),
    ).toMatchObject({ dataDir: "/tmp/mine", port: 8081, fakePort: 4999 });
  });

  it("answers --help, and refuses unknown flags and bad numbers with one line first", () => {
    expect(parseDemoArgs(["--help"], {})).toEqual({ help: true });
    expect(parseDemoArgs(["--prot", "1"], {})).toMatchObject({ problem: expect.stringMatching(/^Unknown option '--prot'/) });
    expect(parseDemoArgs(["--port", "abc"], {})).toEqual({ problem: '--port: expected a whole number from 1 to 65535 (got "abc")' });
    expect(parseDemoArgs(["--count", "0"], {})).toMatchObject({ problem: expect.stringMatching(/^--count/) });
  });
});
