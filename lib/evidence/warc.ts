// WARC 1.1 records for what a pull received, written with Webrecorder's warcio: one gzip member per
// record (so a record can be cut out of the file and read alone), WARC-Block-Digest and
// WARC-Payload-Digest on every request/response/revisit. No I/O here: bytes in, bytes out.
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { WARCRecord, WARCSerializer, WARC_1_1 } from "warcio";
import { sha256Hex } from "./manifest";

export type WarcType = "warcinfo" | "request" | "response" | "revisit" | "metadata";

/** One HTTP exchange as the client saw it (jobs/interpol/http.ts RawResponse, flattened). */
export interface CapturedExchange {
  method: string;
  url: string;
  /** Headers as handed to the transport, in order. */
  requestHeaders: Array<[string, string]>;
  status: number;
  statusText: string;
  /** Name/value pairs exactly as received. */
  responseHeaders: Array<[string, string]>;
  body: Uint8Array;
  /** SHA-256 (hex) of `body`, taken when it arrived. */
  bodySha256: string;
  startedAt: Date;
  endedAt: Date;
  attempt: number;
  peerAddress?: string | null;
  /** The notice this exchange is about, when there is one. */
  entityId?: string | null;
}

export interface BuiltRecord {
  warcType: WarcType;
  recordId: string;
  targetUri: string | null;
  entityId: string | null;
  warcDate: Date;
  payloadSha256: string | null;
  refersTo: string | null;
  /** One gzip member. */
  record: Buffer;
  recordSha256: string;
}

/** The original a revisit points to: same URL, identical payload. */
export interface Original {
  recordId: string;
  targetUri: string;
  warcDate: Date;
}

const newId = () => `<urn:uuid:${randomUUID()}>`;
const iso = (d: Date) => d.toISOString();

// warcio writes the record and its digests; node's zlib makes the one gzip member (warcio's own
// gzip goes through web streams, several times slower on records this small; the bytes are the same format).
async function serialize(record: WARCRecord): Promise<Buffer> {
  return gzipSync(await WARCSerializer.serialize(record, { gzip: false, digest: { algo: "sha-256", prefix: "sha256:" } }));
}

function built(warcType: WarcType, recordId: string, bytes: Buffer, x: Partial<BuiltRecord> & { warcDate: Date }): BuiltRecord {
  return {
    warcType,
    recordId,
    targetUri: x.targetUri ?? null,
    entityId: x.entityId ?? null,
    warcDate: x.warcDate,
    payloadSha256: x.payloadSha256 ?? null,
    refersTo: x.refersTo ?? null,
    record: bytes,
    recordSha256: sha256Hex(bytes),
  };
}

/** The run's first record: which software wrote it, and for which run. */
export async function warcinfoRecord(opts: { runId: number; software: string; date: Date; operator?: string }): Promise<BuiltRecord> {
  const recordId = newId();
  const info: Record<string, string> = {
    software: opts.software,
    format: "WARC File Format 1.1",
    conformsTo: "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
    description: `Article 3 pull run ${opts.runId}: every exchange with Interpol's public notices service this run relied on.`,
    isPartOf: `article3-run-${opts.runId}`,
    // Said once here rather than in every metadata record.
    "payload-note": "Each response payload is the body exactly as received: the client asked for identity encoding and decompressed nothing; a chunked transfer is stored de-chunked.",
    "request-note": "Request records hold the headers handed to the HTTP transport plus the Host it adds; the transport also adds Connection.",
  };
  if (opts.operator) info.operator = opts.operator;
  const record = WARCRecord.createWARCInfo(
    { warcVersion: WARC_1_1, date: iso(opts.date), warcHeaders: { "WARC-Record-ID": recordId }, filename: `article3-run-${opts.runId}.warc.gz` },
    info,
  );
  return built("warcinfo", recordId, await serialize(record), { warcDate: opts.date });
}

function requestLine(ex: CapturedExchange): string {
  const u = new URL(ex.url);
  return `${ex.method} ${u.pathname}${u.search} HTTP/1.1`;
}

