// `npm run -s cli -- secrets:rotate-totp-key`: seal every two-factor secret with a new key.
//
// With the key file (TOTP_KEY unset): a new key is written next to the old one
// (DATA_DIR/secrets/totp.key.next), every secret is re-sealed with it, then it replaces the old
// key, which is gone. Interrupted, it resumes where it stopped (both keys are read while the
// .next file exists). A server running on the same key file follows at once (it re-reads the
// file when it changes); with the embedded database, stop the server first.
//
// With TOTP_KEY: set TOTP_KEY to the new key and TOTP_KEY_PREVIOUS to the old one, then run
// this (or just restart: the server re-seals at start); afterwards drop TOTP_KEY_PREVIOUS.
//
// Exit codes: 0 done, 1 failed (nothing lost: rerun it), 3 done but some secrets were sealed with
// a key that is not available (those users need their two-factor reset by an administrator).
import { existsSync, readFileSync } from "node:fs";
import type { Env } from "../../config/env";
import { openDatabase, type Database } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { recordAudit } from "../../db/queries/audit";
import { resealTotpSecrets, type ResealReport } from "../../db/queries/users";
import { keyring, parseKey } from "../../lib/security/secret-box";
import { loadTotpKeys, nextKeyFile, promoteNextKeyFile, writeKeyFile } from "../../lib/security/totp-key";
import type { Command } from "./index";

export interface RotationResult extends ResealReport {
  source: "env" | "file";
  /** The id of the key that seals everything now. */
  keyId: string;
  file?: string;
}

export async function rotateTotpKey(database: Database, env: Env): Promise<RotationResult> {
  if (env.TOTP_KEY) {
    // The operator brought the new key; re-seal everything with it.
    const { ring } = loadTotpKeys(env);
    const report = await resealTotpSecrets(database.db, ring);
    return { ...report, source: "env", keyId: ring.current.id };
  }
  const loaded = loadTotpKeys(env, { create: true });
  const file = loaded.file!;
  const next = nextKeyFile(file);
  const nextKey = existsSync(next) ? parseKey(readFileSync(next, "utf8")) : writeKeyFile(next);
  if (!nextKey) throw new Error(`${next} does not hold a base64 key of 32 bytes; remove it and run again`);
  const ring = keyring(nextKey, loaded.ring.keys);
  const first = await resealTotpSecrets(database.db, ring);
  promoteNextKeyFile(file);
  // Anything a running server sealed with the old key meanwhile: this process still holds it.
  const second = await resealTotpSecrets(database.db, ring);
  return {
    sealedClear: first.sealedClear + second.sealedClear,
    resealed: first.resealed + second.resealed,
    unreadable: second.unreadable,
    source: "file",
    keyId: nextKey.id,
    file,
  };
}

export const secretsRotateTotpKey: Command = {
  summary: "Re-seal every two-factor secret with a new key (see README)",
  async run(args, { env }) {
    if (args.length > 0) {
      process.stderr.write("Usage: npm run -s cli -- secrets:rotate-totp-key\n");
      return 2;
    }
    let database: Database | undefined;
    try {
      database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
      await migrateDatabase(database);
      const result = await rotateTotpKey(database, env);
      await recordAudit(database.db, {
        actorId: null,
        action: "secrets.totp_key_rotated",
        ip: "cli",
        details: { keyId: result.keyId, resealed: result.resealed + result.sealedClear, unreadable: result.unreadable },
      });
      const count = result.resealed + result.sealedClear;
      process.stdout.write(
        result.source === "file"
          ? `Re-sealed ${count} two-factor secret(s) with a new key (${result.keyId}) in ${result.file}; the old key is gone.\n`
          : `Re-sealed ${count} two-factor secret(s) with TOTP_KEY (${result.keyId}). You can now remove TOTP_KEY_PREVIOUS.\n`,
      );
      if (result.unreadable > 0) {
        process.stderr.write(
          `${result.unreadable} secret(s) were sealed with a key that is not available; those users need their two-factor sign-in reset by an administrator.\n`,
        );
        return 3;
      }
      return 0;
    } catch (e) {
      process.stderr.write(`Could not rotate the two-factor key: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    } finally {
      await database?.close();
    }
  },
};
