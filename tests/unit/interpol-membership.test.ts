import { describe, expect, it } from "vitest";
import { certainlyIn, fullBirthDate, learn, ServiceClock, type Known } from "../../jobs/interpol/membership";

const known = (over: Partial<Known> = {}): Known => ({
  nationalities: ["RU"],
  rawName: "IVANOV",
  rawForename: "PETR",
  rawBirthDate: "1980/06/15",
  ...over,
});

describe("ServiceClock", () => {
  it("learns the day the service counts ages from, from its own answers", () => {
    const c = new ServiceClock();
    expect(c.known).toBe(false);
    // Born 1980-06-15, listed as 45: the service's day is in [2025-06-15, 2026-06-14].
    c.observe("1980/06/15", 45, 45);
    expect(c.known).toBe(false);
    // Born 1981-01-10, listed as 45: day >= 2026-01-10. Born 1980-02-01, listed as 46: day >= 2026-02-01.
    c.observe("1981/01/10", 45, 45);
    c.observe("1980/02/01", 46, 46);
    // Born 1981-03-01, listed as 44: day < 2026-03-01.
    c.observe("1981/03/01", 44, 44);
    expect(c.known).toBe(true);
    expect(c.ageOf("1970/12/25")).toBe(55);
    // A birthday inside the uncertain days: no certain age.
    expect(c.ageOf("1970/02/15")).toBeNull();
    // Partial dates never give a certain age: how the service counts them is unknown.
    expect(c.ageOf("1970")).toBeNull();
    expect(c.ageOf("1970/05")).toBeNull();
  });

  it("gives up on birth dates when the service's answers disagree with this way of counting", () => {
    const c = new ServiceClock();
    c.observe("1980/06/15", 45, 45);
    c.observe("1980/06/15", 30, 30);
    expect(c.consistent).toBe(false);
    expect(c.ageOf("1970/12/25")).toBeNull();
  });

  it("reads only full birth dates", () => {
    expect(fullBirthDate("1980/06/15")).toEqual({ y: 1980, m: 6, d: 15 });
    expect(fullBirthDate("1980/06")).toBeNull();
    expect(fullBirthDate("1980/13/01")).toBeNull();
    expect(fullBirthDate(null)).toBeNull();
  });
});

describe("certainlyIn", () => {
  it("counts a notice only where what it is known to be puts it", () => {
    const c = new ServiceClock();
    const k = known();
    expect(certainlyIn(k, { nationality: "RU" }, c)).toBe(true);
    expect(certainlyIn(k, { nationality: "UA" }, c)).toBe(false);
    // Sex and warrants are not in the lists: unknown until a query or the detail says.
    expect(certainlyIn(k, { nationality: "RU", sexId: "M" }, c)).toBe(false);
    learn(k, { nationality: "RU", sexId: "M", ageMin: 40, ageMax: 49 }, c);
    expect(certainlyIn(k, { nationality: "RU", sexId: "M" }, c)).toBe(true);
    expect(certainlyIn(k, { sexId: "M", ageMin: 40, ageMax: 49 }, c)).toBe(true);
    // Inside a wider range, yes; inside a narrower one, not known.
    expect(certainlyIn(k, { sexId: "M", ageMin: 30, ageMax: 59 }, c)).toBe(true);
    expect(certainlyIn(k, { sexId: "M", ageMin: 45, ageMax: 49 }, c)).toBe(false);
    expect(certainlyIn(k, { arrestWarrantCountryId: "RU" }, c)).toBe(false);
    expect(certainlyIn({ ...k, warrantCountries: ["RU"] }, { arrestWarrantCountryId: "RU" }, c)).toBe(true);
    // Name lengths as listed.
    expect(certainlyIn(k, { nationality: "RU", name: "^......$" }, c)).toBe(true);
    expect(certainlyIn(k, { nationality: "RU", name: "^.......$" }, c)).toBe(false);
    expect(certainlyIn(k, { nationality: "RU", forename: "^...." }, c)).toBe(true);
    expect(certainlyIn({ ...k, rawForename: null }, { nationality: "RU", forename: "^." }, c)).toBe(false);
    // Without a birth date, never inside an age range.
    expect(certainlyIn({ ...k, rawBirthDate: null }, { ageMin: 0, ageMax: 150 }, c)).toBe(false);
  });
});
