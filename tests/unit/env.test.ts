import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, publicEnv } from "../../config/env";

describe("configuration", () => {
  it("has working defaults: embedded database, port 3000, scheduler on", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe("./data");
    expect(env.SCHEDULER).toBe("on");
    expect(env.PULL_CRON).toBe("0 */6 * * *");
    expect(env.INTERPOL_API_BASE).toBe("https://ws-public.interpol.int");
    expect(env.SESSION_IDLE_MINUTES).toBe(60);
    expect(env.SESSION_MAX_HOURS).toBe(12);
    expect(env.JOBS_POLL_SECONDS).toBe(2);
    expect(env.JOBS_STOP_GRACE_SECONDS).toBe(5);
  });

  it.each([
    ["PORT", "abc", /PORT expected a whole number/],
    ["PORT", "70000", /PORT expected a whole number from 1 to 65535/],
    ["DATABASE_URL", "mysql://x", /DATABASE_URL expected a postgres/],
    ["SCHEDULER", "maybe", /SCHEDULER expected "on" or "off"/],
    ["INTERPOL_RPS", "-1", /INTERPOL_RPS expected/],
    ["INTERPOL_API_BASE", "not a url", /INTERPOL_API_BASE expected an absolute URL/],
    ["PULL_CRON", "every day", /PULL_CRON expected a cron expression/],
    ["JOBS_POLL_SECONDS", "0.1", /JOBS_POLL_SECONDS expected a number of seconds from 0.5 to 60/],
    ["JOBS_STOP_GRACE_SECONDS", "soon", /JOBS_STOP_GRACE_SECONDS expected a number of seconds/],
  ])("%s=%s is refused with a message naming the variable", (name, value, message) => {
    let error: unknown;
    try {
      parseEnv({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).variable).toBe(name);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("asks the country list of the same base when only INTERPOL_API_BASE is set (a fake or a proxy)", () => {
    expect(parseEnv({}).INTERPOL_COUNTRIES_URL).toBe("https://www.interpol.int/en/notices/data/countries");
    expect(parseEnv({ INTERPOL_API_BASE: "http://127.0.0.1:4010" }).INTERPOL_COUNTRIES_URL).toBe(
      "http://127.0.0.1:4010/en/notices/data/countries",
    );
    expect(parseEnv({ INTERPOL_API_BASE: "https://proxy.example.org/interpol/" }).INTERPOL_COUNTRIES_URL).toBe(
      "https://proxy.example.org/interpol/en/notices/data/countries",
    );
    expect(parseEnv({ INTERPOL_API_BASE: "https://ws-public.interpol.int" }).INTERPOL_COUNTRIES_URL).toBe(
      "https://www.interpol.int/en/notices/data/countries",
    );
    expect(
      parseEnv({ INTERPOL_API_BASE: "http://127.0.0.1:4010", INTERPOL_COUNTRIES_URL: "http://127.0.0.1:4011/c" }).INTERPOL_COUNTRIES_URL,
    ).toBe("http://127.0.0.1:4011/c");
  });

  it("treats blank values as unset, as .env templates leave them", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: " " }).PORT).toBe(3000);
  });

  it("lets nothing but the allowlist reach the browser", () => {
    const env = parseEnv({ DATABASE_URL: "postgres://u:secret@db/a3", INTERPOL_PROXY: "http://user:pw@proxy:8080" });
    const exposed = JSON.stringify(publicEnv(env));
    expect(exposed).not.toContain("secret");
    expect(exposed).not.toContain("proxy");
    expect(Object.keys(publicEnv(env))).toEqual(["NODE_ENV"]);
  });
});
