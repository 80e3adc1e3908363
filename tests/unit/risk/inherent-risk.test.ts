// The §5.5 inherent-risk model, rule by rule, on hand-made data (risk-fixture.ts), then a few
// cases on the shipped data.
import {
  INHERENT_MAX,
  countryName,
  goodsList,
  inherentLevel,
  inherentRisk,
  sectorName,
  sectors,
  type InherentRisk,
  type InherentRiskComponent,
  type InherentRiskInput,
} from "~/domain/risk/inherent-risk";
import { FIXTURE } from "./risk-fixture";

function run(input: Partial<InherentRiskInput>): InherentRisk {
  return inherentRisk({ country: "CA", sector: "64", sourcingCountries: [], goods: [], ...input }, FIXTURE);
}

function component(result: InherentRisk, kind: InherentRiskComponent["kind"]): InherentRiskComponent {
  const found = result.components.find((c) => c.kind === kind);
  if (found === undefined) throw new Error(`no ${kind} component`);
  return found;
}

const countryOf = (input: Partial<InherentRiskInput>) => component(run(input), "country");
const sectorOf = (input: Partial<InherentRiskInput>) => component(run(input), "sector");
const goodsOf = (input: Partial<InherentRiskInput>) => component(run(input), "goods");

describe("country component: TIP tier points", () => {
  it.each([
    ["CA", "Tier 1", 1],
    ["MX", "Tier 2", 2],
    ["BR", "Tier 2 Watch List", 4],
    ["CU", "Tier 3", 6],
    ["HT", "Special Case", 6],
  ] as const)("%s (%s) scores %i, verified, with its TIP edition", (code, label, points) => {
    const c = countryOf({ country: code });
    expect(c).toMatchObject({ value: code, points, source: "TIP 2025", year: 2025, verified: true });
    expect(c.explanation).toContain(`${label} in TIP 2025 = ${points}`);
    expect(c.explanation).toContain(countryName(code, "en"));
  });
});

describe("country component: GSI +1 and its cap", () => {
  it("adds 1 for GSI top-quartile prevalence", () => {
    const c = countryOf({ country: "TR" });
    expect(c).toMatchObject({ points: 3, source: "TIP 2025; GSI 2023", verified: true });
    expect(c.explanation).toContain("+1 for GSI 2023 top quartile of prevalence");
  });

  it("adds 1 for the GSI least-action group", () => {
    const c = countryOf({ country: "VE" });
    expect(c.points).toBe(5);
    expect(c.explanation).toContain("least-action group");
  });

  it("adds only 1 when both GSI flags are set", () => {
    expect(countryOf({ country: "ER" }).points).toBe(5);
  });

  it("never goes above 6", () => {
    const tier3 = countryOf({ country: "KP" });
    expect(tier3.points).toBe(6);
    expect(tier3.explanation).toContain("capped at 6");
    expect(countryOf({ country: "RU" }).points).toBe(6);
  });

  it("adds nothing for missing GSI flags and says the result is not verified", () => {
    const noGsi = countryOf({ country: "GT" });
    expect(noGsi).toMatchObject({ points: 2, verified: false });
    expect(noGsi.explanation).toContain("GSI top-quartile and least-action flags missing or unconfirmed for GT");
    expect(countryOf({ country: "AR" })).toMatchObject({ points: 1, verified: false });
  });

  it("applies an unverified GSI flag but marks the component unverified", () => {
    const c = countryOf({ country: "PE" });
    expect(c).toMatchObject({ points: 3, verified: false });
    expect(c.explanation).toContain("(not verified)");
  });

  it("needs no GSI flags once the tier alone reaches 6", () => {
    expect(countryOf({ country: "CU" }).verified).toBe(true);
  });
});

