// The dashboard's figures from the indicators (db/queries/indicators.ts): flagged notices by issuing
// country, and how many wait for review. Notices are public data, so every viewer sees the same.
import { flaggedByCountry, reviewQueueCount } from "../db/queries/indicators";
import { countryName } from "../lib/countries";
import type { Db } from "../db/client";

export interface IndicatorSlot {
  flagged: { code: string; label: string; count: number }[];
  reviewQueue: number | null;
}

export async function indicatorSlot(db: Db): Promise<IndicatorSlot | null> {
  const [flagged, queue] = await Promise.all([flaggedByCountry(db), reviewQueueCount(db)]);
  return {
    flagged: flagged.map((r) => ({ code: r.country, label: countryName(r.country) ?? r.country, count: Number(r.flagged) })),
    reviewQueue: Number(queue),
  };
}
