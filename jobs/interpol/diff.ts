// The diff between what we stored and what a pull observed. Pure: the pull job asks the notices'
// detail URLs, hands the answers here, and writes what this returns. Every rule about what an
// observation means (added, changed, removed, reappeared, left alone) lives in this file.
//
// The removal rule (docs/decisions/004): a notice is removed only when its own detail URL answers
// Not Found. That answer is proof by itself: it counts whether or not the lists showed the notice,
// and whether or not the sweep was complete. An absence without it never implies removal.
import { HASHED_FIELD_KEYS, NOTICE_FIELD_DEFS, NOTICE_FIELD_KEYS, type NoticeFieldKey } from "../../lib/notice-fields";
import { canonicalJson, canonicalNotice, contentHash, type NormalizedNotice } from "./normalize";

export type NoticeStatus = "active" | "removed";

/** The fields outside the content hash (stored and kept current, never an event). */
export const UNHASHED_FIELD_KEYS: readonly NoticeFieldKey[] = NOTICE_FIELD_KEYS.filter((k) => !NOTICE_FIELD_DEFS[k].hashed);

export interface StoredNotice {
  entityId: string;
  status: NoticeStatus;
  hash: string;
  /** Stored values of the fields outside the hash (UNHASHED_FIELD_KEYS). */
  unhashed?: Partial<Record<NoticeFieldKey, unknown>>;
}

/** What a notice's own detail URL answered this run. */
export type DetailAnswer =
  | { kind: "ok"; fields: NormalizedNotice }
  /** A conditional request answered 304: the content is the one stored. */
  | { kind: "not_modified" }
  | { kind: "not_found" }
  /** No usable answer (403 after retries, a persistent 502, malformed). */
  | { kind: "unknown"; error?: string };

export interface Observation {
  /** Some list query of this run returned it. */
  listed: boolean;
  /** Its detail's answer; absent when it was never asked (the run stopped first). */
  answer?: DetailAnswer;
}

export interface DiffInput {
  stored: Iterable<StoredNotice>;
  observations: ReadonlyMap<string, Observation>;
  /** Stored fields of the notices whose hash differs (see fieldsNeeded); others are never read. */
  storedFields: (entityId: string) => NormalizedNotice | undefined;
}

export type Changes = Partial<Record<keyof NormalizedNotice, [unknown, unknown]>>;

export type DiffEvent =
  | { kind: "added"; entityId: string; fields: NormalizedNotice; hash: string }
  | { kind: "changed"; entityId: string; changes: Changes; fields: NormalizedNotice; hash: string }
  | { kind: "removed"; entityId: string; listed: boolean }
  | {
      kind: "reappeared";
      entityId: string;
      changes: Changes;
      /** Absent when the content is the stored one or unknown this run: keep the stored fields. */
      fields?: NormalizedNotice;
      hash?: string;
    };

export interface DiffResult {
  events: DiffEvent[];
  /**
   * Stored active, not listed, detail still answers: stays active. Why the lists missed it (the
   * planner, or a partition that failed or emptied) is for the caller to say.
   */
  absentPresent: string[];
  /** Stored active, not listed, no usable answer from its detail: left as it was this run. */
  leftAlone: string[];
  /** Listed, never stored, no usable detail: not added yet; the next run retries. */
  deferred: string[];
  /** Listed, never stored, and its detail answered Not Found: gone before we could store it. */
  goneUnseen: string[];
  /** Listed stored-active notices whose detail failed: still published, content unknown this run. */
  unknownContent: string[];
  /** Stored active and still published (listed, or detail present): the caller bumps last_seen_at. */
  stillActive: string[];
  /** Content identical, stored hash differs (e.g. normaliser upgrade): update the hash, no event. */
  rehash: Array<{ entityId: string; hash: string }>;
  /**
   * Content identical, but the row is out of date: a field outside the hash changed (e.g. the
   * thumbnail), or the stored version predates a field added since. Rewrite quietly, no event.
   */
  refresh: Array<{ entityId: string; fields: NormalizedNotice; hash: string }>;
}

/** Stored-active notices the lists did not show, and every listed one: whose details to ask. Sorted. */
export function idsToAsk(stored: Iterable<StoredNotice>, listed: Iterable<string>): string[] {
  const out = new Set<string>(listed);
  for (const s of stored) if (s.status === "active") out.add(s.entityId);
  return [...out].sort();
}

