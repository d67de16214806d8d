// `npm run bench -- digest`: compose and send 1,000 digests (BENCH_DIGESTS to change) to an SMTP
// server in this process (smtp-server, STARTTLS as a real one offers it), against composing the
// same digests without sending, in the same run, on embedded PGlite. Prints messages per second,
// peak memory and the ratio send / compose (target: at most 3×). Sending includes what a real run
// does besides SMTP: the delivery rows, each claimed and settled.
import { parseEnv } from "../../config/env";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { activeRecipients, composeFor, digestSigningKey } from "../../db/queries/digest";
import { cases, caseEvents, decisions, digestRecipients, noticeEvents, notices } from "../../db/schema/index";
import { weekOf } from "../../lib/digest/week";
import { createMailer } from "../../lib/mail";
import { runDigest } from "../../jobs/tasks/digest";
import { startSmtp } from "../support/smtp";

const N = Number(process.env.BENCH_DIGESTS ?? 1_000);
const COUNTRIES = ["RU", "TR", "CN", "IN", "SV", "AR", "PK", "GT", "US", "TJ"];

let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
const sampler = setInterval(sample, 20);

const database = await openDatabase({ dataDir: "memory://" });
await migrateDatabase(database);
const db = database.db;
const now = new Date();
const week = weekOf(now);

// A busy week: 2,000 notices with events, 200 cases with hearings, 50 decisions.
const noticeRows = Array.from({ length: 2000 }, (_, i) => ({
  entityId: `2026/${i + 1}`,
  name: `NAME${i}`,
  forename: "IVAN",
  warrantCountries: [COUNTRIES[i % COUNTRIES.length]!],
  fields: {},
  contentHash: String(i),
  firstSeenAt: now,
  lastSeenAt: now,
}));
for (let i = 0; i < noticeRows.length; i += 500) await db.insert(notices).values(noticeRows.slice(i, i + 500));
const kinds = ["added", "changed", "removed", "reappeared"] as const;
const eventRows = noticeRows.map((n, i) => ({
  entityId: n.entityId,
  runId: 1,
  kind: kinds[i % 4]!,
  changes: i % 4 === 1 ? { warrants: [[], []] } : {},
  occurredAt: now,
}));
for (let i = 0; i < eventRows.length; i += 500) await db.insert(noticeEvents).values(eventRows.slice(i, i + 500));
const soon = new Date(week.end.getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
const caseIds = await db
  .insert(cases)
  .values(
    Array.from({ length: 200 }, (_, i) => ({
      reference: `A3-2026-${String(i + 1).padStart(4, "0")}`,
      key: `c${i}`,
      title: `Case ${i}`,
      subjectName: `S${i}`,
      requestingCountry: COUNTRIES[i % COUNTRIES.length]!,
      visibility: (i % 2 ? "public" : "internal") as "public" | "internal",
    })),
  )
  .returning({ id: cases.id });
await db.insert(caseEvents).values(caseIds.map((c) => ({ caseId: c.id, occurredOn: soon, precision: "day" as const, sortDate: soon, kind: "hearing", visibility: "public" as const })));
await db.insert(decisions).values(
  Array.from({ length: 50 }, (_, i) => ({ citation: `Court ${i}/2026`, forum: "national_court", outcome: "extradition_refused", requestingCountry: COUNTRIES[i % COUNTRIES.length]!, visibility: "public" as const })),
);
// Recipients: each watches two countries.
const recipientRows = Array.from({ length: N }, (_, i) => ({
  email: `r${i}@example.net`,
  name: `Recipient ${i}`,
  countries: [COUNTRIES[i % COUNTRIES.length]!, COUNTRIES[(i + 3) % COUNTRIES.length]!],
}));
for (let i = 0; i < recipientRows.length; i += 500) await db.insert(digestRecipients).values(recipientRows.slice(i, i + 500));

const smtp = await startSmtp();
const env = parseEnv({ NODE_ENV: "production", SMTP_URL: smtp.url, PUBLIC_URL: "https://a3.example.org" });
const appUrl = "https://a3.example.org";

// Warm-up (plans, JIT), not measured.
const key = await digestSigningKey(db);
const list = await activeRecipients(db);
for (const r of list.slice(0, 20)) await composeFor(db, { recipientKey: r.key, period: week, appUrl, key });

sample();
// Composing alone, as the sender composes (with the same per-run cache of public reads).
const cache = new Map<string, Promise<unknown>>();
let t = performance.now();
let bytes = 0;
for (const r of list) {
  const c = await composeFor(db, { recipientKey: r.key, period: week, appUrl, key, cache });
  bytes += c!.digest.html.length + c!.digest.text.length;
}
const composeMs = performance.now() - t;

const mailer = createMailer(env, { pool: true });
t = performance.now();
const summary = await runDigest({ database, env, week, mailer, batch: 20 });
await smtp.waitFor(N, 120_000);
const sendMs = performance.now() - t;
mailer.close();
clearInterval(sampler);
sample();

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
console.log(`digest bench: ${N.toLocaleString("en")} recipients, week ${week.week}, PGlite in memory, smtp-server in process`);
console.log(`  compose only     ${(composeMs / 1000).toFixed(2)} s  (${(N / (composeMs / 1000)).toFixed(0)} digests/s, ${(bytes / N / 1024).toFixed(1)} KB each, html + text)`);
console.log(`  compose + send   ${(sendMs / 1000).toFixed(2)} s  (${(N / (sendMs / 1000)).toFixed(0)} messages/s; ${summary.sent} sent, ${summary.failed} failed)`);
console.log(`  ratio send / compose: ${(sendMs / composeMs).toFixed(2)}× (target ≤ 3×)`);
console.log(`  peak memory: rss ${mb(peakRss)}, heap ${mb(peakHeap)}`);
if (summary.sent !== N || smtp.messages.length !== N) console.log(`  WARNING: ${smtp.messages.length} messages arrived for ${N} recipients`);
await smtp.close();
await database.close();
