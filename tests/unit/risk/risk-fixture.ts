// Hand-made risk data for the model's unit tests: every TIP tier, GSI flag and goods list case
// once, with values chosen for the test (not real-world figures), so each rule is checked
// independently of the shipped data.
import type { CountryEntry, GoodsEntry, SectorEntry, TipTier } from "~/domain/risk/data-schema";
import type { RiskData } from "~/domain/risk/risk-data";

type Gsi = CountryEntry["gsi"];

const NO_FLAGS: Gsi = { prevalencePer1000: null, topQuartile: false, leastAction: false, source: "GSI 2023", year: 2023, verified: true };

const REGION: Record<string, CountryEntry["region"]> = { TR: "EUR", RU: "EUR", ER: "AF", KP: "EAP", CN: "EAP", IN: "SCA", PK: "SCA", BT: "SCA" };

function country(code: string, tier: TipTier | null, gsi: Gsi = NO_FLAGS, tipVerified = tier !== null): CountryEntry {
  return {
    code,
    region: REGION[code] ?? "WHA",
    tip: { tier, source: "TIP 2025", year: 2025, verified: tipVerified, ...(tipVerified ? {} : { note: "test: unverified" }) },
    gsi,
  };
}

function sector(code: string, riskClass: 1 | 2 | 3 | 4, verified = true): SectorEntry {
  return {
    code,
    section: "A",
    name: { en: `Division ${code}`, es: `División ${code}` },
    riskClass,
    basis: { en: `basis ${code}`, es: `base ${code}` },
    source: "DOMAIN-RESEARCH §5.5",
    year: 2026,
    verified,
    ...(verified ? {} : { note: "test: by analogy" }),
  };
}

function good(good: string, list: GoodsEntry["list"], country: string | null, verified = true): GoodsEntry {
  const source = list === "dol" ? "DOL 2024" : list === "uflpa" ? "UFLPA 2022" : "GSI 2023";
  return {
    good,
    list,
    country,
    forcedLabour: list === "gsi-top5" ? null : true,
    childLabour: list === "dol" ? true : null,
    source,
    year: Number(source.slice(-4)),
    verified,
    ...(verified ? {} : { note: "test: unverified" }),
  };
}

export const FIXTURE: RiskData = {
  dataVersion: "2030-01-31",
  countries: [
    country("CA", "1"),
    country("MX", "2"),
    country("BR", "2WL"),
    country("CU", "3", null),
    country("HT", "special-case", null),
    country("TR", "2", { ...NO_FLAGS, topQuartile: true }),
    country("VE", "2WL", { ...NO_FLAGS, leastAction: true }),
    country("ER", "2WL", { ...NO_FLAGS, topQuartile: true, leastAction: true }),
    country("KP", "3", { ...NO_FLAGS, topQuartile: true }),
    country("RU", "special-case", { ...NO_FLAGS, leastAction: true }),
    country("CN", null),
    country("SR", "1", NO_FLAGS, false),
    country("GT", "2", null),
    country("AR", "1", { ...NO_FLAGS, topQuartile: null, leastAction: false }),
    country("PE", "2", { ...NO_FLAGS, topQuartile: true, verified: false, note: "test: unverified GSI" }),
    // South and Central Asia: worst verified tier is Tier 2, below the rubric's default.
    country("IN", "2"),
    country("PK", null),
    country("BT", "1", NO_FLAGS, false),
  ],
  sectors: [sector("64", 1), sector("47", 2), sector("10", 3), sector("01", 4), sector("45", 2, false)],
  goods: [
    good("coffee", "dol", "GT"),
    good("coffee", "dol", "MX", false),
    good("bricks", "dol", "IN"),
    good("gold", "dol", null, false),
    good("cotton", "uflpa", "CN"),
    good("palm oil", "gsi-top5", null),
    good("sugarcane", "dol", "BR", false),
  ],
};
