// The bundle's verifiers, as text (they travel in every export; evidence:verify runs VERIFY_MJS
// itself, from this source, not the bundle's copy). Kept free of backticks and dollar-brace so they
// sit in template literals unchanged.
export const VERIFY_MJS = String.raw`#!/usr/bin/env node
// Verifies an Article 3 evidence bundle with Node.js alone. Run it in the bundle's folder, or give
// the folder: node verify.mjs [DIR]. Exit 0 only when every check holds; each failure is named.
import { createHash, createPublicKey, verify } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

const dir = process.argv[2] || ".";
const failures = [];
let checks = 0;
const fail = (what) => { failures.push(what); console.log("FAIL " + what); };
const ok = () => { checks++; };
const sha = (...parts) => { const h = createHash("sha256"); for (const p of parts) h.update(p); return h.digest(); };
const hex = (b) => Buffer.from(b).toString("hex");
const read = (p) => readFileSync(join(dir, p));

// 1. Every file as exported.
if (!existsSync(join(dir, "SHA256SUMS"))) fail("SHA256SUMS: missing");
else for (const line of read("SHA256SUMS").toString("utf8").split("\n")) {
  const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
  if (!line) continue;
  if (!m) { fail("SHA256SUMS: unreadable line: " + line); continue; }
  if (!existsSync(join(dir, m[2]))) { fail(m[2] + ": missing"); continue; }
  if (hex(sha(read(m[2]))) !== m[1]) fail(m[2] + ": SHA-256 differs from SHA256SUMS"); else ok();
}

// 2. The chain of manifests: each hash, signature and link.
let key = null;
try { key = createPublicKey(read("public-key.pem")); } catch (e) { fail("public-key.pem: not a public key (" + e.message + ")"); }
const manifests = new Map();
let previous = null;
let first = true;
for (const line of (existsSync(join(dir, "chain.txt")) ? read("chain.txt").toString("utf8") : "").split("\n")) {
  if (!line) continue;
  const [run, hash] = line.split("\t");
  const name = "manifests/run-" + run + ".json";
  let bytes;
  try { bytes = read(name); } catch { fail(name + ": missing"); previous = hash; first = false; continue; }
  if (hex(sha(bytes)) !== hash) fail(name + ": SHA-256 differs from chain.txt"); else ok();
  let m = null;
  try { m = JSON.parse(bytes.toString("utf8")); } catch { fail(name + ": not JSON"); }
  if (m) {
    if (String(m.runId) !== run) fail(name + ": names run " + m.runId);
    if (!first && m.previous !== previous) fail(name + ": does not name the previous manifest (" + previous + ") as previous");
    else if (first && m.previous !== null && m.previous !== undefined) console.log("note " + name + ": the chain in this bundle starts after an earlier manifest " + m.previous);
    else ok();
    manifests.set(run, m);
  }
  let sig = null;
  try { sig = read("manifests/run-" + run + ".sig"); } catch { fail("manifests/run-" + run + ".sig: missing"); }
  if (key && sig) {
    let good = false;
    try { good = verify(null, bytes, key, sig); } catch { good = false; }
    if (!good) fail("manifests/run-" + run + ".sig: signature does not verify with public-key.pem"); else ok();
  }
  previous = hash;
  first = false;
}
if (!manifests.size) fail("chain.txt: no manifest");

// 3. Records: each one's hash, its place in its run's signed tree, its WARC digests.
const warc = existsSync(join(dir, "records.warc.gz")) ? read("records.warc.gz") : null;
if (!warc) fail("records.warc.gz: missing");
const leafHash = (d) => sha(Buffer.of(0), d);
const nodeHash = (l, r) => sha(Buffer.of(1), l, r);
function inclusion(leaf, index, size, path, root) {
  if (index >= size) return false;
  let fn = index, sn = size - 1, r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else r = nodeHash(r, p);
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
  }
  return sn === 0 && hex(r) === root;
}
function digests(raw, label, payloads) {
  const end = raw.indexOf("\r\n\r\n");
  if (end < 0) return fail(label + ": no WARC header");
  const headers = new Map();
  for (const l of raw.subarray(0, end).toString("utf8").split("\r\n").slice(1)) {
    const i = l.indexOf(":");
    if (i > 0) headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
  }
  const length = Number(headers.get("content-length"));
  const block = raw.subarray(end + 4, end + 4 + length);
  if (block.length !== length) return fail(label + ": shorter than its Content-Length");
  const type = headers.get("warc-type");
  const bd = headers.get("warc-block-digest");
  if (type !== "warcinfo" || bd) {
    if (bd !== "sha256:" + hex(sha(block))) fail(label + ": WARC-Block-Digest does not match the block"); else ok();
  }
  const pd = headers.get("warc-payload-digest");
  if (type === "response") {
    const h = block.indexOf("\r\n\r\n");
    const payload = h < 0 ? Buffer.alloc(0) : block.subarray(h + 4);
    if (pd !== "sha256:" + hex(sha(payload))) fail(label + ": WARC-Payload-Digest does not match the payload"); else ok();
    payloads.set(headers.get("warc-record-id"), pd);
  }
  if (type === "revisit") {
    const ref = headers.get("warc-refers-to");
    if (!payloads.has(ref)) fail(label + ": the record it revisits (" + ref + ") is not in the bundle before it");
    else if (payloads.get(ref) !== pd) fail(label + ": WARC-Payload-Digest differs from the record it revisits"); else ok();
  }
}
const payloads = new Map();
let covered = 0;
const lines = existsSync(join(dir, "proofs.tsv")) ? read("proofs.tsv").toString("utf8").split("\n") : (fail("proofs.tsv: missing"), []);
for (const line of lines) {
  if (!line || line.startsWith("#")) continue;
  const f = line.split("\t");
  if (f.length !== 10) { fail("proofs.tsv: unreadable line: " + line.slice(0, 80)); continue; }
  const [index, offset, length, run, leaf, size, recordSha, type, recordId, path] = f;
  const label = "record " + index + " (" + type + " " + recordId + ")";
  if (!warc) continue;
  const off = Number(offset), len = Number(length);
  if (off !== covered) fail("proofs.tsv: record " + index + " does not start where the previous ended");
  covered = off + len;
  const bytes = warc.subarray(off, off + len);
  const d = sha(bytes);
  if (hex(d) !== recordSha) fail(label + ": SHA-256 differs from proofs.tsv"); else ok();
  const m = manifests.get(run);
  if (!m) { fail(label + ": run " + run + " has no manifest in the bundle"); continue; }
  if (Number(size) !== m.treeSize) fail(label + ": proof is for a tree of " + size + " records, run " + run + " sealed " + m.treeSize);
  const proof = path === "-" ? [] : path.split(",").map((h) => Buffer.from(h, "hex"));
  if (!inclusion(leafHash(d), Number(leaf), m.treeSize, proof, m.root)) fail(label + ": Merkle inclusion proof does not reach run " + run + "'s signed root"); else ok();
  let raw = null;
  try { raw = gunzipSync(bytes); } catch { fail(label + ": not a gzip member"); }
  if (raw) digests(raw, label, payloads);
}
if (warc && covered !== warc.length) fail("records.warc.gz: " + (warc.length - covered) + " bytes not accounted for by proofs.tsv");

if (failures.length) { console.log(failures.length + " check(s) failed, " + checks + " passed."); process.exit(1); }
console.log("OK: " + checks + " checks passed (files, " + manifests.size + " manifests, signatures, chain, records, proofs, WARC digests).");
`;

