// ISO weeks (`2026-W48`), the digest's period: Monday 00:00 UTC to the next Monday 00:00 UTC.
const DAY = 86_400_000;

export interface IsoWeek {
  /** `2026-W48` */
  week: string;
  /** Monday 00:00 UTC. */
  start: Date;
  /** The next Monday 00:00 UTC (exclusive). */
  end: Date;
}

export const WEEK_RE = /^(\d{4})-W(\d{2})$/;

/** The ISO week containing `date`. */
export function weekOf(date: Date): IsoWeek {
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const dow = (new Date(day).getUTCDay() + 6) % 7; // Monday 0
  const monday = day - dow * DAY;
  // The week belongs to the year of its Thursday.
  const thursday = new Date(monday + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const jan4 = Date.UTC(year, 0, 4);
  const week1Monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
  const n = Math.round((monday - week1Monday) / (7 * DAY)) + 1;
  return { week: `${year}-W${String(n).padStart(2, "0")}`, start: new Date(monday), end: new Date(monday + 7 * DAY) };
}

/** The week before the one containing `date`: what a Monday-morning digest covers. */
export function previousWeek(date: Date): IsoWeek {
  return weekOf(new Date(weekOf(date).start.getTime() - DAY));
}

/** `2026-W48` → its bounds; null when it is not a week that exists (W53 only in long years). */
export function parseWeek(text: string): IsoWeek | null {
  const m = WEEK_RE.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > 53) return null;
  const jan4 = Date.UTC(year, 0, 4);
  const week1Monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
  const w = weekOf(new Date(week1Monday + (n - 1) * 7 * DAY));
  return w.week === text.trim() ? w : null;
}

/** "23–29 November 2026" for a week. */
export function weekRangeText(w: IsoWeek): string {
  const last = new Date(w.end.getTime() - DAY);
  const month = (d: Date) => d.toLocaleDateString("en-GB", { month: "long", timeZone: "UTC" });
  const sameMonth = w.start.getUTCMonth() === last.getUTCMonth();
  const from = sameMonth ? String(w.start.getUTCDate()) : `${w.start.getUTCDate()} ${month(w.start)}`;
  return `${from}–${last.getUTCDate()} ${month(last)} ${last.getUTCFullYear()}`;
}
