import { describe, expect, it } from "vitest";
import {
  AGE_BUCKETS,
  coverage,
  expand,
  gapQueries,
  initialQueries,
  leafStatus,
  namePatterns,
  queryKey,
  type Query,
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

describe("expand", () => {
  it("treats queries of at most 160 as leaves", () => {
    expect(expand({ nationality: "FR" }, 160)).toEqual([]);
    expect(expand({ nationality: "FR" }, 0)).toEqual([]);
    expect(leafStatus({ nationality: "FR" }, 160)).toBe("complete");
  });

  it("never splits the unfiltered query (the country roots cover it)", () => {
    expect(expand({}, 7000)).toEqual([]);
    expect(leafStatus({}, 7000)).toBe("root");
  });

  it("splits a large country by sex, then age buckets, then single years, then name length", () => {
    const root: Query = { nationality: "RU" };
    const bySex = expand(root, 600);
    expect(bySex.map((q) => q.sexId)).toEqual(["M", "F", "U"]);
    expect(bySex.every((q) => q.nationality === "RU")).toBe(true);

    const byAge = expand(bySex[0], 500);
    expect(byAge).toHaveLength(AGE_BUCKETS.length);
    expect(byAge[0]).toMatchObject({ nationality: "RU", sexId: "M", ageMin: 0, ageMax: 19 });
    // Buckets are contiguous and disjoint: no age is lost or counted twice.
    for (let i = 1; i < byAge.length; i++) expect(byAge[i].ageMin).toBe(byAge[i - 1].ageMax! + 1);

    const bucket = byAge.find((q) => q.ageMin === 30)!;
    const years = expand(bucket, 300);
    expect(years.map((q) => [q.ageMin, q.ageMax])).toEqual([[30, 30], [31, 31], [32, 32], [33, 33], [34, 34]]);

    const byName = expand(years[2], 200);
    expect(byName.length).toBe(namePatterns().length);
    expect(byName[4].name).toBe("^.....$");
    expect(byName[byName.length - 1].name).toBe(`^${".".repeat(30)}`);
    expect(byName.every((q) => q.ageMin === 32 && q.ageMax === 32 && q.sexId === "M")).toBe(true);

    const byForename = expand(byName[4], 170);
    expect(byForename.every((q) => q.name === "^.....$" && !!q.forename)).toBe(true);

    // Nothing left: a capped leaf that can't be fully covered.
    expect(expand(byForename[3], 170)).toEqual([]);
    expect(leafStatus(byForename[3], 170)).toBe("capped");
    expect(leafStatus(byName[4], 170)).toBe("split");
  });

  it("splits warrant-country roots the same way (they reach notices without nationality)", () => {
    expect(expand({ arrestWarrantCountryId: "TR" }, 200).map(queryKey)).toEqual([
      "arrestWarrantCountryId=TR&sexId=M",
      "arrestWarrantCountryId=TR&sexId=F",
      "arrestWarrantCountryId=TR&sexId=U",
    ]);
  });
});

describe("gapQueries", () => {
  it("reaches notices without a birth date by name when an age split comes up short", () => {
    const parent: Query = { nationality: "SV", sexId: "M" };
    expect(gapQueries(parent, "age", 400, 400)).toEqual([]);
    const gap = gapQueries(parent, "age", 400, 390);
    expect(gap.length).toBe(namePatterns().length);
    expect(gap.every((q) => q.ageMin === undefined && q.sexId === "M" && !!q.name)).toBe(true);
  });

  it("falls back to forename length when a name split comes up short, then stops", () => {
    const parent: Query = { nationality: "SV", sexId: "M" };
    const f = gapQueries(parent, "name-length", 400, 399);
    expect(f.every((q) => !!q.forename && !q.name)).toBe(true);
    expect(gapQueries(parent, "forename-length", 400, 399)).toEqual([]);
    expect(gapQueries(parent, "sex", 400, 399)).toEqual([]);
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

  it("never produces duplicate keys in one expansion", () => {
    const children = expand({ nationality: "RU", sexId: "M", ageMin: 20, ageMax: 24 }, 900);
    const keys = children.map(queryKey);
    expect(new Set(keys).size).toBe(keys.length);
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
