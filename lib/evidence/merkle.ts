// A Merkle tree over a run's records, hashed as RFC 9162 (Certificate Transparency 2.0) §2.1:
// leaf = SHA-256(0x00 ‖ d), node = SHA-256(0x01 ‖ left ‖ right), the split at the largest power of
// two below n. An inclusion proof lets one record be checked against the signed root without
// showing any other record (so one person's bundle reveals no one else's data).
import { createHash } from "node:crypto";

const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

export const leafHash = (data: Uint8Array): Buffer => sha256(LEAF, data);
export const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer => sha256(NODE, left, right);
/** The tree hash of no leaves: SHA-256 of the empty string. */
export const EMPTY_ROOT = sha256();

/** Largest power of two strictly below n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes (not the leaves' data). */
export function rootOf(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  // Bottom-up, carrying an odd last node up unchanged: the same tree as the recursive definition.
  let level: Uint8Array[] = [...leaves];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return Buffer.from(level[0]!);
}

/** The inclusion proof (audit path) of leaf `index` in the tree over `leaves` (leaf hashes), RFC 9162 §2.1.3.1. */
export function inclusionProof(leaves: readonly Uint8Array[], index: number): Buffer[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) throw new RangeError(`leaf ${index} not in a tree of ${leaves.length}`);
  const path = (m: number, d: readonly Uint8Array[]): Buffer[] => {
    const n = d.length;
    if (n === 1) return [];
    const k = split(n);
    return m < k ? [...path(m, d.slice(0, k)), rootOf(d.slice(k))] : [...path(m - k, d.slice(k)), rootOf(d.slice(0, k))];
  };
  return path(index, leaves);
}

/** Proofs for many leaves of one tree, sharing the subtree hashes. */
export function inclusionProofs(leaves: readonly Uint8Array[], indices: readonly number[]): Map<number, Buffer[]> {
  const memo = new Map<string, Buffer>();
  const sub = (lo: number, hi: number): Buffer => {
    const key = `${lo}:${hi}`;
    let h = memo.get(key);
    if (!h) {
      h = hi - lo === 1 ? Buffer.from(leaves[lo]!) : (() => {
        const k = split(hi - lo);
        return nodeHash(sub(lo, lo + k), sub(lo + k, hi));
      })();
      memo.set(key, h);
    }
    return h;
  };
  const out = new Map<number, Buffer[]>();
  for (const index of indices) {
    if (index < 0 || index >= leaves.length) throw new RangeError(`leaf ${index} not in a tree of ${leaves.length}`);
    const proof: Buffer[] = [];
    let lo = 0;
    let hi = leaves.length;
    while (hi - lo > 1) {
      const k = split(hi - lo);
      if (index < lo + k) {
        proof.push(sub(lo + k, hi));
        hi = lo + k;
      } else {
        proof.push(sub(lo, lo + k));
        lo = lo + k;
      }
    }
    out.set(index, proof.reverse());
  }
  return out;
}

/** RFC 9162 §2.1.3.2: does `leaf` (a leaf hash) sit at `index` of a tree of `size` with this root? */
export function verifyInclusion(leaf: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(Buffer.from(root));
}
