// The demo's command line, apart so that it can be tested: flags win over the environment
// (PORT, DATA_DIR), which wins over the defaults.
import { parseArgs } from "node:util";

export const DEMO_USAGE = `Usage: npm run demo -- [options]

Article 3 against a local fake of Interpol's service (no internet needed).

Options:
  --port N          The app's HTTP port (default: $PORT, else 3000)
  --fake-port N     The fake Interpol's port on 127.0.0.1 (default: 4010)
  --data-dir DIR    The demo's embedded database folder (default: $DATA_DIR, else ./data/demo)
  --count N         How many synthetic red notices (default: 7000)
  --step-minutes N  Change the fake every N minutes (default: 5)
  --help            This text

Pulls run every 15 minutes (PULL_CRON overrides) and on "Pull now" on the Runs page.
`;

export interface DemoOptions {
  port: number;
  fakePort: number;
  count: number;
  stepMinutes: number;
  dataDir: string;
}

export function parseDemoArgs(
  argv: string[],
  env: Record<string, string | undefined>,
): DemoOptions | { help: true } | { problem: string } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        help: { type: "boolean", short: "h", default: false },
        port: { type: "string", default: env.PORT || "3000" },
        "fake-port": { type: "string", default: "4010" },
        count: { type: "string", default: "7000" },
        "step-minutes": { type: "string", default: "5" },
        "data-dir": { type: "string", default: env.DATA_DIR || "./data/demo" },
      },
    }));
  } catch (e) {
    return { problem: `${e instanceof Error ? e.message : String(e)}\n\n${DEMO_USAGE}` };
  }
  if (values.help) return { help: true };
  const problems: string[] = [];
  const whole = (flag: string, min: number, max: number) => {
    const raw = String(values[flag]);
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) problems.push(`--${flag}: expected a whole number from ${min} to ${max} (got "${raw}")`);
    return n;
  };
  const options = {
    port: whole("port", 1, 65535),
    fakePort: whole("fake-port", 1, 65535),
    count: whole("count", 1, 200_000),
    stepMinutes: whole("step-minutes", 1, 24 * 60),
    dataDir: String(values["data-dir"]),
  };
  return problems.length ? { problem: problems[0]! } : options;
}
