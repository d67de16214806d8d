import { describe, expect, it } from "vitest";
import {
  diffFields,
  diffNotices,
  fieldsNeeded,
  idsToAsk,
  type DetailAnswer,
  type Observation,
  type StoredNotice,
} from "../../jobs/interpol/diff";
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
    pictureId: null,
    ...over,
  };
}

const db = new Map<string, NormalizedNotice>();
function stored(n: NormalizedNotice, status: "active" | "removed" = "active"): StoredNotice {
  db.set(n.entityId, n);
  return { entityId: n.entityId, status, hash: contentHash(n), unhashed: { pictureId: n.pictureId } };
}
const ok = (fields: NormalizedNotice): DetailAnswer => ({ kind: "ok", fields });
const listed = (answer?: DetailAnswer): Observation => ({ listed: true, answer });
const absent = (answer?: DetailAnswer): Observation => ({ listed: false, answer });
function diff(storedList: StoredNotice[], obs: Array<[string, Observation]>) {
  const observations = new Map(obs);
  // Only what fieldsNeeded names may be read: the store loads nothing else.
  const needed = new Set(fieldsNeeded(storedList, observations));
  return diffNotices({ stored: storedList, observations, storedFields: (id) => (needed.has(id) ? db.get(id) : undefined) });
}

