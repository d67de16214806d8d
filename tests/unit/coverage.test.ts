import { describe, expect, it } from "vitest";
import { percent } from "../../app/format";
import { summaryLine } from "../../jobs/commands/pull";
import { requestsLowerBound, type PullSummary } from "../../jobs/tasks/pull-notices";
import { coverageRatio, formatPercent, formatRatio } from "../../lib/coverage";

describe("coverage, one rounding everywhere", () => {
  it("rounds down, so only everything reads 100.0%", () => {
    expect(coverageRatio(6951, 6952)).toBe(0.9998);
    expect(formatPercent(coverageRatio(6951, 6952))).toBe("99.9%");
    expect(formatPercent(coverageRatio(69_999, 70_000))).toBe("99.9%");
    expect(formatPercent(coverageRatio(6952, 6952))).toBe("100.0%");
    expect(formatPercent(0.29)).toBe("29.0%");
    expect(coverageRatio(5, 0)).toBe(1);
    expect(coverageRatio(11, 10)).toBe(1);
  });

  it("is the same function on the pages and on the terminal", () => {
    expect(percent).toBe(formatPercent);
    const s = { status: "partial", runId: 3, seen: 6951, reportedTotal: 6952, coverage: coverageRatio(6951, 6952), added: 0, changed: 0, removed: 0, reappeared: 0, requests: 8000, requestsRatio: 1.1, notModified: 0, errors: 1 } as PullSummary;
    expect(summaryLine(s)).toContain("coverage 99.9%");
    expect(summaryLine(s)).toContain("Seen 6,951 of 6,952");
  });

  it("states the cost of a pull against its lower bound, never flattering it", () => {
    expect(requestsLowerBound(7000)).toBe(7000 + 44);
    expect(requestsLowerBound(160)).toBe(161);
    expect(formatRatio(1.1234)).toBe("1.13×");
    expect(formatRatio(1.1)).toBe("1.10×");
  });
});
