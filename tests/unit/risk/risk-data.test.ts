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
    expect(new Set([countriesJson.dataVersion, sectorsJson.dataVersion, goodsJson.dataVersion])).toEqual(new Set(["2026-11-26"]));
    expect(RISK_DATA.dataVersion).toBe("2026-11-26");
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

  it("records a null tier as unverified, never as a guess", () => {
    const nullTiers = RISK_DATA.countries.filter((c) => c.tip.tier === null);
    for (const c of nullTiers) expect(c.tip.verified).toBe(false);
    expect(nullTiers.map((c) => c.code).sort()).toEqual(
      [...SOURCING, "DM", "GD", "KN", "SX", "MR", "SA", "TJ", "AE", "AF", "KW"].sort(),
    );
  });

  it("holds exactly the TIP tiers DOMAIN-RESEARCH §2.2 states", () => {
    const tiers = Object.fromEntries(
      RISK_DATA.countries.filter((c) => c.tip.tier !== null).map((c) => [c.code, `${c.tip.tier} ${c.tip.source}`]),
    );
    expect(tiers).toEqual({
      AG: "2 TIP 2023", AR: "1 TIP 2023", BS: "1 TIP 2023", BB: "2 TIP 2023", BZ: "2 TIP 2023", BO: "2WL TIP 2023",
      BR: "2WL TIP 2025", CA: "1 TIP 2023", CL: "1 TIP 2023", CO: "1 TIP 2023", CR: "2 TIP 2023", CU: "3 TIP 2025",
      DO: "2WL TIP 2024", EC: "2 TIP 2023", SV: "2 TIP 2024", GT: "2 TIP 2023", GY: "1 TIP 2023", HT: "2WL TIP 2023",
      HN: "2 TIP 2023", JM: "2 TIP 2023", MX: "2 TIP 2023", NI: "3 TIP 2024", PA: "2 TIP 2023", PY: "2 TIP 2023",
      PE: "2 TIP 2023", LC: "2 TIP 2023", VC: "2 TIP 2023", SR: "2 TIP 2023", TT: "2 TIP 2025", US: "1 TIP 2025",
      UY: "2 TIP 2023", VE: "3 TIP 2024", AW: "2 TIP 2024", CW: "2WL TIP 2024",
    });
    expect(byCode.get("HT")?.tip.verified).toBe(false);
    expect(byCode.get("SR")?.tip.verified).toBe(false);
  });

  it("holds exactly the GSI figures DOMAIN-RESEARCH §2.1 states", () => {
    const gsi = Object.fromEntries(
      RISK_DATA.countries.flatMap((c) =>
        c.gsi === null ? [] : [[c.code, [c.gsi.prevalencePer1000, c.gsi.topQuartile, c.gsi.leastAction, c.gsi.source]]],
      ),
    );
    const top10 = (p: number | null) => [p, true, null, "GSI 2023"];
    expect(gsi).toEqual({
      KP: top10(104.6), ER: top10(90.3), MR: top10(32), SA: top10(null), TR: top10(null), TJ: top10(null),
      AE: top10(null), RU: top10(null), AF: top10(null), KW: top10(null),
      VE: [5.6, null, null, "GSI 2018"], HT: [5.6, null, null, "GSI 2018"], DO: [4, null, null, "GSI 2018"],
      CU: [3.8, null, null, "GSI 2018"],
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
    [2, "retail, logistics, hospitality", ["47", "49", "50", "51", "52", "53", "55", "56"]],
    [3, "manufacturing, construction, cleaning, care, domestic, fishing", ["03", "10", "11", "12", "16", "20", "23", "25", "27", "29", "33", "41", "42", "43", "81", "87", "88", "97"]],
    [4, "agriculture, mining, garments/textiles, electronics", ["01", "05", "06", "07", "08", "09", "13", "14", "26"]],
  ])("class %i, named by §5.5 (%s), is verified", (cls, _label, codes) => {
    const byCode = new Map(RISK_DATA.sectors.map((s) => [s.code, s]));
    for (const code of codes) expect(byCode.get(code), code).toMatchObject({ riskClass: cls, verified: true });
  });

  it("marks classes assigned by analogy as unverified, with a note", () => {
    const analogy = RISK_DATA.sectors.filter((s) => !s.verified);
    expect(analogy).toHaveLength(33);
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

  it("holds the DOL goods, UFLPA priority sectors and GSI top-5 products the research names", () => {
    const byList = (list: string) => RISK_DATA.goods.filter((g) => g.list === list).map((g) => g.good).sort();
    expect(byList("dol")).toEqual(
      ["bricks", "carpets", "cattle", "coal", "coffee", "cotton", "diamonds", "fireworks", "fish", "footwear", "garments", "gold", "rice", "sugarcane", "textiles", "tobacco"],
    );
    expect(byList("uflpa")).toEqual(["cotton", "polysilicon", "tomatoes"]);
    expect(byList("gsi-top5")).toEqual(["electronics", "garments", "palm oil", "solar panels", "textiles"]);
    for (const g of RISK_DATA.goods.filter((e) => e.list === "dol")) {
      expect(g).toMatchObject({ country: null, forcedLabour: null, childLabour: null, verified: false });
    }
  });
});

describe("schema errors name the file and the entry", () => {
  it("rejects an unverified record without a note", () => {
    const bad = clone(countriesJson) as { entries: Array<{ tip: { note?: string } }> };
    const first = bad.entries.findIndex((e) => e.tip.note !== undefined && (e as unknown as { code: string }).code === "DM");
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
    b.tip.tier = "4";
    c.code = "XK";
    let message = "";
    try {
      parseRiskFile(CountriesFileSchema, bad, "countries.json");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("entry 0 (AG) field tip.verified: a null tier cannot be verified");
    expect(message).toContain("entry 1 (AR) field tip.tier");
    expect(message).toContain("entry 2 (XK) field code: country code is not an ISO 3166-1 alpha-2 code");
  });

  it("rejects a duplicate country", () => {
    const bad = clone(countriesJson) as { entries: Array<{ code: string }> };
    const [a, b] = bad.entries;
    if (!a || !b) throw new Error("fixture too short");
    b.code = a.code;
    expect(() => parseRiskFile(CountriesFileSchema, bad, "countries.json")).toThrow("entry 1 (AG): duplicate country entry AG");
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
    if (bad.entries[0]) bad.entries[0].good = "Sugarcane";
    expect(() => parseRiskFile(GoodsFileSchema, bad, "goods.json")).toThrow(/goods\.json:\n- entry 0 \(Sugarcane\) field good: a good is a lower-case name/);
  });

  it("rejects files whose dataVersion differ", () => {
    const countries = CountriesFileSchema.parse(countriesJson);
    const sectors = SectorsFileSchema.parse({ ...sectorsJson, dataVersion: "2027-01-01" });
    const goods = GoodsFileSchema.parse(goodsJson);
    expect(() => assembleRiskData(countries, sectors, goods)).toThrow(/disagree on dataVersion.*sectors\.json 2027-01-01/);
  });
});