describe("diffNotices", () => {
  it("emits nothing when normalised content is identical", () => {
    const a = notice("2020/1");
    const r = diff([stored(a)], [[a.entityId, listed(ok({ ...a }))]]);
    expect(r.events).toEqual([]);
    expect(r.stillActive).toEqual(["2020/1"]);
  });

  it("adds a new id", () => {
    const n = notice("2024/9");
    const r = diff([], [[n.entityId, listed(ok(n))]]);
    expect(r.events).toEqual([{ kind: "added", entityId: "2024/9", fields: n, hash: contentHash(n) }]);
  });

  it("reports exactly the fields that changed, with before and after", () => {
    const before = notice("2020/1");
    const after = notice("2020/1", {
      warrants: [{ issuer: "RU", charge: "Fraud; extortion", chargeTranslation: null }],
      nationalities: ["RU", "UA"],
    });
    const r = diff([stored(before)], [["2020/1", listed(ok(after))]]);
    expect(r.events).toHaveLength(1);
    const e = r.events[0]!;
    if (e.kind !== "changed") throw new Error(e.kind);
    expect(Object.keys(e.changes).sort()).toEqual(["nationalities", "warrants"]);
    expect(e.changes.nationalities).toEqual([["RU"], ["RU", "UA"]]);
    expect(e.hash).toBe(contentHash(after));
  });

  it("does not call reordered warrants a change, alone or beside a real change", () => {
    const w1 = { issuer: "RU", charge: "A", chargeTranslation: null };
    const w2 = { issuer: "BY", charge: "B", chargeTranslation: null };
    const before = notice("2020/1", { warrants: [w1, w2], warrantCountries: ["BY", "RU"] });
    expect(diff([stored(before)], [["2020/1", listed(ok(notice("2020/1", { warrants: [w2, w1], warrantCountries: ["BY", "RU"] })))]]).events).toEqual([]);
    // Reordered and renamed: only the name changed.
    const after = notice("2020/1", { warrants: [w2, w1], warrantCountries: ["BY", "RU"], name: "DOE-SMITH" });
    const r = diff([stored(before)], [["2020/1", listed(ok(after))]]);
    expect(r.events).toHaveLength(1);
    expect(Object.keys((r.events[0] as { changes: object }).changes)).toEqual(["name"]);
  });

  it("removes a notice when its own detail answers Not Found, listed or not", () => {
    const a = notice("2020/1");
    const b = notice("2020/2");
    const c = notice("2020/3");
    const r = diff(
      [stored(a), stored(b), stored(c)],
      [
        ["2020/1", absent({ kind: "not_found" })],
        // Listed, but its page says it is gone: the page is the proof, the list is stale.
        ["2020/2", listed({ kind: "not_found" })],
        ["2020/3", absent({ kind: "unknown", error: "http_403" })],
      ],
    );
    expect(r.events).toEqual([
      { kind: "removed", entityId: "2020/1", listed: false },
      { kind: "removed", entityId: "2020/2", listed: true },
    ]);
    expect(r.stillActive).toEqual([]);
  });

  it("leaves alone an absent notice whose detail gave no usable answer, or was never asked", () => {
    const a = notice("2020/1");
    const b = notice("2020/2");
    const r = diff([stored(a), stored(b)], [["2020/1", absent({ kind: "unknown", error: "http_502" })]]);
    expect(r.events).toEqual([]);
    expect(r.leftAlone).toEqual(["2020/1", "2020/2"]);
  });

  it("keeps a notice the lists missed active, and records a change in its content", () => {
    const a = notice("2020/1");
    const b = notice("2020/2");
    const r = diff(
      [stored(a), stored(b)],
      [
        ["2020/1", absent(ok({ ...a }))],
        ["2020/2", absent(ok(notice("2020/2", { name: "DOE-SMITH" })))],
      ],
    );
    expect(r.absentPresent).toEqual(["2020/1", "2020/2"]);
    expect(r.stillActive).toEqual(["2020/1", "2020/2"]);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ kind: "changed", entityId: "2020/2", changes: { name: ["DOE", "DOE-SMITH"] } });
  });

  it("takes a 304 as the stored content: still there, nothing compared", () => {
    const a = notice("2020/1");
    const r = diff([stored(a)], [["2020/1", absent({ kind: "not_modified" })]]);
    expect(r.events).toEqual([]);
    expect(r.absentPresent).toEqual(["2020/1"]);
    expect(fieldsNeeded([stored(a)], new Map([["2020/1", absent({ kind: "not_modified" })]]))).toEqual([]);
  });

  it("brings back a removed notice under the same id, with its changes", () => {
    const old = notice("2019/77");
    const back = notice("2019/77", { forename: "JOHAN" });
    const r = diff([stored(old, "removed")], [["2019/77", listed(ok(back))]]);
    expect(r.events).toEqual([
      { kind: "reappeared", entityId: "2019/77", changes: { forename: ["JOHN", "JOHAN"] }, fields: back, hash: contentHash(back) },
    ]);
  });

  it("brings back a removed notice whose detail answers again though no list showed it", () => {
    const old = notice("2019/77");
    const r = diff([stored(old, "removed")], [["2019/77", absent(ok({ ...old }))]]);
    expect(r.events).toMatchObject([{ kind: "reappeared", entityId: "2019/77", changes: {} }]);
  });

  it("brings back a removed notice the lists show again even when its detail fails", () => {
    const old = notice("2019/77");
    const r = diff([stored(old, "removed")], [["2019/77", listed({ kind: "unknown", error: "http_502" })]]);
    expect(r.events).toEqual([{ kind: "reappeared", entityId: "2019/77", changes: {} }]);
  });

  it("leaves removed notices alone when still gone, and defers new ids without a detail", () => {
    const old = notice("2019/77");
    const r = diff(
      [stored(old, "removed")],
      [
        ["2019/77", absent({ kind: "not_found" })],
        ["2025/1", listed({ kind: "unknown" })],
        ["2025/2", listed({ kind: "not_found" })],
      ],
    );
    expect(r.events).toEqual([]);
    expect(r.deferred).toEqual(["2025/1"]);
    expect(r.goneUnseen).toEqual(["2025/2"]);
  });

  it("keeps a listed notice active without comparing when its detail failed", () => {
    const a = notice("2020/1");
    const r = diff([stored(a)], [["2020/1", listed({ kind: "unknown" })]]);
    expect(r.events).toEqual([]);
    expect(r.stillActive).toEqual(["2020/1"]);
    expect(r.unknownContent).toEqual(["2020/1"]);
  });

  it("rewrites quietly when only a field outside the hash changed (a new thumbnail)", () => {
    const a = notice("2020/1", { pictureId: "111" });
    const r = diff([stored(a)], [["2020/1", listed(ok({ ...a, pictureId: "222" }))]]);
    expect(r.events).toEqual([]);
    expect(r.refresh).toEqual([{ entityId: "2020/1", fields: { ...a, pictureId: "222" }, hash: contentHash(a) }]);
  });

  it("fills a field added since a notice was stored, quietly: no event, the row rewritten", () => {
    const now = notice("2020/1", { distinguishingMarks: "Scar" });
    const { distinguishingMarks: _, ...older } = now;
    db.set("2020/1", older as NormalizedNotice);
    const s: StoredNotice = { entityId: "2020/1", status: "active", hash: "hash-without-the-field", unhashed: { pictureId: null } };
    const observations = new Map([["2020/1", listed(ok(now))]]);
    const r = diffNotices({ stored: [s], observations, storedFields: (id) => db.get(id) });
    expect(r.events).toEqual([]);
    expect(r.refresh).toEqual([{ entityId: "2020/1", fields: now, hash: contentHash(now) }]);
    expect(r.rehash).toEqual([]);
  });

  it("rehashes without an event when only the stored hash is out of date", () => {
    const a = notice("2020/1");
    const s = { ...stored(a), hash: "old-normaliser" };
    const r = diff([s], [["2020/1", listed(ok({ ...a }))]]);
    expect(r.events).toEqual([]);
    expect(r.rehash).toEqual([{ entityId: "2020/1", hash: contentHash(a) }]);
  });
});

describe("diffFields", () => {
  it("compares every field the hash covers", () => {
    const a = notice("2020/1");
    for (const [key, value] of Object.entries({
      sex: "F",
      placeOfBirth: "KAZAN",
      distinguishingMarks: "Scar",
      countryOfBirth: "UA",
      languages: ["RUS"],
      hair: ["BLA"],
      eyes: ["BRO"],
      height: 1.8,
      weight: 80,
      birthDatePrecision: "year",
    })) {
      expect(Object.keys(diffFields(a, { ...a, [key]: value }))).toEqual([key]);
    }
    expect(diffFields(a, { ...a, pictureId: "9" })).toEqual({});
  });

  it("does not call a field's first value a change when the stored version predates the field", () => {
    const { distinguishingMarks: _, ...older } = notice("2020/1");
    expect(diffFields(older as NormalizedNotice, notice("2020/1", { distinguishingMarks: "Scar" }))).toEqual({});
  });
});

describe("idsToAsk", () => {
  it("asks every listed notice and every stored-active one the lists missed, sorted", () => {
    const a = stored(notice("2020/3"));
    const b = stored(notice("2020/1"), "removed");
    expect(idsToAsk([a, b], ["2020/2"])).toEqual(["2020/2", "2020/3"]);
  });
});