export const VERIFY_SH = String.raw`#!/usr/bin/env bash
# Verifies an Article 3 evidence bundle with bash, coreutils, gzip and openssl only. Run it in the
# bundle's folder, or give the folder: bash verify.sh [DIR]. Exit 0 only when every check holds;
# each failure is named.
set -u
export LC_ALL=C
if [ $# -gt 0 ]; then cd "$1" || exit 2; fi
fails=0
checks=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# hex -> bytes, without xxd: bash's printf understands \xHH.
hexbin() { printf "$(printf '%s' "$1" | sed 's/../\\x&/g')"; }
sha() { sha256sum | cut -c1-64; }
leafhash() { { printf '\x00'; hexbin "$1"; } | sha; }
nodehash() { { printf '\x01'; hexbin "$1"; hexbin "$2"; } | sha; }
field() { sed -n 's/.*"'"$1"'":"\{0,1\}\([^",}]*\)"\{0,1\}[,}].*/\1/p' "$2"; }

# 1. Every file as exported.
if [ -f SHA256SUMS ]; then
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    if printf '%s\n' "$line" | sha256sum -c --quiet --status - 2>/dev/null; then ok; else fail "$(printf '%s' "$line" | cut -c67-): SHA-256 differs from SHA256SUMS (or missing)"; fi
  done < SHA256SUMS
else
  fail "SHA256SUMS: missing"
fi

# 2. The chain: each manifest's hash, signature, and link to the one before.
prev=""
first=1
nman=0
while IFS=$'\t' read -r run hash; do
  [ -n "$run" ] || continue
  m="manifests/run-$run.json"
  nman=$((nman + 1))
  if [ ! -f "$m" ]; then fail "$m: missing"; prev=$hash; first=0; continue; fi
  [ "$(sha < "$m")" = "$hash" ] && ok || fail "$m: SHA-256 differs from chain.txt"
  p=$(field previous "$m")
  if [ $first -eq 0 ]; then
    [ "$p" = "$prev" ] && ok || fail "$m: does not name the previous manifest ($prev) as previous"
  fi
  [ "$(field runId "$m")" = "$run" ] || fail "$m: names another run"
  if openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in "$m" -sigfile "manifests/run-$run.sig" >/dev/null 2>&1; then ok; else fail "manifests/run-$run.sig: signature does not verify with public-key.pem"; fi
  prev=$hash
  first=0
done < <(cat chain.txt 2>/dev/null)
[ $nman -gt 0 ] || fail "chain.txt: no manifest"

# 3. Records: hash, Merkle inclusion proof (RFC 9162) against the run's signed root, block digest.
covered=0
total=$(wc -c < records.warc.gz 2>/dev/null || echo 0)
[ -f records.warc.gz ] || fail "records.warc.gz: missing"
while IFS=$'\t' read -r index offset length run leaf size recsha type recid path; do
  case "$index" in ''|'#'*) continue ;; esac
  label="record $index ($type $recid)"
  [ "$offset" = "$covered" ] || fail "proofs.tsv: record $index does not start where the previous ended"
  covered=$((offset + length))
  tail -c +$((offset + 1)) records.warc.gz | head -c "$length" > "$tmp/rec.gz"
  d=$(sha < "$tmp/rec.gz")
  [ "$d" = "$recsha" ] && ok || fail "$label: SHA-256 differs from proofs.tsv"
  m="manifests/run-$run.json"
  if [ ! -f "$m" ]; then fail "$label: run $run has no manifest in the bundle"; continue; fi
  root=$(field root "$m")
  tsize=$(field treeSize "$m")
  [ "$size" = "$tsize" ] || fail "$label: proof is for a tree of $size records, run $run sealed $tsize"
  fn=$leaf; sn=$((tsize - 1)); r=$(leafhash "$d"); good=1
  [ "$fn" -lt "$tsize" ] 2>/dev/null || good=0
  if [ "$path" != "-" ] && [ $good -eq 1 ]; then
    for p in $(printf '%s' "$path" | tr ',' ' '); do
      if [ $sn -eq 0 ]; then good=0; break; fi
      if [ $((fn % 2)) -eq 1 ] || [ $fn -eq $sn ]; then
        r=$(nodehash "$p" "$r")
        if [ $((fn % 2)) -eq 0 ]; then
          while [ $((fn % 2)) -eq 0 ] && [ $fn -ne 0 ]; do fn=$((fn / 2)); sn=$((sn / 2)); done
        fi
      else
        r=$(nodehash "$r" "$p")
      fi
      fn=$((fn / 2)); sn=$((sn / 2))
    done
  fi
  if [ $good -eq 1 ] && [ $sn -eq 0 ] && [ "$r" = "$root" ]; then ok; else fail "$label: Merkle inclusion proof does not reach run $run's signed root"; fi
  if gzip -dc < "$tmp/rec.gz" > "$tmp/rec" 2>/dev/null; then
    head -c 65536 "$tmp/rec" | tr -d '\r' | sed '/^$/q' > "$tmp/head"
    cl=$(sed -n 's/^Content-Length: *\([0-9]*\).*/\1/p' "$tmp/head" | head -n1)
    bd=$(sed -n 's/^WARC-Block-Digest: *sha256:\([0-9a-f]*\).*/\1/p' "$tmp/head" | head -n1)
    all=$(wc -c < "$tmp/rec")
    if [ -n "$bd" ] && [ -n "$cl" ]; then
      [ "$(head -c $((all - 4)) "$tmp/rec" | tail -c "$cl" | sha)" = "$bd" ] && ok || fail "$label: WARC-Block-Digest does not match the block"
    elif [ "$type" != "warcinfo" ]; then
      fail "$label: no WARC-Block-Digest"
    fi
  else
    fail "$label: not a gzip member"
  fi
done < <(cat proofs.tsv 2>/dev/null)
[ "$covered" = "$total" ] || fail "records.warc.gz: $((total - covered)) bytes not accounted for by proofs.tsv"

if [ $fails -gt 0 ]; then echo "$fails check(s) failed, $checks passed."; exit 1; fi
echo "OK: $checks checks passed (files, $nman manifests, signatures, chain, records, proofs, block digests)."
`;
