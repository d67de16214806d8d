// `npm run bench -- pull`: what a full pull costs in requests, against the fewest it could make
// (one detail per notice, one list page per 160 notices), measured in the same run. Scenarios: the
// demo's dataset (tests/fake-interpol/demo.ts: 7,000 notices, seed 1), without faults and with the
// demo's 1% of CDN 403s, and a smaller set of about 1,200 with hard cases (no nationality, no date
// of birth, several nationalities). Each is pulled twice into a fresh store: the first pull, and a
// second with nothing changed (conditional requests answer 304). Images are counted apart.
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { parseEnv } from "../../config/env";
import { pullNotices, type PullSummary } from "../../jobs/tasks/pull-notices";
import { generateNotices, makeNotice } from "../fake-interpol/generate";
import { startFakeInterpol, type FakeNotice, type FaultRule } from "../fake-interpol/server";

interface Scenario {
  name: string;
  notices: FakeNotice[];
  faults?: FaultRule[];
}

function hardCases(): FakeNotice[] {
  const out: FakeNotice[] = [];
  for (let i = 0; i < 6; i++) {
    out.push(makeNotice({ entity_id: `2019/8800${i}`, nationalities: [], date_of_birth: i % 2 ? null : "1975/03/0" + (i + 1), arrest_warrants: [{ issuing_country_id: ["TR", "RU", "914", "AZ", "UNK", "TJ"][i]!, charge: "Charge", charge_translation: null }] }));
    out.push(makeNotice({ entity_id: `2020/8810${i}`, nationalities: ["RU", "UA", "IL"].slice(0, 1 + (i % 3)), date_of_birth: null, forename: i % 2 ? null : "-" }));
  }
  return out;
}

const scenarios: Scenario[] = [
  { name: "demo dataset (7,000, seed 1), no faults", notices: generateNotices({ count: 7000, seed: 1 }) },
  { name: "demo dataset with the demo's 1% CDN 403s", notices: generateNotices({ count: 7000, seed: 1 }), faults: [{ kind: "403", probability: 0.01, seed: 1 }] },
  { name: "about 1,200 notices with hard cases (seed 12)", notices: [...generateNotices({ count: 1150, seed: 12 }), ...hardCases()] },
];

const env = (url: string) =>
  parseEnv({ INTERPOL_API_BASE: url, INTERPOL_RPS: "100", INTERPOL_CONCURRENCY: "8", INTERPOL_TIMEOUT_MS: "5000" });

const fmt = (n: number) => n.toLocaleString("en");
function line(label: string, s: PullSummary, published: number) {
  console.log(
    `  ${label.padEnd(14)} ${s.status.padEnd(9)} seen ${fmt(s.seen).padStart(6)} of ${fmt(s.reportedTotal).padStart(6)}  ` +
      `requests ${fmt(s.requests).padStart(6)}  lower bound ${fmt(s.requestsLowerBound).padStart(6)}  ratio ${s.requestsRatio.toFixed(3)}  ` +
      `304s ${fmt(s.notModified).padStart(6)}  images ${fmt(s.imageRequests)} (not counted)`,
  );
  if (s.requestsLowerBound !== published + Math.ceil(published / 160)) console.log(`  (lower bound taken from ${fmt(published)} notices)`);
}

console.log("Requests per full pull against the lower bound (one detail per notice + one list page per 160 notices)\n");
for (const sc of scenarios) {
  const fake = await startFakeInterpol({ notices: sc.notices, faults: sc.faults });
  const database = await openDatabase({ dataDir: "memory://" });
  await migrateDatabase(database);
  console.log(`${sc.name}: ${fmt(sc.notices.length)} notices`);
  try {
    for (const label of ["first pull", "second pull"]) {
      fake.resetRequests();
      const s = await pullNotices({
        database,
        env: env(fake.url),
        trigger: "cli",
        clientOverrides: { rps: 10_000, backoffBaseMs: 2, backoffMaxMs: 10 },
        // Photos are their own cost; the first pull of a large set would otherwise spend most of its time on them.
        imageBudget: 0,
      });
      line(label, s, sc.notices.length);
      const lists = fake.requests.filter((r) => r.path === "/notices/v1/red").length;
      const details = fake.requests.filter((r) => /^\/notices\/v1\/red\/\d{4}-\d+$/.test(r.path)).length;
      console.log(`  ${"".padEnd(14)} as the fake saw them: ${fmt(lists)} list pages, ${fmt(details)} details, ratio ${((lists + details + 1) / s.requestsLowerBound).toFixed(3)}`);
    }
  } finally {
    await database.close();
    await fake.close();
  }
  console.log("");
}
