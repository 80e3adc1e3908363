import { DEFAULT_POLICY } from "~/domain/policy/policy";
import { RESIDUAL_MATRIX, residualRisk, type ControlBand, type InherentLevel } from "~/domain/policy/residual";

const cells: [InherentLevel, ControlBand, string][] = [
  ["low", "strong", "low"],
  ["low", "adequate", "low"],
  ["low", "weak", "medium"],
  ["low", "poor", "high"],
  ["medium", "strong", "low"],
  ["medium", "adequate", "medium"],
  ["medium", "weak", "high"],
  ["medium", "poor", "high"],
  ["high", "strong", "medium"],
  ["high", "adequate", "high"],
  ["high", "weak", "high"],
  ["high", "poor", "critical"],
  ["very-high", "strong", "high"],
  ["very-high", "adequate", "high"],
  ["very-high", "weak", "critical"],
  ["very-high", "poor", "critical"],
];

const base = { redFlags: [], sectionScores: [], policy: DEFAULT_POLICY };

describe("residual risk matrix (DOMAIN-RESEARCH §5.6)", () => {
  it.each(cells)("inherent %s × control %s = %s", (inherent, band, expected) => {
    expect(RESIDUAL_MATRIX[inherent][band]).toBe(expected);
    const r = residualRisk({ ...base, inherent, band });
    expect(r.level).toBe(expected);
    expect(r.steps).toEqual([{ kind: "matrix", level: expected, text: `matrix: inherent ${inherent} × control ${band} = ${expected}` }]);
  });

  it("reads a missing control band as poor and says so", () => {
    const r = residualRisk({ ...base, inherent: "low", band: null });
    expect(r.level).toBe("high");
    expect(r.steps[0]?.text).toContain("no scorable section");
  });
});

describe("residual risk overrides", () => {
  it("a critical flag makes even the best cell critical", () => {
    const r = residualRisk({ ...base, inherent: "low", band: "strong", redFlags: [{ code: "RF-FEES", severity: "critical" }] });
    expect(r.level).toBe("critical");
    expect(r.steps.map((s) => s.kind)).toEqual(["matrix", "critical-flag"]);
    expect(r.steps[1]?.text).toBe("critical red flag RF-FEES: residual risk is critical");
  });

  it("each major flag raises one level", () => {
    const one = residualRisk({ ...base, inherent: "low", band: "strong", redFlags: [{ code: "RF-A", severity: "major" }] });
    expect(one.level).toBe("medium");
    const two = residualRisk({
      ...base,
      inherent: "low",
      band: "strong",
      redFlags: [
        { code: "RF-A", severity: "major" },
        { code: "RF-B", severity: "major" },
      ],
    });
    expect(two.level).toBe("high");
    expect(two.steps.map((s) => s.text)).toEqual([
      "matrix: inherent low × control strong = low",
      "major red flag RF-A: low raised one level to medium",
      "major red flag RF-B: medium raised one level to high",
    ]);
  });

  it("major raises stop at critical", () => {
    const flags = ["RF-A", "RF-B", "RF-C", "RF-D"].map((code) => ({ code, severity: "major" as const }));
    const r = residualRisk({ ...base, inherent: "high", band: "adequate", redFlags: flags });
    expect(r.level).toBe("critical");
    expect(r.steps.map((s) => s.level)).toEqual(["high", "critical", "critical", "critical", "critical"]);
  });

  it("the section floor raises one level only when the policy switches it on", () => {
    const sectionScores = [
      { key: "rec", score: 39.9 },
      { key: "work", score: 12 },
      { key: "gov", score: 0 },
    ];
    const off = residualRisk({ ...base, inherent: "low", band: "adequate", sectionScores });
    expect(off.level).toBe("low");
    const on = residualRisk({ ...base, inherent: "low", band: "adequate", sectionScores, policy: { ...DEFAULT_POLICY, sectionFloorRaise: true } });
    expect(on.level).toBe("medium");
    expect(on.steps[1]).toEqual({
      kind: "section-floor",
      level: "medium",
      text: "policy section floor: rec (39.9), work (12) below 40: low raised one level to medium",
    });
  });

  it("the section floor ignores a score of exactly 40 and dropped sections", () => {
    const sectionScores = [
      { key: "rec", score: 40 },
      { key: "work", score: null },
    ];
    const r = residualRisk({ ...base, inherent: "low", band: "adequate", sectionScores, policy: { ...DEFAULT_POLICY, sectionFloorRaise: true } });
    expect(r.level).toBe("low");
  });

  it("explains its steps in Spanish, with the levels and bands in Spanish too", () => {
    const r = residualRisk({ ...base, inherent: "medium", band: "weak", redFlags: [{ code: "RF-X", severity: "major" }], lang: "es" });
    expect(r.steps.map((s) => s.text)).toEqual([
      "matriz: riesgo inherente medio × control débil = alto",
      "alerta mayor RF-X: alto sube un nivel a crítico",
    ]);
    const none = residualRisk({ ...base, inherent: "very-high", band: null, redFlags: [{ code: "RF-C", severity: "critical" }], lang: "es" });
    expect(none.steps.map((s) => s.text)).toEqual([
      "matriz: riesgo inherente muy alto × ninguna sección puntuable (se toma como deficiente) = crítico",
      "alerta crítica RF-C: el riesgo residual es crítico",
    ]);
  });
});
