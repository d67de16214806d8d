// `npm run bench -- evidence`: what capturing and sealing the evidence costs. The demo's dataset
// (7,000 notices, seed 1) is pulled twice into a fresh store (a first pull, then one with nothing
// changed), without evidence and with capture + seal, measured in the same run: time as a ratio to
// the pull without, and storage per run and per year (4 pulls a day) with and without
// deduplication. Against a fake that answers conditional requests (304s: what Interpol's CDN
// offers) and one that does not (every detail a full 200, where revisits matter).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { parseEnv } from "../../config/env";
import { openDatabase, type Database } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { loadEvidenceKey } from "../../lib/evidence/keys";
import { sealPending } from "../../jobs/evidence/seal";
import { pullNotices, type PullSummary } from "../../jobs/tasks/pull-notices";
import { generateNotices } from "../fake-interpol/generate";
import { startFakeInterpol } from "../fake-interpol/server";

const keyDir = mkdtempSync(path.join(tmpdir(), "a3-bench-key-"));
const key = loadEvidenceKey({ DATA_DIR: keyDir });
const env = (url: string) => parseEnv({ INTERPOL_API_BASE: url, INTERPOL_RPS: "100", INTERPOL_CONCURRENCY: "8", INTERPOL_TIMEOUT_MS: "5000" });
const notices = generateNotices({ count: 7000, seed: 1 });
const fmt = (n: number) => n.toLocaleString("en");
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const gb = (b: number) => `${(b / 1024 / 1024 / 1024).toFixed(2)} GB`;

interface Measured {
  ms: number;
  sealMs: number;
  bytes: number;
  records: number;
  revisits: number;
  summary: PullSummary;
}

async function runBytes(database: Database, runId: number) {
  const [r] = await database.rows<{ bytes: string; records: number; revisits: number }>(
    sql`select coalesce(sum(octet_length(record)), 0)::bigint as bytes, count(*)::int as records,
        (count(*) filter (where warc_type = 'revisit'))::int as revisits from evidence_records where run_id = ${runId}`,
  );
  return { bytes: Number(r!.bytes), records: Number(r!.records), revisits: Number(r!.revisits) };
}

async function scenario(evidence: false | { dedup: boolean }, validators: boolean): Promise<Measured[]> {
  const fake = await startFakeInterpol({ notices, validators });
  const database = await openDatabase({ dataDir: "memory://" });
  await migrateDatabase(database);
  const out: Measured[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      const summary = await pullNotices({
        database,
        env: env(fake.url),
        trigger: "cli",
        clientOverrides: { rps: 10_000, backoffBaseMs: 2, backoffMaxMs: 10 },
        imageBudget: 0,
        evidence,
      });
      const t1 = performance.now();
      if (evidence) await sealPending(database, { key });
      const t2 = performance.now();
      const stored = evidence ? await runBytes(database, summary.runId!) : { bytes: 0, records: 0, revisits: 0 };
      out.push({ ms: t2 - t0, sealMs: t2 - t1, ...stored, summary });
    }
  } finally {
    await database.close();
    await fake.close();
  }
  return out;
}

console.log(`Evidence: capture and seal on a full pull of ${fmt(notices.length)} notices (PGlite, in memory; images not pulled)\n`);
// EVIDENCE_BENCH=validators or =no-validators runs one half (a loaded machine takes long over both).
const only = process.env.EVIDENCE_BENCH;
for (const validators of [true, false].filter((v) => !only || only === (v ? "validators" : "no-validators"))) {
  console.log(validators ? "Fake answering conditional requests (unchanged details come back 304):" : "Fake without validators (every detail a full 200 each time):");
  const base = await scenario(false, validators);
  const dedup = await scenario({ dedup: true }, validators);
  const full = await scenario({ dedup: false }, validators);
  for (const [i, label] of ["first pull", "second pull"].entries()) {
    const b = base[i]!;
    const d = dedup[i]!;
    const f = full[i]!;
    console.log(
      `  ${label.padEnd(12)} without evidence ${(b.ms / 1000).toFixed(1)} s; with capture + seal ${(d.ms / 1000).toFixed(1)} s ` +
        `(seal ${(d.sealMs / 1000).toFixed(2)} s), ratio ${(d.ms / b.ms).toFixed(2)}; ${fmt(d.summary.requests)} requests, ${d.summary.status}`,
    );
    console.log(
      `  ${"".padEnd(12)} stored: ${mb(d.bytes)} in ${fmt(d.records)} records (${fmt(d.revisits)} revisits) with dedup, ` +
        `${mb(f.bytes)} without; per year at 4 pulls a day: ${gb(d.bytes * 4 * 365)} with, ${gb(f.bytes * 4 * 365)} without`,
    );
  }
  console.log("");
}
rmSync(keyDir, { recursive: true, force: true });
