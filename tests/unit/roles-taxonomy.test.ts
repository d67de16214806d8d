import { describe, expect, it } from "vitest";
import { hasRole, ROLES } from "../../lib/roles";
import { MOTIVES, STATUS_AXES, TACTICS, TACTIC_FAMILIES, TIMELINE_EVENT_KINDS, VOCABULARIES } from "../../lib/taxonomy";
import { levelsFor, seesRestrictedFields, viewerOf, PUBLIC_VIEWER } from "../../lib/visibility";
import { readFileSync } from "node:fs";

describe("roles", () => {
  it("each role includes the ones below it (admin ⊇ editor ⊇ viewer)", () => {
    expect(ROLES).toEqual(["viewer", "editor", "admin"]);
    expect(hasRole("editor", "viewer")).toBe(true);
    expect(hasRole("admin", "editor")).toBe(true);
    expect(hasRole("viewer", "editor")).toBe(false);
    expect(hasRole("editor", "admin")).toBe(false);
  });
});

describe("taxonomy", () => {
  it("holds every key listed in docs/taxonomy.md, each with a label", () => {
    const doc = readFileSync("docs/taxonomy.md", "utf8");
    const lists = doc.slice(doc.indexOf("## Alleged political motive"), doc.indexOf("## Visibility"));
    const listed = lists
      .replace(/\((?:[^()]|\([^()]*\))*\)/g, "")
      .split("\n")
      .filter((l) => !l.startsWith("#") && l.trim())
      .map((l) => l.replace(/^-?\s*[a-z_]+\s*:/, ""))
      .flatMap((l) => l.split("·"))
      .map((k) => k.trim())
      .filter(Boolean);
    const known = new Set<string>(Object.values(VOCABULARIES).flatMap((v) => v.terms.map((t) => t.key)));
    expect(listed.length).toBeGreaterThan(140);
    expect(listed.filter((k) => !known.has(k))).toEqual([]);
    for (const vocab of Object.values(VOCABULARIES)) for (const t of vocab.terms) expect(t.label, t.key).toMatch(/\S/);
  });

  it("groups every tactic in a family and keeps the four status axes apart", () => {
    for (const t of TACTICS.terms) expect(TACTIC_FAMILIES.has(t.family)).toBe(true);
    expect(STATUS_AXES.map((a) => a.key)).toEqual(["alert_status", "liberty_status", "extradition_outcome", "protection_status"]);
    expect(MOTIVES.has("coerced_testimony")).toBe(true);
    expect(MOTIVES.has("politcal_opposition")).toBe(false);
    expect(MOTIVES.label("journalism_media")).toBe("Journalism and media");
    expect(TIMELINE_EVENT_KINDS.has("relative_detained")).toBe(true);
    expect(TIMELINE_EVENT_KINDS.has("hearing")).toBe(true);
  });
});

describe("visibility", () => {
  it("gives outsiders public only, viewers public and internal, editors everything", () => {
    expect(levelsFor(PUBLIC_VIEWER)).toEqual(["public"]);
    expect(levelsFor(viewerOf({ id: "v", role: "viewer" }))).toEqual(["public", "internal"]);
    expect(levelsFor(viewerOf({ id: "e", role: "editor" }))).toEqual(["public", "internal", "restricted"]);
    expect(seesRestrictedFields(viewerOf({ id: "v", role: "viewer" }))).toBe(false);
    expect(seesRestrictedFields(viewerOf({ id: "v", role: "viewer" }), true)).toBe(true);
    expect(seesRestrictedFields(PUBLIC_VIEWER, true)).toBe(false);
  });
});

import { cleanLine, cleanSearch, cleanText, escapeLike } from "../../lib/text";

describe("text people type", () => {
  it("drops bidi overrides, zero-width and control characters, and NUL", () => {
    expect(cleanLine("  Anna\u202E Smith\u200B\u0000 ")).toBe("Anna Smith");
    expect(cleanSearch("Pet\u200Brov\u2063")).toBe("Petrov");
    expect(cleanText("line one  \r\nline\u202D two")).toBe("line one\nline two");
    expect(cleanLine("می\u200Cخواهم")).toBe("می\u200Cخواهم");
  });
  it("escapes LIKE wildcards", () => {
    expect(escapeLike("100%_a\\b")).toBe("100\\%\\_a\\\\b");
  });
});
