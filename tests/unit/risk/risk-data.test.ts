// The shipped risk data: it validates, covers what issue 5 asks for, and holds only the figures
// DOMAIN-RESEARCH.md states (a snapshot of them below, so an edit shows up as a test change).
import countriesJson from "~/domain/risk/data/countries.json";
import goodsJson from "~/domain/risk/data/goods.json";
import sectorsJson from "~/domain/risk/data/sectors.json";
import {
  CountriesFileSchema,
  GoodsFileSchema,
  SectorsFileSchema,
  parseRiskFile,
} from "~/domain/risk/data-schema";
import { isIsoCountry } from "~/domain/risk/iso-countries";
import { RISK_DATA, assembleRiskData } from "~/domain/risk/risk-data";

const AMERICAS_35 = [
  "AG", "AR", "BS", "BB", "BZ", "BO", "BR", "CA", "CL", "CO", "CR", "CU", "DM", "DO", "EC", "SV", "GD", "GT",
  "GY", "HT", "HN", "JM", "MX", "NI", "PA", "PY", "PE", "KN", "LC", "VC", "SR", "TT", "US", "UY", "VE",
];
const SOURCING = ["CN", "IN", "BD", "VN", "MY", "TH", "ID", "TR", "PK", "PH", "KH", "MM", "UZ", "TM", "KP", "RU", "ER"];

const ISIC_DIVISIONS = [
  "01", "02", "03", "05", "06", "07", "08", "09",
  ...Array.from({ length: 24 }, (_, i) => String(10 + i)),
  "35", "36", "37", "38", "39", "41", "42", "43", "45", "46", "47", "49", "50", "51", "52", "53", "55", "56",
  "58", "59", "60", "61", "62", "63", "64", "65", "66", "68", "69", "70", "71", "72", "73", "74", "75",
  "77", "78", "79", "80", "81", "82", "84", "85", "86", "87", "88", "90", "91", "92", "93", "94", "95", "96",
  "97", "98", "99",
];

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe("data files", () => {
  it("each validates against its schema", () => {
    expect(CountriesFileSchema.safeParse(countriesJson).success).toBe(true);
    expect(SectorsFileSchema.safeParse(sectorsJson).success).toBe(true);
    expect(GoodsFileSchema.safeParse(goodsJson).success).toBe(true);
  });

  it("share one dataVersion, which the loaded data carries", () => {
    expect(new Set([countriesJson.dataVersion, sectorsJson.dataVersion, goodsJson.dataVersion])).toEqual(new Set(["2026-12-01"]));
    expect(RISK_DATA.dataVersion).toBe("2026-12-01");
    expect(Object.isFrozen(RISK_DATA.countries[0])).toBe(true);
  });

  it("give every unverified record a note", () => {
    const records = [
      ...RISK_DATA.countries.flatMap((c) => (c.gsi === null ? [c.tip] : [c.tip, c.gsi])),
      ...RISK_DATA.sectors,
      ...RISK_DATA.goods,
    ];
    for (const r of records) {
      expect(r.source).toMatch(/\S/);
      if (!r.verified) expect(r.note).toMatch(/\S/);
    }
  });
});

