// Cases, alerts and decisions inserted directly, for tests of what reads them (the dashboard) before
// the `import cases` command exists on this branch. Defaults are the schema's; give what matters.
import type { Db } from "../../db/client";
import { caseAlerts, cases, decisions, recordShares } from "../../db/schema/cases";
import { ALERT_STATUSES, EXTRADITION_OUTCOMES, LIBERTY_STATUSES, MOTIVES, OUTCOMES, PROTECTION_STATUSES, TACTICS } from "../../lib/taxonomy";

let seq = 0;

export type CaseSeed = Partial<typeof cases.$inferInsert>;

export async function insertCase(db: Db, c: CaseSeed = {}): Promise<number> {
  seq += 1;
  const n = `${process.pid}-${seq}`;
  const [row] = await db
    .insert(cases)
    .values({ reference: `A3-T-${n}`, key: `t-${n}`, title: `Case ${n}`, subjectName: `Subject ${n}`, ...c })
    .returning({ id: cases.id });
  return row!.id;
}

export async function insertAlert(db: Db, a: { caseId: number } & Partial<typeof caseAlerts.$inferInsert>): Promise<number> {
  const [row] = await db.insert(caseAlerts).values({ kind: "red_notice", ...a }).returning({ id: caseAlerts.id });
  return row!.id;
}

export async function insertDecision(db: Db, d: Partial<typeof decisions.$inferInsert> = {}): Promise<number> {
  seq += 1;
  const [row] = await db
    .insert(decisions)
    .values({ citation: `T ${process.pid}/${seq}`, forum: "extradition_court", outcome: "extradition_refused", ...d })
    .returning({ id: decisions.id });
  return row!.id;
}

export async function shareCase(db: Db, caseId: number, userId: string) {
  await db.insert(recordShares).values({ recordType: "case", recordId: caseId, userId });
}

/** A small deterministic random generator, so a seeded database is the same on every run. */
export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const some = <T>(xs: readonly T[], max: number): T[] => {
    const k = Math.floor(next() * (max + 1));
    return [...new Set(Array.from({ length: k }, () => pick(xs)))];
  };
  return { next, pick, some };
}

export const SEED_COUNTRIES = ["RU", "CN", "TR", "TJ", "BY", "EG", "AE", "IN", "VE", "KZ", "RW", "BH", "MT", "SG"] as const;
export const SEED_HOSTS = ["FR", "DE", "GB", "US", "PL", "ES", "IT", "SE", "NL", "CY", "MT", "LI"] as const;

/** `n` varied cases (every vocabulary, visibilities, missing values, a few deleted), reproducible from `seed`. */
export async function seedVariedCases(db: Db, n: number, seed = 7): Promise<number[]> {
  const r = rng(seed);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const yearFrom = r.next() < 0.1 ? null : 2005 + Math.floor(r.next() * 20);
    ids.push(
      await insertCase(db, {
        requestingCountry: r.next() < 0.08 ? null : r.pick(SEED_COUNTRIES),
        hostCountries: r.some(SEED_HOSTS, 2),
        motives: r.some(MOTIVES.keys, 3),
        tactics: r.some(TACTICS.keys, 4),
        alertStatus: r.pick(ALERT_STATUSES.keys),
        libertyStatus: r.pick(LIBERTY_STATUSES.keys),
        extraditionOutcome: r.pick(EXTRADITION_OUTCOMES.keys),
        protectionStatus: r.pick(PROTECTION_STATUSES.keys),
        monitoringStatus: r.pick(["open", "watching", "closed"] as const),
        visibility: r.pick(["public", "internal", "internal", "restricted"] as const),
        yearFrom,
        yearTo: yearFrom && r.next() < 0.5 ? yearFrom + Math.floor(r.next() * 4) : null,
        deletedAt: r.next() < 0.05 ? new Date() : null,
      }),
    );
  }
  return ids;
}

/** Decisions on some of `caseIds`, some on no case, with years and outcomes. */
export async function seedDecisions(db: Db, caseIds: readonly number[], n: number, seed = 11): Promise<void> {
  const r = rng(seed);
  for (let i = 0; i < n; i++) {
    const year = 2008 + Math.floor(r.next() * 18);
    await insertDecision(db, {
      outcome: r.pick(OUTCOMES.keys),
      caseId: r.next() < 0.7 ? r.pick(caseIds) : null,
      requestingCountry: r.next() < 0.5 ? r.pick(SEED_COUNTRIES) : null,
      decidedSort: r.next() < 0.1 ? null : `${year}-0${1 + Math.floor(r.next() * 9)}-15`,
      visibility: r.pick(["public", "internal", "restricted"] as const),
    });
  }
}
