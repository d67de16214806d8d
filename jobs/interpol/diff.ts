// The diff between what we stored and what a pull saw. Pure: the pull job feeds it and writes events.
//
// The removal rule (docs/design.md, "The pull"): a notice absent from the sweep is removed only when its own detail
// URL answers Not Found. That answer is proof by itself, so it counts even in a partial sweep; an
// absence without it (detail unknown or unchecked) never implies removal, complete sweep or not.
import { canonicalJson, canonicalNotice, contentHash, NOTICE_FIELDS, type NormalizedNotice } from "./normalize";

export type NoticeStatus = "active" | "removed";

export interface StoredNotice {
  entityId: string;
  status: NoticeStatus;
  hash: string;
  fields: NormalizedNotice;
}

/** The result of asking a stored-active notice's own detail URL, for notices the sweep missed. */
export type AbsentCheck =
  | { kind: "not_found" }
  | { kind: "present"; detail: NormalizedNotice }
  | { kind: "unknown"; error?: string };

export interface DiffInput {
  stored: Iterable<StoredNotice>;
  /**
   * Every notice the sweep listed, with its normalised detail; null when the list showed it but its
   * detail could not be fetched (it is published, its content is unknown this run).
   */
  seen: ReadonlyMap<string, NormalizedNotice | null>;
  /** Detail checks for stored-active notices absent from the sweep (see absentToCheck). */
  absentChecks: ReadonlyMap<string, AbsentCheck>;
  sweepComplete: boolean;
}

export type Changes = Partial<Record<keyof NormalizedNotice, [unknown, unknown]>>;

export type DiffEvent =
  | { kind: "added"; entityId: string; fields: NormalizedNotice; hash: string }
  | { kind: "changed"; entityId: string; changes: Changes; fields: NormalizedNotice; hash: string }
  | { kind: "removed"; entityId: string }
  | {
      kind: "reappeared";
      entityId: string;
      changes: Changes;
      /** Absent when the detail could not be fetched this run: keep the stored fields. */
      fields?: NormalizedNotice;
      hash?: string;
    };

export interface DiffResult {
  events: DiffEvent[];
  /** Stored active, absent from the sweep, detail still present: stays active; the planner missed it. */
  missed: string[];
  /** Absent from the sweep with no usable detail answer: left alone this run. */
  leftAlone: string[];
  /** Listed but new and without a detail: not added yet; retry next run. */
  deferred: string[];
  /** Listed (or detail present) stored-active notices: the caller bumps last_seen_at. */
  stillActive: string[];
  /** Content identical but stored hash differs (e.g. normaliser upgrade): update hash, no event. */
  rehash: Array<{ entityId: string; hash: string }>;
  sweepComplete: boolean;
}

/** Field-by-field differences after normalisation; warrants compared order-insensitively. */
export function diffFields(before: NormalizedNotice, after: NormalizedNotice): Changes {
  const a = canonicalNotice(before);
  const b = canonicalNotice(after);
  const changes: Changes = {};
  for (const f of NOTICE_FIELDS) {
    if (canonicalJson(a[f]) !== canonicalJson(b[f])) changes[f] = [before[f], after[f]];
  }
  return changes;
}

/** Stored-active ids the sweep did not list: check each one's detail URL before deciding. Sorted. */
export function absentToCheck(storedActiveIds: Iterable<string>, seenIds: { has(id: string): boolean }): string[] {
  const out: string[] = [];
  for (const id of storedActiveIds) if (!seenIds.has(id)) out.push(id);
  return out.sort();
}

export function diffNotices(input: DiffInput): DiffResult {
  const events: DiffEvent[] = [];
  const missed: string[] = [];
  const leftAlone: string[] = [];
  const deferred: string[] = [];
  const stillActive: string[] = [];
  const rehash: DiffResult["rehash"] = [];
  const storedById = new Map<string, StoredNotice>();
  for (const s of input.stored) storedById.set(s.entityId, s);

  /** Compare content; emit `changed` (or nothing) for an active notice. */
  function compareActive(stored: StoredNotice, fields: NormalizedNotice) {
    const hash = contentHash(fields);
    if (hash === stored.hash) return;
    const changes = diffFields(stored.fields, fields);
    if (Object.keys(changes).length) events.push({ kind: "changed", entityId: stored.entityId, changes, fields, hash });
    else rehash.push({ entityId: stored.entityId, hash });
  }

  function reappear(stored: StoredNotice, fields: NormalizedNotice | null) {
    if (!fields) {
      events.push({ kind: "reappeared", entityId: stored.entityId, changes: {} });
      return;
    }
    const hash = contentHash(fields);
    const changes = hash === stored.hash ? {} : diffFields(stored.fields, fields);
    events.push({ kind: "reappeared", entityId: stored.entityId, changes, fields, hash });
  }

  // Sorted for deterministic event order (logs, tests, batch writes).
  for (const id of [...input.seen.keys()].sort()) {
    const fields = input.seen.get(id) ?? null;
    const stored = storedById.get(id);
    if (!stored) {
      if (fields) events.push({ kind: "added", entityId: id, fields, hash: contentHash(fields) });
      else deferred.push(id);
      continue;
    }
    if (stored.status === "removed") {
      // Same id comes back: the history continues on the same row, no fresh first-seen.
      reappear(stored, fields);
      continue;
    }
    stillActive.push(id);
    if (fields) compareActive(stored, fields);
  }

  const absent = [...storedById.values()]
    .filter((s) => !input.seen.has(s.entityId))
    .sort((a, b) => (a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0));
  for (const stored of absent) {
    const check = input.absentChecks.get(stored.entityId);
    if (stored.status === "removed") {
      // A removed notice whose detail answers again is back, even though the sweep missed it.
      if (check?.kind === "present") reappear(stored, check.detail);
      continue;
    }
    if (!check || check.kind === "unknown") {
      leftAlone.push(stored.entityId);
    } else if (check.kind === "not_found") {
      events.push({ kind: "removed", entityId: stored.entityId });
    } else {
      missed.push(stored.entityId);
      stillActive.push(stored.entityId);
      compareActive(stored, check.detail);
    }
  }

  return { events, missed, leftAlone, deferred, stillActive, rehash, sweepComplete: input.sweepComplete };
}
