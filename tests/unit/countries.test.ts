// Country names through i18n-iso-countries, and Interpol's special issuers kept apart.
import { describe, expect, it } from "vitest";
import { COUNTRIES, COUNTRY_CODES, countryCode, countryLabel, countryName, isCountryCode } from "../../lib/countries";
import { SPECIAL_ISSUER_CODES, isSpecialIssuer } from "../../lib/special-issuers";

describe("lib/countries", () => {
  it("lists the ISO 3166-1 alpha-2 set, and no special issuer", () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(COUNTRY_CODES).toContain("RU");
    expect(COUNTRY_CODES).not.toContain("XK");
    for (const code of SPECIAL_ISSUER_CODES) {
      expect(isCountryCode(code)).toBe(false);
      expect(COUNTRIES.some((c) => c.code === code)).toBe(false);
    }
  });

  it("names codes in plain English, and in French, Spanish and Russian", () => {
    expect(countryName("RU")).toBe("Russia");
    expect(countryName("CN")).toBe("China");
    expect(countryName("GB")).toBe("United Kingdom");
    expect(countryName("CI")).toBe("Côte d'Ivoire");
    expect(countryName("CD")).not.toBe(countryName("CG"));
    expect(countryName("RU", "fr")).toBe("Russie");
    expect(countryName("RU", "es")).toBe("Rusia");
    expect(countryName("TR", "ru")).toBe("Турция");
    expect(countryName("914")).toBe("International Criminal Court");
    expect(countryLabel("RU")).toBe("Russia (RU)");
    expect(countryLabel(null)).toBe("—");
    expect(countryName("ZZ")).toBeUndefined();
  });

  it("finds the code for a name people type", () => {
    expect(countryCode("Russia")).toBe("RU");
    expect(countryCode("russian federation")).toBe("RU");
    expect(countryCode("Россия")).toBe("RU");
    expect(countryCode("Türkiye")).toBe("TR");
    expect(countryCode("Turkey")).toBe("TR");
    expect(countryCode("turkiye")).toBe("TR");
    expect(countryCode("China")).toBe("CN");
    expect(countryCode("USA")).toBe("US");
    expect(countryCode("RUS")).toBe("RU");
    expect(countryCode("de")).toBe("DE");
    expect(countryCode("ICC")).toBe("914");
    expect(countryCode("Kosovo")).toBe("UNK");
    expect(countryCode("Congo")).toBeUndefined(); // two countries
    expect(countryCode("Narnia")).toBeUndefined();
    expect(isSpecialIssuer(" unk ")).toBe(true);
  });
});
