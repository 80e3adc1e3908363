// risk-data:check: the per-data-set summary and the failure on a required country without a
// verified TIP placement (demo seed, fixtures, top sourcing origins).
import { checkRiskData, countriesInSource, formatRiskDataCheck } from "~/domain/risk/check";
import { FIXTURE } from "./risk-fixture";

describe("countriesInSource", () => {
  it("finds client and sourcing countries in seed TypeScript and fixture JSON", () => {
    const ts = `{ name: "A", country: "GT", sourcingCountries: ["MX", "HN"], goods: ["coffee"] }`;
    const json = `{ "country": "CA", "sourcingCountries": ["CN"] }`;
    expect(countriesInSource(ts)).toEqual(["GT", "HN", "MX"]);
    expect(countriesInSource(json)).toEqual(["CA", "CN"]);
    expect(countriesInSource(`{ "sourcingCountries": [] }`)).toEqual([]);
  });
});

describe("checkRiskData", () => {
  it("passes when every required country has a verified placement, and reports each data set", () => {
    const check = checkRiskData(FIXTURE, { demo: ["MX", "CA"], "test fixtures": ["CU"] });
    expect(check.ok).toBe(true);
    expect(check.missing).toEqual([]);
    const tip = check.dataSets.find((d) => d.name === "TIP 2025 placements");
    expect(tip).toMatchObject({ version: "2030-01-31", count: FIXTURE.countries.length });
    expect(tip?.unverified).toBe(FIXTURE.countries.filter((c) => !c.tip.verified || c.tip.tier === null).length);
    expect(formatRiskDataCheck(check)).toContain("every required country has a verified TIP placement");
  });

  it("fails on a required country with a null or unverified tier, or absent, naming the lists that need it", () => {
    const check = checkRiskData(FIXTURE, { demo: ["CN", "MX"], "top 60 sourcing origins": ["CN", "SR", "FR"] });
    expect(check.ok).toBe(false);
    expect(check.missing).toEqual([
      { code: "CN", requiredBy: ["demo", "top 60 sourcing origins"] },
      { code: "FR", requiredBy: ["top 60 sourcing origins"] },
      { code: "SR", requiredBy: ["top 60 sourcing origins"] },
    ]);
    const text = formatRiskDataCheck(check);
    expect(text).toContain("3 required countries lack a verified TIP placement:");
    expect(text).toContain("  CN (demo, top 60 sourcing origins)");
  });

  it("counts the goods lists and their unverified rows", () => {
    const check = checkRiskData(FIXTURE, {});
    const dol = check.dataSets.find((d) => d.name === "DOL 2024 goods");
    expect(dol).toMatchObject({ count: 5, unverified: 3 });
    expect(check.dataSets.find((d) => d.name === "UFLPA sectors")).toMatchObject({ count: 1, unverified: 0 });
  });
});
