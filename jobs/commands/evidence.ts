// `npm run -s cli -- evidence:export --notice 2021/75051 --out DIR`: one notice's evidence bundle
// into a folder (audited). `npm run -s cli -- evidence:verify DIR`: check a bundle; exit 0 only when
// every hash, proof, chain link and signature holds, else 1 with each failure named. The check is
// this repository's own verifier (lib/evidence/verifier-scripts.ts), not the bundle's copy.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openDatabase, type Database } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { recordAudit } from "../../db/queries/audit";
import { noticeBundleInput } from "../../db/queries/evidence";
import { buildBundle } from "../../lib/evidence/bundle";
import { SOFTWARE } from "../../lib/evidence/software";
import { VERIFY_MJS } from "../../lib/evidence/verifier-scripts";
import { isEntityId, slugToId } from "../../lib/notice-id";
import type { Command } from "./index";

const EXPORT_USAGE = "Usage: npm run -s cli -- evidence:export --notice 2021/75051 --out DIR\n";

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

/** Write one notice's bundle into `out` (audited); the number of records, 0 when nothing is sealed. */
export async function exportNoticeEvidence(
  database: Database,
  entityId: string,
  out: string,
  opts: { publicKeyPem?: string; actorId?: string | null; via?: string } = {},
): Promise<{ records: number; manifests: number }> {
  const input = await noticeBundleInput(database.db, entityId, { exportedAt: new Date(), software: SOFTWARE, publicKeyPem: opts.publicKeyPem });
  if (!input.records.length) return { records: 0, manifests: input.manifests.length };
  for (const f of buildBundle(input)) {
    const target = path.join(out, f.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, f.bytes);
    if (f.mode) chmodSync(target, f.mode);
  }
  await recordAudit(database.db, {
    actorId: opts.actorId ?? null,
    action: "export.notice_evidence",
    targetType: "notice",
    targetId: entityId,
    ip: opts.via ?? "cli",
    details: { via: opts.via ?? "cli", records: input.records.length, manifests: input.manifests.length },
  });
  return { records: input.records.length, manifests: input.manifests.length };
}

export const evidenceExport: Command = {
  summary: "Export one notice's evidence bundle into a folder (--notice 2021/75051 --out DIR)",
  async run(args, { env }) {
    const notice = flag(args, "notice");
    const out = flag(args, "out");
    const entityId = notice && (isEntityId(notice) ? notice : slugToId(notice));
    if (!entityId || !out) {
      process.stderr.write(`${!out ? "--out is required." : "--notice: expected a notice id such as 2021/75051."}\n${EXPORT_USAGE}`);
      return 2;
    }
    if (existsSync(out) && readdirSync(out).length > 0) {
      process.stderr.write(`${out} is not empty: give a new or empty folder.\n`);
      return 2;
    }
    const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, holder: "cli evidence:export" });
    try {
      await migrateDatabase(database);
      // The manifests carry the key that signed them: exporting never creates a key.
      const r = await exportNoticeEvidence(database, entityId, out);
      if (!r.records) {
        process.stderr.write(`No sealed evidence for notice ${entityId}: it is sealed after each pull that asked for it.\n`);
        return 3;
      }
      process.stdout.write(`Exported ${r.records} records of notice ${entityId} and ${r.manifests} manifests to ${out}\n`);
      return 0;
    } finally {
      await database.close();
    }
  },
};

/** Run the verifier on a bundle folder; its output and whether it passed. */
export function verifyBundle(dir: string): { ok: boolean; output: string } {
  const r = spawnSync(process.execPath, ["--input-type=module", "-", path.resolve(dir)], { input: VERIFY_MJS, encoding: "utf8" });
  return { ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

export const evidenceVerify: Command = {
  summary: "Verify an evidence bundle folder (every hash, proof, chain link and signature)",
  async run(args) {
    const dir = args.find((a) => !a.startsWith("--"));
    if (!dir || !existsSync(dir)) {
      process.stderr.write(`${dir ? `${dir} does not exist.\n` : ""}Usage: npm run -s cli -- evidence:verify DIR\n`);
      return 2;
    }
    const r = verifyBundle(dir);
    process.stdout.write(r.output);
    return r.ok ? 0 : 1;
  },
};
