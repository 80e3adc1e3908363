import { buildIndex, POTENTIAL_MATCH_SCORE, screenName, similarity, type ScreeningEntry } from "~/domain/screening/matcher";
import { normaliseName } from "~/domain/screening/normalise";

const entry = (key: string, name: string, country: string | null, aliases: string[] = []): ScreeningEntry => ({ key, listId: "L1", name, aliases, country, listedDate: "2024-06-11" });

describe("normaliseName", () => {
  it.each([
    ["Textiles del Norte, S.A. de C.V.", "textiles norte"],
    ["TEXTILES DEL NORTE SA DE CV", "textiles norte"],
    ["Maquiladora Ficticia Uno, S. de R.L. de C.V.", "maquiladora ficticia uno"],
    ["Fazenda São José Ficticia Ltda. - ME", "fazenda sao jose ficticia"],
    ["Carvoaria Exemplo EIRELI", "carvoaria exemplo"],
    ["Zhongxin Example Cotton Co., Ltd.", "zhongxin example cotton"],
    ["Acme Placeholder GmbH", "acme placeholder"],
    ["Cafetera Imaginaria S.A.S.", "cafetera imaginaria"],
    ["Imaginary Seafood Inc.", "imaginary seafood"],
    ["Añil & Cía. Ltda.", "anil"],
  ])("%s → %s", (input, text) => {
    expect(normaliseName(input).text).toBe(text);
  });

  it("never empties a name that is only a legal form", () => {
    expect(normaliseName("S.A.").tokens).toEqual(["s", "a"]);
  });

  it("marks a name made of generic words as not distinctive", () => {
    expect(normaliseName("Comercial S.A.").isDistinctive).toBe(false);
    expect(normaliseName("Trading Co., Ltd.").isDistinctive).toBe(false);
    expect(normaliseName("Comercial Ficticia Alvorada S.A.").isDistinctive).toBe(true);
  });
});

describe("similarity", () => {
  const s = (a: string, b: string) => similarity(normaliseName(a), normaliseName(b));
  it("scores legal-form, accent, case and word-order variants 100", () => {
    expect(s("Agropecuária Ficticia Boa Vista Ltda", "AGROPECUARIA FICTICIA BOA VISTA")).toBe(100);
    expect(s("Ficticia Boa Vista Agropecuaria", "Agropecuaria Ficticia Boa Vista S.A.")).toBe(100);
    expect(s("Xinjiang Imaginary Sunvale Silicon", "Xinjiang Imaginary Sun Vale Silicon Co., Ltd.")).toBe(100);
  });
  it("scores a one-letter romanisation variant above the threshold", () => {
    expect(s("Zhongxin Example Cotton Group", "Zhongxing Example Cotton Group")).toBeGreaterThanOrEqual(POTENTIAL_MATCH_SCORE);
    expect(s("Confecciones Imaginarias Gonzalez", "Confecciones Imaginarias Gonzales")).toBeGreaterThanOrEqual(POTENTIAL_MATCH_SCORE);
  });
  it("scores different firms that share words below the threshold", () => {
    expect(s("Zhongxin Example Cotton", "Zhongxin Example Tomato Paste")).toBeLessThan(POTENTIAL_MATCH_SCORE);
    expect(s("Fazenda Ficticia Santa Rita", "Fazenda Ficticia Santa Cruz")).toBeLessThan(POTENTIAL_MATCH_SCORE);
  });
});

describe("screenName", () => {
  const index = buildIndex([
    entry("u1", "Xinjiang Imaginary Sunvale Silicon Industry Co., Ltd.", "CN", ["Imaginary Sunvale Silicon"]),
    entry("u2", "Lopes", "BR"),
    entry("u3", "Comercial S.A.", "MX"),
    entry("u4", "Fazenda Ficticia Santa Rita", "BR"),
    entry("u5", "Pesquera Inventada del Pacifico S.A.C.", "PE"),
    entry("u6", "Maquiladora Ficticia Uno, S. de R.L. de C.V.", null),
  ]);
  const keys = (name: string, country: string | null = null) => screenName(index, { name, country }).map((m) => m.entry.key);

  it("finds a listed firm under another spelling of its legal form", () => {
    const [hit] = screenName(index, { name: "XINJIANG IMAGINARY SUNVALE SILICON INDUSTRY CO LTD", country: "CN" });
    expect(hit?.entry.key).toBe("u1");
    expect(hit?.score).toBe(100);
  });
  it("finds a listed firm by its alias", () => {
    const [hit] = screenName(index, { name: "Imaginary Sunvale Silicon Company Limited", country: null });
    expect(hit?.matchedName).toBe("Imaginary Sunvale Silicon");
  });
  it("finds a Spanish name with a typo and without its accents", () => {
    expect(keys("Pesquera Inventada del Pacífico SAC", "PE")).toEqual(["u5"]);
    expect(keys("Pesqera Inventada del Pacifico", "PE")).toEqual(["u5"]);
    expect(keys("Maquiladora Ficticia Uno SA de CV", "MX")).toEqual(["u6"]);
  });
  it("does not report a short common name on a near miss (false-positive guard)", () => {
    expect(keys("Lopez", "BR")).toEqual([]);
    expect(keys("Lopes Ltda", "BR")).toEqual(["u2"]);
  });
  it("does not report a generic name unless the full spelling and the country agree", () => {
    expect(keys("Comercial Ltda", "MX")).toEqual([]);
    expect(keys("Comercial S.A.", "BR")).toEqual([]);
    expect(keys("COMERCIAL, S.A.", "MX")).toEqual(["u3"]);
  });
  it("needs an exact name when the countries differ", () => {
    expect(keys("Fazenda Ficticia Santa Rita", "PT")).toEqual(["u4"]);
    expect(keys("Fazenda Fictícia Santa Ritta", "PT")).toEqual([]);
    expect(keys("Fazenda Fictícia Santa Ritta", "BR")).toEqual(["u4"]);
  });
  it("does not report firms that merely share a region or a sector word", () => {
    expect(keys("Xinjiang Imaginary Tomato Products", "CN")).toEqual([]);
    expect(keys("Fazenda Ficticia Santa Cruz", "BR")).toEqual([]);
  });
});
