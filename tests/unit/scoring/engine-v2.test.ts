// Engine 2 (docs/decisions/005-engine-v2.md): every construct on the synthetic engine-2 form, and
// that engine-1 files keep engine 1.
import { DEFAULT_POLICY, parsePolicyOverride } from "~/domain/policy/policy";
import { visibilityMap, type AnswerSet } from "~/domain/scoring/answers";
import { contextFacts } from "~/domain/scoring/conditions";
import { declaredFacts, mergeDeclaredFacts } from "~/domain/scoring/declared-facts";
import { ScoreResultSchema } from "~/domain/scoring/result-schema";
import { ENGINE_V2_VERSION, ENGINE_VERSION, score, type ScoringContext } from "~/domain/scoring/score";
import { SYNTHETIC_PATH, loadQuestionnaire } from "./load-fixture";

const { questionnaire, sha256 } = loadQuestionnaire("tests/fixtures/scoring/synthetic-v2.json");
const options = { sha256, policy: DEFAULT_POLICY };

/** Low-risk profile: Canada, financial services (class 1), nothing declared. */
const calm: ScoringContext = { country: "CA", sector: "64", sourcingCountries: [], goods: [], documents: { d1: "accepted" } };

/** Clean answers: nothing fires, every scored question at full (with d1 accepted where evidence is expected). */
const clean: AnswerSet = {
  "a.fees": { value: "no" },
  "a.origin": { value: "none" },
  "a.count": { value: 20 },
  "a.direct": { value: 95 },
  "a.agencies": { value: "no" },
  "a.countries": { value: ["CA"] },
  "a.goods": { value: ["other"] },
  "a.hours": { value: 48 },
  "supply.check": { value: "good", evidence: ["d1"] },
  "supply.grievances": { value: 95 },
};
const withAnswers = (changes: AnswerSet): AnswerSet => ({ ...clean, ...changes });

function q(result: ReturnType<typeof score>, id: string) {
  const found = result.sections.flatMap((s) => s.questions).find((x) => x.id === id);
  if (found === undefined) throw new Error(`no ${id}`);
  return found;
}

