// `npm run demo`: Article 3 working without internet. Starts the fake Interpol with about 7,000
// synthetic red notices shaped like the real set, then the app pointed at it (its own data
// folder, a brisk pace), and changes the fake a little every few minutes so pulls find changes.
//   npm run demo -- [--port 3000] [--fake-port 4010] [--count 7000] [--step-minutes 5]
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { generateNotices } from "./generate";
import { startFakeInterpol } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "3000" },
    "fake-port": { type: "string", default: "4010" },
    count: { type: "string", default: "7000" },
    "step-minutes": { type: "string", default: "5" },
    "data-dir": { type: "string", default: "./data/demo" },
  },
});

const fake = await startFakeInterpol({
  notices: generateNotices({ count: Number(values.count), seed: 1 }),
  port: Number(values["fake-port"]),
  // A few CDN blocks, as the real service gives, to show retries at work.
  faults: [{ kind: "403", probability: 0.01, seed: 1 }],
});
console.log(`Fake Interpol with ${values.count} notices at ${fake.url}`);

const build = spawn(process.execPath, ["--import", "tsx", "scripts/ensure-build.ts"], { stdio: "inherit" });
await new Promise((resolve) => build.on("exit", resolve));

const app = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PORT: values.port,
    DATA_DIR: values["data-dir"],
    INTERPOL_API_BASE: fake.url,
    INTERPOL_COUNTRIES_URL: `${fake.url}/en/notices/data/countries`,
    INTERPOL_RPS: "100",
    INTERPOL_CONCURRENCY: "8",
    SCHEDULER: "on",
    PULL_CRON: process.env.PULL_CRON ?? "*/15 * * * *",
  },
});
console.log(
  `\nDemo: open http://localhost:${values.port}. Create the first administrator with the setup link printed above ` +
    `(first start only), then Notices → Runs → “Pull now”. The fake changes every ${values["step-minutes"]} min.\n`,
);

const stepper = setInterval(
  () => {
    const s = fake.step();
    console.log(
      `[demo] fake Interpol changed: ${s.added.length} added, ${s.changed.length} changed, ` +
        `${s.removed.length} removed, ${s.reappeared.length} reappeared`,
    );
  },
  Number(values["step-minutes"]) * 60_000,
);

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  clearInterval(stepper);
  app.kill(signal);
  await new Promise((resolve) => app.once("exit", resolve));
  await fake.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
app.on("exit", (code) => {
  if (!stopping) {
    void fake.close().then(() => process.exit(code ?? 1));
  }
});
