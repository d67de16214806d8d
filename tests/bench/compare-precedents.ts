// `npx tsx tests/bench/compare-precedents.ts DBNAME OUT.json`: every result (order, scores, totals,
// facet counts) and the CSV order of a set of queries on a filled database, to compare two
// implementations of the search on the same data. A tool, not a bench.
import { writeFileSync } from "node:fs";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { exportDecisions, searchDecisions, type DecisionFilters } from "../../db/queries/decisions";
import type { Viewer } from "../../lib/visibility";

const [name, out] = process.argv.slice(2);
const url = new URL(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
url.pathname = `/${name}`;
const database = await openDatabase({ url: url.toString(), max: 2 });
await migrateDatabase(database);
const viewers: Viewer[] = [{ kind: "user", userId: "bench-viewer", role: "viewer" }, { kind: "public" }, { kind: "user", userId: "a", role: "admin" }];
const queries: DecisionFilters[] = [
  { q: "torture" }, { q: "assurances" }, { q: "refugee" }, { q: "embezzlement" },
  { q: "Russia political extradition refused" }, { q: "China torture assurances" }, { q: "refugee status Turkey fair trial" },
  { q: '"diplomatic assurances"' }, { q: '"requesting state"' }, { q: '"political opinions"' }, { q: '"risk of the torture"' },
  { q: "torture", grounds: ["political_character"], requesting_country: ["RU"] },
  { q: "political opinions", grounds: ["political_character"], requesting_country: ["CN"] },
  { q: "torture -assurances" }, { q: "Ivanoff" }, { q: "torture", sort: "newest" }, { q: "torture", sort: "oldest" },
  { forum: ["extradition_court"], requesting_country: ["RU"], year_from: 2010 }, {}, { q: "zzzzqqq" },
  { q: "torture refugee", year_from: 2015, year_to: 2018, outcome: ["extradition_refused"] },
];
const result: unknown[] = [];
for (const v of viewers) {
  for (const f of queries) {
    for (const offset of [0, 280, 300]) {
      const r = await searchDecisions(database.db, v, f, { limit: 25, offset });
      result.push({ v: v.kind === "public" ? "public" : v.role, f, offset, total: r.total, nothing: r.nothingMatched, facets: r.facets,
        hits: r.hits.map((h) => [h.rank, h.id, Number(h.score.toFixed(6)), h.snippet]) });
    }
    // The CSV's order, where it is cheap to read on both (the old export read every match's full text).
    const first = (result.at(-3) as { total: number }).total;
    if (first > 3000) continue;
    const rows = await exportDecisions(database.db, v, f, 400);
    result.push({ v: v.kind === "public" ? "public" : v.role, f, csv: rows.map((r) => [r.rank, r.id]) });
  }
}
writeFileSync(out!, JSON.stringify(result, null, 1));
await database.close();
