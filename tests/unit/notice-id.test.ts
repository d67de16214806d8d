import { describe, expect, it } from "vitest";
import { idToSlug, interpolNoticeUrl, noticePath, slugToId } from "../../lib/notice-id";
import { effectiveSort } from "../../lib/notice-sorts";

describe("lib/notice-id", () => {
  it("converts between the entity id and the URL slug, both ways", () => {
    expect(idToSlug("2021/75051")).toBe("2021-75051");
    expect(slugToId("2021-75051")).toBe("2021/75051");
    expect(slugToId(idToSlug("2019/1"))).toBe("2019/1");
    for (const bad of ["2021/75051", "nonsense", "21-5", "2021-", "2021-75051-1", ""]) expect(slugToId(bad)).toBeNull();
    expect(noticePath("2021/75051")).toBe("/notices/2021-75051");
    expect(interpolNoticeUrl("2021/75051")).toBe("https://www.interpol.int/How-we-work/Notices/Red-Notices/View-Red-Notices#2021-75051");
  });
});

describe("lib/notice-sorts", () => {
  it("best match by default with a search, name without", () => {
    expect(effectiveSort(undefined, true)).toBe("relevance");
    expect(effectiveSort(undefined, false)).toBe("name");
    expect(effectiveSort("relevance", false)).toBe("name");
    expect(effectiveSort("newest", true)).toBe("newest");
  });
});
