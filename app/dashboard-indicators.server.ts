// The dashboard's slot for the indicators' figures (flagged notices by issuing country, and how many
// wait for review), read from db/queries/indicators.ts when that module exists. It is built beside
// the dashboard; until it lands, the slot renders nothing.
import { countryName } from "../lib/countries";
import type { Db } from "../db/client";

export interface IndicatorSlot {
  flagged: { code: string; label: string; count: number }[];
  reviewQueue: number | null;
}

type IndicatorsModule = {
  flaggedByCountry?: (db: Db) => Promise<unknown>;
  reviewQueueCount?: (db: Db) => Promise<unknown>;
};

// A glob, not an import: it resolves to nothing (rather than failing the build) while the module is
// absent. Outside Vite (the bench under tsx) there is no glob, and no slot.
let modules: Record<string, () => Promise<IndicatorsModule>> = {};
try {
  modules = import.meta.glob<IndicatorsModule>("../db/queries/indicators.ts");
} catch {
  modules = {};
}

export async function indicatorSlot(db: Db): Promise<IndicatorSlot | null> {
  const load = Object.values(modules)[0];
  if (!load) return null;
  const mod = await load();
  if (!mod.flaggedByCountry && !mod.reviewQueueCount) return null;
  const [flagged, queue] = await Promise.all([mod.flaggedByCountry?.(db), mod.reviewQueueCount?.(db)]);
  const rows = Array.isArray(flagged) ? flagged : [];
  return {
    flagged: rows.flatMap((r) => {
      const o = (r ?? {}) as Record<string, unknown>;
      const code = String(o.country ?? o.code ?? o.key ?? o.issuingCountry ?? "");
      const count = Number(o.count ?? o.n ?? o.flagged ?? 0);
      return code ? [{ code, label: countryName(code) ?? code, count }] : [];
    }),
    reviewQueue: queue === undefined ? null : Number(typeof queue === "object" && queue ? ((queue as Record<string, unknown>).count ?? 0) : queue),
  };
}
