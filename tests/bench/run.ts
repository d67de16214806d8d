// `npm run bench -- <name>`: benchmarks that print ratios against a baseline measured in the
// same run, side by side. Never part of `npm test`; timing does not belong in tests.
const benches: Record<string, () => Promise<unknown>> = {
  diff: () => import("./diff"),
  // Precedents (issue 10); the notices page's search bench is `notice-search`.
  search: () => import("./search-decisions"),
  "notice-search": () => import("./search"),
  pull: () => import("./pull"),
  dashboard: () => import("./dashboard"),
  evidence: () => import("./evidence"),
  digest: () => import("./digest"),
};
const which = process.argv[2];
if (!which || !benches[which]) {
  console.error(`Usage: npm run bench -- <${Object.keys(benches).join("|")}>`);
  process.exit(2);
}
await benches[which]!();
export {};
