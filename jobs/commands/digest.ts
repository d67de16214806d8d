// `npm run -s cli -- digest [--week 2026-W48] [--dry-run] [--json]`: send a week's digest now (the
// past ISO week by default), under the digest job's lock and with its run record, as the scheduled
// job would. With --json the last line on stdout is `{ "week", "recipients", "sent", "skipped",
// "failed" }` (plus `alreadySent`, `dryRun`, `message`). Exit 0 nothing failed, 3 some deliveries
// failed (they are retried), 1 it could not run (bad arguments, database, another run going).
//
// `npm run -s cli -- recipient:add --email E --name N [--countries RU,CN] [--motives a,b]`: an
// external recipient (public content only). Exit 0 added, 2 bad arguments, 3 already a recipient.
import { z } from "zod";
import { DatabaseOpenError, openDatabase, type Database } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { addRecipient } from "../../db/queries/digest";
import { isCountryCode } from "../../lib/countries";
import { parseWeek, previousWeek } from "../../lib/digest/week";
import { canonicalEmail } from "../../lib/email";
import { DIGEST_JOB_ID } from "../../lib/jobs";
import { MOTIVES } from "../../lib/taxonomy";
import { cleanLine } from "../../lib/text";
import { runTaskNow } from "../runner";
import { tasks } from "../tasks/index";
import { runDigest, type DigestSummary, type DigestTaskOptions } from "../tasks/digest";
import type { Command } from "./index";

const USAGE = "Usage: npm run -s cli -- digest [--week 2026-W48] [--dry-run] [--json]\n";

function printJson(s: Pick<DigestSummary, "week" | "recipients" | "sent" | "skipped" | "failed"> & Partial<DigestSummary>) {
  const { week, recipients, sent, skipped, failed } = s;
  process.stdout.write(`${JSON.stringify({ week, recipients, sent, skipped, failed, alreadySent: s.alreadySent ?? 0, dryRun: s.dryRun ?? false, message: s.message ?? null })}\n`);
}

export const digest: Command = {
  summary: "Send the weekly digest now (--week 2026-W48, --dry-run, --json)",
  async run(args, { env }) {
    const json = args.includes("--json");
    const dryRun = args.includes("--dry-run");
    let weekText: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === "--week") weekText = args[++i];
      else if (a.startsWith("--week=")) weekText = a.slice(7);
      else if (a !== "--json" && a !== "--dry-run") {
        process.stderr.write(`Unknown option "${a}".\n${USAGE}`);
        if (json) printJson({ week: weekText ?? "", recipients: 0, sent: 0, skipped: 0, failed: 0, message: `Unknown option "${a}".` });
        return 1;
      }
    }
    const week = weekText === undefined ? previousWeek(new Date()) : parseWeek(weekText);
    if (!week) {
      const message = `"${weekText ?? ""}" is not an ISO week such as 2026-W48.`;
      process.stderr.write(`${message}\n${USAGE}`);
      if (json) printJson({ week: weekText ?? "", recipients: 0, sent: 0, skipped: 0, failed: 0, message });
      return 1;
    }
    let database: Database;
    try {
      database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, holder: "cli digest" });
    } catch (e) {
      if (!(e instanceof DatabaseOpenError)) throw e;
      process.stderr.write(`${e.message}\n`);
      if (json) printJson({ week: week.week, recipients: 0, sent: 0, skipped: 0, failed: 0, message: e.message });
      return 1;
    }
    try {
      await migrateDatabase(database);
      let summary: DigestSummary;
      if (dryRun) {
        summary = await runDigest({ database, env, week, dryRun: true });
      } else {
        const options: DigestTaskOptions = {
          onProgress: (p) => {
            if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${week.week}: ${p.sent} sent, ${p.skipped} skipped, ${p.failed} failed`);
          },
        };
        const outcome = await runTaskNow<DigestSummary>(database, env, DIGEST_JOB_ID, { tasks, trigger: "cli", input: { week: week.week }, options });
        if (process.stderr.isTTY) process.stderr.write("\n");
        if (!outcome.acquired || !outcome.result) {
          const message = outcome.acquired ? `The digest could not run: ${outcome.error ?? "failed"}` : "Another digest run is in progress; this one did not start.";
          process.stderr.write(`${message}\n`);
          if (json) printJson({ week: week.week, recipients: 0, sent: 0, skipped: 0, failed: 0, message });
          return 1;
        }
        summary = outcome.result;
      }
      process.stderr.write(
        `Digest ${summary.week}: ${summary.recipients} recipients, ${summary.sent} sent, ${summary.skipped} skipped` +
          `${summary.alreadySent ? ` (${summary.alreadySent} sent before)` : ""}, ${summary.failed} failed.${summary.message ? ` ${summary.message}` : ""}\n`,
      );
      if (json) printJson(summary);
      return summary.failed > 0 ? 3 : 0;
    } catch (e) {
      const message = `The digest could not run: ${e instanceof Error ? e.message : String(e)}`;
      process.stderr.write(`${message}\n`);
      if (json) printJson({ week: week.week, recipients: 0, sent: 0, skipped: 0, failed: 0, message });
      return 1;
    } finally {
      await database.close();
    }
  },
};

const list = (what: string, valid: (v: string) => boolean, normal: (v: string) => string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const items = (v ?? "").split(",").map((x) => normal(x.trim())).filter(Boolean);
      const bad = items.filter((x) => !valid(x));
      if (bad.length) ctx.addIssue({ code: "custom", message: `--${what}: not known: ${bad.join(", ")}` });
      return [...new Set(items)];
    });

const recipientArgs = z.object({
  email: z.string({ message: "--email: expected an e-mail address" }).transform((v, ctx) => {
    const canonical = canonicalEmail(v);
    if (!canonical) ctx.addIssue({ code: "custom", message: "--email: expected an e-mail address" });
    return canonical ?? z.NEVER;
  }),
  name: z.string({ message: "--name: expected a name" }).transform(cleanLine).pipe(z.string().min(1, "--name: expected a name").max(200, "--name: at most 200 characters")),
  countries: list("countries", isCountryCode, (x) => x.toUpperCase()),
  motives: list("motives", (x) => MOTIVES.has(x), (x) => x.toLowerCase()),
});

const RECIPIENT_USAGE = "Usage: npm run -s cli -- recipient:add --email E --name N [--countries RU,CN] [--motives a,b]\n";

export const recipientAdd: Command = {
  summary: "Add an external digest recipient (public content only)",
  async run(args, { env }) {
    const raw: Record<string, string> = {};
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const m = /^--(email|name|countries|motives)(?:=(.*))?$/.exec(a);
      if (!m) {
        process.stderr.write(`Unknown option "${a}".\n${RECIPIENT_USAGE}`);
        return 2;
      }
      const value = m[2] ?? args[++i];
      if (value === undefined) {
        process.stderr.write(`--${m[1]} needs a value.\n${RECIPIENT_USAGE}`);
        return 2;
      }
      raw[m[1]!] = value;
    }
    const parsed = recipientArgs.safeParse(raw);
    if (!parsed.success) {
      process.stderr.write(`${parsed.error.issues[0]!.message}\n${RECIPIENT_USAGE}`);
      return 2;
    }
    const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, holder: "cli recipient:add" });
    try {
      await migrateDatabase(database);
      const row = await addRecipient(database.db, parsed.data);
      if (!row) {
        process.stderr.write(`${parsed.data.email} is already a digest recipient.\n`);
        return 3;
      }
      process.stdout.write(`Added ${row.name} <${row.email}> as an external digest recipient (public content only).\n`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
