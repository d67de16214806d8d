import { describe, expect, it } from "vitest";
import { absentToCheck, diffNotices, type AbsentCheck, type StoredNotice } from "../../jobs/interpol/diff";
import { contentHash, type NormalizedNotice } from "../../jobs/interpol/normalize";

function notice(id: string, over: Partial<NormalizedNotice> = {}): NormalizedNotice {
  return {
    entityId: id,
    name: "DOE",
    forename: "JOHN",
    birthDate: "1980-02-03",
    birthDatePrecision: "day",
    sex: "M",
    nationalities: ["RU"],
    warrantCountries: ["RU"],
    warrants: [{ issuer: "RU", charge: "Fraud", chargeTranslation: null }],
    height: null,
    weight: null,
    eyes: null,
    hair: null,
    languages: null,
    countryOfBirth: null,
    placeOfBirth: null,
    distinguishingMarks: null,
    ...over,
  };
}

function stored(n: NormalizedNotice, status: "active" | "removed" = "active"): StoredNotice {
  return { entityId: n.entityId, status, hash: contentHash(n), fields: n };
}

const none = new Map<string, AbsentCheck>();

describe("diffNotices", () => {
  it("emits nothing when normalised content is identical", () => {
    const a = notice("2020/1");
    const r = diffNotices({ stored: [stored(a)], seen: new Map([[a.entityId, { ...a }]]), absentChecks: none, sweepComplete: true });
    expect(r.events).toEqual([]);
    expect(r.stillActive).toEqual(["2020/1"]);
  });

  it("adds a new id", () => {
    const n = notice("2024/9");
    const r = diffNotices({ stored: [], seen: new Map([[n.entityId, n]]), absentChecks: none, sweepComplete: true });
    expect(r.events).toEqual([{ kind: "added", entityId: "2024/9", fields: n, hash: contentHash(n) }]);
  });

  it("reports exactly the fields that changed, with before and after", () => {
    const before = notice("2020/1");
    const after = notice("2020/1", {
      warrants: [{ issuer: "RU", charge: "Fraud; extortion", chargeTranslation: null }],
      nationalities: ["RU", "UA"],
    });
    const r = diffNotices({ stored: [stored(before)], seen: new Map([["2020/1", after]]), absentChecks: none, sweepComplete: true });
    expect(r.events).toHaveLength(1);
    const e = r.events[0];
    expect(e.kind).toBe("changed");
    if (e.kind !== "changed") throw new Error();
    expect(Object.keys(e.changes).sort()).toEqual(["nationalities", "warrants"]);
    expect(e.changes.nationalities).toEqual([["RU"], ["RU", "UA"]]);
    expect(e.hash).toBe(contentHash(after));
  });

  it("does not call reordered warrants a change", () => {
    const w1 = { issuer: "RU", charge: "A", chargeTranslation: null };
    const w2 = { issuer: "BY", charge: "B", chargeTranslation: null };
    const before = notice("2020/1", { warrants: [w1, w2], warrantCountries: ["BY", "RU"] });
    const after = notice("2020/1", { warrants: [w2, w1], warrantCountries: ["BY", "RU"] });
    const r = diffNotices({ stored: [stored(before)], seen: new Map([["2020/1", after]]), absentChecks: none, sweepComplete: true });
    expect(r.events).toEqual([]);
  });

  it("removes an absent notice only when its own detail answers Not Found, even in a partial sweep", () => {
    const a = notice("2020/1");
    const b = notice("2020/2");
    const c = notice("2020/3");
    const checks = new Map<string, AbsentCheck>([
      ["2020/1", { kind: "not_found" }],
      ["2020/2", { kind: "unknown", error: "http_403" }],
    ]);
    for (const sweepComplete of [true, false]) {
      const r = diffNotices({ stored: [stored(a), stored(b), stored(c)], seen: new Map(), absentChecks: checks, sweepComplete });
      expect(r.events).toEqual([{ kind: "removed", entityId: "2020/1" }]);
      // Unknown and unchecked absences are left alone.
      expect(r.leftAlone).toEqual(["2020/2", "2020/3"]);
    }
  });

  it("keeps a missed notice active, and emits changed if its detail differs", () => {
    const a = notice("2020/1");
    const b = notice("2020/2");
    const checks = new Map<string, AbsentCheck>([
      ["2020/1", { kind: "present", detail: { ...a } }],
      ["2020/2", { kind: "present", detail: notice("2020/2", { name: "DOE-SMITH" }) }],
    ]);
    const r = diffNotices({ stored: [stored(a), stored(b)], seen: new Map(), absentChecks: checks, sweepComplete: true });
    expect(r.missed).toEqual(["2020/1", "2020/2"]);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ kind: "changed", entityId: "2020/2", changes: { name: ["DOE", "DOE-SMITH"] } });
    expect(r.events.some((e) => e.kind === "removed")).toBe(false);
  });

  it("brings back a removed notice under the same id, with its changes", () => {
    const old = notice("2019/77");
    const back = notice("2019/77", { forename: "JOHAN" });
    const r = diffNotices({ stored: [stored(old, "removed")], seen: new Map([["2019/77", back]]), absentChecks: none, sweepComplete: false });
    expect(r.events).toEqual([
      { kind: "reappeared", entityId: "2019/77", changes: { forename: ["JOHN", "JOHAN"] }, fields: back, hash: contentHash(back) },
    ]);
    expect(r.events.some((e) => e.kind === "added")).toBe(false);
  });

  it("brings back a removed notice whose detail answers again though the sweep missed it", () => {
    const old = notice("2019/77");
    const checks = new Map<string, AbsentCheck>([["2019/77", { kind: "present", detail: { ...old } }]]);
    const r = diffNotices({ stored: [stored(old, "removed")], seen: new Map(), absentChecks: checks, sweepComplete: true });
    expect(r.events).toMatchObject([{ kind: "reappeared", entityId: "2019/77", changes: {} }]);
  });

  it("leaves removed notices alone when still absent, and defers new ids without a detail", () => {
    const old = notice("2019/77");
    const r = diffNotices({
      stored: [stored(old, "removed")],
      seen: new Map<string, NormalizedNotice | null>([["2025/1", null]]),
      absentChecks: new Map([["2019/77", { kind: "not_found" }]]),
      sweepComplete: true,
    });
    expect(r.events).toEqual([]);
    expect(r.deferred).toEqual(["2025/1"]);
  });

  it("keeps a listed notice active without comparing when its detail failed", () => {
    const a = notice("2020/1");
    const r = diffNotices({ stored: [stored(a)], seen: new Map([["2020/1", null]]), absentChecks: none, sweepComplete: true });
    expect(r.events).toEqual([]);
    expect(r.stillActive).toEqual(["2020/1"]);
  });
});

describe("absentToCheck", () => {
  it("lists stored-active ids the sweep did not see, sorted", () => {
    expect(absentToCheck(["2020/3", "2020/1", "2020/2"], new Set(["2020/2"]))).toEqual(["2020/1", "2020/3"]);
    expect(absentToCheck([], new Map())).toEqual([]);
  });
});
