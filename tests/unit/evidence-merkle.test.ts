// RFC 9162 Merkle hashing, checked against Certificate Transparency's published test vectors
// (the eight leaves of RFC 6962/9162 test data: roots for each size and inclusion paths).
import { describe, expect, it } from "vitest";
import { EMPTY_ROOT, inclusionProof, inclusionProofs, leafHash, rootOf, verifyInclusion } from "../../lib/evidence/merkle";

const DATA = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map((h) => Buffer.from(h, "hex"));
const LEAVES = DATA.map(leafHash);
const ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];
const PATHS: Array<{ leaf: number; size: number; path: string[] }> = [
  { leaf: 0, size: 1, path: [] },
  {
    leaf: 0,
    size: 8,
    path: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    leaf: 5,
    size: 8,
    path: [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  { leaf: 2, size: 3, path: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
  {
    leaf: 1,
    size: 5,
    path: [
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
];

describe("RFC 9162 Merkle tree", () => {
  it("hashes the empty tree as SHA-256 of nothing", () => {
    expect(EMPTY_ROOT.toString("hex")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("gives the published root for every size from 1 to 8", () => {
    for (let n = 1; n <= 8; n++) expect(rootOf(LEAVES.slice(0, n)).toString("hex"), `size ${n}`).toBe(ROOTS[n - 1]);
  });

  it("gives the published inclusion paths, and they verify", () => {
    for (const v of PATHS) {
      const leaves = LEAVES.slice(0, v.size);
      const proof = inclusionProof(leaves, v.leaf);
      expect(proof.map((p) => p.toString("hex")), `leaf ${v.leaf} of ${v.size}`).toEqual(v.path);
      expect(inclusionProofs(leaves, [v.leaf]).get(v.leaf)!.map((p) => p.toString("hex"))).toEqual(v.path);
      expect(verifyInclusion(LEAVES[v.leaf]!, v.leaf, v.size, proof, Buffer.from(ROOTS[v.size - 1]!, "hex"))).toBe(true);
    }
  });

  it("proves every leaf of trees of many sizes, and refuses a wrong leaf, index, path, or an index beyond the tree", () => {
    for (let n = 1; n <= 40; n++) {
      const leaves = Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`record ${i}`)));
      const root = rootOf(leaves);
      const all = inclusionProofs(leaves, leaves.map((_, i) => i));
      for (let i = 0; i < n; i++) {
        const proof = all.get(i)!;
        expect(proof).toEqual(inclusionProof(leaves, i));
        expect(verifyInclusion(leaves[i]!, i, n, proof, root)).toBe(true);
        expect(verifyInclusion(leafHash(Buffer.from("other")), i, n, proof, root)).toBe(false);
        if (n > 1) expect(verifyInclusion(leaves[i]!, (i + 1) % n, n, proof, root)).toBe(false);
        expect(verifyInclusion(leaves[i]!, i, i, proof, root)).toBe(false);
        if (proof.length) {
          const bad = proof.map((p) => Buffer.from(p));
          bad[0]![0] ^= 1;
          expect(verifyInclusion(leaves[i]!, i, n, bad, root)).toBe(false);
        }
      }
    }
  });

  it("separates leaves from nodes (a node's hash is not a leaf's)", () => {
    const two = rootOf(LEAVES.slice(0, 2));
    expect(leafHash(Buffer.concat([LEAVES[0]!, LEAVES[1]!])).equals(two)).toBe(false);
  });
});
