// Runs the fake standalone, e.g. for the demo or a manual pull:
//   tsx tests/fake-interpol/cli.ts --port 4010 --count 7000 --seed 1 [--random-403 0.02] [--latency 50] [--now 2026-05-15]
import { parseArgs } from "node:util";
import { generateNotices } from "./generate";
import { startFakeInterpol, type FaultRule } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4010" },
    count: { type: "string", default: "7000" },
    seed: { type: "string", default: "1" },
    "random-403": { type: "string" },
    latency: { type: "string", default: "0" },
    now: { type: "string" },
  },
});

function num(name: string, v: string | undefined, min: number, max: number): number {
  const n = Number(v);
  if (v === undefined || !Number.isFinite(n) || n < min || n > max) {
    console.error(`fake-interpol: --${name} must be a number from ${min} to ${max} (got ${v})`);
    process.exit(2);
  }
  return n;
}

const port = num("port", values.port, 0, 65535);
const count = num("count", values.count, 0, 1_000_000);
const seed = num("seed", values.seed, 0, 2 ** 32 - 1);
const latencyMs = num("latency", values.latency, 0, 60_000);
const now = values.now === undefined ? undefined : new Date(values.now);
if (now && Number.isNaN(now.getTime())) {
  console.error(`fake-interpol: --now must be a date (got ${values.now})`);
  process.exit(2);
}
const faults: FaultRule[] = [];
if (values["random-403"] !== undefined) {
  faults.push({ kind: "403", probability: num("random-403", values["random-403"], 0, 1), seed });
}

const fake = await startFakeInterpol({
  notices: generateNotices({ count, seed, now }),
  now,
  port,
  latencyMs,
  faults,
  seed,
});
console.log(fake.url);
console.error(
  `fake-interpol: ${count} red notices (seed ${seed}) at ${fake.url}/notices/v1/red; ` +
    `POST ${fake.url}/__fake/step to change them, GET ${fake.url}/__fake/state for counts`
);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.error(`fake-interpol: ${signal}, closing`);
  void fake.close().then(() => process.exit(0));
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
