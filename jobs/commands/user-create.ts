// `npm run -s cli -- user:create --email E --name N --role R --password-stdin`: for scripted
// setups. The password comes on stdin, never in arguments (which shell history and `ps` show).
// Exit codes: 0 created, 2 bad arguments or password refused, 3 e-mail already in use, 1 other errors.
import { z } from "zod";
import { DataDirInUseError, openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { recordAudit } from "../../db/queries/audit";
import { createUser, findUserByEmail, ROLES } from "../../db/queries/users";
import { canonicalEmail } from "../../lib/email";
import { hashPassword } from "../../lib/security/password";
import { passwordProblem } from "../../lib/security/password-policy";
import { cleanLine } from "../../lib/text";
import type { Command } from "./index";

const USAGE = "Usage: npm run -s cli -- user:create --email E --name N --role admin|editor|viewer --password-stdin\n";

const argsSchema = z.object({
  email: z.string().transform((v, ctx) => {
    const canonical = canonicalEmail(v);
    if (!canonical) ctx.addIssue({ code: "custom", message: "--email: expected an e-mail address" });
    return canonical ?? z.NEVER;
  }),
  // Bidi overrides and invisible characters would show a different name in the header and the audit log.
  name: z.string().transform(cleanLine).pipe(z.string().min(1, "--name: expected a name").max(200, "--name: at most 200 characters")),
  role: z.enum(ROLES, { message: "--role: expected admin, editor or viewer" }),
});

function parseArgs(args: string[]) {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("--")) return null;
    const key = a.slice(2);
    if (key === "password-stdin") out[key] = true;
    else if (i + 1 < args.length) out[key] = args[++i]!;
    else return null;
  }
  return out;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline (from echo or a heredoc) is not part of the password.
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

export const userCreate: Command = {
  summary: "Create a user (password on stdin with --password-stdin)",
  async run(args, { env }) {
    const raw = parseArgs(args);
    if (!raw || raw["password-stdin"] !== true) {
      process.stderr.write(`${raw ? "--password-stdin is required: pass the password on standard input.\n" : ""}${USAGE}`);
      return 2;
    }
    const parsed = argsSchema.safeParse(raw);
    if (!parsed.success) {
      process.stderr.write(`${parsed.error.issues[0]!.message}\n${USAGE}`);
      return 2;
    }
    const password = await readStdin();
    const problem = passwordProblem(password, { email: parsed.data.email });
    if (problem) {
      process.stderr.write(`Password refused: ${problem}\n`);
      return 2;
    }
    const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, holder: "cli user:create" }).catch((e) => {
      // The running server can do it: an administrator invites the user under Admin › Users.
      if (e instanceof DataDirInUseError && e.heldByServer) {
        throw e.withHint(`invite the user from Admin › Users in the running server${e.owner.url ? ` (${e.owner.url.replace(/\/$/, "")}/admin/users)` : ""}.`);
      }
      throw e;
    });
    try {
      await migrateDatabase(database);
      if (await findUserByEmail(database.db, parsed.data.email)) {
        process.stderr.write(`A user with the e-mail ${parsed.data.email} exists already.\n`);
        return 3;
      }
      const user = await createUser(database.db, { ...parsed.data, passwordHash: await hashPassword(password) });
      await recordAudit(database.db, {
        actorId: null,
        action: "user.created",
        targetType: "user",
        targetId: user.id,
        ip: "cli",
        details: { role: user.role, via: "cli" },
      });
      process.stdout.write(`Created ${user.role} ${user.email} (${user.id}).\n`);
      return 0;
    } catch (e) {
      process.stderr.write(`Could not create the user: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    } finally {
      await database.close();
    }
  },
};
