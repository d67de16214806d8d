// `npm run -s cli -- <command> [options]`: operator commands. Each command lives in
// jobs/commands/<name>.ts and registers below; exit codes are part of each command's contract.
import { loadEnvOrExit } from "../config/env";
import { DatabaseOpenError } from "../db/client";
import { commands } from "./commands/index";

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  const list = Object.entries(commands)
    .map(([n, c]) => `  ${n.padEnd(14)} ${c.summary}`)
    .join("\n");
  process.stderr.write(`${name ? `Unknown command "${name}".\n` : ""}Usage: npm run -s cli -- <command> [options]\n\nCommands:\n${list}\n`);
  process.exit(name ? 2 : 0);
}
const env = loadEnvOrExit();
try {
  process.exitCode = await command.run(args, { env });
} catch (e) {
  // A database that cannot be opened is the operator's to fix: one line, no stack.
  if (!(e instanceof DatabaseOpenError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 1;
}
