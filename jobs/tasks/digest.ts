// The weekly digest job (issue 13; docs/decisions/015-digest.md). Scheduled by DIGEST_CRON (Monday
// 07:00 UTC), it covers the past ISO week: a delivery row for every recipient (so a re-run reaches
// anyone subscribed since), then deliveries claimed in small batches and sent one by one. A row is
// claimed before its message goes out and settled by its claimant only, so a restart, a second
// process or a re-run never sends a week's digest twice. Failures wait with back-off; the job's
// own retries send them when they are due.
import { randomUUID } from "node:crypto";
import type { Env } from "../../config/env";
import type { Database } from "../../db/client";
import {
  activeRecipients,
  claimDeliveries,
  composeFor,
  deliveryCounts,
  digestSigningKey,
  planDeliveries,
  settleDelivery,
} from "../../db/queries/digest";
import type { DigestInput } from "../../lib/digest/compose";
import { parseWeek, previousWeek, type IsoWeek } from "../../lib/digest/week";
import { createMailer, messageIdHost, type Mailer } from "../../lib/mail";

export interface DigestSummary {
  status: "succeeded" | "failed";
  week: string;
  /** Recipients of the week (delivery rows), this run's sends and skips, and those failed. */
  recipients: number;
  sent: number;
  /** Not sent by this run: a quiet week they skip, nobody to send to, or sent before. */
  skipped: number;
  failed: number;
  /** Of `skipped`, those sent by an earlier run. */
  alreadySent: number;
  dryRun: boolean;
  message: string | null;
}

export interface DigestRunOptions {
  database: Database;
  env: Env;
  week: IsoWeek;
  /** Default: SMTP_URL, else the outbox folder. */
  mailer?: Mailer;
  dryRun?: boolean;
  /** Only these deliveries ("send again"). */
  deliveryIds?: number[];
  /** The clock for claims and back-off (tests move it). */
  now?: () => Date;
  workerId?: string;
  /** Claims per round. */
  batch?: number;
  signal?: AbortSignal;
  /** What the evidence and indicators work add to every message (wired at merge). */
  extra?: (recipientKey: string) => Pick<DigestInput, "manifestHash" | "flagged">;
  onProgress?: (p: { sent: number; skipped: number; failed: number }) => void;
}

export function appUrlOf(env: Pick<Env, "PUBLIC_URL" | "PORT">): string {
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 500);

export async function runDigest(o: DigestRunOptions): Promise<DigestSummary> {
  const db = o.database.db;
  const now = o.now ?? (() => new Date());
  const appUrl = appUrlOf(o.env);
  const key = await digestSigningKey(db);
  const week = o.week.week;
  // Public reads shared by every recipient of this run (db/queries/digest.ts gatherDigest).
  const cache = new Map<string, Promise<unknown>>();
  const base = { week, dryRun: !!o.dryRun, alreadySent: 0, message: null as string | null };

  if (o.dryRun) {
    // Compose for everyone, write nothing, send nothing.
    let wouldSend = 0;
    let skipped = 0;
    const list = await activeRecipients(db);
    for (const r of list) {
      const c = await composeFor(db, { recipientKey: r.key, period: o.week, appUrl, key, extra: o.extra?.(r.key), cache });
      if (c && c.digest.send && !c.recipient.inactive) wouldSend++;
      else skipped++;
    }
    return { ...base, status: "succeeded", recipients: list.length, sent: 0, skipped, failed: 0, message: `Dry run: ${wouldSend} would be sent, ${skipped} skipped.` };
  }

  const mailer = o.mailer ?? createMailer(o.env, { pool: true });
  const workerId = o.workerId ?? `${process.pid}:${randomUUID().slice(0, 8)}`;
  const host = messageIdHost(o.env.PUBLIC_URL);
  let sent = 0;
  let skipped = 0;
  let failed = 0;
  try {
    if (!o.deliveryIds) await planDeliveries(db, week);
    for (;;) {
      if (o.signal?.aborted) throw new Error("Stopped before every digest was sent; the rest go out on the next run.");
      const claimed = await claimDeliveries(db, { period: week, workerId, limit: o.batch ?? 10, now: now(), ids: o.deliveryIds });
      if (claimed.length === 0) break;
      for (const d of claimed) {
        const c = await composeFor(db, { recipientKey: d.recipientKey, period: o.week, appUrl, key, extra: o.extra?.(d.recipientKey), cache });
        if (!c || c.recipient.inactive) {
          await settleDelivery(db, d.id, workerId, { status: "skipped", reason: c?.recipient.inactive ?? "The recipient no longer exists.", now: now() });
          skipped++;
          continue;
        }
        if (!c.digest.send) {
          await settleDelivery(db, d.id, workerId, { status: "skipped", reason: "A quiet week, and they skip quiet weeks.", subject: c.digest.subject, now: now() });
          skipped++;
          continue;
        }
        try {
          const { messageId } = await mailer.send({
            to: c.recipient.email,
            subject: c.digest.subject,
            text: c.digest.text,
            html: c.digest.html,
            // The same id for every attempt of this delivery: a receiver can tell a resend.
            messageId: `digest.${week}.${d.id}@${host}`,
            headers: {
              "List-Unsubscribe": `<${c.unsubscribeUrl}>`,
              "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
              "List-Id": `Article 3 weekly digest <digest.${host}>`,
            },
          });
          await settleDelivery(db, d.id, workerId, { status: "sent", messageId, subject: c.digest.subject, now: now() });
          sent++;
        } catch (e) {
          await settleDelivery(db, d.id, workerId, { status: "failed", error: errorText(e), attempts: d.attempts, now: now() });
          failed++;
        }
        o.onProgress?.({ sent, skipped, failed });
      }
    }
  } finally {
    if (!o.mailer) mailer.close();
  }
  const counts = await deliveryCounts(db, week);
  const recipients = Object.values(counts).reduce((a, b) => a + b, 0);
  // Whatever this run did not send or fail was settled before (or skipped now).
  const stillFailed = counts.failed;
  const allSkipped = recipients - sent - stillFailed;
  return {
    ...base,
    status: stillFailed > 0 ? "failed" : "succeeded",
    recipients: o.deliveryIds ? o.deliveryIds.length : recipients,
    sent,
    skipped: o.deliveryIds ? skipped : allSkipped,
    failed: o.deliveryIds ? failed : stillFailed,
    alreadySent: o.deliveryIds ? 0 : Math.max(0, allSkipped - skipped - counts.sending - counts.queued),
    message:
      stillFailed > 0
        ? `${stillFailed} deliver${stillFailed === 1 ? "y" : "ies"} failed (${mailer.describe}); they are tried again with back-off.`
        : null,
  };
}

/** A run's input: the week (default: the past ISO week) and, for "send again", one delivery. */
export interface DigestJobInput {
  week: string;
  deliveryId?: number;
}

export function parseDigestInput(raw: Record<string, unknown>, now = new Date()): DigestJobInput {
  const week = typeof raw.week === "string" && raw.week ? raw.week : previousWeek(now).week;
  if (!parseWeek(week)) throw new Error(`"${week}" is not an ISO week such as 2026-W48.`);
  const id = raw.deliveryId;
  if (id !== undefined && id !== null && !(Number.isInteger(Number(id)) && Number(id) > 0)) throw new Error("deliveryId must be a delivery's id.");
  return { week, ...(id !== undefined && id !== null ? { deliveryId: Number(id) } : {}) };
}

export type DigestTaskOptions = Partial<Pick<DigestRunOptions, "mailer" | "dryRun" | "now" | "workerId" | "batch" | "extra" | "onProgress">>;