/**
 * Request, response (or a revisit when `original` holds the identical payload) and metadata records
 * for one exchange. The request's headers are the ones handed to the transport plus the Host it adds.
 */
export async function exchangeRecords(ex: CapturedExchange, opts: { warcinfoId: string; original?: Original | null }): Promise<BuiltRecord[]> {
  const date = iso(ex.startedAt);
  const requestId = newId();
  const responseId = newId();
  const metadataId = newId();
  const entityId = ex.entityId ?? null;
  const host = new URL(ex.url).host;
  const reqHeaders: Array<[string, string]> = [["Host", host], ...ex.requestHeaders.filter(([k]) => k.toLowerCase() !== "host")];

  const request = WARCRecord.create(
    {
      url: ex.url,
      date,
      type: "request",
      warcVersion: WARC_1_1,
      keepHeadersCase: true,
      statusline: requestLine(ex),
      httpHeaders: reqHeaders,
      warcHeaders: {
        "WARC-Record-ID": requestId,
        "WARC-Concurrent-To": responseId,
        "WARC-Warcinfo-ID": opts.warcinfoId,
        ...(ex.peerAddress ? { "WARC-IP-Address": ex.peerAddress } : {}),
      },
    },
    [],
  );

  const statusline = `HTTP/1.1 ${ex.status} ${ex.statusText}`.trimEnd();
  const revisit = opts.original && ex.body.length > 0 ? opts.original : null;
  const responseHeaders: Record<string, string> = {
    "WARC-Record-ID": responseId,
    "WARC-Warcinfo-ID": opts.warcinfoId,
    // Taken when the body arrived, before anything was written; warcio keeps a digest it is given.
    "WARC-Payload-Digest": `sha256:${ex.bodySha256}`,
    ...(ex.peerAddress ? { "WARC-IP-Address": ex.peerAddress } : {}),
  };
  const response = revisit
    ? WARCRecord.create(
        {
          url: ex.url,
          date,
          type: "revisit",
          warcVersion: WARC_1_1,
          keepHeadersCase: true,
          statusline,
          httpHeaders: ex.responseHeaders,
          refersToUrl: revisit.targetUri,
          refersToDate: iso(revisit.warcDate),
          warcHeaders: { ...responseHeaders, "WARC-Refers-To": revisit.recordId, "WARC-Truncated": "length" },
        },
        [],
      )
    : WARCRecord.create(
        { url: ex.url, date, type: "response", warcVersion: WARC_1_1, keepHeadersCase: true, statusline, httpHeaders: ex.responseHeaders, warcHeaders: responseHeaders },
        [ex.body],
      );

  const fields: Array<[string, string]> = [
    ["started-at", iso(ex.startedAt)],
    ["ended-at", iso(ex.endedAt)],
    ["attempt", String(ex.attempt)],
    ["payload-sha256-at-collection", ex.bodySha256],
    ["payload-length", String(ex.body.length)],
    ["peer-address", ex.peerAddress ?? "not recorded"],
  ];
  if (entityId) fields.push(["notice", entityId]);
  const metadata = WARCRecord.create(
    {
      url: ex.url,
      date,
      type: "metadata",
      warcVersion: WARC_1_1,
      warcHeaders: { "WARC-Record-ID": metadataId, "WARC-Concurrent-To": responseId, "WARC-Warcinfo-ID": opts.warcinfoId, "Content-Type": "application/warc-fields" },
    },
    [Buffer.from(fields.map(([k, v]) => `${k}: ${v}\r\n`).join(""), "utf8")],
  );

  const [reqBytes, resBytes, metaBytes] = await Promise.all([serialize(request), serialize(response), serialize(metadata)]);
  const common = { targetUri: ex.url, entityId, warcDate: ex.startedAt };
  return [
    built("request", requestId, reqBytes, common),
    built(revisit ? "revisit" : "response", responseId, resBytes, { ...common, payloadSha256: ex.bodySha256, refersTo: revisit?.recordId ?? null }),
    built("metadata", metadataId, metaBytes, common),
  ];
}
