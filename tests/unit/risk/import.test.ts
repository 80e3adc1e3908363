// risk-data:import on small fixture files in the publishers' shapes (tests/fixtures/risk-sources):
// what it builds, and that every bad row fails with file, line and field.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RISK_SOURCE_FILES, RiskImportError, importRiskData, parseCsv, type RiskSourceTexts } from "~/domain/risk/import";
import { inherentRisk } from "~/domain/risk/inherent-risk";
import { assembleRiskData } from "~/domain/risk/risk-data";
import { SectorsFileSchema } from "~/domain/risk/data-schema";
import sectorsJson from "~/domain/risk/data/sectors.json";

const DIR = "tests/fixtures/risk-sources";
function texts(overrides: Partial<RiskSourceTexts> = {}): RiskSourceTexts {
  const base = Object.fromEntries(RISK_SOURCE_FILES.map((f) => [f, readFileSync(join(DIR, f), "utf8")])) as unknown as RiskSourceTexts;
  return { ...base, ...overrides };
}
function problems(t: RiskSourceTexts): string {
  try {
    importRiskData(t, "2030-01-01");
  } catch (e) {
    expect(e).toBeInstanceOf(RiskImportError);
    return (e as Error).message;
  }
  throw new Error("the import did not fail");
}
const placements = readFileSync(join(DIR, "tip-placements.csv"), "utf8");

describe("parseCsv", () => {
  it("reads quoted fields with commas, doubled quotes and CRLF, numbering lines from the header", () => {
    const rows = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n\r\n1,2\r\n', "t.csv");
    expect(rows).toEqual([
      { line: 2, values: { a: "x, y", b: 'say "hi"' } },
      { line: 4, values: { a: "1", b: "2" } },
    ]);
  });

  it("rejects a row with the wrong number of fields, naming file and line", () => {
    expect(() => parseCsv("a,b\n1,2\n3\n", "t.csv")).toThrow("t.csv, line 3: 1 fields, the header has 2");
  });

  it("rejects an unclosed quote", () => {
    expect(() => parseCsv('a\n"open\n', "t.csv")).toThrow("t.csv, line 2: a quoted field is not closed");
  });
});

describe("importRiskData", () => {
  const out = importRiskData(texts(), "2030-01-01");

  it("writes the data set version, the editions and both TIP placements with their URLs", () => {
    expect(out.countries.dataVersion).toBe("2030-01-01");
    expect(out.countries.editions?.map((e) => `${e.edition} ${e.published}`)).toEqual(["TIP 2025 2025-09-29", "TIP 2024 2024-06-24"]);
    const cn = out.countries.entries.find((c) => c.code === "CN");
    expect(cn).toMatchObject({
      name: "China",
      region: "EAP",
      tip: { tier: "3", source: "TIP 2025", year: 2025, verified: true, sourceUrl: "https://example.org/cn", reportUrl: "https://www.state.gov/reports/2025-trafficking-in-persons-report/china/" },
      tipPrevious: { tier: "3", source: "TIP 2024", year: 2024, verified: true, reportUrl: "https://www.state.gov/reports/2024-trafficking-in-persons-report/" },
      gsi: { prevalencePer1000: 4, vulnerability: 47.5, topQuartile: false, leastAction: null, source: "GSI 2023", verified: true },
    });
  });

  it("stores an unknown placement as a null, unverified tier with the note for its year", () => {
    const gt = out.countries.entries.find((c) => c.code === "GT");
    expect(gt?.tip).toMatchObject({ tier: null, verified: false, note: "not found in the test corpus" });
    expect(gt?.tip.sourceUrl).toBeUndefined();
    expect(gt?.tipPrevious).toMatchObject({ tier: "2", verified: true });
  });

  it("turns DOL rows into (good, country) listings with child and forced labour, and UFLPA rows into China listings", () => {
    expect(out.goods.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ good: "coffee", list: "dol", country: "GT", childLabour: true, forcedLabour: false, source: "DOL 2024", verified: true }),
        expect.objectContaining({ good: "tomatoes", country: "MX", childLabour: true, forcedLabour: true }),
        expect.objectContaining({ good: "gold", country: null, childLabour: null, forcedLabour: null, verified: false }),
        expect.objectContaining({ good: "red dates", list: "uflpa", country: "CN", source: "UFLPA 2025", year: 2025 }),
        expect.objectContaining({ good: "palm oil", list: "gsi-top5", country: null }),
      ]),
    );
  });

  it("produces data the model scores: a listed pair for the client's country scores 2", () => {
    const data = assembleRiskData(out.countries, SectorsFileSchema.parse({ ...sectorsJson, dataVersion: "2030-01-01" }), out.goods);
    const r = inherentRisk({ country: "GT", sector: "01", sourcingCountries: [], goods: ["coffee"] }, data);
    expect(r.components[2]).toMatchObject({ value: "coffee", points: 2 });
    expect(r.reviewFlags[0]?.countries).toEqual(["GT"]);
  });
});