describe("engine dispatch", () => {
  it("an engine-2 file is scored by engine 2 and stamps its version", () => {
    const r = score(questionnaire, clean, calm, options);
    expect(r.engineVersion).toBe(ENGINE_V2_VERSION);
    expect(r.overall.score).toBe(100);
    expect(r.redFlags).toEqual([]);
    expect(r.recommendation).toBe("approve");
    expect(ScoreResultSchema.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  it("an engine-1 file keeps engine 1 and none of the engine-2 fields", () => {
    const v1 = loadQuestionnaire(SYNTHETIC_PATH);
    const r = score(v1.questionnaire, {}, calm, { sha256: v1.sha256, policy: DEFAULT_POLICY });
    expect(r.engineVersion).toBe(ENGINE_VERSION);
    for (const field of ["consistency", "declaredFacts", "controlsAssessable", "overallWithEvidence", "recommendationSteps"]) expect(r).not.toHaveProperty(field);
    expect(r.policy).toEqual(DEFAULT_POLICY);
  });
});

describe("consistency rules", () => {
  it("a contradiction raises its flag, caps the question and replaces its covenant", () => {
    const r = score(questionnaire, withAnswers({ "a.origin": { value: "some" } }), calm, options);
    expect(q(r, "a.fees")).toMatchObject({ earned: 0, possible: 4 });
    expect(q(r, "a.fees").why).toContain("capped at 0 by rule CR-CONTRA (contradiction)");
    expect(r.redFlags).toEqual([{ code: "RF-CONTRA", severity: "major", questionId: "a.fees", answer: "no", message: "contra", ruleId: "CR-CONTRA" }]);
    expect(r.conditions.filter((c) => c.questionId === "a.fees").map((c) => c.text)).toEqual(["R-contra"]);
    expect(r.consistency?.map((c) => c.id)).toEqual(["CR-CONTRA"]);
  });

  it("does not fire when only one side of the contradiction holds", () => {
    const r = score(questionnaire, withAnswers({ "a.fees": { value: "found" }, "a.origin": { value: "some" } }), calm, options);
    expect(r.consistency?.map((c) => c.id)).toEqual([]);
    expect(q(r, "a.fees").earned).toBe(3);
  });

  it('refuses "n/a" in a high-risk context: the question stays in the denominator with 0', () => {
    const answers = withAnswers({ "supply.check": { value: "n/a" } });
    const low = score(questionnaire, answers, calm, options);
    expect(q(low, "supply.check")).toMatchObject({ earned: 0, possible: 0 });
    const crops = score(questionnaire, answers, { ...calm, sector: "01" }, options);
    expect(q(crops, "supply.check")).toMatchObject({ earned: 0, possible: 2 });
    expect(q(crops, "supply.check").why).toContain('refused by rule CR-NA');
    // A listed good, declared by the client itself, is a high-risk context too.
    const coffee = score(questionnaire, { ...answers, "a.goods": { value: ["coffee"] }, "m.check": { value: "yes" } }, calm, options);
    expect(q(coffee, "supply.check")).toMatchObject({ earned: 0, possible: 2 });
  });

  it("a rule that holds but finds nothing to change is not listed", () => {
    const r = score(questionnaire, clean, { ...calm, sector: "01" }, options);
    expect(r.consistency).toEqual([]);
  });

  it('gives a voided "n/a" the rule\'s partial credit, and only above the headcount threshold', () => {
    const big = score(questionnaire, withAnswers({ "a.count": { value: 51 }, "supply.grievances": { value: "n/a" } }), calm, options);
    expect(q(big, "supply.grievances")).toMatchObject({ earned: 1, possible: 3 });
    const small = score(questionnaire, withAnswers({ "a.count": { value: 50 }, "supply.grievances": { value: "n/a" } }), calm, options);
    expect(q(small, "supply.grievances")).toMatchObject({ earned: 0, possible: 0 });
  });

  it("the lowest cap wins when several rules cap one question", () => {
    expect(q(score(questionnaire, withAnswers({ "a.hours": { value: 70 } }), calm, options), "a.direct").earned).toBe(1);
    expect(q(score(questionnaire, withAnswers({ "a.hours": { value: 120 } }), calm, options), "a.direct").earned).toBe(0.5);
  });

  it("a flag code raised by a question and by a rule is reported once, the question's first", () => {
    const r = score(questionnaire, withAnswers({ "a.fees": { value: "yes" } }), calm, options);
    expect(r.redFlags.map((f) => [f.code, f.ruleId])).toEqual([["RF-FEES", undefined]]);
    expect(r.consistency?.map((c) => c.id)).toEqual(["CR-DUP"]);
  });
});

describe("per-answer remediation (O17)", () => {
  it("the chosen option's covenant replaces the question's", () => {
    const r = score(questionnaire, withAnswers({ "a.fees": { value: "found" } }), calm, options);
    expect(r.conditions).toEqual([{ questionId: "a.fees", text: "R-found" }]);
    const es = score(questionnaire, withAnswers({ "a.fees": { value: "found" } }), calm, { ...options, lang: "es" });
    expect(es.conditions).toEqual([{ questionId: "a.fees", text: "R-detectadas" }]);
  });
  it("an option without its own covenant keeps the question's", () => {
    const r = score(questionnaire, withAnswers({ "a.fees": { value: "yes" } }), calm, options);
    expect(r.conditions).toEqual([{ questionId: "a.fees", text: "R-fees" }]);
  });
});

describe("modules (appliesIf)", () => {
  it("appear for a declaring answer or for the sector, and stay hidden otherwise", () => {
    expect(q(score(questionnaire, clean, calm, options), "m.check").visible).toBe(false);
    expect(q(score(questionnaire, clean, { ...calm, sector: "03" }, options), "m.check").visible).toBe(true);
    expect(q(score(questionnaire, withAnswers({ "a.goods": { value: ["coffee"] } }), calm, options), "m.check").visible).toBe(true);
  });
  it("visibilityMap needs the context for a sector-driven module (without it, context leaves are false)", () => {
    expect(visibilityMap(questionnaire, clean).get("m.check")).toBe(false);
    expect(visibilityMap(questionnaire, clean, { ...calm, sector: "03" }).get("m.check")).toBe(true);
    expect(visibilityMap(questionnaire, withAnswers({ "a.goods": { value: ["coffee"] } })).get("m.check")).toBe(true);
  });
});

describe("evidence reviewed per (question, document) (O6)", () => {
  const answers = withAnswers({ "supply.check": { value: "good", evidence: ["d1"] } });
  it("without evidenceReviews, the document's own state counts", () => {
    expect(q(score(questionnaire, answers, calm, options), "supply.check").earned).toBe(2);
  });
  it("with evidenceReviews, only a document accepted for that question earns credit", () => {
    expect(q(score(questionnaire, answers, { ...calm, evidenceReviews: {} }, options), "supply.check").earned).toBe(1);
    expect(q(score(questionnaire, answers, { ...calm, evidenceReviews: { "a.fees": { d1: "accepted" } } }, options), "supply.check").earned).toBe(1);
    const accepted = score(questionnaire, answers, { ...calm, evidenceReviews: { "supply.check": { d1: "accepted" } } }, options);
    expect(q(accepted, "supply.check").earned).toBe(2);
    expect(accepted.inputs.evidenceReviews).toEqual({ "supply.check": { d1: "accepted" } });
  });
});

describe("declared facts (O7)", () => {
  const answers = withAnswers({ "a.countries": { value: ["GT", "CN", "GT"] }, "a.origins": { value: ["VE"] }, "a.goods": { value: ["cotton", "other"] } });
  it("declaredFacts reads visible declaring answers, sorted and de-duplicated", () => {
    expect(declaredFacts(questionnaire, answers)).toEqual({ sourcingCountries: ["CN", "GT"], goods: ["cotton", "garments"], migrantOrigins: ["VE"] });
  });
  it("mergeDeclaredFacts adds only what the profile lacks, and never migrant origins", () => {
    const merged = mergeDeclaredFacts({ ...calm, sourcingCountries: ["GT"], goods: ["cotton"] }, declaredFacts(questionnaire, answers));
    expect(merged.added).toEqual({ sourcingCountries: ["CN"], goods: ["garments"] });
    expect(merged.context.sourcingCountries).toEqual(["GT", "CN"]);
    expect(merged.context.goods).toEqual(["cotton", "garments"]);
  });
  it("the engine scores inherent risk on the merged context and shows the profile's", () => {
    const r = score(questionnaire, answers, calm, options);
    expect(r.declaredFacts?.added).toEqual({ sourcingCountries: ["CN", "GT"], goods: ["cotton", "garments"] });
    expect(r.declaredFacts?.profileInherentRisk).toEqual({ level: "low", points: 2 });
    expect(r.inherentRisk.points).toBeGreaterThan(2);
    expect(r.inputs.sourcingCountries).toEqual(["CN", "GT"]);
  });
});

describe("decision logic (O8, O11)", () => {
  const veryHigh: ScoringContext = { country: "BR", sector: "01", sourcingCountries: [], goods: ["cattle"], documents: {} };

  it("without a critical flag the residual risk is capped at high, and says when missing evidence is why", () => {
    // a: fees 3 + origin 0 + direct 0 + hours 0 = 3/10 = 30; supply: check 2 × 0.5 = 1 + grievances 3 = 4/5 = 80;
    // overall (30 + 80) / 2 = 55 (weak); with the document accepted supply = 100 → 65 (adequate).
    const weak = withAnswers({ "a.fees": { value: "found" }, "a.origin": { value: "some" }, "a.direct": { value: 10 }, "a.hours": { value: 70 }, "supply.check": { value: "good" }, "supply.grievances": { value: 10 } });
    const r = score(questionnaire, weak, veryHigh, options);
    expect(r.overall).toMatchObject({ score: 55, band: "weak" });
    expect(r.overallWithEvidence).toEqual({ score: 65, band: "adequate" });
    expect(r.residualRiskSteps.map((s) => [s.kind, s.level])).toEqual([
      ["matrix", "critical"],
      ["major-flag", "critical"],
      ["critical-reserved", "high"],
    ]);
    expect(r.residualRiskSteps.at(-1)?.text).toContain("missing accepted evidence");
    expect(r.recommendation).toBe("enhanced-due-diligence");
    // Weak for reasons other than evidence: the same cap, the other sentence.
    const poor = score(questionnaire, { ...weak, "supply.check": { value: "poor" } }, veryHigh, options);
    expect(poor.residualRisk).toBe("high");
    expect(poor.residualRiskSteps.at(-1)?.text).toContain("reserved for critical red flags");
  });

  it("a critical flag still makes it critical (decline) and marks the controls not assessable", () => {
    const r = score(questionnaire, withAnswers({ "a.fees": { value: "yes" } }), calm, options);
    expect(r.residualRisk).toBe("critical");
    expect(r.recommendation).toBe("decline");
    expect(r.controlsAssessable).toBe(false);
  });

  it("a major flag makes an approval at least approve-with-conditions, whatever the policy maps its level to", () => {
    const lenient = parsePolicyOverride({ recommendation: { medium: "approve" } });
    if (!lenient.ok) throw new Error(lenient.error);
    const r = score(questionnaire, withAnswers({ "a.hours": { value: 61 } }), calm, { sha256, policy: lenient.policy });
    expect(r.residualRisk).toBe("medium");
    expect(r.redFlags.map((f) => f.code)).toEqual(["RF-HOURS"]);
    expect(r.recommendation).toBe("approve-with-conditions");
    expect(r.recommendationSteps?.[0]).toContain("RF-HOURS");
  });

  it("a core question below full makes an approval at least approve-with-conditions; a non-core one does not", () => {
    const core = score(questionnaire, withAnswers({ "a.fees": { value: "found" } }), calm, options);
    expect(core.residualRisk).toBe("low");
    expect(core.recommendation).toBe("approve-with-conditions");
    const other = score(questionnaire, withAnswers({ "a.origin": { value: "none" }, "supply.grievances": { value: "n/a" } }), calm, options);
    expect(other.recommendation).toBe("approve");
    const noncore = score(questionnaire, withAnswers({ "a.direct": { value: 50 } }), calm, options);
    expect(noncore.recommendation).toBe("approve");
    expect(noncore.conditions.map((c) => c.questionId)).toEqual(["a.direct"]);
  });

  it("the supply-chain floor raises one level when sourcing is high risk, unless the policy turns it off", () => {
    const poorSupply = withAnswers({ "supply.check": { value: "poor" }, "supply.grievances": { value: "n/a" } });
    const risky: ScoringContext = { ...calm, country: "MX", sector: "62", sourcingCountries: ["CN"] };
    const on = score(questionnaire, poorSupply, risky, options);
    expect(on.residualRiskSteps.map((s) => s.kind)).toContain("supply-floor");
    expect(on.policy.supplyFloorRaise).toBe(true);
    const parsed = parsePolicyOverride({ supplyFloorRaise: false });
    if (!parsed.ok) throw new Error(parsed.error);
    const off = score(questionnaire, poorSupply, risky, { sha256, policy: parsed.policy });
    expect(off.residualRiskSteps.map((s) => s.kind)).not.toContain("supply-floor");
    const calmSourcing = score(questionnaire, poorSupply, { ...calm, country: "MX", sector: "62" }, options);
    expect(calmSourcing.residualRiskSteps.map((s) => s.kind)).not.toContain("supply-floor");
  });

  it("reports the control score had all expected evidence been accepted, and asks for the evidence", () => {
    const r = score(questionnaire, withAnswers({ "supply.check": { value: "good" } }), calm, options);
    expect(r.overall.score).toBeLessThan(100);
    expect(r.overallWithEvidence).toEqual({ score: 100, band: "strong" });
    expect(r.conditions).toEqual([{ questionId: "supply.check", text: "Within 60 days, the Client shall deliver to the Bank, for its review, the evidence supporting this answer." }]);
    const poor = score(questionnaire, withAnswers({ "supply.check": { value: "poor" } }), calm, options);
    expect(poor.conditions).toEqual([{ questionId: "supply.check", text: "R-check" }]);
  });
});

describe("policy: supplyFloorRaise", () => {
  it("is accepted as a boolean and refused otherwise, naming the field", () => {
    expect(parsePolicyOverride({ supplyFloorRaise: false })).toMatchObject({ ok: true, policy: { supplyFloorRaise: false } });
    const bad = parsePolicyOverride({ supplyFloorRaise: "no" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain('"supplyFloorRaise"');
  });
  it("is absent from the default policy, so engine-1 results keep their stamped policy", () => {
    expect(DEFAULT_POLICY).not.toHaveProperty("supplyFloorRaise");
    expect(parsePolicyOverride({}).ok && parsePolicyOverride({})).toMatchObject({ policy: DEFAULT_POLICY });
  });
});

describe("contextFacts", () => {
  it("reads sector class, country risk, countries, goods and listings from the risk data", () => {
    const facts = contextFacts({ country: "MX", sector: "01", sourcingCountries: ["CN"], goods: ["Cotton"] });
    expect(facts.sectorClass).toBe(4);
    expect(facts.countryRisk).toBe(6); // CN: TIP 2025 Tier 3
    expect([...facts.countries]).toEqual(["MX", "CN"]);
    expect(facts.listed("uflpa", true)).toBe(true);
    expect(facts.listed("dol", true)).toBe(false);
    expect(facts.listed("dol", false)).toBe(true);
    expect(contextFacts({ country: "CA", sector: "64", sourcingCountries: [], goods: ["widgets"] }).listed("any", false)).toBe(false);
  });
});