describe("country component: no verified TIP placement (ADR 004)", () => {
  it("counts a null tier as the worst verified tier of its region, says manual review and cites no TIP edition", () => {
    const r = run({ country: "CN" });
    const c = component(r, "country");
    // CN is in East Asia and Pacific, where the fixture's KP is a verified Tier 3.
    expect(c).toMatchObject({ value: "CN", points: 6, verified: false, source: "no verified TIP placement (manual review)", year: 2030 });
    expect(c.source).not.toMatch(/TIP \d{4}/);
    expect(c.explanation).toContain("China (CN, client's country): no verified TIP placement — manual review; counted as Tier 3, the worst verified tier in the East Asia and Pacific region = 6");
    expect(c.explanationEs).toContain("sin nivel TIP verificado — revisión manual; se cuenta como Nivel 3, el peor nivel verificado en la región Asia Oriental y el Pacífico = 6");
    expect(r.reviewFlags).toEqual([expect.objectContaining({ code: "tip-placement-unverified", countries: ["CN"] })]);
    expect(r.reviewFlags[0]!.message).toContain("No verified TIP placement for China (CN)");
    expect(r.reviewFlags[0]!.messageEs).toContain("Sin nivel TIP verificado para China (CN)");
  });

  it("keeps the rubric's default of 4 when the region's worst verified tier is lower", () => {
    // South and Central Asia in the fixture: IN Tier 2 verified, BT Tier 1 unverified.
    const c = countryOf({ country: "PK" });
    expect(c).toMatchObject({ value: "PK", points: 4, verified: false });
    expect(c.explanation).toContain("counted as Tier 2 Watch List, the rubric's default = 4");
  });

  it("treats an unverified tier as no placement: its value is never used", () => {
    const c = countryOf({ country: "BT" });
    expect(c).toMatchObject({ value: "BT", points: 4, verified: false });
    expect(c.explanation).not.toContain("Tier 1");
    const sr = run({ country: "SR" });
    expect(component(sr, "country")).toMatchObject({ points: 6, verified: false });
    expect(sr.reviewFlags[0]!.countries).toEqual(["SR"]);
  });

  it("counts a country absent from the data as the worst verified tier of any region", () => {
    const r = run({ country: "FR" });
    expect(component(r, "country")).toMatchObject({ value: "FR", points: 6, verified: false, source: "no verified TIP placement (manual review)" });
    expect(component(r, "country").explanation).toContain("the worst verified tier in any region = 6");
    expect(r.reviewFlags[0]!.countries).toEqual(["FR"]);
  });

  it("flags every considered country without a placement, even when another country drives the points", () => {
    const r = run({ country: "CU", sourcingCountries: ["PK", "MX", "FR"] });
    expect(component(r, "country")).toMatchObject({ value: "CU", points: 6, source: "TIP 2025" });
    expect(r.reviewFlags).toHaveLength(1);
    expect(r.reviewFlags[0]!.countries).toEqual(["PK", "FR"]);
  });

  it("raises no review flag when every considered country has a verified placement", () => {
    expect(run({ country: "MX", sourcingCountries: ["CA", "BR"] }).reviewFlags).toEqual([]);
  });

  it("treats no country at all as the worst verified tier of any region, with a review flag", () => {
    const r = run({ country: " ", sourcingCountries: [] });
    expect(component(r, "country")).toMatchObject({ value: "", points: 6, verified: false });
    expect(r.reviewFlags[0]).toMatchObject({ code: "tip-placement-unverified", countries: [] });
  });
});

