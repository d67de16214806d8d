import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { allManifests, evidenceTotals } from "../../db/queries/evidence";
import { evidenceKeyFile, loadEvidenceKey } from "../../lib/evidence/keys";
import { formatNumber, plural } from "../../lib/words";
import { requireUser } from "../auth.server";
import { CopyButton } from "../components/CopyButton";
import { When } from "../components/When";

export const meta: MetaFunction = () => [{ title: "Evidence · Admin · Article 3" }];

/** The signing key's public half and the chain of sealed runs, for administrators to publish and compare. */
export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, { role: "admin" });
  const db = args.context.database.db;
  let key: { pem: string; id: string; file: string } | null = null;
  let keyProblem: string | null = null;
  try {
    // Generated on first use (the first start that asks, or the first seal).
    const k = loadEvidenceKey(args.context.env);
    key = { pem: k.publicKeyPem, id: k.keyId, file: k.file };
  } catch (e) {
    keyProblem = `The signing key could not be read from ${evidenceKeyFile(args.context.env)}: ${e instanceof Error ? e.message : String(e)}`;
  }
  const manifests = await allManifests(db);
  const recent = manifests.slice(-20).reverse().map((m) => {
    const j = JSON.parse(m.manifest.toString("utf8")) as { records: number; revisits: number; bytes: number; runStatus: string };
    return { runId: m.runId, hash: m.hash, sealedAt: new Date(m.sealedAt).toISOString(), records: j.records, revisits: j.revisits, bytes: j.bytes, runStatus: j.runStatus, timestamped: !!m.timestamp };
  });
  return { key, keyProblem, totals: await evidenceTotals(db), recent, count: manifests.length, tsa: args.context.env.TSA_URL ?? null };
}

export default function AdminEvidence() {
  const { key, keyProblem, totals, recent, count, tsa } = useLoaderData<typeof loader>();
  const latest = recent[0];
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link> ›
      </p>
      <h1>Evidence</h1>
      <p className="muted">
        Every answer Interpol&rsquo;s service gives a pull is kept byte for byte (WARC records) and sealed after the pull: a
        manifest with a fingerprint of all of them, chained to the one before and signed with this organisation&rsquo;s key.
        Publish the key below, and keep copies of the latest manifest fingerprint (the digest e-mail carries it): anyone can
        then check an exported bundle against them.
      </p>
      <h2>Signing key</h2>
      {key ? (
        <>
          <pre className="mono hash" id="evidence-public-key">{key.pem}</pre>
          <div className="copy-row">
            <CopyButton text={key.pem} label="Copy the public key" />
          </div>
          <p className="muted">
            Key fingerprint (SHA-256 of the key): <code className="hash">{key.id}</code>. The private key is in{" "}
            <code>{key.file}</code>; back it up with the database.
          </p>
        </>
      ) : (
        <p className="notice-banner" role="alert">{keyProblem}</p>
      )}
      <h2>Sealed runs</h2>
      {latest ? (
        <p>
          Latest manifest, run <Link to={`/runs/${latest.runId}`}>#{formatNumber(latest.runId)}</Link>, sealed <When value={latest.sealedAt} />:{" "}
          <code className="hash">{latest.hash}</code> <CopyButton text={latest.hash} label="Copy the fingerprint" />
        </p>
      ) : (
        <p className="muted">Nothing sealed yet: the first pull seals its records when it ends. Start one on <Link to="/runs">Runs</Link>.</p>
      )}
      <p className="muted">
        {plural(count, "manifest")} in the chain; {plural(totals.records, "record")} kept ({formatNumber(Math.round(totals.bytes / 1024))} KB),{" "}
        {plural(totals.revisits, "answer")} identical to an earlier one and stored once. Trusted timestamps:{" "}
        {tsa ? <>from <code>{tsa}</code></> : "off (set TSA_URL to an RFC 3161 authority)"}.
      </p>
      {recent.length ? (
        <div className="table-wrap">
          <table>
            <caption>The {recent.length === 1 ? "sealed run" : `${recent.length} most recent sealed runs`}</caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Sealed</th>
                <th scope="col">How it ended</th>
                <th scope="col">Records</th>
                <th scope="col">Timestamp</th>
                <th scope="col">Manifest fingerprint</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((m) => (
                <tr key={m.runId}>
                  <td><Link to={`/runs/${m.runId}`}>#{formatNumber(m.runId)}</Link></td>
                  <td><When value={m.sealedAt} /></td>
                  <td>{m.runStatus === "failed" || m.runStatus === "running" ? "stopped midway (sealed over what it wrote)" : m.runStatus}</td>
                  <td>{formatNumber(m.records)}</td>
                  <td>{m.timestamped ? "yes" : "no"}</td>
                  <td><code className="hash">{m.hash}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