describe("importRiskData rejects bad rows, naming file, line and field", () => {
  it.each<[string, Partial<RiskSourceTexts>, string]>([
    ["an unknown tier", { "tip-placements.csv": placements.replace("MX,Mexico,WHA,2,yes", "MX,Mexico,WHA,4,yes") }, "tip-placements.csv, line 4, field tier_2025: must be one of"],
    ["a non-ISO code", { "tip-placements.csv": placements.replace("MX,Mexico", "XK,Kosovo") }, "tip-placements.csv, line 4, field iso2: is not an assigned ISO 3166-1 alpha-2 code"],
    ["a verified tier without its source URL", { "tip-placements.csv": placements.replace(",2,yes,,https://example.org/mx,", ",2,yes,,,") }, "tip-placements.csv, line 4, field source_url_2025: a verified value needs the URL where it was verified"],
    ["a tier marked unverified (a guess)", { "tip-placements.csv": placements.replace("GT,Guatemala,WHA,,no", "GT,Guatemala,WHA,2,no") }, "tip-placements.csv, line 3, field tier_2025: an unverified value must be left empty"],
    ["an unverified row without a note", { "tip-placements.csv": placements.replace('"2025: not found in the test corpus"', "") }, "tip-placements.csv, line 3, field note: an unverified row needs a note"],
    ["a duplicate country", { "tip-placements.csv": `${placements}MX,Mexico,WHA,2,yes,,https://example.org/mx,2,yes,,https://example.org/mx24,\n` }, "tip-placements.csv, line 5: duplicate country MX (first on line 4)"],
    ["an unknown region", { "tip-placements.csv": placements.replace("MX,Mexico,WHA", "MX,Mexico,LATAM") }, "tip-placements.csv, line 4, field tip_region"],
    ["a DOL mark other than X", { "dol-goods-2024.csv": readFileSync(join(DIR, "dol-goods-2024.csv"), "utf8").replace("coffee,X,", "coffee,yes,") }, 'dol-goods-2024.csv, line 2, field Child Labor: must be "X" or empty'],
    ["a DOL pair with neither mark", { "dol-goods-2024.csv": readFileSync(join(DIR, "dol-goods-2024.csv"), "utf8").replace("coffee,X,", "coffee,,") }, "dol-goods-2024.csv, line 2, field Child Labor: a listed pair is marked for child labour, forced labour or both"],
    ["a good not in lower case", { "uflpa-sectors.csv": readFileSync(join(DIR, "uflpa-sectors.csv"), "utf8").replace("red dates,", "Red Dates,") }, "uflpa-sectors.csv, line 2, field good: must be a lower-case name"],
    ["a GSI country without a placement row", { "gsi-2023.csv": readFileSync(join(DIR, "gsi-2023.csv"), "utf8").replace("CN,China", "IN,India") }, "gsi-2023.csv, line 2, field iso2: IN has no row in tip-placements.csv"],
    ["an unknown column", { "uflpa-sectors.csv": "good,sector,designated,country,verified,source_url,note,extra\nsteel,Steel,2025,CN,yes,https://example.org/x,,1\n" }, "uflpa-sectors.csv, line 2, field row: unknown column(s) extra"],
  ])("%s", (_what, override, expected) => {
    expect(problems(texts(override))).toContain(expected);
  });

  it("needs the edition row of each year it imports", () => {
    expect(problems(texts({ "tip-editions.csv": readFileSync(join(DIR, "tip-editions.csv"), "utf8").split("\n").slice(0, 2).join("\n") }))).toContain(
      "tip-editions.csv: no row for TIP 2024",
    );
  });
});
