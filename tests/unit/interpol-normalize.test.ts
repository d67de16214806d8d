import { describe, expect, it } from "vitest";
import {
  contentHash,
  isSpecialIssuer,
  normalizeListItem,
  normalizeNotice,
  parseBirthDate,
  SPECIAL_ISSUERS,
  warrantStates,
} from "../../jobs/interpol/normalize";
import { detailSchema, listItemSchema, listPageSchema, type NoticeDetailInput } from "../../jobs/interpol/schemas";
import { NOTICE_FIELD_KEYS } from "../../lib/notice-fields";

function detail(over: Partial<NoticeDetailInput> = {}) {
  const base: NoticeDetailInput = {
    arrest_warrants: [{ issuing_country_id: "RU", charge: "Fraud", charge_translation: null }],
    weight: 80,
    forename: "IVAN",
    date_of_birth: "1979/01/17",
    entity_id: "2021/75051",
    languages_spoken_ids: ["RUS", "ENG"],
    nationalities: ["RU"],
    height: 1.8,
    sex_id: "M",
    country_of_birth_id: "RU",
    name: "PETROV",
    distinguishing_marks: null,
    eyes_colors_id: ["BRO"],
    hairs_id: ["BLA"],
    place_of_birth: "MOSCOW",
    _embedded: { links: [] },
    _links: { self: { href: "https://ws-public.interpol.int/notices/v1/red/2021-75051" } },
  };
  return detailSchema.parse({ ...base, ...over });
}

