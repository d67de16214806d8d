// Colours for charts that colour-blind readers can tell apart and that survive grey print: viridis
// stops, whose lightness rises steadily, so order (stack order, legend order, map bins) is also
// light-to-dark order in grey. Single-series bars use one dark colour and carry their number.

/** Viridis, dark to light. */
const VIRIDIS = ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"];

export const BAR_COLOUR = "#31688e";
export const EMPTY_COLOUR = "#e6e8eb";

/** `n` colours, dark to light, evenly spread over viridis. */
export function seriesColours(n: number): string[] {
  if (n <= 0) return [];
  if (n === 1) return [VIRIDIS[3]!];
  return Array.from({ length: n }, (_, i) => VIRIDIS[Math.round((i * (VIRIDIS.length - 1)) / (n - 1))]!);
}

/** Map bins, light (few) to dark (many). */
export const MAP_BINS = ["#fde725", "#6ece58", "#1f9e89", "#3e4989", "#440154"];

/** Text colour readable on a fill (light text on the dark half of viridis). */
export function inkOn(fill: string): string {
  const i = VIRIDIS.indexOf(fill);
  return i >= 0 && i < 5 ? "#ffffff" : "#1b1f24";
}
