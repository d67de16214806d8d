// The nine case charts come from one set of facts (db/queries/dashboard.ts caseChartFrom): each
// chart's rows, the cases behind it and those it cannot place, as the live per-chart counts had them.
import { describe, expect, it } from "vitest";
import { caseChartFrom, caseTotalsOf, type CaseFact } from "../../db/queries/dashboard";

const f = (dim: string, key: string, n: number, key2 = ""): CaseFact => ({ dim, key, key2, n });
// Ten cases: two without a requesting country, three without a motive, four without a host or a
// requesting country, one without a year; one case with two motives.
const facts: CaseFact[] = [
  f("total", "", 10),
  f("open", "", 6),
  f("rc", "RU", 5),
  f("rc", "TJ", 3),
  f("rc", "", 2),
  f("motive", "political_opposition", 6),
  f("motive", "journalism_media", 2),
  f("motive", "", 3),
  f("pair", "RU", 4, "FR"),
  f("pair", "TJ", 2, "PL"),
  f("pair_missing", "", 4),
  f("year", "2019", 5, "refused_by_court"),
  f("year", "2019", 1, "unknown"),
  f("year", "2020", 3, "unknown"),
  f("year", "", 1),
  f("alert", "active", 7),
  f("alert", "unknown", 3),
];

describe("case charts from facts", () => {
  it("counts behind and missing per chart", () => {
    expect(caseTotalsOf(facts)).toEqual({ cases: 10, openCases: 6 });
    const rc = caseChartFrom(facts, "cases-by-requesting-country");
    expect(rc.rows.map((r) => [r.key, r.count])).toEqual([["RU", 5], ["TJ", 3]]);
    expect([rc.behind, rc.missing]).toEqual([8, 2]);
    const motive = caseChartFrom(facts, "cases-by-motive");
    expect(motive.rows.map((r) => r.key)).toEqual(["political_opposition", "journalism_media"]);
    expect([motive.behind, motive.missing]).toEqual([7, 3]);
    const pairs = caseChartFrom(facts, "country-pairs");
    expect(pairs.rows.map((r) => [r.key, r.count, r.extra])).toEqual([
      ["RU-FR", 4, { requesting_country: "RU", host_country: "FR" }],
      ["TJ-PL", 2, { requesting_country: "TJ", host_country: "PL" }],
    ]);
    expect([pairs.behind, pairs.missing]).toEqual([6, 4]);
    const years = caseChartFrom(facts, "cases-over-time");
    expect(years.rows.map((r) => [r.key, r.count, r.series])).toEqual([
      ["2019", 6, { refused_by_court: 5, unknown: 1 }],
      ["2020", 3, { unknown: 3 }],
    ]);
    expect([years.behind, years.missing]).toEqual([9, 1]);
    const alert = caseChartFrom(facts, "cases-by-alert-status");
    expect([alert.behind, alert.missing]).toEqual([10, 0]);
  });

  it("no cases: empty charts, nothing behind them", () => {
    for (const id of ["cases-by-requesting-country", "cases-by-tactic", "country-pairs", "cases-over-time"] as const) {
      expect(caseChartFrom([], id)).toEqual({ id, rows: [], behind: 0, missing: 0 });
    }
  });
});
