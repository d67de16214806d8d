import type { Env } from "../../config/env";
import { importCommand as importCasesCommand } from "./import-cases";
import { evidenceExport, evidenceVerify } from "./evidence";
import { importDecisionsCommand } from "./import-decisions";
import { digest, recipientAdd } from "./digest";
import { pull } from "./pull";
import { secretsRotateTotpKey } from "./secrets";
import { userCreate } from "./user-create";

export interface Command {
  summary: string;
  /** Returns the process exit code. */
  run(args: string[], ctx: { env: Env }): Promise<number>;
}

/** `import <kind> FILE.csv …`: one subcommand per kind of record. */
const imports: Record<string, Command> = {
  // import-cases.ts reads its kind from its own arguments (`cases FILE.csv …`).
  cases: { summary: importCasesCommand.summary, run: (args, ctx) => importCasesCommand.run(["cases", ...args], ctx) },
  decisions: importDecisionsCommand,
};
const importCommand: Command = {
  summary: `Import records from CSV: ${Object.keys(imports).join(", ")}`,
  run(args, ctx) {
    const sub = args[0] ? imports[args[0]] : undefined;
    if (!sub) {
      process.stderr.write(`Usage: npm run -s cli -- import <${Object.keys(imports).join("|")}> FILE.csv [--dry-run] [--json]\n`);
      return Promise.resolve(2);
    }
    return sub.run(args.slice(1), ctx);
  },
};

export const commands: Record<string, Command> = {
  pull,
  import: importCommand,
  "user:create": userCreate,
  "secrets:rotate-totp-key": secretsRotateTotpKey,
  "evidence:export": evidenceExport,
  "evidence:verify": evidenceVerify,
  digest,
  "recipient:add": recipientAdd,
};
