// Trusted timestamps for sealed manifests, behind one interface so OpenTimestamps can follow.
// RFC 3161: POST a TimeStampReq (the manifest's SHA-256) to TSA_URL, keep the TimeStampResp as
// received; anyone verifies it with `openssl ts -verify -digest <hash> -in N.tsr -CAfile <TSA's CA>`.
import { randomBytes } from "node:crypto";
import { request } from "undici";

export interface Timestamper {
  readonly name: string;
  /** A token over `digest` (32 bytes of SHA-256), or a thrown error. */
  stamp(digest: Buffer): Promise<Buffer>;
}

const SHA256_ALG = Buffer.from("300d06096086480165030402010500", "hex");

/** DER TimeStampReq { v1, messageImprint(sha256, digest), nonce, certReq TRUE }. */
export function timeStampRequest(digest: Buffer, nonce: Buffer = randomBytes(8)): Buffer {
  if (digest.length !== 32) throw new Error("expected a SHA-256 digest");
  const n = Buffer.from(nonce);
  n[0] = (n[0]! & 0x7f) | 0x01; // positive, minimal
  const imprint = Buffer.concat([Buffer.from([0x30, SHA256_ALG.length + 34]), SHA256_ALG, Buffer.from([0x04, 0x20]), digest]);
  const body = Buffer.concat([Buffer.from([0x02, 0x01, 0x01]), imprint, Buffer.from([0x02, n.length]), n, Buffer.from([0x01, 0x01, 0xff])]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** The PKIStatus of a TimeStampResp (0 granted, 1 granted with mods, other: refused). */
export function timeStampStatus(resp: Buffer): number {
  // SEQUENCE { PKIStatusInfo SEQUENCE { INTEGER status, ... }, token }
  let i = 0;
  const len = () => {
    let l = resp[i++]!;
    if (l & 0x80) {
      const k = l & 0x7f;
      l = 0;
      for (let j = 0; j < k; j++) l = (l << 8) | resp[i++]!;
    }
    return l;
  };
  if (resp[i++] !== 0x30) throw new Error("not a TimeStampResp");
  len();
  if (resp[i++] !== 0x30) throw new Error("not a TimeStampResp");
  len();
  if (resp[i++] !== 0x02) throw new Error("not a TimeStampResp");
  const l = len();
  let status = 0;
  for (let j = 0; j < l; j++) status = (status << 8) | resp[i++]!;
  return status;
}

export function rfc3161Timestamper(url: string, timeoutMs = 15_000): Timestamper {
  return {
    name: `rfc3161 ${url}`,
    async stamp(digest) {
      const res = await request(url, {
        method: "POST",
        headers: { "content-type": "application/timestamp-query", accept: "application/timestamp-reply" },
        body: timeStampRequest(digest),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const body = Buffer.from(await res.body.arrayBuffer());
      if (res.statusCode !== 200) throw new Error(`TSA answered HTTP ${res.statusCode}`);
      const status = timeStampStatus(body);
      if (status > 1) throw new Error(`TSA refused the request (PKIStatus ${status})`);
      return body;
    },
  };
}