describe("normalizeNotice", () => {
  it("turns placeholder and blank names into null, and trims", () => {
    expect(normalizeNotice(detail({ forename: "-" })).forename).toBeNull();
    expect(normalizeNotice(detail({ forename: "   " })).forename).toBeNull();
    expect(normalizeNotice(detail({ forename: "" })).forename).toBeNull();
    expect(normalizeNotice(detail({ forename: null, name: null })).name).toBeNull();
    expect(normalizeNotice(detail({ name: "  PETROV  " })).name).toBe("PETROV");
  });

  it("reads 0 and null height/weight as unknown", () => {
    const n = normalizeNotice(detail({ height: 0, weight: 0 }));
    expect(n.height).toBeNull();
    expect(n.weight).toBeNull();
    expect(normalizeNotice(detail({ height: null })).height).toBeNull();
    expect(normalizeNotice(detail({ height: 1.75 })).height).toBe(1.75);
  });

  it("keeps partial birth dates with their precision", () => {
    expect(parseBirthDate("1979/01/17")).toEqual({ birthDate: "1979-01-17", birthDatePrecision: "day" });
    expect(parseBirthDate("1979/01")).toEqual({ birthDate: "1979-01", birthDatePrecision: "month" });
    expect(parseBirthDate("1979")).toEqual({ birthDate: "1979", birthDatePrecision: "year" });
    expect(parseBirthDate(null)).toEqual({ birthDate: null, birthDatePrecision: null });
    expect(parseBirthDate("1979/00/00")).toEqual({ birthDate: "1979", birthDatePrecision: "year" });
    // An unexpected form is kept, not invented or dropped.
    expect(parseBirthDate("circa 1980")).toEqual({ birthDate: "circa 1980", birthDatePrecision: null });
    expect(normalizeNotice(detail({ date_of_birth: "1985/07" })).birthDatePrecision).toBe("month");
  });

  it("upper-cases, dedupes and sorts nationalities; empty stays empty", () => {
    expect(normalizeNotice(detail({ nationalities: ["ua", "RU", "UA"] })).nationalities).toEqual(["RU", "UA"]);
    expect(normalizeNotice(detail({ nationalities: [] })).nationalities).toEqual([]);
    expect(normalizeNotice(detail({ nationalities: null })).nationalities).toEqual([]);
  });

  it("normalises charges: CRLF to LF, trailing spaces trimmed", () => {
    const n = normalizeNotice(
      detail({ arrest_warrants: [{ issuing_country_id: "tr", charge: "Line one  \r\nLine two\t\r\n ", charge_translation: null }] }),
    );
    expect(n.warrants).toEqual([{ issuer: "TR", charge: "Line one\nLine two", chargeTranslation: null }]);
  });

  it("keeps special issuers as warrant issuers but flags them as not countries", () => {
    const n = normalizeNotice(
      detail({
        arrest_warrants: [
          { issuing_country_id: "UNK", charge: "War crimes", charge_translation: null },
          { issuing_country_id: "914", charge: "Crimes against humanity", charge_translation: null },
          { issuing_country_id: "RS", charge: "Murder", charge_translation: null },
          { issuing_country_id: "RS", charge: "Robbery", charge_translation: null },
        ],
      }),
    );
    expect(n.warrantCountries).toEqual(["914", "RS", "UNK"]);
    expect(n.warrantCountries.filter(isSpecialIssuer)).toEqual(["914", "UNK"]);
    expect(warrantStates(n)).toEqual(["RS"]);
    expect(isSpecialIssuer("916")).toBe(true);
    expect(isSpecialIssuer("922")).toBe(true);
    expect(isSpecialIssuer("FR")).toBe(false);
    expect(SPECIAL_ISSUERS["914"]).toMatch(/Criminal Court/);
    // Order as given is kept for display.
    expect(n.warrants.map((w) => w.issuer)).toEqual(["UNK", "914", "RS", "RS"]);
  });

  it("treats [] and null physical arrays alike, sorted", () => {
    expect(normalizeNotice(detail({ eyes_colors_id: [] })).eyes).toBeNull();
    expect(normalizeNotice(detail({ eyes_colors_id: null })).eyes).toBeNull();
    expect(normalizeNotice(detail({ languages_spoken_ids: ["RUS", "ENG"] })).languages).toEqual(["ENG", "RUS"]);
  });

  it("has exactly the declared fields (lib/notice-fields.ts), camelCase", () => {
    expect(Object.keys(normalizeNotice(detail())).sort()).toEqual([...NOTICE_FIELD_KEYS].sort());
    expect(NOTICE_FIELD_KEYS).toEqual(expect.arrayContaining(["entityId", "warrants", "warrantCountries", "distinguishingMarks", "pictureId"]));
  });

  // Every field's cleaning, from the noisiest detail the service could send. A field added to the
  // declaration without a line here fails the last assertion.
  it("cleans every field of a noisy detail", () => {
    const noisy = detail({
      entity_id: "2021/75051",
      name: "  PETROV   SIDOROV ",
      forename: " -  ",
      date_of_birth: " 1979/1/7 ",
      sex_id: " m ",
      nationalities: ["ua", " RU", "UA", ""],
      arrest_warrants: [
        { issuing_country_id: " ru ", charge: "Fraud \r\nArticle 159\t\r\n", charge_translation: " - " },
        { issuing_country_id: "914", charge: "Crimes against humanity", charge_translation: null },
      ],
      height: 0,
      weight: "82",
      eyes_colors_id: [],
      hairs_id: ["blah", "BLA", "bla"],
      languages_spoken_ids: ["eng", "rus"],
      country_of_birth_id: " ru ",
      place_of_birth: " MOSCOW \r\n REGION ",
      distinguishing_marks: "Scar on left cheek  \r\n",
      _links: { thumbnail: { href: "https://ws-public.interpol.int/notices/v1/red/2021-75051/images/62311920" } },
    } as Partial<NoticeDetailInput>);
    const expected: Record<string, unknown> = {
      entityId: "2021/75051",
      name: "PETROV SIDOROV",
      forename: null,
      birthDate: "1979-01-07",
      birthDatePrecision: "day",
      sex: "M",
      nationalities: ["RU", "UA"],
      warrantCountries: ["914", "RU"],
      warrants: [
        { issuer: "RU", charge: "Fraud\nArticle 159", chargeTranslation: null },
        { issuer: "914", charge: "Crimes against humanity", chargeTranslation: null },
      ],
      height: null,
      weight: 82,
      eyes: null,
      hair: ["BLA", "BLAH"],
      languages: ["ENG", "RUS"],
      countryOfBirth: "RU",
      placeOfBirth: "MOSCOW\n REGION",
      distinguishingMarks: "Scar on left cheek",
      pictureId: "62311920",
    };
    const n = normalizeNotice(noisy) as unknown as Record<string, unknown>;
    for (const key of NOTICE_FIELD_KEYS) expect([key, n[key]]).toEqual([key, expected[key]]);
    expect(Object.keys(expected).sort()).toEqual([...NOTICE_FIELD_KEYS].sort());
  });
});

