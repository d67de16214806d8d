import type { Env } from "../../config/env";
import { digest, recipientAdd } from "./digest";
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
  "user:create": userCreate,
  "secrets:rotate-totp-key": secretsRotateTotpKey,
  digest,
  "recipient:add": recipientAdd,
};
