import { describe, expect, it } from "vitest";
import {
  AGE_BUCKETS,
  AGE_MAX,
  ageRanges,
  coverage,
  initialQueries,
  isPartitionRoot,
  lengthCells,
  lengthPattern,
  matchesLength,
  mayMatch,
  namePatterns,
  nextDimension,
  parseQueryKey,
  queryKey,
  TARGET_PER_QUERY,
} from "../../jobs/interpol/planner";

describe("initialQueries", () => {
  it("starts with the unfiltered query, then nationality and warrant-country roots incl. special issuers", () => {
    const q = initialQueries(["fr", "RU", "FR"]);
    const keys = q.map(queryKey);
    expect(keys[0]).toBe("(all)");
    expect(keys).toContain("nationality=FR");
    expect(keys).toContain("nationality=RU");
    expect(keys).toContain("arrestWarrantCountryId=RU");
    for (const special of ["914", "916", "922", "UNK"]) {
      expect(keys).toContain(`arrestWarrantCountryId=${special}`);
      expect(keys).not.toContain(`nationality=${special}`);
    }
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("leaves out warrant roots for yellow notices", () => {
    const keys = initialQueries(["FR"], { warrantCountries: false }).map(queryKey);
    expect(keys).toEqual(["(all)", "nationality=FR"]);
  });
});

describe("nextDimension", () => {
  it("splits by sex, then age, then single years, then name length, then forename length", () => {
    expect(nextDimension({})).toBe("none");
    expect(nextDimension({ nationality: "RU" })).toBe("sex");
    expect(nextDimension({ arrestWarrantCountryId: "TR" })).toBe("sex");
    expect(nextDimension({ nationality: "RU", sexId: "M" })).toBe("age");
    expect(nextDimension({ nationality: "RU", sexId: "M", ageMin: 30, ageMax: 34 })).toBe("age-year");
    expect(nextDimension({ nationality: "RU", sexId: "M", ageMin: 32, ageMax: 32 })).toBe("name-length");
    expect(nextDimension({ nationality: "RU", sexId: "M", name: "^.....$" })).toBe("forename-length");
    expect(nextDimension({ nationality: "RU", sexId: "M", name: "^.....$", forename: "^....$" })).toBe("none");
  });
});

describe("ageRanges", () => {
  it("covers every age exactly once, contiguous from 0 to the last age", () => {
    const ages = Array.from({ length: 160 }, (_, i) => 25 + (i % 40));
    for (const total of [300, 900, 2700]) {
      const r = ageRanges(ages, total);
      expect(r[0]![0]).toBe(0);
      expect(r[r.length - 1]![1]).toBe(AGE_MAX);
      for (let i = 1; i < r.length; i++) expect(r[i]![0]).toBe(r[i - 1]![1] + 1);
    }
  });

  it("sizes ranges from the ages seen: about one per TARGET notices, narrower where ages crowd", () => {
    // Ages crowd around 45.
    const ages = Array.from({ length: 160 }, (_, i) => 45 + Math.round(Math.sin(i) * 10));
    const r = ageRanges(ages, 2700);
    expect(r.length).toBeGreaterThanOrEqual(Math.ceil(2700 / TARGET_PER_QUERY));
    expect(r.length).toBeLessThan(2 * Math.ceil(2700 / TARGET_PER_QUERY));
    const width = (a: [number, number]) => a[1] - a[0];
    const middle = r.find(([a, b]) => a <= 45 && 45 <= b)!;
    expect(width(middle)).toBeLessThan(width(r[0]!));
  });

  it("falls back to fixed buckets, or halves, when too few ages are known", () => {
    expect(ageRanges([], 500)).toEqual(AGE_BUCKETS.map(([a, b]) => [a, b]));
    expect(ageRanges([], 500, { from: 30, to: 39 })).toEqual([
      [30, 34],
      [35, 39],
    ]);
    expect(ageRanges([], 500, { from: 47, to: 47 })).toEqual([[47, 47]]);
  });
});

describe("lengthCells", () => {
  it("asks the lengths that occur and an open tail, keeping the short ones for later", () => {
    const { cells, short } = lengthCells([6, 7, 7, 9]);
    expect(cells).toEqual(["^......$", "^.......$", "^........$", "^.........$", "^.........."]);
    expect(short).toEqual(["^.$", "^..$", "^...$", "^....$", "^.....$"]);
    // Nothing known: every length, 1..29 and 30 or longer.
    expect(lengthCells([]).cells).toEqual(namePatterns());
    expect(lengthCells([40]).cells.at(-1)).toBe(`^${".".repeat(30)}`);
  });

  it("reads our own patterns back, exact or open-ended", () => {
    expect(lengthPattern("^.....$")).toEqual({ length: 5, exact: true });
    expect(lengthPattern("^.....")).toEqual({ length: 5, exact: false });
    expect(lengthPattern("^A.*")).toBeNull();
    expect(matchesLength("^.....$", "IVANOV")).toBe(false);
    expect(matchesLength("^.....", "IVANOV")).toBe(true);
    expect(matchesLength("^.....", null)).toBe(false);
  });
});

describe("mayMatch", () => {
  it("rules a notice out only on what its known fields contradict", () => {
    const n = { nationalities: ["RU"], warrantCountries: ["RU"], sex: "M", name: "IVANOV", forename: null, birthDate: "1980-01-01" };
    const now = new Date("2026-05-15");
    expect(mayMatch({ nationality: "RU" }, n, now)).toBe(true);
    expect(mayMatch({ nationality: "UA" }, n, now)).toBe(false);
    expect(mayMatch({ arrestWarrantCountryId: "BY" }, n, now)).toBe(false);
    expect(mayMatch({ nationality: "RU", sexId: "F" }, n, now)).toBe(false);
    expect(mayMatch({ nationality: "RU", name: "^......$" }, n, now)).toBe(true);
    expect(mayMatch({ nationality: "RU", forename: "^....$" }, n, now)).toBe(false);
    expect(mayMatch({ nationality: "RU", ageMin: 45, ageMax: 49 }, n, now)).toBe(true);
    expect(mayMatch({ nationality: "RU", ageMin: 50, ageMax: 54 }, n, now)).toBe(false);
    expect(mayMatch({ nationality: "RU", ageMin: 20, ageMax: 90 }, { ...n, birthDate: null }, now)).toBe(false);
    // Fields not known cannot rule anything out.
    expect(mayMatch({ arrestWarrantCountryId: "BY", sexId: "F" }, { nationalities: [] }, now)).toBe(true);
  });
});

describe("queryKey", () => {
  it("is stable whatever the property order, and distinct per filter set", () => {
    const a = queryKey({ sexId: "F", nationality: "AR", ageMax: 40, ageMin: 40 });
    const b = queryKey({ ageMin: 40, ageMax: 40, nationality: "AR", sexId: "F" });
    expect(a).toBe(b);
    expect(a).toBe("nationality=AR&sexId=F&ageMin=40&ageMax=40");
    expect(queryKey({ nationality: "AR", sexId: "M" })).not.toBe(queryKey({ arrestWarrantCountryId: "AR", sexId: "M" }));
    expect(queryKey({})).toBe("(all)");
  });

  it("tells apart every filter, forename included, so no split is deduplicated away", () => {
    const base = { nationality: "RU", sexId: "M" as const, name: "^.......$" };
    const keys = namePatterns().map((forename) => queryKey({ ...base, forename }));
    expect(new Set(keys).size).toBe(keys.length);
    expect(queryKey({ ...base, forename: "^....$" })).toBe("nationality=RU&sexId=M&name=^.......$&forename=^....$");
    expect(queryKey({ arrestWarrantCountryId: "TR", name: "^..$" })).not.toBe(queryKey({ arrestWarrantCountryId: "TR", forename: "^..$" }));
  });

  it("reads back into the same query, and knows which keys are partitions", () => {
    for (const q of [{}, { nationality: "RU" }, { nationality: "RU", sexId: "M" as const, ageMin: 30, ageMax: 34, name: "^.....$", forename: "^...." }]) {
      expect(parseQueryKey(queryKey(q))).toEqual(q);
    }
    expect(parseQueryKey("bogus")).toBeNull();
    expect(isPartitionRoot({ nationality: "RU" })).toBe(true);
    expect(isPartitionRoot({ arrestWarrantCountryId: "914" })).toBe(true);
    expect(isPartitionRoot({ nationality: "RU", sexId: "M" })).toBe(false);
  });
});

describe("coverage", () => {
  it("is the share seen of the largest reported total, clamped to [0, 1]", () => {
    expect(coverage(6725, 6743)).toBeCloseTo(0.99733, 4);
    expect(coverage(0, 0)).toBe(1);
    expect(coverage(10, 5)).toBe(1);
    expect(coverage(0, 100)).toBe(0);
  });
});
