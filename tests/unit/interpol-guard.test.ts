import { describe, expect, it } from "vitest";
import { COVERAGE_DROP, hiddenBy, MIN_BEFORE, partitionGuard, type GuardInput, type NoticeAttrs } from "../../jobs/interpol/guard";

function input(over: Partial<GuardInput> = {}): GuardInput {
  return {
    partitions: {},
    coverage: 1,
    lastGood: null,
    stored: new Map(),
    notListedStillThere: new Set(),
    seenNationalities: new Map(),
    ...over,
  };
}
const ru = (i: number): [string, NoticeAttrs] => [`2020/${i}`, { nationalities: ["RU"], warrantCountries: ["RU"], sex: "M" }];
const storedRu = (n: number) => new Map(Array.from({ length: n }, (_, i) => ru(i)));
const last = (partitions: GuardInput["partitions"], coverage = 1) => ({ runId: 7, coverage, partitions });

describe("partitionGuard", () => {
  it("names a partition whose list empties while its notices are still published", () => {
    const r = partitionGuard(
      input({
        partitions: { "nationality=RU": { total: 0, complete: true } },
        lastGood: last({ "nationality=RU": { total: 300, complete: true } }),
        stored: storedRu(300),
        notListedStillThere: new Set(Array.from({ length: 290 }, (_, i) => `2020/${i}`)),
      }),
    );
    expect(r.tripped).toBe(true);
    expect(r.dropped).toEqual([{ key: "nationality=RU", total: 0, before: 300, beforeRun: 7, stillPublished: 290, seenBeyond: 0 }]);
  });

  it("names it too when the run saw more of its notices elsewhere than the list reports", () => {
    const seen = new Map(Array.from({ length: 250 }, (_, i) => [`2020/${i}`, ["RU"]] as [string, string[]]));
    const r = partitionGuard(
      input({
        partitions: { "nationality=RU": { total: 0, complete: true } },
        lastGood: last({ "nationality=RU": { total: 300, complete: true } }),
        seenNationalities: seen,
      }),
    );
    expect(r.dropped[0]).toMatchObject({ key: "nationality=RU", seenBeyond: 250 });
  });

  it("names a nationality list that reports fewer than the run saw of it elsewhere, even on a first run", () => {
    const seen = new Map(Array.from({ length: 305 }, (_, i) => [`2020/${i}`, ["RU"]] as [string, string[]]));
    const r = partitionGuard(input({ partitions: { "nationality=RU": { total: 0, complete: true } }, seenNationalities: seen }));
    expect(r.dropped).toEqual([{ key: "nationality=RU", total: 0, before: null, beforeRun: null, stillPublished: 0, seenBeyond: 305 }]);
    // A notice or two listed mid-run is no evidence.
    const few = partitionGuard(input({ partitions: { "nationality=RU": { total: 303, complete: true } }, seenNationalities: seen }));
    expect(few.tripped).toBe(false);
  });

  it("lets a real drop through: the missing notices are gone by their own pages", () => {
    const r = partitionGuard(
      input({
        partitions: { "nationality=RU": { total: 10, complete: true } },
        lastGood: last({ "nationality=RU": { total: 300, complete: true } }),
        stored: storedRu(300),
        // A couple the planner missed are no evidence of a hiding list.
        notListedStillThere: new Set(["2020/1", "2020/2"]),
      }),
    );
    expect(r.tripped).toBe(false);
  });

  it("ignores small partitions and modest drops", () => {
    const still = new Set(Array.from({ length: 50 }, (_, i) => `2020/${i}`));
    const small = partitionGuard(
      input({
        partitions: { "nationality=RU": { total: 0, complete: true } },
        lastGood: last({ "nationality=RU": { total: MIN_BEFORE - 1, complete: true } }),
        stored: storedRu(50),
        notListedStillThere: still,
      }),
    );
    expect(small.tripped).toBe(false);
    const modest = partitionGuard(
      input({
        partitions: { "nationality=RU": { total: 160, complete: true } },
        lastGood: last({ "nationality=RU": { total: 300, complete: true } }),
        stored: storedRu(300),
        notListedStillThere: still,
      }),
    );
    expect(modest.tripped).toBe(false);
  });

  it("does not compare a partition this run did not ask, nor a first run", () => {
    expect(partitionGuard(input({ partitions: { "nationality=RU": { total: 0, complete: true } } })).tripped).toBe(false);
    const r = partitionGuard(
      input({
        partitions: { "nationality=XK": { total: 0, complete: true, inferred: true } },
        lastGood: last({ "nationality=XK": { total: 30, complete: true } }),
        notListedStillThere: new Set(["2020/1", "2020/2", "2020/3"]),
        stored: new Map([["2020/1", { nationalities: ["XK"], warrantCountries: [] }]]),
      }),
    );
    expect(r.tripped).toBe(false);
  });

  it("trips on coverage more than ten points below the last good run's", () => {
    expect(COVERAGE_DROP).toBe(0.1);
    expect(partitionGuard(input({ coverage: 0.74, lastGood: last({}, 0.999) })).coverageDrop).toEqual({ before: 0.999, now: 0.74, beforeRun: 7 });
    expect(partitionGuard(input({ coverage: 0.95, lastGood: last({}, 0.999) })).tripped).toBe(false);
  });
});

describe("partitionGuard: what no query accounts for", () => {
  it("trips when notices the total counts are missing and no crowded query explains them", () => {
    expect(partitionGuard(input({ unexplained: 120, reportedTotal: 300 }))).toMatchObject({ unexplained: 120, tripped: true });
    // One or two (a notice removed mid-run) is no evidence.
    expect(partitionGuard(input({ unexplained: 2, reportedTotal: 300 })).tripped).toBe(false);
    expect(partitionGuard(input({ unexplained: 50, reportedTotal: 7000 })).tripped).toBe(false);
  });
});

describe("hiddenBy", () => {
  it("names the failed or dropped partition that explains an absence, or none (the planner)", () => {
    const n: NoticeAttrs = { nationalities: ["RU"], warrantCountries: ["BY"], sex: "F" };
    expect(hiddenBy(n, ["nationality=UA", "nationality=RU&sexId=F"])).toBe("nationality=RU&sexId=F");
    expect(hiddenBy(n, ["nationality=RU&sexId=M", "arrestWarrantCountryId=RU"])).toBeNull();
    expect(hiddenBy(n, ["arrestWarrantCountryId=BY"])).toBe("arrestWarrantCountryId=BY");
  });
});