describe("contentHash", () => {
  it("is identical for content that differs only in representation", () => {
    const a = detail();
    const b = detail({
      forename: " IVAN ",
      height: 1.8,
      nationalities: ["ru"],
      languages_spoken_ids: ["ENG", "RUS", "RUS"],
      arrest_warrants: [{ issuing_country_id: "RU", charge: "Fraud \r\n", charge_translation: null }],
    });
    expect(contentHash(normalizeNotice(a))).toBe(contentHash(normalizeNotice(b)));
    expect(contentHash(normalizeNotice(a))).toMatch(/^[0-9a-f]{64}$/);
  });

  it("does not depend on warrant order or key order", () => {
    const w1 = { issuing_country_id: "RU", charge: "A", charge_translation: null };
    const w2 = { issuing_country_id: "BY", charge: "B", charge_translation: null };
    const a = normalizeNotice(detail({ arrest_warrants: [w1, w2] }));
    const b = normalizeNotice(detail({ arrest_warrants: [w2, w1] }));
    expect(contentHash(a)).toBe(contentHash(b));
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(contentHash(reordered)).toBe(contentHash(a));
  });

  it("changes when Interpol really changes something", () => {
    const base = contentHash(normalizeNotice(detail()));
    expect(contentHash(normalizeNotice(detail({ arrest_warrants: [{ issuing_country_id: "RU", charge: "Fraud, large scale", charge_translation: null }] })))).not.toBe(base);
    expect(contentHash(normalizeNotice(detail({ nationalities: ["RU", "UA"] })))).not.toBe(base);
    expect(contentHash(normalizeNotice(detail({ date_of_birth: "1979/01" })))).not.toBe(base);
    expect(contentHash(normalizeNotice(detail({ forename: "IVAN IVANOVICH" })))).not.toBe(base);
  });
});

describe("schemas", () => {
  it("accepts a documented list page and normalises its items", () => {
    const page = listPageSchema.parse({
      total: 7527,
      query: { page: 1, resultPerPage: 20 },
      _embedded: {
        notices: [
          {
            forename: "-",
            name: "DOE",
            date_of_birth: "1979",
            entity_id: "2021/75051",
            nationalities: ["uy"],
            _links: {
              self: { href: "https://ws-public.interpol.int/notices/v1/red/2021-75051" },
              thumbnail: { href: "https://ws-public.interpol.int/notices/v1/red/2021-75051/images/62311920" },
            },
          },
        ],
      },
      _links: { self: { href: "x" }, next: { href: "https://ws-public.interpol.int/notices/v1/red?&resultPerPage=20&page=2" } },
    });
    const item = normalizeListItem(page._embedded.notices[0]);
    expect(item).toMatchObject({ entityId: "2021/75051", forename: null, birthDate: "1979", birthDatePrecision: "year", nationalities: ["UY"] });
    expect(item.thumbnailHref).toMatch(/62311920$/);
  });

  it("rejects structural breakage: total not a number, notices not an array, bad entity id", () => {
    const ok = { total: 1, query: {}, _embedded: { notices: [] }, _links: {} };
    expect(listPageSchema.safeParse(ok).success).toBe(true);
    expect(listPageSchema.safeParse({ ...ok, total: "1" }).success).toBe(false);
    expect(listPageSchema.safeParse({ ...ok, _embedded: { notices: {} } }).success).toBe(false);
    expect(listPageSchema.safeParse({ ...ok, _embedded: {} }).success).toBe(false);
    expect(listItemSchema.safeParse({ entity_id: "2021-75051", _links: {} }).success).toBe(false);
    expect(detailSchema.safeParse({ entity_id: "2021/75051", arrest_warrants: "none" }).success).toBe(false);
  });
});