describe("country component: worst of the client's and sourcing countries", () => {
  it("takes the worst sourcing country and names it", () => {
    const c = countryOf({ country: "MX", sourcingCountries: ["CA", "BR"] });
    expect(c).toMatchObject({ value: "BR", points: 4, verified: true });
    expect(c.explanation).toContain("Worst: Brazil (BR), 4 points.");
    expect(c.explanationEs).toContain("Peor: Brasil (BR), 4 puntos.");
    expect(c.explanation).toContain("Mexico (MX, client's country): Tier 2 in TIP 2025 = 2.");
  });

  it("keeps the client's country when it is the worst", () => {
    expect(countryOf({ country: "VE", sourcingCountries: ["MX", "CA"] })).toMatchObject({ value: "VE", points: 5 });
  });

  it("resolves ties to the first country, client's first", () => {
    expect(countryOf({ country: "MX", sourcingCountries: ["TR", "PE"] }).value).toBe("TR");
    expect(countryOf({ country: "CU", sourcingCountries: ["CN"] }).value).toBe("CU");
  });

  it("lets an unknown sourcing country win at its region's worst tier and stay unverified", () => {
    expect(countryOf({ country: "CA", sourcingCountries: ["CN"] })).toMatchObject({ value: "CN", points: 6, verified: false });
  });

  it("is verified when a verified country already reaches 6, whatever the others", () => {
    expect(countryOf({ country: "CU", sourcingCountries: ["CN", "FR"] })).toMatchObject({ value: "CU", points: 6, verified: true });
  });

  it("is not verified when an unverified country is considered and nothing verified reaches 6", () => {
    const c = countryOf({ country: "BR", sourcingCountries: ["PK"] });
    expect(c).toMatchObject({ value: "BR", points: 4, verified: false });
    expect(c.explanation).toContain("TIP tier missing or unconfirmed for PK");
  });

  it("says so when the only sourcing country declared is the client's own, and not that none was declared", () => {
    const own = countryOf({ country: "MX", sourcingCountries: ["mx"] });
    expect(own.explanation).toContain("Sourcing declared only from the client's own country.");
    expect(own.explanationEs).toContain("Abastecimiento declarado solo desde el propio país del cliente.");
    expect(own.explanation).not.toContain("No sourcing countries declared");
    expect(countryOf({ country: "MX", sourcingCountries: [] }).explanation).toContain("No sourcing countries declared.");
  });

  it("normalises case, spaces and duplicates", () => {
    const c = countryOf({ country: " mx", sourcingCountries: ["br ", "BR", "MX"] });
    expect(c.value).toBe("BR");
    expect(c.explanation.match(/Brazil/g)).toHaveLength(2);
  });
});

describe("sector component", () => {
  it.each([
    ["64", 1],
    ["47", 2],
    ["10", 3],
    ["01", 4],
  ] as const)("division %s is class %i, verified", (code, cls) => {
    const c = sectorOf({ sector: code });
    expect(c).toMatchObject({ value: code, points: cls, verified: true, source: "DOMAIN-RESEARCH §5.5", year: 2026 });
    expect(c.explanation).toContain(`ISIC ${code} "Division ${code}" is risk class ${cls} (basis ${code})`);
    expect(c.explanationEs).toContain(`CIIU ${code} «División ${code}»`);
  });

  it("marks a class assigned by analogy as not verified", () => {
    const c = sectorOf({ sector: "45" });
    expect(c).toMatchObject({ points: 2, verified: false });
    expect(c.explanation).toContain("assigned by analogy");
  });

  it("treats a division missing from the data as class 4, not verified", () => {
    const c = sectorOf({ sector: "99" });
    expect(c).toMatchObject({ value: "99", points: 4, verified: false, year: 2030 });
    expect(c.explanation).toContain("treated as class 4");
  });
});