describe("countries.json", () => {
  const byCode = new Map(RISK_DATA.countries.map((c) => [c.code, c]));

  it("covers all 35 countries of the Americas and the main sourcing countries", () => {
    expect(AMERICAS_35).toHaveLength(35);
    for (const code of [...AMERICAS_35, ...SOURCING]) expect(byCode.has(code), code).toBe(true);
    for (const code of byCode.keys()) expect(isIsoCountry(code)).toBe(true);
  });

  it("holds every ISO 3166-1 code once, with its TIP region and both editions", () => {
    expect(RISK_DATA.countries).toHaveLength(249);
    for (const c of RISK_DATA.countries) {
      expect(c.tip).toMatchObject({ source: "TIP 2025", year: 2025 });
      expect(c.tipPrevious).toMatchObject({ source: "TIP 2024", year: 2024 });
      expect(c.tip.reportUrl).toMatch(/^https:\/\/www\.state\.gov\/reports\/2025-trafficking-in-persons-report\//);
    }
    expect(byCode.get("MX")?.region).toBe("WHA");
    expect(byCode.get("CN")?.region).toBe("EAP");
  });

  it("records an unknown placement as a null tier with a note, never as a guess, and a verified one with its URL", () => {
    for (const c of RISK_DATA.countries) {
      for (const t of [c.tip, c.tipPrevious!]) {
        if (t.tier === null) {
          expect(t.verified).toBe(false);
          expect(t.note).toMatch(/\S/);
        } else {
          expect(t.verified).toBe(true);
          expect(t.sourceUrl).toMatch(/^https?:\/\//);
        }
      }
    }
    expect(RISK_DATA.countries.filter((c) => c.tip.verified)).toHaveLength(108);
    expect(RISK_DATA.countries.filter((c) => c.tipPrevious?.verified === true)).toHaveLength(122);
  });

  it("holds the TIP 2025 placements the domain review corrected (table (b))", () => {
    const tier = (code: string) => byCode.get(code)?.tip.tier;
    for (const code of ["CN", "RU", "MM", "KP", "ER", "KH", "CU", "NI", "VE", "IR", "SY", "BY", "AF", "SS", "SD"]) expect(tier(code), code).toBe("3");
    expect(tier("HT")).toBe("special-case");
    expect(tier("CO")).toBe("2");
    expect(tier("DO")).toBe("2");
    expect(tier("TM")).toBe("2WL");
    expect(tier("BR")).toBe("2WL");
    for (const code of ["IN", "BD", "MY", "TH", "UZ", "VN", "ID", "MX", "PE", "UY", "PK"]) expect(tier(code), code).toBe("2");
    for (const code of ["US", "CA", "AR", "TW", "KR", "PH", "SG"]) expect(tier(code), code).toBe("1");
    expect(byCode.get("DO")?.tipPrevious?.tier).toBe("2WL");
    expect(byCode.get("TM")?.tipPrevious?.tier).toBe("3");
    expect(byCode.get("CO")?.tipPrevious?.tier).toBe("1");
  });

  it("holds the complete TIP 2025 Tier 1 list: 33 countries, including Chile, France and the Netherlands", () => {
    const tier1 = RISK_DATA.countries.filter((c) => c.tip.tier === "1").map((c) => c.code).sort();
    expect(tier1).toEqual([
      "AR", "AT", "AU", "BE", "BH", "BS", "CA", "CL", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB",
      "GE", "GY", "IS", "KR", "LT", "LU", "NL", "PH", "PL", "SC", "SE", "SG", "SI", "SR", "TW", "US",
    ]);
    expect(byCode.get("CO")?.tip.tier).toBe("2");
  });

  it("holds the complete TIP 2024 Tier 1 list: the 2025 list with Colombia and without Slovenia", () => {
    const tier1 = RISK_DATA.countries.filter((c) => c.tipPrevious?.tier === "1").map((c) => c.code).sort();
    expect(tier1).toEqual([
      "AR", "AT", "AU", "BE", "BH", "BS", "CA", "CL", "CO", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR",
      "GB", "GE", "GY", "IS", "KR", "LT", "LU", "NL", "PH", "PL", "SC", "SE", "SG", "SR", "TW", "US",
    ]);
    expect(byCode.get("SI")?.tipPrevious?.tier).not.toBe("1");
  });

  it("holds the GSI 2023 figures that could be verified, and no GSI 2018 figure", () => {
    const gsi = Object.fromEntries(
      RISK_DATA.countries.flatMap((c) => (c.gsi === null ? [] : [[c.code, [c.gsi.prevalencePer1000, c.gsi.topQuartile, c.gsi.source]]])),
    );
    const top10 = (p: number | null) => [p, true, "GSI 2023"];
    expect(gsi).toEqual({
      KP: top10(104.6), ER: top10(90.3), MR: top10(32), SA: top10(null), TR: top10(null), TJ: top10(null),
      AE: top10(null), RU: top10(null), AF: top10(null), KW: top10(null), IN: [8, null, "GSI 2023"],
    });
  });
});

describe("sectors.json", () => {
  it("holds all 88 ISIC Rev. 4 divisions, each once, with English and Spanish names", () => {
    expect(ISIC_DIVISIONS).toHaveLength(88);
    expect(RISK_DATA.sectors.map((s) => s.code).sort()).toEqual(ISIC_DIVISIONS);
    expect(new Set(RISK_DATA.sectors.map((s) => s.name.en)).size).toBe(88);
    expect(new Set(RISK_DATA.sectors.map((s) => s.name.es)).size).toBe(88);
  });

  it("puts each division in its ISIC section", () => {
    const section = Object.fromEntries(RISK_DATA.sectors.map((s) => [s.code, s.section]));
    expect([section["01"], section["05"], section["10"], section["33"], section["35"], section["41"]]).toEqual(["A", "B", "C", "C", "D", "F"]);
    expect([section["64"], section["86"], section["97"], section["99"]]).toEqual(["K", "Q", "T", "U"]);
  });

  it.each<[number, string, string[]]>([
    [1, "professional services/finance", ["64", "65", "66", "69", "70", "71", "72", "73", "74", "75"]],
    [2, "retail, logistics", ["47", "49", "50", "51", "52", "53"]],
    [3, "manufacturing, construction, cleaning, care, hospitality (O14)", ["10", "11", "12", "16", "20", "23", "25", "27", "29", "33", "41", "42", "43", "55", "56", "81", "87", "88"]],
    [4, "agriculture, mining, garments/textiles, electronics, fishing, labour providers, domestic work (O14)", ["01", "03", "05", "06", "07", "08", "09", "13", "14", "26", "78", "97"]],
  ])("class %i, named by §5.5 (%s), is verified", (cls, _label, codes) => {
    const byCode = new Map(RISK_DATA.sectors.map((s) => [s.code, s]));
    for (const code of codes) expect(byCode.get(code), code).toMatchObject({ riskClass: cls, verified: true });
  });

  it("marks classes assigned by analogy as unverified, with a note", () => {
    const analogy = RISK_DATA.sectors.filter((s) => !s.verified);
    expect(analogy).toHaveLength(32);
    for (const s of analogy) expect(s.note).toMatch(/^§5\.5 .* by analogy/);
  });
});

describe("goods.json", () => {
  it("spells goods in lower case and ties country-specific listings to ISO codes", () => {
    for (const g of RISK_DATA.goods) {
      expect(g.good).toBe(g.good.toLowerCase());
      if (g.country !== null) expect(isIsoCountry(g.country)).toBe(true);
    }
  });

  it("holds DOL (good, country) rows, all UFLPA priority sectors and the GSI top-5 products", () => {
    const byList = (list: string) => RISK_DATA.goods.filter((g) => g.list === list);
    const pairs = byList("dol").filter((g) => g.country !== null).map((g) => `${g.good} ${g.country}`);
    expect(pairs).toEqual(expect.arrayContaining(["coffee GT", "broccoli GT", "tomatoes MX", "chile peppers MX", "coffee BR", "gold VE", "sugar products DO"]));
    expect(byList("dol").find((g) => g.good === "tomatoes" && g.country === "MX")).toMatchObject({ childLabour: true, forcedLabour: true, verified: true });
    expect(byList("dol").find((g) => g.good === "sugar products")).toMatchObject({ downstream: true, firstListed: 2024 });
    for (const g of byList("dol").filter((e) => e.country === null)) expect(g).toMatchObject({ forcedLabour: null, childLabour: null, verified: false });
    expect(byList("uflpa").map((g) => g.good).sort()).toEqual(
      ["aluminum", "apparel", "caustic soda", "copper", "cotton", "lithium", "polysilicon", "polyvinyl chloride", "red dates", "seafood", "steel", "tomatoes"],
    );
    expect(byList("gsi-top5").map((g) => g.good).sort()).toEqual(["electronics", "garments", "palm oil", "solar panels", "textiles"]);
  });
});

describe("schema errors name the file and the entry", () => {
  it("rejects an unverified record without a note", () => {
    const bad = clone(countriesJson) as { entries: Array<{ tip: { note?: string } }> };
    const first = bad.entries.findIndex((e) => e.tip.note !== undefined && (e as unknown as { code: string }).code === "DM");
    expect(first).toBeGreaterThan(-1);
    delete bad.entries[first]?.tip.note;
    expect(() => parseRiskFile(CountriesFileSchema, bad, "countries.json")).toThrow(
      new RegExp(`Invalid risk data file countries.json:\\n- entry ${first} \\(DM\\) field tip.note: an unverified record needs a note`),
    );
  });

  it("rejects a verified null tier, an unknown tier and a non-ISO code", () => {
    const bad = clone(countriesJson) as { entries: Array<Record<string, unknown> & { tip: Record<string, unknown> }> };
    const [a, b, c] = bad.entries;
    if (!a || !b || !c) throw new Error("fixture too short");
    a.tip.tier = null;
    a.tip.verified = true;
    b.tip.tier = "4";
    c.code = "XK";
    let message = "";
    try {
      parseRiskFile(CountriesFileSchema, bad, "countries.json");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("entry 0 (AD) field tip.verified: a null tier cannot be verified");
    expect(message).toContain("entry 1 (AE) field tip.tier");
    expect(message).toContain("entry 2 (XK) field code: country code is not an ISO 3166-1 alpha-2 code");
  });

  it("rejects a duplicate country", () => {
    const bad = clone(countriesJson) as { entries: Array<{ code: string }> };
    const [a, b] = bad.entries;
    if (!a || !b) throw new Error("fixture too short");
    b.code = a.code;
    expect(() => parseRiskFile(CountriesFileSchema, bad, "countries.json")).toThrow("entry 1 (AD): duplicate country entry AD");
  });

  it("rejects a sector class outside 1-4 and a missing source", () => {
    const bad = clone(sectorsJson) as { entries: Array<Record<string, unknown>> };
    const [a, b] = bad.entries;
    if (!a || !b) throw new Error("fixture too short");
    a.riskClass = 5;
    delete b.source;
    expect(() => parseRiskFile(SectorsFileSchema, bad, "sectors.json")).toThrow(/entry 0 \(01\) field riskClass[\s\S]*entry 1 \(02\) field source/);
  });

  it("rejects a good not spelled in lower case", () => {
    const bad = clone(goodsJson) as { entries: Array<Record<string, unknown>> };
    if (bad.entries[0]) bad.entries[0].good = "Coffee";
    expect(() => parseRiskFile(GoodsFileSchema, bad, "goods.json")).toThrow(/goods\.json:\n- entry 0 \(Coffee GT\) field good: a good is a lower-case name/);
  });

  it("rejects files whose dataVersion differ", () => {
    const countries = CountriesFileSchema.parse(countriesJson);
    const sectors = SectorsFileSchema.parse({ ...sectorsJson, dataVersion: "2027-01-01" });
    const goods = GoodsFileSchema.parse(goodsJson);
    expect(() => assembleRiskData(countries, sectors, goods)).toThrow(/disagree on dataVersion.*sectors\.json 2027-01-01/);
  });
});
