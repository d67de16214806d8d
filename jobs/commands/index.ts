import type { Env } from "../../config/env";
import { importCommand } from "./import-cases";
import { evidenceExport, evidenceVerify } from "./evidence";
import { pull } from "./pull";
import { secretsRotateTotpKey } from "./secrets";
import { userCreate } from "./user-create";

export interface Command {
  summary: string;
  /** Returns the process exit code. */
  run(args: string[], ctx: { env: Env }): Promise<number>;
}

export const commands: Record<string, Command> = {
  pull,
  import: importCommand,
  "user:create": userCreate,
  "secrets:rotate-totp-key": secretsRotateTotpKey,
  "evidence:export": evidenceExport,
  "evidence:verify": evidenceVerify,
};