describe("goods component", () => {
  it("scores 0, verified, when no goods are declared", () => {
    const c = goodsOf({ goods: [] });
    expect(c).toMatchObject({ value: "none", points: 0, verified: true });
  });

  it("scores 2 for a good listed for a declared sourcing country", () => {
    const c = goodsOf({ country: "CA", sourcingCountries: ["GT"], goods: ["coffee"] });
    expect(c).toMatchObject({ value: "coffee", points: 2, source: "DOL 2024", year: 2024, verified: true });
    expect(c.explanation).toContain("for Guatemala (GT), a declared country");
    expect(c.explanation).toContain("forced and child labour");
  });

  it("scores 2 for a good listed for the client's own country", () => {
    const c = goodsOf({ country: "MX", goods: ["coffee"] });
    expect(c).toMatchObject({ points: 2, verified: false });
    expect(c.explanation).toContain("Mexico (MX)");
  });

  it("scores 2 for a GSI top-5 product, whatever the countries", () => {
    const c = goodsOf({ country: "CA", goods: ["palm oil"] });
    expect(c).toMatchObject({ value: "palm oil", points: 2, source: "GSI 2023", verified: true });
    expect(c.explanation).toContain("five products at risk of modern slavery");
  });

  it("scores 2 for a UFLPA priority good from China when China is declared", () => {
    const c = goodsOf({ country: "CA", sourcingCountries: ["CN"], goods: ["cotton"] });
    expect(c).toMatchObject({ value: "cotton", points: 2, source: "UFLPA 2022", verified: true });
    expect(c.explanation).toContain("presumed made with forced labour");
  });

  it("scores 1 for a good listed only for countries not declared", () => {
    const c = goodsOf({ country: "CA", goods: ["bricks"] });
    expect(c).toMatchObject({ value: "bricks", points: 1, verified: false });
    expect(c.explanation).toContain("for India (IN), which is not a declared country (DOL 2024) = 1 point.");
    expect(goodsOf({ country: "CA", goods: ["cotton"] }).points).toBe(1);
  });

  it("scores 1 for a good listed for an unstated country and says it may deserve 2", () => {
    const c = goodsOf({ goods: ["gold"] });
    expect(c).toMatchObject({ points: 1, verified: false });
    expect(c.explanation).toContain("may deserve 2");
  });

  it("scores 0, not verified, for goods absent from the data", () => {
    const c = goodsOf({ goods: ["widgets", "gadgets"] });
    expect(c).toMatchObject({ value: "widgets, gadgets", points: 0, verified: false });
    expect(c.explanation).toContain("not the complete DOL list");
  });

  it("takes the best good and prefers a verified record in a tie", () => {
    expect(goodsOf({ goods: ["gold", "palm oil", "widgets"] })).toMatchObject({ value: "palm oil", points: 2 });
    const tie = goodsOf({ country: "BR", sourcingCountries: ["GT"], goods: ["sugarcane", "coffee"] });
    expect(tie).toMatchObject({ value: "coffee", points: 2, verified: true });
  });

  it("normalises case and spaces in good names", () => {
    expect(goodsOf({ goods: ["  Palm Oil "] })).toMatchObject({ value: "palm oil", points: 2 });
  });
});

describe("total and level", () => {
  it.each([
    [0, "low"],
    [3, "low"],
    [4, "medium"],
    [5, "medium"],
    [6, "high"],
    [7, "high"],
    [8, "very-high"],
    [10, "very-high"],
  ] as const)("inherentLevel(%i) = %s", (points, level) => {
    expect(inherentLevel(points)).toBe(level);
  });

  it.each([
    [{ country: "CA", sector: "47" }, 3, "low"],
    [{ country: "MX", sector: "47" }, 4, "medium"],
    [{ country: "MX", sector: "10" }, 5, "medium"],
    [{ country: "MX", sector: "01" }, 6, "high"],
    [{ country: "BR", sector: "10" }, 7, "high"],
    [{ country: "BR", sector: "01" }, 8, "very-high"],
    [{ country: "VE", sector: "01" }, 9, "very-high"],
    [{ country: "CU", sector: "01" }, 10, "very-high"],
  ] as const)("%o sums to %i (%s)", (input, points, level) => {
    const r = run(input);
    expect(r.points).toBe(r.components.reduce((s, c) => s + c.points, 0));
    expect(r).toMatchObject({ points, level, dataVersion: "2030-01-31" });
  });

  it("caps the sum at 10", () => {
    const r = run({ country: "CU", sector: "01", goods: ["palm oil"] });
    expect(r.components.map((c) => c.points)).toEqual([6, 4, 2]);
    expect(r.points).toBe(INHERENT_MAX);
    expect(r.level).toBe("very-high");
  });

  it("returns the components in the order country, sector, goods, each fully described", () => {
    const r = run({ country: "MX", sector: "10", sourcingCountries: ["GT"], goods: ["coffee"] });
    expect(r.components.map((c) => c.kind)).toEqual(["country", "sector", "goods"]);
    for (const c of r.components) {
      expect(c.source.length).toBeGreaterThan(0);
      expect(Number.isInteger(c.year)).toBe(true);
      expect(c.explanation.length).toBeGreaterThan(20);
      expect(c.explanationEs.length).toBeGreaterThan(20);
    }
  });

  it("gives byte-identical results for the same input", () => {
    const input = { country: "MX", sector: "01", sourcingCountries: ["GT", "CN"], goods: ["coffee", "gold"] };
    expect(JSON.stringify(inherentRisk(input, FIXTURE))).toBe(JSON.stringify(inherentRisk({ ...input }, FIXTURE)));
  });
});

