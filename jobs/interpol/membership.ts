// What the sweep knows for certain about the notices it has seen, so that a query whose total is
// fully accounted for by them need not be split. Pure. Certainty is the whole point: a notice
// counted inside a query it is not in could hide an unseen one, so every rule here errs towards
// "not certain" (which only costs a request).
import { matchesLength, type Query, type Sex } from "./planner";

/** A seen notice as the sweep knows it. Names and birth date as the service listed them (raw). */
export interface Known {
  nationalities: readonly string[];
  rawName: string | null;
  rawForename: string | null;
  rawBirthDate: string | null;
  /** From a sex-filtered query that returned it, or its detail. */
  sex?: Sex | string | null;
  /** From its detail. */
  warrantCountries?: readonly string[];
  /** Warrant issuers known from warrant-filtered queries that returned it. */
  warrantEvidence?: Set<string>;
  /** The service's age for it lies in [lo, hi], from age-filtered queries that returned it. */
  ageLo?: number;
  ageHi?: number;
}

const DAY = 86_400_000;

/** A full "YYYY/MM/DD" birth date; partial or odd ones give null (their age semantics are unknown). */
export function fullBirthDate(raw: string | null | undefined): { y: number; m: number; d: number } | null {
  const m = raw ? /^(\d{4})[/-](\d{2})[/-](\d{2})$/.exec(raw.trim()) : null;
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return { y, m: mo, d };
}

/** The day someone born on m/d turns a year older in year y (29 February → 1 March in other years). */
function birthday(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d);
}

/**
 * The day the service counts ages from, learned from its own answers: a notice born on a known day
 * that an age-filtered query returned bounds that day. Until bounded, or if its answers disagree
 * (another age rule than ours), no age is taken as certain from a birth date.
 */
export class ServiceClock {
  lo = -Infinity;
  hi = Infinity;
  consistent = true;

  /** A notice with this raw birth date was returned by a query for ages [min, max]. */
  observe(rawBirthDate: string | null, min: number | undefined, max: number | undefined): void {
    const b = fullBirthDate(rawBirthDate);
    if (!b || !this.consistent) return;
    if (min !== undefined) this.lo = Math.max(this.lo, birthday(b.y + min, b.m, b.d));
    if (max !== undefined) this.hi = Math.min(this.hi, birthday(b.y + max + 1, b.m, b.d) - DAY);
    if (this.lo > this.hi) this.consistent = false;
  }

  /** Bounded tightly enough to read ages from (within a few weeks). */
  get known(): boolean {
    return this.consistent && Number.isFinite(this.lo) && Number.isFinite(this.hi) && this.hi - this.lo < 40 * DAY;
  }

  /** The service's age of someone born on this day, if the same whatever the exact day counted from. */
  ageOf(rawBirthDate: string | null): number | null {
    if (!this.known) return null;
    const b = fullBirthDate(rawBirthDate);
    if (!b) return null;
    const at = (t: number) => {
      const now = new Date(t);
      const y = now.getUTCFullYear();
      return y - b.y - (t < birthday(y, b.m, b.d) ? 1 : 0);
    };
    const a = at(this.lo);
    return a === at(this.hi) ? a : null;
  }

  /** A rough age for sizing ranges (never for certainty): the learned clock if any, else `fallback`. */
  roughAge(rawBirthDate: string | null, fallback: Date): number | null {
    const y = rawBirthDate ? /^(\d{4})/.exec(rawBirthDate.trim()) : null;
    if (!y) return null;
    const t = this.consistent && Number.isFinite(this.lo) ? this.lo : fallback.getTime();
    return new Date(t).getUTCFullYear() - Number(y[1]);
  }
}

/** Learn what a query's answer says about a notice it returned. */
export function learn(k: Known, q: Query, clock: ServiceClock): void {
  if (q.sexId) k.sex = q.sexId;
  if (q.arrestWarrantCountryId) (k.warrantEvidence ??= new Set()).add(q.arrestWarrantCountryId);
  if (q.ageMin !== undefined || q.ageMax !== undefined) {
    if (q.ageMin !== undefined) k.ageLo = Math.max(k.ageLo ?? -Infinity, q.ageMin);
    if (q.ageMax !== undefined) k.ageHi = Math.min(k.ageHi ?? Infinity, q.ageMax);
    clock.observe(k.rawBirthDate, q.ageMin, q.ageMax);
  }
}

/** Whether a seen notice is certainly among a query's results. */
export function certainlyIn(k: Known, q: Query, clock: ServiceClock): boolean {
  if (q.nationality && !k.nationalities.includes(q.nationality)) return false;
  if (q.arrestWarrantCountryId && !(k.warrantCountries?.includes(q.arrestWarrantCountryId) || k.warrantEvidence?.has(q.arrestWarrantCountryId)))
    return false;
  if (q.sexId && k.sex !== q.sexId) return false;
  if (q.name && matchesLength(q.name, k.rawName) !== true) return false;
  if (q.forename && matchesLength(q.forename, k.rawForename) !== true) return false;
  if (q.ageMin !== undefined || q.ageMax !== undefined) {
    // Age filters drop every notice without a date of birth (docs/interpol-api.md).
    if (!k.rawBirthDate?.trim()) return false;
    let lo = k.ageLo ?? -Infinity;
    let hi = k.ageHi ?? Infinity;
    const a = clock.ageOf(k.rawBirthDate);
    if (a !== null) {
      lo = Math.max(lo, a);
      hi = Math.min(hi, a);
    }
    if (lo > hi) return false;
    if (lo < (q.ageMin ?? 0) || hi > (q.ageMax ?? Infinity)) return false;
  }
  return true;
}

/** Whether a seen notice certainly has no value the query's name or forename filter could match. */
export function certainlyNullIn(k: Known, field: "name" | "forename"): boolean {
  return (field === "name" ? k.rawName : k.rawForename) === null;
}
