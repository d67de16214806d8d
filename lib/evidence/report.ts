// The bundle's report: what Article 3's client received from Interpol's public service about one
// notice, and when, in plain words a court can read; printable, no script, no outside resources.
import type { Manifest } from "./manifest";

export interface ReportExchange {
  index: number;
  runId: number;
  url: string;
  at: Date;
  status: number | null;
  statusText: string | null;
  payloadSha256: string | null;
  /** A revisit: the earlier record holding the identical bytes. */
  revisitOf: { index: number; at: Date } | null;
  contentType: string | null;
  payload: Buffer;
}

export interface ReportInput {
  entityId: string;
  exchanges: ReportExchange[];
  manifests: Array<{ runId: number; hash: string; manifest: Manifest; timestamped: boolean }>;
  latestHash: string | null;
  publicKeyPem: string;
  exportedAt: Date;
  software: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const utc = (d: Date) => `${d.toISOString().slice(0, 10)} at ${d.toISOString().slice(11, 19)} UTC`;

/** What a detail body says, briefly: name and charges (the notice's own words). */
function detailSummary(payload: Buffer): string | null {
  try {
    const j = JSON.parse(payload.toString("utf8")) as {
      forename?: string | null;
      name?: string | null;
      arrest_warrants?: Array<{ charge?: string | null; issuing_country_id?: string | null }> | null;
    };
    const who = [j.forename, j.name].filter(Boolean).join(" ");
    const charges = (j.arrest_warrants ?? [])
      .map((w) => [w.issuing_country_id ? `${w.issuing_country_id}: ` : "", w.charge ?? ""].join("").trim())
      .filter(Boolean);
    if (!who && !charges.length) return null;
    return `${who ? `Name as published: ${who}. ` : ""}${charges.length ? `Charges as published: ${charges.join("; ")}.` : ""}`.trim();
  } catch {
    return null;
  }
}

function meaning(x: ReportExchange): string {
  const what = /\/images\/[^/]+$/.test(x.url) ? "a photo of the notice" : /\/images$/.test(x.url) ? "the list of the notice's photos" : "the notice";
  if (x.status === 200) {
    const same = x.revisitOf ? ` The bytes were identical to those received on ${utc(x.revisitOf.at)} (record ${x.revisitOf.index}), so they are stored once.` : "";
    const said = what === "the notice" ? detailSummary(x.payload) : null;
    return `The public service served ${what}.${said ? ` ${esc(said)}` : ""}${same}`;
  }
  if (x.status === 304) return `The public service answered Not Modified: ${what} was unchanged since the copy this client already held.`;
  if (x.status === 404)
    return `The public service answered Not Found: at this time it did not serve ${what}. A Not Found proves only that the public service stopped serving it, not that Interpol cancelled the notice.`;
  return `The public service answered HTTP ${x.status ?? "?"}${x.statusText ? ` ${esc(x.statusText)}` : ""}; this answer says nothing about the notice itself.`;
}

export function noticeReport(r: ReportInput): string {
  const rows = r.exchanges
    .map(
      (x) => `<tr><td>${x.index}</td><td>${utc(x.at)}</td><td class="url">${esc(x.url)}</td><td>${x.status ?? "?"}</td><td>${meaning(x)}</td>` +
        `<td class="hash">${esc(x.payloadSha256 ?? "")}</td><td>${x.runId}</td></tr>`,
    )
    .join("\n");
  const runs = new Set(r.exchanges.map((x) => x.runId));
  const sealRows = r.manifests
    .filter((m) => runs.has(m.runId))
    .map(
      (m) => `<tr><td>${m.runId}</td><td>${m.manifest.sealedAt.replace("T", " ").replace(/\.\d+Z$/, " UTC")}</td><td>${m.manifest.runStatus}</td>` +
        `<td>${m.manifest.records.toLocaleString("en")}</td><td class="hash">${m.hash}</td><td>${m.timestamped ? "yes" : "no"}</td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Evidence for Interpol notice ${esc(r.entityId)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:62rem;margin:1.5rem auto;padding:0 1rem;color:#111}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #999;padding:.3rem .4rem;vertical-align:top;text-align:left}
.hash,.url,pre{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
.note{border-left:4px solid #555;padding:.2rem .8rem;background:#f4f4f4}
@media print{body{margin:0;max-width:none}a{color:inherit}}
</style></head><body>
<h1>Evidence for Interpol notice ${esc(r.entityId)}</h1>
<p>This report lists every answer Article 3's client received from Interpol's public notices service
about notice ${esc(r.entityId)}, with the time each was received. The records in this bundle are the
exact bytes received, kept in WARC format; each record's fingerprint (SHA-256) was taken when it arrived
and sealed after each run in a manifest signed by the organisation's key. The checks at the end show that
none of these records has changed since it was sealed.</p>
<div class="note">
<p><strong>What this shows:</strong> what this client received, and when, and that it has not changed since.</p>
<p><strong>What this does not show:</strong> a notice absent from the public list is not proof that Interpol
cancelled it (most notices are never public, and Interpol may withdraw a notice from public view only);
a Not Found answer proves only that the public service stopped serving the notice.</p>
</div>
<h2>What was received</h2>
${r.exchanges.length ? `<table><thead><tr><th>#</th><th>Received (start of the request)</th><th>Address asked</th><th>Answer</th><th>What it means</th><th>SHA-256 of the body</th><th>Run</th></tr></thead><tbody>
${rows}
</tbody></table>` : "<p>No sealed exchange about this notice yet: evidence is sealed after each pull.</p>"}
<h2>How it is sealed</h2>
<p>After each pull, Article 3 builds a Merkle tree (RFC 9162) over every record the pull wrote and signs a
manifest holding the tree's root and the SHA-256 of the previous manifest, so the manifests form one chain.
This bundle holds the records about this notice only, with a proof that places each in its run's tree, and
the whole chain of ${r.manifests.length.toLocaleString("en")} manifests; no other person's records are included.</p>
${sealRows ? `<table><thead><tr><th>Run</th><th>Sealed</th><th>How the run ended</th><th>Records in the run</th><th>Manifest SHA-256</th><th>Trusted timestamp</th></tr></thead><tbody>
${sealRows}
</tbody></table>` : ""}
<p>Latest manifest in the chain: <span class="hash">${esc(r.latestHash ?? "none")}</span>. Compare it, and the key below,
with the copies the organisation publishes (its administration page and its digest e-mails).</p>
<p>Signing key (Ed25519):</p><pre>${esc(r.publicKeyPem)}</pre>
<h2>How to check it</h2>
<p>In the bundle's folder: <code>sha256sum -c SHA256SUMS</code>; then <code>bash verify.sh</code> (needs only bash,
coreutils, gzip and OpenSSL) or <code>node verify.mjs</code> (needs only Node.js). Each prints what failed, if anything.
One manifest's signature alone: <code>openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifests/run-N.json -sigfile manifests/run-N.sig</code>.</p>
<p class="muted">Exported ${utc(r.exportedAt)} by ${esc(r.software)}.</p>
</body></html>
`;
}
