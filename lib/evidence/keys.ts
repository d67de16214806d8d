// The organisation's evidence signing key (Ed25519, node:crypto). EVIDENCE_KEY_FILE names a PKCS#8
// PEM file; otherwise the key lives in the data folder (DATA_DIR/secrets/evidence-ed25519.pem, mode
// 0600), generated on first use. Back it up: manifests signed with a lost key still verify (the
// public key travels with every export), but new ones would be signed by a new key.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface EvidenceKeyEnv {
  DATA_DIR: string;
  EVIDENCE_KEY_FILE?: string;
}

export interface EvidenceKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI PEM: what exports publish and `openssl pkeyutl -verify -pubin` reads. */
  publicKeyPem: string;
  /** SHA-256 (hex) of the SPKI DER. */
  keyId: string;
  file: string;
  created: boolean;
}

export function evidenceKeyFile(env: EvidenceKeyEnv): string {
  return path.resolve(env.EVIDENCE_KEY_FILE ?? path.join(env.DATA_DIR, "secrets", "evidence-ed25519.pem"));
}

export function publicKeyId(publicKey: KeyObject): string {
  return createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex");
}

const cache = new Map<string, EvidenceKey>();

/** The signing key, generated into the data folder when there is none (never over EVIDENCE_KEY_FILE). */
export function loadEvidenceKey(env: EvidenceKeyEnv): EvidenceKey {
  const file = evidenceKeyFile(env);
  const held = cache.get(file);
  if (held && existsSync(file)) return held;
  let created = false;
  if (!existsSync(file)) {
    if (env.EVIDENCE_KEY_FILE) throw new Error(`EVIDENCE_KEY_FILE names ${file}, which does not exist`);
    const { privateKey } = generateKeyPairSync("ed25519");
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }) as string, { mode: 0o600, flag: "wx" });
      created = true;
    } catch (e) {
      // Another process wrote it first: use theirs.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  const privateKey = createPrivateKey(readFileSync(file));
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`${file} is not an Ed25519 private key`);
  const publicKey = createPublicKey(privateKey);
  const key: EvidenceKey = {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }) as string,
    keyId: publicKeyId(publicKey),
    file,
    created,
  };
  cache.set(file, key);
  return key;
}
