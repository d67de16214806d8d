// Where a click on the dashboard leads: the cases list or the Changes page with the same filters.
// Kept apart from the chart declarations so the page's client code does not load country names.
import type { DashboardFilters } from "./filters";

/** The cases list's parameters: the dashboard's case filters carry over as they are. */
export function casesLink(f: DashboardFilters, extra: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  const base: Record<string, string | undefined> = {
    requesting_country: f.requesting_country,
    host_country: f.host_country,
    motive: f.motive,
    tactic: f.tactic,
    from: f.from,
    to: f.to,
    visibility: f.visibility,
    ...extra,
  };
  for (const [k, v] of Object.entries(base)) if (v) p.set(k, v);
  // A bar of another motive, tactic or host under a filter on one counts cases with both: the
  // list keeps both (repeated, it means all of them).
  for (const k of ["host_country", "motive", "tactic"] as const) {
    const filtered = f[k];
    if (filtered && extra[k] && extra[k] !== filtered) p.set(k, filtered), p.append(k, extra[k]!);
  }
  const s = p.toString();
  return `/cases${s ? `?${s}` : ""}`;
}

/** The precedents search with its own parameter names. */
export function precedentsLink(p: { year_from?: string; year_to?: string; requesting_country?: string }): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v) q.set(k, v);
  const s = q.toString();
  return `/precedents${s ? `?${s}` : ""}`;
}

/** The Changes page: issuing country and period (its own parameters). */
export function changesLink(p: { kind?: string; issuer?: string; from?: string; to?: string; by?: "day" | "week" }): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v) q.set(k, v);
  const s = q.toString();
  return `/changes${s ? `?${s}` : ""}`;
}

