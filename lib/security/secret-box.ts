// Secrets the server must read back (TOTP secrets) are stored sealed: AES-256-GCM with a random
// 96-bit nonce, authenticated together with what the value is for (e.g. "totp:<user id>", so a
// sealed value copied into another row does not open). A stored value names the key that sealed
// it, so a key ring can hold the current key and older ones during a rotation.
//
//   a3s1:<key id>:<nonce, base64url>:<ciphertext + 16-byte tag, base64url>
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const PREFIX = "a3s1";
export const KEY_BYTES = 32;

export interface SecretKey {
  /** First 12 hex digits of the key's SHA-256: names the key without revealing it. */
  id: string;
  bytes: Buffer;
}

export function newKeyBytes(): Buffer {
  return randomBytes(KEY_BYTES);
}

export function toKey(bytes: Buffer): SecretKey {
  if (bytes.length !== KEY_BYTES) throw new Error(`a key must be ${KEY_BYTES} bytes`);
  return { id: createHash("sha256").update(bytes).digest("hex").slice(0, 12), bytes };
}

/** A key written as base64 (standard or URL-safe), e.g. from `openssl rand -base64 32`. */
export function parseKey(text: string): SecretKey | null {
  const clean = text.trim();
  if (!/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(clean)) return null;
  const bytes = Buffer.from(clean.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return bytes.length === KEY_BYTES ? toKey(bytes) : null;
}

export function isSealed(value: string): boolean {
  return value.startsWith(`${PREFIX}:`);
}

/** The id of the key that sealed `value`, or null when it is not a sealed value. */
export function sealedKeyId(value: string): string | null {
  if (!isSealed(value)) return null;
  return value.split(":")[1] ?? null;
}

export function seal(plain: string, purpose: string, key: SecretKey): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.bytes, nonce);
  cipher.setAAD(Buffer.from(`${PREFIX}:${key.id}:${purpose}`));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}:${key.id}:${nonce.toString("base64url")}:${body.toString("base64url")}`;
}

/** The clear value, or null when it is not sealed, the key is unknown, or it does not verify. */
export function open(sealed: string, purpose: string, keys: readonly SecretKey[]): string | null {
  const parts = sealed.split(":");
  if (parts.length !== 4 || parts[0] !== PREFIX) return null;
  const key = keys.find((k) => k.id === parts[1]);
  if (!key) return null;
  try {
    const nonce = Buffer.from(parts[2]!, "base64url");
    const body = Buffer.from(parts[3]!, "base64url");
    if (nonce.length !== 12 || body.length < 16) return null;
    const decipher = createDecipheriv("aes-256-gcm", key.bytes, nonce);
    decipher.setAAD(Buffer.from(`${PREFIX}:${key.id}:${purpose}`));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** The keys a process holds: the current one seals, any of them opens. */
export interface Keyring {
  readonly current: SecretKey;
  readonly keys: readonly SecretKey[];
  seal(plain: string, purpose: string): string;
  open(sealed: string, purpose: string): string | null;
}

/**
 * A key ring. `reload` (optional) returns the keys again when their source changed, else null:
 * it is asked before sealing and when a value names a key the ring does not hold, so a running
 * server follows a rotation done by the CLI on the same key file.
 */
export function keyring(current: SecretKey, previous: readonly SecretKey[] = [], reload?: () => SecretKey[] | null): Keyring {
  let keys: SecretKey[] = [current, ...previous.filter((k) => k.id !== current.id)];
  const refresh = () => {
    if (!reload) return;
    try {
      const fresh = reload();
      if (fresh?.length) keys = fresh;
    } catch {
      // Keep the keys we have.
    }
  };
  return {
    get current() {
      return keys[0]!;
    },
    get keys() {
      return keys;
    },
    seal(plain, purpose) {
      refresh();
      return seal(plain, purpose, keys[0]!);
    },
    open(sealed, purpose) {
      const id = sealedKeyId(sealed);
      if (id && !keys.some((k) => k.id === id)) refresh();
      return open(sealed, purpose, keys);
    },
  };
}
