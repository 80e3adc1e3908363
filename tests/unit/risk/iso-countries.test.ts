import { ISO_COUNTRIES, isIsoCountry } from "~/domain/risk/iso-countries";

describe("ISO 3166-1 alpha-2 list", () => {
  it("holds 249 unique, sorted, upper-case two-letter codes", () => {
    expect(ISO_COUNTRIES).toHaveLength(249);
    expect(new Set(ISO_COUNTRIES).size).toBe(249);
    expect([...ISO_COUNTRIES].sort()).toEqual(ISO_COUNTRIES);
    for (const code of ISO_COUNTRIES) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it("has a name in English and Spanish for every code (ICU knows them all)", () => {
    const en = new Intl.DisplayNames(["en"], { type: "region" });
    const es = new Intl.DisplayNames(["es"], { type: "region" });
    const unnamed = ISO_COUNTRIES.filter((c) => en.of(c) === c || es.of(c) === c);
    expect(unnamed).toEqual([]);
  });

  it("accepts assigned codes exactly as written and rejects the rest", () => {
    for (const code of ["MX", "US", "CW", "SX", "BQ", "SS", "AQ", "KP"]) expect(isIsoCountry(code)).toBe(true);
    for (const code of ["mx", "Mx", " MX", "XK", "UK", "EU", "ZZ", "", "MEX"]) expect(isIsoCountry(code)).toBe(false);
  });
});