describe("inputs a naive cache key would join", () => {
  it("keeps list order (it decides ties) and does not split one good into two", () => {
    // TR and PE both score 4 in the fixture; the first declared drives the component.
    expect(countryOf({ country: "MX", sourcingCountries: ["TR", "PE"] }).value).toBe("TR");
    expect(countryOf({ country: "MX", sourcingCountries: ["PE", "TR"] }).value).toBe("PE");
    expect(goodsOf({ country: "MX", goods: ["coffee,gold"] }).points).toBe(0);
    expect(goodsOf({ country: "MX", goods: ["coffee", "gold"] }).points).toBeGreaterThan(0);
  });

  it("never hands two results the same component object", () => {
    const a = run({ country: "MX", sector: "01" });
    const b = run({ country: "MX", sector: "01" });
    expect(a).toEqual(b);
    a.components.forEach((c, i) => expect(c).not.toBe(b.components[i]));
  });
});

describe("on the shipped data", () => {
  // Results change with the 2026-12-01 data set on purpose (issue 15): TIP 2025 placements,
  // DOL (good, country) rows, the ADR 004 rule for countries without a verified placement.
  it("scores a Mexican coffee farm sourcing from Guatemala and Honduras", () => {
    const r = inherentRisk({ country: "MX", sector: "01", sourcingCountries: ["GT", "HN"], goods: ["coffee"] });
    expect(r.dataVersion).toBe("2026-12-01");
    expect(r.components.map((c) => [c.kind, c.value, c.points, c.source])).toEqual([
      ["country", "GT", 6, "no verified TIP placement (manual review)"],
      ["sector", "01", 4, "DOMAIN-RESEARCH §5.5"],
      ["goods", "coffee", 2, "DOL 2024"],
    ]);
    expect(r).toMatchObject({ points: 10, level: "very-high" });
    expect(r.reviewFlags.map((f) => f.countries)).toEqual([["GT"]]);
  });

  it("gives China 6 points as TIP 2025 Tier 3", () => {
    const c = component(inherentRisk({ country: "MX", sector: "46", sourcingCountries: ["CN"], goods: [] }), "country");
    expect(c).toMatchObject({ value: "CN", points: 6, source: "TIP 2025", year: 2025, verified: true });
    expect(c.explanation).toContain("China (CN): Tier 3 in TIP 2025 = 6");
  });

  it("gives Guatemalan coffee 2 points as a DOL 2024 child-labour listing for a declared country", () => {
    const g = component(inherentRisk({ country: "GT", sector: "01", sourcingCountries: [], goods: ["coffee"] }), "goods");
    expect(g).toMatchObject({ value: "coffee", points: 2, source: "DOL 2024", verified: true });
    expect(g.explanation).toContain("child labour for Guatemala (GT), a declared country");
  });

  it("matches goods by (good, country): Mexican tomatoes are a forced and child labour listing, a UFLPA sector for China only", () => {
    const mx = component(inherentRisk({ country: "MX", sector: "01", sourcingCountries: [], goods: ["tomatoes"] }), "goods");
    expect(mx).toMatchObject({ points: 2, source: "DOL 2024" });
    expect(mx.explanation).toContain("forced and child labour for Mexico (MX)");
    const cn = component(inherentRisk({ country: "US", sector: "10", sourcingCountries: ["CN"], goods: ["red dates"] }), "goods");
    expect(cn).toMatchObject({ points: 2, source: "UFLPA 2025", verified: true });
    const elsewhere = component(inherentRisk({ country: "US", sector: "10", sourcingCountries: ["CA"], goods: ["red dates"] }), "goods");
    expect(elsewhere.points).toBe(1);
  });

  it("scores a US apparel maker sourcing cotton from China at the cap", () => {
    const r = inherentRisk({ country: "US", sector: "14", sourcingCountries: ["CN", "BD"], goods: ["cotton"] });
    expect(r.components.map((c) => [c.value, c.points])).toEqual([
      ["CN", 6],
      ["14", 4],
      ["cotton", 2],
    ]);
    expect(r).toMatchObject({ points: 10, level: "very-high", reviewFlags: [] });
  });

  it("uses TIP 2025 Tier 3 for Cuba and North Korea, Special Case for Haiti", () => {
    expect(component(inherentRisk({ country: "CU", sector: "64", sourcingCountries: [], goods: [] }), "country")).toMatchObject({
      points: 6,
      source: "TIP 2025",
      verified: true,
    });
    const kp = component(inherentRisk({ country: "CA", sector: "64", sourcingCountries: ["KP"], goods: [] }), "country");
    expect(kp).toMatchObject({ value: "KP", points: 6, verified: true });
    const ht = component(inherentRisk({ country: "HT", sector: "64", sourcingCountries: [], goods: [] }), "country");
    expect(ht).toMatchObject({ points: 6, source: "TIP 2025", verified: true });
    expect(ht.explanation).toContain("Special Case in TIP 2025 = 6");
  });

  it("lists sectors, goods and names", () => {
    expect(sectors()).toHaveLength(88);
    expect(sectors()[0]).toEqual({
      code: "01",
      section: "A",
      name: {
        en: "Crop and animal production, hunting and related service activities",
        es: "Producción agropecuaria, caza y actividades de servicios conexas",
      },
      riskClass: 4,
    });
    expect(sectorName("64", "en")).toBe("Financial service activities, except insurance and pension funding");
    expect(sectorName("00", "es")).toBeUndefined();
    expect(goodsList()).toEqual([...new Set(goodsList())].sort());
    expect(goodsList()).toEqual(expect.arrayContaining(["coffee", "sugarcane", "gold", "cotton", "palm oil", "polysilicon"]));
    expect(countryName("MX", "es")).toBe("México");
    expect(countryName("TR", "en")).toBe("Türkiye");
    expect(countryName("", "en")).toBe("");
  });
});

describe("riskSourceLabel", () => {
  it("names a missing TIP placement in the reader's language and leaves edition labels alone", async () => {
    const { NO_VERIFIED_TIP_SOURCE, riskSourceLabel } = await import("~/domain/risk/inherent-risk");
    expect(riskSourceLabel(NO_VERIFIED_TIP_SOURCE, "es")).toBe("sin nivel TIP verificado (revisión manual)");
    expect(riskSourceLabel(NO_VERIFIED_TIP_SOURCE, "en")).toBe(NO_VERIFIED_TIP_SOURCE);
    expect(riskSourceLabel("TIP 2025", "es")).toBe("TIP 2025");
  });
});
