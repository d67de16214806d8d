// `npm run demo`: Article 3 working without internet. Starts the fake Interpol with about 7,000
// synthetic red notices shaped like the real set, then the app pointed at it (its own data
// folder, a brisk pace), and changes the fake a little every few minutes so pulls find changes.
// Once the app listens, it says what to do next (the setup link, then "Pull now").
import { spawn } from "node:child_process";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { loadDemoCases } from "../../db/seed/demo-cases";
import { loadDemoDecisions } from "../../db/seed/demo-decisions";
import { DEMO_USAGE, parseDemoArgs } from "./demo-args";
import { generateNotices } from "./generate";
import { startFakeInterpol } from "./server";

const parsed = parseDemoArgs(process.argv.slice(2), process.env);
if ("help" in parsed) {
  process.stdout.write(DEMO_USAGE);
  process.exit(0);
}
if ("problem" in parsed) {
  process.stderr.write(`${parsed.problem}\n`);
  process.exit(2);
}
const { port, fakePort, count, stepMinutes, dataDir } = parsed;
function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(2);
}
const appUrl = `http://localhost:${port}`;

const fake = await startFakeInterpol({
  notices: generateNotices({ count, seed: 1 }),
  port: fakePort,
  // A few CDN blocks, as the real service gives, to show retries at work.
  faults: [{ kind: "403", probability: 0.01, seed: 1 }],
}).catch((e: NodeJS.ErrnoException) =>
  fail(e.code === "EADDRINUSE" ? `Port ${fakePort} is in use; choose another with --fake-port.` : `The fake Interpol did not start: ${e.message}`),
);
console.log(`Fake Interpol with ${count.toLocaleString("en")} notices at ${fake.url}`);

const build = spawn(process.execPath, ["--import", "tsx", "scripts/ensure-build.ts"], { stdio: "inherit" });
const built = await new Promise<number | null>((resolve) => build.on("exit", resolve));
if (built !== 0) {
  await fake.close();
  process.exit(built ?? 1);
}

// Cases to look at: the fifteen public ones "as reported", and a few hundred marked fictional.
// Loaded before the app starts, which then holds the data folder.
try {
  const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir, holder: "demo" });
  try {
    await migrateDatabase(database);
    const loaded = await loadDemoCases(database.db);
    console.log(`Cases: ${loaded.public} public cases as reported, ${loaded.fictional} fictional ones.`);
  } finally {
    await database.close();
  }
} catch (e) {
  console.error(`The demo cases were not loaded: ${e instanceof Error ? e.message : String(e)}`);
}
// A few hundred fictional decisions for Precedents, written before the app takes the data folder.
{
  const seed = await openDatabase({ url: process.env.DATABASE_URL, dataDir, holder: "demo" });
  try {
    await migrateDatabase(seed);
    const added = await loadDemoDecisions(seed.db);
    if (added) console.log(`Added ${added.toLocaleString("en")} fictional decisions to Precedents.`);
  } finally {
    await seed.close();
  }
}

const app = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
  stdio: ["inherit", "pipe", "inherit"],
  env: {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    INTERPOL_API_BASE: fake.url,
    INTERPOL_COUNTRIES_URL: `${fake.url}/en/notices/data/countries`,
    INTERPOL_RPS: "100",
    INTERPOL_CONCURRENCY: "8",
    SCHEDULER: "on",
    PULL_CRON: process.env.PULL_CRON ?? "*/15 * * * *",
  },
});

// Pass the app's output through; once it listens, say what to do, with the setup link if it printed one.
let pending = "";
let setupLink: string | undefined;
let announced = false;
app.stdout!.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  if (announced) return;
  pending += chunk.toString("utf8");
  setupLink ??= pending.match(/First-run setup: (\S+)/)?.[1];
  if (/listening on/.test(pending)) {
    announced = true;
    pending = "";
    console.log(nextSteps());
  }
});

function nextSteps() {
  const first = setupLink
    ? `  1. Create the first administrator: open ${setupLink}\n     (the one-time link printed above; it works once, for 24 hours).`
    : `  1. Sign in at ${appUrl}/login (the demo's data is kept in ${dataDir}).`;
  return [
    "",
    `Demo ready at ${appUrl}: the app pulls from the fake Interpol at ${fake.url}.`,
    first,
    `  2. Then open Runs (${appUrl}/runs) and press "Pull now" to fetch the notices.`,
    `The fake changes every ${stepMinutes} min, so later pulls find additions, changes and removals. Stop with Ctrl-C.`,
    "",
  ].join("\n");
}

const stepper = setInterval(() => {
  const s = fake.step();
  console.log(
    `[demo] fake Interpol changed: ${s.added.length} added, ${s.changed.length} changed, ` +
      `${s.removed.length} removed, ${s.reappeared.length} reappeared`,
  );
}, stepMinutes * 60_000);

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  clearInterval(stepper);
  app.kill(signal);
  await new Promise((resolve) => (app.exitCode !== null ? resolve(null) : app.once("exit", resolve)));
  await fake.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
app.on("exit", (code) => {
  if (!stopping) {
    clearInterval(stepper);
    void fake.close().then(() => process.exit(code ?? 1));
  }
});
