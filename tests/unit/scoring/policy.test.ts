import { DEFAULT_POLICY, PolicySchema, parsePolicyOverride } from "~/domain/policy/policy";

describe("policy", () => {
  it("the default maps residual risk as QUESTIONNAIRES.md step 8 says, with §5.6 validity", () => {
    expect(PolicySchema.parse(DEFAULT_POLICY)).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.recommendation).toEqual({
      low: "approve",
      medium: "approve-with-conditions",
      high: "enhanced-due-diligence",
      critical: "decline",
    });
    expect(DEFAULT_POLICY.validityMonths).toEqual({ low: 24, medium: 12, high: 12, critical: 0 });
    expect(DEFAULT_POLICY.sectionFloorRaise).toBe(false);
  });

  it("merges a partial override over the default", () => {
    const r = parsePolicyOverride({ version: "bank-7", recommendation: { medium: "enhanced-due-diligence" }, validityMonths: { low: 36 }, sectionFloorRaise: true });
    expect(r).toEqual({
      ok: true,
      policy: {
        version: "bank-7",
        recommendation: { ...DEFAULT_POLICY.recommendation, medium: "enhanced-due-diligence" },
        validityMonths: { ...DEFAULT_POLICY.validityMonths, low: 36 },
        sectionFloorRaise: true,
      },
    });
  });

  it("accepts JSON text, and null as no override", () => {
    expect(parsePolicyOverride('{"validityMonths":{"medium":6}}')).toMatchObject({ ok: true, policy: { validityMonths: { medium: 6, low: 24 } } });
    expect(parsePolicyOverride(null)).toEqual({ ok: true, policy: DEFAULT_POLICY });
  });

  it.each([
    ["not JSON", "{oops", "policy override is not valid JSON"],
    ["a bad recommendation", { recommendation: { high: "maybe" } }, 'policy field "recommendation.high"'],
    ["a negative validity", { validityMonths: { low: -1 } }, 'policy field "validityMonths.low"'],
    ["a fractional validity", { validityMonths: { medium: 1.5 } }, 'policy field "validityMonths.medium"'],
    ["an unknown field", { recomendation: {} }, 'unknown policy field "recomendation"'],
    ["an unknown level", { recommendation: { extreme: "decline" } }, 'unknown policy field "recommendation.extreme"'],
    ["a non-boolean switch", { sectionFloorRaise: "yes" }, 'policy field "sectionFloorRaise"'],
    ["approving critical risk", { recommendation: { critical: "approve" } }, 'policy field "recommendation.critical": a critical residual risk may not be approved'],
  ])("refuses %s and names the field", (_name, input, message) => {
    const r = parsePolicyOverride(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
});
