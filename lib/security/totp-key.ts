// Where the key that seals TOTP secrets comes from (docs/decisions/003):
// - TOTP_KEY (base64, 32 bytes) when set, with TOTP_KEY_PREVIOUS (comma-separated) still able to
//   open values during a rotation. Required when several hosts share one PostgreSQL database.
// - otherwise a key file in the data folder, DATA_DIR/secrets/totp.key (mode 0600, folder 0700),
//   generated on first start. Back it up with the database: without it, two-factor secrets cannot
//   be read and each user's two-factor must be reset by an administrator.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { keyring, newKeyBytes, parseKey, type Keyring, type SecretKey } from "./secret-box";

export interface TotpKeyEnv {
  TOTP_KEY?: string;
  TOTP_KEY_PREVIOUS?: string;
  DATA_DIR: string;
}

export interface LoadedKeys {
  ring: Keyring;
  source: "env" | "file";
  /** The key file, when the key comes from one. */
  file?: string;
  /** True when this call generated the key file. */
  created: boolean;
}

export function totpKeyFile(dataDir: string): string {
  return path.resolve(dataDir, "secrets", "totp.key");
}

/** A rotation in progress (see jobs/commands/secrets.ts): its key may already seal some values. */
export function nextKeyFile(file: string): string {
  return `${file}.next`;
}

function readKeyFile(file: string): SecretKey {
  const key = parseKey(readFileSync(file, "utf8"));
  if (!key) throw new Error(`${file} does not hold a base64 key of 32 bytes`);
  // Only the server's user may read it; fix a copy restored with looser permissions.
  if (process.platform !== "win32" && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return key;
}

/** Writes a new key file that nobody else can read; fails if the file exists. */
export function writeKeyFile(file: string, bytes: Buffer = newKeyBytes()): SecretKey {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${bytes.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  const key = parseKey(bytes.toString("base64"));
  if (!key) throw new Error("generated key did not parse");
  return key;
}

function fileKeys(file: string): SecretKey[] {
  const keys = [readKeyFile(file)];
  const next = nextKeyFile(file);
  if (existsSync(next)) keys.push(readKeyFile(next));
  return keys;
}

/** The file's keys again whenever it (or a rotation's next key) changed since last asked, else null. */
function watch(file: string): () => SecretKey[] | null {
  const stamp = () =>
    [file, nextKeyFile(file)].map((f) => (existsSync(f) ? `${statSync(f).mtimeMs}:${statSync(f).ino}` : "-")).join("|");
  let seen = stamp();
  return () => {
    const now = stamp();
    if (now === seen) return null;
    seen = now;
    return fileKeys(file);
  };
}

/** Replaces the key file with the rotation's new key, atomically. */
export function promoteNextKeyFile(file: string): void {
  renameSync(nextKeyFile(file), file);
}

export function loadTotpKeys(env: TotpKeyEnv, opts: { create?: boolean } = {}): LoadedKeys {
  if (env.TOTP_KEY) {
    const current = parseKey(env.TOTP_KEY);
    if (!current) throw new Error("TOTP_KEY must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)");
    const previous = (env.TOTP_KEY_PREVIOUS ?? "")
      .split(",")
      .filter((s) => s.trim())
      .map((s) => {
        const k = parseKey(s);
        if (!k) throw new Error("TOTP_KEY_PREVIOUS must be base64 keys of 32 bytes, separated by commas");
        return k;
      });
    return { ring: keyring(current, previous), source: "env", created: false };
  }
  const file = totpKeyFile(env.DATA_DIR);
  let created = false;
  if (!existsSync(file)) {
    if (!opts.create) throw new Error(`No key for two-factor secrets: ${file} does not exist and TOTP_KEY is not set`);
    try {
      writeKeyFile(file);
      created = true;
    } catch (e) {
      // Another process starting at the same moment wrote it first: use theirs.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  const [current, ...previous] = fileKeys(file);
  return { ring: keyring(current!, previous, watch(file)), source: "file", file, created };
}
