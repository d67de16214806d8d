// Coverage and other shares, rounded one way everywhere: down. "100.0%" must mean all of it, so
// 6,951 of 6,952 reads 99.9% on the terminal, in JSON and on every page alike.

/** seen / total in 0..1, rounded down to 4 decimals; 1 when nothing was reported. Clamped. */
export function coverageRatio(seen: number, total: number): number {
  if (total <= 0) return 1;
  if (seen >= total) return 1;
  return Math.max(0, Math.floor((seen / total) * 10_000 + 1e-9) / 10_000);
}

/** A share (0..1) as a percentage with one decimal, rounded down: 0.99986 → "99.9%". */
export function formatPercent(x: number): string {
  if (!Number.isFinite(x)) return "—";
  return `${(Math.floor(x * 1000 + 1e-9) / 10).toFixed(1)}%`;
}

/** A ratio such as requests to their lower bound, rounded up to 2 decimals (never flatters). */
export function formatRatio(x: number): string {
  if (!Number.isFinite(x) || x <= 0) return "—";
  return `${(Math.ceil(x * 100 - 1e-9) / 100).toFixed(2)}×`;
}
