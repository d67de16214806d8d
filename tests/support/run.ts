// Run a command to its end as a real process, as an operator would: exit code, stdout and stderr
// apart. A minimal environment (PATH, HOME, NODE_ENV=production) plus `env`.
import { spawn } from "node:child_process";

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runToEnd(command: string, args: string[], opts: { env?: Record<string, string>; stdin?: string } = {}) {
  return new Promise<Finished>((resolve) => {
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdin.end(opts.stdin ?? "");
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A TypeScript entry (`jobs/cli.ts`, `db/migrate-cli.ts`, `server.ts`…) under Node with tsx. */
export const runScript = (script: string, args: string[], opts: { env?: Record<string, string>; stdin?: string } = {}) =>
  runToEnd(process.execPath, ["--import", "tsx", script, ...args], opts);
