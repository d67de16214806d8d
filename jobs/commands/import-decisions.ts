// `npm run -s cli -- import decisions FILE.csv [--dry-run] [--json]`: precedents from a CSV file
// (columns in lib/decision-csv.ts). All or nothing: every row is checked first and any problem
// writes nothing. Re-importing updates decisions by citation. Exit codes: 0 imported (or a dry run
// that would import), 2 bad arguments or rows refused, 1 other errors. With --json the last line of
// standard output is the summary as JSON: {"ok","dryRun","created","updated","unchanged","errors"}.
import { readFile } from "node:fs/promises";
import { DataDirInUseError, openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { recordAudit } from "../../db/queries/audit";
import { importDecisions } from "../../db/queries/decisions";
import { parseDecisionCsv } from "../../lib/decision-csv";
import type { Command } from "./index";

const USAGE = "Usage: npm run -s cli -- import decisions FILE.csv [--dry-run] [--json]\n";

export const importDecisionsCommand: Command = {
  summary: "Import decisions (precedents) from a CSV file",
  async run(args, { env }) {
    const flags = new Set(args.filter((a) => a.startsWith("--")));
    const files = args.filter((a) => !a.startsWith("--"));
    const unknown = [...flags].filter((f) => f !== "--dry-run" && f !== "--json");
    if (files.length !== 1 || unknown.length) {
      process.stderr.write(`${unknown.length ? `Unknown option ${unknown[0]}.\n` : ""}${USAGE}`);
      return 2;
    }
    const dryRun = flags.has("--dry-run");
    const json = flags.has("--json");
    const summary = (s: Record<string, unknown>) => {
      if (json) process.stdout.write(`${JSON.stringify(s)}\n`);
    };
    let text: string;
    try {
      text = await readFile(files[0]!, "utf8");
    } catch (e) {
      process.stderr.write(`Cannot read ${files[0]}: ${(e as Error).message}\n`);
      summary({ ok: false, dryRun, created: 0, updated: 0, unchanged: 0, errors: [{ row: 0, line: 0, message: "file not readable" }] });
      return 2;
    }
    const parsed = parseDecisionCsv(text);
    const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, holder: "cli import decisions" }).catch((e) => {
      if (e instanceof DataDirInUseError && e.heldByServer) {
        throw e.withHint(`upload the file on the Precedents › Import page of the running server${e.owner.url ? ` (${e.owner.url.replace(/\/$/, "")}/decisions/import)` : ""}.`);
      }
      throw e;
    });
    try {
      await migrateDatabase(database);
      const result = parsed.errors.length
        ? { created: 0, updated: 0, unchanged: 0, errors: parsed.errors }
        : await importDecisions(database.db, { userId: null }, parsed.decisions, { dryRun });
      const ok = result.errors.length === 0;
      for (const e of result.errors) {
        process.stderr.write(`Row ${e.row} (line ${e.line})${e.column ? `, ${e.column}` : ""}: ${e.message}\n`);
      }
      if (ok && !dryRun) {
        await recordAudit(database.db, {
          actorId: null,
          action: "decisions.imported",
          ip: "cli",
          details: { created: result.created, updated: result.updated, unchanged: result.unchanged, via: "cli" },
        });
      }
      if (!json) {
        process.stdout.write(
          ok
            ? `${dryRun ? "Dry run: would import" : "Imported"} ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged decision${result.created + result.updated + result.unchanged === 1 ? "" : "s"}.\n`
            : `Nothing imported: ${result.errors.length} problem${result.errors.length === 1 ? "" : "s"} to fix in the file.\n`,
        );
      }
      summary({ ok, dryRun, created: result.created, updated: result.updated, unchanged: result.unchanged, errors: result.errors });
      return ok ? 0 : 2;
    } catch (e) {
      process.stderr.write(`Could not import: ${e instanceof Error ? e.message : String(e)}\n`);
      summary({ ok: false, dryRun, created: 0, updated: 0, unchanged: 0, errors: [{ row: 0, line: 0, message: String(e) }] });
      return 1;
    } finally {
      await database.close();
    }
  },
};
