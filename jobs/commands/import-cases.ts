// `npm run -s cli -- import cases FILE.csv [--dry-run] [--json]`: cases from a CSV (the columns of
// db/seed/public-cases.csv, lib/case-csv.ts). All rows or none: one invalid row and nothing is
// written. Exit codes: 0 imported (or would be, with --dry-run), 2 any row invalid or bad
// arguments, 1 it could not run (no file, no database). With --json the last line of stdout is
// `{ "created", "updated", "errors": [...] }`.
import { readFile } from "node:fs/promises";
import { DatabaseOpenError, DataDirInUseError, openDatabase, type Database } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { importCases } from "../../db/queries/case-import";
import { parseCaseCsv, rowErrorText, type RowError } from "../../lib/case-csv";
import type { Command } from "./index";

const USAGE = "Usage: npm run -s cli -- import cases FILE.csv [--dry-run] [--json]\n";

export const importCommand: Command = {
  summary: "Import cases from a CSV file: import cases FILE.csv [--dry-run] [--json]",
  async run(args, { env }) {
    const json = args.includes("--json");
    const dryRun = args.includes("--dry-run");
    const rest = args.filter((a) => a !== "--json" && a !== "--dry-run");
    const finish = (code: number, created: number, updated: number, errors: (RowError | { message: string })[]) => {
      if (json) process.stdout.write(`${JSON.stringify({ created, updated, errors, dryRun })}\n`);
      return code;
    };
    if (rest[0] !== "cases" || rest.length !== 2 || rest[1]!.startsWith("--")) {
      process.stderr.write(USAGE);
      return finish(2, 0, 0, [{ row: 0, column: "", message: "bad arguments" }]);
    }
    const file = rest[1]!;
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (e) {
      const message = `Could not read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`;
      process.stderr.write(`${message}\n`);
      return finish(1, 0, 0, [{ message }]);
    }
    const parsed = parseCaseCsv(text);
    if (parsed.errors.length) {
      for (const e of parsed.errors) process.stderr.write(`${rowErrorText(e)}\n`);
      process.stderr.write(`Nothing was imported: ${parsed.errors.length} problem(s) in ${file}.\n`);
      return finish(2, 0, 0, parsed.errors.map((e) => ({ ...e, text: rowErrorText(e) })));
    }
    let database: Database;
    try {
      database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, holder: "cli import cases" });
    } catch (e) {
      if (!(e instanceof DatabaseOpenError)) throw e;
      const message = e instanceof DataDirInUseError && e.heldByServer ? e.withHint("upload the file at /cases/import in the running server.").message : e.message;
      process.stderr.write(`${message}\n`);
      return finish(1, 0, 0, [{ message }]);
    }
    try {
      await migrateDatabase(database);
      const outcome = await importCases(database.db, { userId: null, ip: "cli" }, parsed.rows, { dryRun, file });
      process.stderr.write(
        `${dryRun ? "Dry run: would create" : "Created"} ${outcome.created} and ${dryRun ? "update" : "updated"} ${outcome.updated} case(s) from ${file}.\n`,
      );
      return finish(0, outcome.created, outcome.updated, []);
    } catch (e) {
      const message = `Could not import: ${e instanceof Error ? e.message : String(e)}`;
      process.stderr.write(`${message}\n`);
      return finish(1, 0, 0, [{ message }]);
    } finally {
      await database.close();
    }
  },
};