/** Ids whose stored fields the diff will read: a detail answered with content whose hash differs. */
export function fieldsNeeded(stored: Iterable<StoredNotice>, observations: ReadonlyMap<string, Observation>): string[] {
  const out: string[] = [];
  for (const s of stored) {
    const a = observations.get(s.entityId)?.answer;
    if (a?.kind === "ok" && contentHash(a.fields) !== s.hash) out.push(s.entityId);
  }
  return out;
}

/**
 * Field-by-field differences after normalisation, over the fields the hash covers; warrants
 * compared order-insensitively. A field the stored version lacks entirely was not tracked when it
 * was stored: its first value is not a change.
 */
export function diffFields(before: NormalizedNotice, after: NormalizedNotice): Changes {
  const a = canonicalNotice(before);
  const b = canonicalNotice(after);
  const changes: Changes = {};
  for (const f of HASHED_FIELD_KEYS) {
    if (!(f in before)) continue;
    if (canonicalJson(a[f]) !== canonicalJson(b[f])) changes[f] = [before[f], after[f]];
  }
  return changes;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function diffNotices(input: DiffInput): DiffResult {
  const r: DiffResult = {
    events: [],
    absentPresent: [],
    leftAlone: [],
    deferred: [],
    goneUnseen: [],
    unknownContent: [],
    stillActive: [],
    rehash: [],
    refresh: [],
  };
  const storedById = new Map<string, StoredNotice>();
  for (const s of input.stored) storedById.set(s.entityId, s);

  function storedFieldsOf(s: StoredNotice): NormalizedNotice {
    const f = input.storedFields(s.entityId);
    if (!f) throw new Error(`stored fields of ${s.entityId} were not loaded (see fieldsNeeded)`);
    return f;
  }

  function unhashedDiffer(s: StoredNotice, fields: NormalizedNotice): boolean {
    return UNHASHED_FIELD_KEYS.some((k) => canonicalJson(s.unhashed?.[k] ?? null) !== canonicalJson(fields[k]));
  }

  /** An active notice whose detail answered with content: `changed`, a quiet rewrite, or nothing. */
  function compareActive(s: StoredNotice, fields: NormalizedNotice) {
    const hash = contentHash(fields);
    if (hash === s.hash) {
      if (unhashedDiffer(s, fields)) r.refresh.push({ entityId: s.entityId, fields, hash });
      return;
    }
    const before = storedFieldsOf(s);
    const changes = diffFields(before, fields);
    if (Object.keys(changes).length) r.events.push({ kind: "changed", entityId: s.entityId, changes, fields, hash });
    else if (NOTICE_FIELD_KEYS.some((k) => !(k in before)) || unhashedDiffer(s, fields)) {
      // A field added since this was stored: fill its column, no event.
      r.refresh.push({ entityId: s.entityId, fields, hash });
    } else r.rehash.push({ entityId: s.entityId, hash });
  }

  // Sorted for deterministic event order (logs, tests, batch writes).
  const ids = new Set<string>([...input.observations.keys(), ...storedById.keys()]);
  for (const id of [...ids].sort(byId)) {
    const obs = input.observations.get(id) ?? { listed: false };
    const a = obs.answer;
    const s = storedById.get(id);

    if (!s) {
      if (a?.kind === "ok") r.events.push({ kind: "added", entityId: id, fields: a.fields, hash: contentHash(a.fields) });
      else if (a?.kind === "not_found") r.goneUnseen.push(id);
      else if (obs.listed) r.deferred.push(id);
      continue;
    }

    if (s.status === "removed") {
      // The same id comes back: the history continues on the same row, no fresh first-seen.
      if (a?.kind === "ok") {
        const hash = contentHash(a.fields);
        const changes = hash === s.hash ? {} : diffFields(storedFieldsOf(s), a.fields);
        r.events.push({ kind: "reappeared", entityId: id, changes, fields: a.fields, hash });
      } else if (a?.kind === "not_modified" || (obs.listed && a?.kind !== "not_found")) {
        // Listed again (or its unchanged detail answers) though its content is not at hand: back all the same.
        r.events.push({ kind: "reappeared", entityId: id, changes: {} });
      }
      continue;
    }

    // Stored active.
    if (a?.kind === "not_found") {
      r.events.push({ kind: "removed", entityId: id, listed: obs.listed });
      continue;
    }
    const present = a?.kind === "ok" || a?.kind === "not_modified";
    if (!obs.listed && !present) {
      r.leftAlone.push(id);
      continue;
    }
    r.stillActive.push(id);
    if (!obs.listed) r.absentPresent.push(id);
    if (a?.kind === "ok") compareActive(s, a.fields);
    else if (!present) r.unknownContent.push(id);
  }
  return r;
}
