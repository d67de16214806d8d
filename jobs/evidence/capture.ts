// The capture side of the evidence (issue 14): the client's `onExchange` hands every response a
// pull receives to `recorder.capture`, which takes the payload's SHA-256 at once (before anything
// is written), queues it, and writes WARC records to evidence_records in order, a batch at a time.
// A payload identical to one already kept for the same URL is written as a revisit pointing to it
// (same URL only: a 404 body is the same for every removed notice, and one person's bundle must
// not need another's record). Written records are final; the run is sealed after (seal.ts).
import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { evidenceRecords } from "../../db/schema/evidence";
import { SOFTWARE } from "../../lib/evidence/software";
import { exchangeRecords, warcinfoRecord, type BuiltRecord, type CapturedExchange, type Original } from "../../lib/evidence/warc";
import type { RawResponse } from "../interpol/http";

/** The notice an Interpol URL is about: its detail, its images list, one of its images. */
export function entityOfUrl(url: string): string | null {
  const m = /\/notices\/v1\/(?:red|yellow)\/(\d{4})-(\d+)(?:\/images(?:\/[A-Za-z0-9_-]+)?)?$/.exec(new URL(url).pathname);
  return m ? `${m[1]}/${m[2]}` : null;
}

export interface RecorderStats {
  exchanges: number;
  records: number;
  revisits: number;
  bytes: number;
  /** Exchanges that could not be written (the run is then sealed with what was written). */
  failures: number;
  lastError?: string;
}

export interface Recorder {
  /** For the client's onExchange: synchronous, never throws. */
  capture(raw: RawResponse): void;
  /** Write everything captured so far. */
  flush(): Promise<void>;
  stats(): RecorderStats;
}

export interface RecorderOptions {
  runId: number;
  now?: () => Date;
  /** Exchanges per write (default 100). */
  batch?: number;
  /** Off: no revisits, every payload stored in full (the bench's comparison). */
  dedup?: boolean;
}

export function toCaptured(raw: RawResponse): CapturedExchange {
  return {
    method: raw.request.method,
    url: raw.request.url,
    requestHeaders: Object.entries(raw.request.headers),
    status: raw.status,
    statusText: raw.statusText,
    responseHeaders: raw.rawHeaders.length ? raw.rawHeaders : Object.entries(raw.headers),
    body: raw.body,
    bodySha256: createHash("sha256").update(raw.body).digest("hex"),
    startedAt: raw.startedAt,
    endedAt: raw.endedAt,
    attempt: raw.attempt,
    peerAddress: raw.peerAddress ?? null,
    entityId: entityOfUrl(raw.request.url),
  };
}

export function createRecorder(database: Database, opts: RecorderOptions): Recorder {
  const { db } = database;
  const now = opts.now ?? (() => new Date());
  const batch = opts.batch ?? 100;
  const dedup = opts.dedup ?? true;
  const queue: CapturedExchange[] = [];
  const stats: RecorderStats = { exchanges: 0, records: 0, revisits: 0, bytes: 0, failures: 0 };
  let warcinfoId: string | null = null;
  /** Originals written by this run, by URL and payload digest. */
  const originals = new Map<string, Original>();
  let chain: Promise<void> = Promise.resolve();

  async function write(rows: BuiltRecord[]) {
    if (!rows.length) return;
    // One transaction per batch: a batch is written whole or not at all.
    await db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += 200) {
        await tx.insert(evidenceRecords).values(rows.slice(i, i + 200).map((r) => ({ ...r, runId: opts.runId })));
      }
    });
    for (const r of rows) {
      stats.records++;
      stats.bytes += r.record.length;
      if (r.warcType === "revisit") stats.revisits++;
    }
  }

  async function lookup(items: CapturedExchange[]): Promise<void> {
    const want = items.filter((x) => x.body.length > 0 && !originals.has(`${x.url}|${x.bodySha256}`));
    if (!want.length) return;
    const found = await db
      .select({ recordId: evidenceRecords.recordId, targetUri: evidenceRecords.targetUri, payloadSha256: evidenceRecords.payloadSha256, warcDate: evidenceRecords.warcDate })
      .from(evidenceRecords)
      .where(
        and(
          eq(evidenceRecords.warcType, "response"),
          inArray(evidenceRecords.targetUri, [...new Set(want.map((x) => x.url))]),
          inArray(evidenceRecords.payloadSha256, [...new Set(want.map((x) => x.bodySha256))]),
        ),
      );
    for (const f of found) {
      const key = `${f.targetUri}|${f.payloadSha256}`;
      if (!originals.has(key)) originals.set(key, { recordId: f.recordId, targetUri: f.targetUri!, warcDate: new Date(f.warcDate) });
    }
  }

  async function drain() {
    while (queue.length) {
      const items = queue.splice(0, batch);
      try {
        const rows: BuiltRecord[] = [];
        if (!warcinfoId) {
          const info = await warcinfoRecord({ runId: opts.runId, software: SOFTWARE, date: now() });
          warcinfoId = info.recordId;
          rows.push(info);
        }
        if (dedup) await lookup(items);
        for (const x of items) {
          const key = `${x.url}|${x.bodySha256}`;
          const original = dedup && x.body.length > 0 ? originals.get(key) : undefined;
          const built = await exchangeRecords(x, { warcinfoId, original });
          const response = built[1]!;
          if (response.warcType === "response" && x.body.length > 0 && !originals.has(key)) {
            originals.set(key, { recordId: response.recordId, targetUri: x.url, warcDate: x.startedAt });
          }
          rows.push(...built);
        }
        await write(rows);
      } catch (e) {
        // Not fatal to the pull; what was not written is simply not evidence, and the run says so.
        stats.failures += items.length;
        stats.lastError = e instanceof Error ? e.message : String(e);
        // A warcinfo that failed to be written must be written again with the next batch.
        if (stats.records === 0) warcinfoId = null;
      }
    }
  }

  return {
    capture(raw) {
      try {
        queue.push(toCaptured(raw));
        stats.exchanges++;
        if (queue.length >= batch) chain = chain.then(drain);
      } catch (e) {
        stats.failures++;
        stats.lastError = e instanceof Error ? e.message : String(e);
      }
    },
    flush() {
      chain = chain.then(drain);
      return chain;
    },
    stats: () => ({ ...stats }),
  };
}
