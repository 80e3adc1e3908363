import { DEFAULT_POLICY } from "~/domain/policy/policy";
import { toQuestionnaire, type QuestionnaireFile } from "~/domain/questionnaire/schema";
import type { AnswerSet } from "~/domain/scoring/answers";
import { ENGINE_VERSION, score, type InherentRisk, type ScoringContext } from "~/domain/scoring/score";
import { SYNTHETIC_PATH, loadQuestionnaire } from "./load-fixture";

const { questionnaire, sha256 } = loadQuestionnaire(SYNTHETIC_PATH);

const inherent = (level: InherentRisk["level"]): InherentRisk =>
  ({ level, points: 4, dataVersion: "test", components: [] }) as unknown as InherentRisk;

const context: ScoringContext = { country: "MX", sector: "01", sourcingCountries: [], goods: [], documents: {} };
const options = { sha256, policy: DEFAULT_POLICY, inherentRisk: inherent("medium") };

const complete: AnswerSet = {
  "gov.policy": { value: "yes" },
  "gov.training": { value: 90 },
  "rec.fees": { value: "no" },
  "rec.agencies": { value: "no" },
  "work.passports": { value: "no" },
  "work.notice-days": { value: 14 },
  "voice.channel": { value: ["hotline"] },
};

function question(result: Awaited<ReturnType<typeof score>>, id: string) {
  const found = result.sections.flatMap((s) => s.questions).find((q) => q.id === id);
  if (found === undefined) throw new Error(`no ${id}`);
  return found;
}

describe("score: the arithmetic of one answer set, redone by hand", () => {
  const result = score(questionnaire, complete, context, options);

  it("section scores", () => {
    // gov: policy 4 × 0.5 = 2, training 90 → 2.5, officer unanswered 0 → 4.5 / 8.5 = 52.94…
    // rec: fees 3 / 3 (agencies and migrant share carry no points) = 100
    // work: passports 4 + notice 3 + housing unanswered 0 → 7 / 9 = 77.77…
    // voice: hotline 1 of 2.5, countries unanswered 0 of 1 → 1 / 3.5 = 28.57…
    // legal: statement unanswered 0 of 2 → 0
    expect(result.sections.map((s) => [s.key, s.earned, s.possible, s.score, s.band])).toEqual([
      ["gov", 4.5, 8.5, 52.9, "weak"],
      ["rec", 3, 3, 100, "strong"],
      ["work", 7, 9, 77.8, "adequate"],
      ["voice", 1, 3.5, 28.6, "poor"],
      ["legal", 0, 2, 0, "poor"],
    ]);
  });

  it("overall from unrounded section scores: 4409000/1071 / 63 = 65.34… → 65.3", () => {
    expect(result.overall).toEqual({
      score: 65.3,
      band: "adequate",
      why: "(10 × ≈52.9412 + 20 × 100 + 16 × ≈77.7778 + 12 × ≈28.5714 + 5 × 0) / 63 = ≈65.3447 → 65.3",
    });
  });

  it("explains every question", () => {
    expect(question(result, "gov.policy")).toEqual({
      id: "gov.policy",
      visible: true,
      earned: 2,
      possible: 4,
      why: 'answered "yes" = 4 of 4 points; evidence expected, none accepted (nothing attached): × 0.5 = 2',
    });
    expect(question(result, "gov.training").why).toBe("answered 90, band [80, 100] = 2.5 of 2.5 points");
    expect(question(result, "gov.officer").why).toBe("not answered: 0 of 2 points");
    expect(question(result, "rec.agencies")).toMatchObject({ visible: true, earned: 0, possible: 0, why: "not scored (a boolean answer carries no points)" });
    expect(question(result, "rec.agency-vetting")).toEqual({
      id: "rec.agency-vetting",
      visible: false,
      earned: 0,
      possible: 0,
      why: "hidden (its condition on rec.agencies does not hold): not required, not scored",
    });
    expect(question(result, "work.notice-days").why).toBe("answered 14, band [0, 31) = 3 of 3 points");
    expect(question(result, "voice.channel").why).toBe('selected "hotline" (1) = 1 of 2.5 points');
  });

  it("risk, recommendation and conditions", () => {
    expect(result.redFlags).toEqual([]);
    expect(result.residualRisk).toBe("medium");
    expect(result.recommendation).toBe("approve-with-conditions");
    expect(result.validityMonths).toBe(12);
    expect(result.conditions.map((c) => c.questionId)).toEqual(["gov.policy", "gov.officer", "work.housing", "voice.channel", "voice.languages", "legal.statement"]);
    expect(result.conditions[0]).toEqual({ questionId: "gov.policy", text: "Adopt a written forced-labour policy." });
    expect(result.questionnaire).toEqual({ key: "synthetic-scoring", version: 1, sha256 });
    expect(result.engineVersion).toBe(ENGINE_VERSION);
    expect(result.policy).toEqual(DEFAULT_POLICY);
  });
});

describe("score: evidence", () => {
  const withPolicy = (evidence: string[] | undefined, documents: ScoringContext["documents"]) =>
    question(
      score(questionnaire, { ...complete, "gov.policy": evidence === undefined ? { value: "yes" } : { value: "yes", evidence } }, { ...context, documents }, options),
      "gov.policy",
    );

  it("an accepted document earns full credit", () => {
    expect(withPolicy(["d1", "d2"], { d1: "pending", d2: "accepted" })).toMatchObject({
      earned: 4,
      why: 'answered "yes" = 4 of 4 points; evidence expected: document d2 accepted, full credit',
    });
  });

  it.each([
    ["pending", { d1: "pending" } as const, "d1 pending"],
    ["rejected", { d1: "rejected" } as const, "d1 rejected"],
    ["unknown", {}, "d1 unknown"],
  ])("a %s document earns points × creditWithout", (_s, documents, states) => {
    expect(withPolicy(["d1"], documents)).toMatchObject({
      earned: 2,
      why: `answered "yes" = 4 of 4 points; evidence expected, none accepted (${states}): × 0.5 = 2`,
    });
  });

  it("creditWithout 0 for outcome questions", () => {
    const r = score(questionnaire, { ...complete, "rec.agencies": { value: "yes" }, "rec.agency-vetting": { value: "audited" } }, context, options);
    expect(question(r, "rec.agency-vetting")).toMatchObject({ earned: 0, possible: 3, why: 'answered "audited" = 3 of 3 points; evidence expected, none accepted (nothing attached): × 0 = 0' });
  });

  it("a fractional credit stays exact: 2 × 0.25 = 0.5", () => {
    const r = score(questionnaire, { ...complete, "work.housing": { value: "inspected" } }, context, options);
    expect(question(r, "work.housing")).toMatchObject({ earned: 0.5, possible: 2 });
  });
});

describe("score: multi, clamping, n/a, hidden answers", () => {
  const agencies = (contracts: string[]): AnswerSet => ({
    ...complete,
    "rec.agencies": { value: "yes" },
    "rec.agency-vetting": { value: "basic", evidence: ["d1"] },
    "rec.agency-contracts": { value: contracts },
  });
  const ctx = { ...context, documents: { d1: "accepted" as const } };

  it("a multi sums its options and is capped at maxPoints", () => {
    const r = score(questionnaire, agencies(["fee-ban", "language", "termination"]), ctx, options);
    expect(question(r, "rec.agency-contracts")).toMatchObject({
      earned: 3,
      possible: 3,
      why: 'selected "fee-ban" (2) + "language" (1) + "termination" (1) = 4 of 3 points; clamped to [0, 3] = 3',
    });
  });

  it("a negative option is clamped at 0", () => {
    const r = score(questionnaire, agencies(["nothing"]), ctx, options);
    expect(question(r, "rec.agency-contracts")).toMatchObject({ earned: 0, why: 'selected "nothing" (-1) = -1 of 3 points; clamped to [0, 3] = 0' });
  });

  it("decimal points add without floating noise: 1 + 1 + 0.5 = 2.5, 1 + 0.5 = 1.5", () => {
    const r = score(questionnaire, { ...complete, "voice.channel": { value: ["app", "box"] } }, context, options);
    expect(question(r, "voice.channel")).toMatchObject({ earned: 1.5, possible: 2.5 });
  });

  it("n/a leaves the denominator; a section left with nothing scorable drops out", () => {
    const r = score(questionnaire, { ...complete, "legal.statement": { value: "n/a" } }, context, options);
    const legal = r.sections.find((s) => s.key === "legal");
    expect(legal).toMatchObject({ score: null, band: null, earned: 0, possible: 0 });
    expect(question(r, "legal.statement").why).toBe('answered "n/a": not applicable, left out of the denominator');
    // (9000/17 + 2000 + 11200/9 + 2400/7) / 58 = 70.977… → 71
    expect(r.overall.score).toBe(71);
    expect(r.overall.why).toContain("/ 58 = ");
    expect(r.overall.why).toContain("legal dropped (nothing scorable)");
  });

  it("an answer to a hidden question is ignored", () => {
    const r = score(questionnaire, { ...complete, "rec.agency-vetting": { value: "audited" }, "rec.agency-contracts": { value: ["fee-ban"] } }, context, options);
    expect(JSON.stringify(r.sections)).toBe(JSON.stringify(score(questionnaire, complete, context, options).sections));
  });

  it("an invalid answer counts as unanswered", () => {
    const r = score(questionnaire, { ...complete, "gov.officer": { value: "most" } }, context, options);
    expect(question(r, "gov.officer")).toMatchObject({ earned: 0, possible: 2, why: "answer not valid for this question, counted as unanswered: 0 of 2 points" });
  });

  it("a countries answer earns the points the file gives it", () => {
    const r = score(questionnaire, { ...complete, "voice.languages": { value: ["MX"] } }, context, options);
    expect(question(r, "voice.languages")).toMatchObject({ earned: 1, possible: 1 });
  });

  it("a number in no band earns 0", () => {
    const r = score(questionnaire, { ...complete, "work.notice-days": { value: 400 } }, context, options);
    expect(question(r, "work.notice-days")).toMatchObject({ earned: 0, possible: 3, why: "answered 400, in no band = 0 of 3 points" });
  });
});

describe("score: red flags", () => {
  it("fire on the raw answer in questionnaire order, with question, answer and message", () => {
    const r = score(
      questionnaire,
      {
        ...complete,
        "rec.fees": { value: "yes" },
        "rec.migrant-share": { value: 50 },
        "work.notice-days": { value: 60 },
        "voice.channel": { value: ["none", "app"] },
      },
      context,
      options,
    );
    expect(r.redFlags).toEqual([
      { code: "RF-FEES", severity: "critical", questionId: "rec.fees", answer: "yes", message: "Workers pay recruitment fees." },
      { code: "RF-MIGRANT-SHARE", severity: "major", questionId: "rec.migrant-share", answer: 50, message: "Half or more of the workforce are migrants." },
      { code: "RF-NOTICE", severity: "major", questionId: "work.notice-days", answer: 60, message: "Notice is longer than one month." },
      { code: "RF-NO-CHANNEL", severity: "major", questionId: "voice.channel", answer: ["none", "app"], message: "No grievance channel." },
    ]);
    expect(r.residualRisk).toBe("critical");
    expect(r.recommendation).toBe("decline");
    expect(r.residualRiskSteps.map((s) => s.kind)).toEqual(["matrix", "major-flag", "major-flag", "major-flag", "critical-flag"]);
  });

  it("a flag is not cleared by evidence", () => {
    const r = score(questionnaire, { ...complete, "work.passports": { value: "yes", evidence: ["d1"] } }, { ...context, documents: { d1: "accepted" } }, options);
    expect(r.redFlags.map((f) => f.code)).toEqual(["RF-PASSPORTS"]);
  });

  it("gte fires at the threshold, not below", () => {
    const at = score(questionnaire, { ...complete, "work.notice-days": { value: 31 } }, context, options);
    const below = score(questionnaire, { ...complete, "work.notice-days": { value: 30.9 } }, context, options);
    expect(at.redFlags.map((f) => f.code)).toEqual(["RF-NOTICE"]);
    expect(below.redFlags).toEqual([]);
  });
});

describe("score: language, policy, inherent risk", () => {
  it("explains in Spanish", () => {
    const r = score(questionnaire, { ...complete, "rec.fees": { value: "yes" } }, context, { ...options, lang: "es" });
    expect(r.language).toBe("es");
    expect(question(r, "gov.policy").why).toBe('respondida "yes" = 4 de 4 puntos; evidencia esperada, ninguna aceptada (nada adjunto): × 0.5 = 2');
    expect(r.redFlags[0]?.message).toBe("Los trabajadores pagan comisiones de contratación.");
    expect(r.conditions[0]?.text).toBe("Adopte una política escrita sobre trabajo forzoso.");
  });

  it("stamps the policy in force and uses its mapping", () => {
    const policy = { ...DEFAULT_POLICY, version: "bank-x", recommendation: { ...DEFAULT_POLICY.recommendation, medium: "enhanced-due-diligence" as const } };
    const r = score(questionnaire, complete, context, { ...options, policy });
    expect(r.policy).toEqual(policy);
    expect(r.recommendation).toBe("enhanced-due-diligence");
  });

  it("the policy's section floor raises residual risk when rec or work scores below 40", () => {
    // work: passports "yes" 0 + notice 200 days (band [90, 365]) 0 + housing "none" 0 → 0 of 9 = 0;
    // RF-PASSPORTS is critical and RF-NOTICE major, so the floor step sits between them.
    const answers = { ...complete, "work.passports": { value: "yes" }, "work.notice-days": { value: 200 }, "work.housing": { value: "none" } };
    const off = score(questionnaire, answers, context, { ...options, inherentRisk: inherent("low") });
    const on = score(questionnaire, answers, context, { ...options, inherentRisk: inherent("low"), policy: { ...DEFAULT_POLICY, sectionFloorRaise: true } });
    expect(off.sections.find((x) => x.key === "work")?.score).toBe(0);
    expect(off.residualRiskSteps.map((x) => x.kind)).toEqual(["matrix", "major-flag", "critical-flag"]);
    expect(on.residualRiskSteps.map((x) => x.kind)).toEqual(["matrix", "major-flag", "section-floor", "critical-flag"]);
    expect(on.residualRiskSteps[2]?.text).toMatch(/^policy section floor: work \(0\) below 40: \w+ raised one level to \w+$/);
  });

  it("refuses a policy that would approve critical risk", () => {
    const policy = { ...DEFAULT_POLICY, recommendation: { ...DEFAULT_POLICY.recommendation, critical: "approve" as const } };
    expect(() => score(questionnaire, complete, context, { ...options, policy })).toThrow(/critical/);
  });

  it("computes inherent risk from the context when none is given", () => {
    const r = score(questionnaire, complete, { ...context, country: "CA", sector: "64" }, { sha256, policy: DEFAULT_POLICY });
    expect(["low", "medium", "high", "very-high"]).toContain(r.inherentRisk.level);
    expect(r.inherentRisk.components.length).toBeGreaterThan(0);
  });
});

describe("score: exact arithmetic and rounding", () => {
  const file = (weights: number[], points: number[][]): QuestionnaireFile => ({
    key: "tiny",
    version: 1,
    status: "draft",
    title: { en: "t" },
    description: { en: "d" },
    languages: ["en"],
    sources: [],
    sections: weights.map((weight, si) => ({
      key: `s${si}`,
      title: { en: "s" },
      weight,
      questions: (points[si] ?? []).map((p, qi) => ({
        id: `s${si}.q${qi}`,
        type: "single" as const,
        text: { en: "q" },
        required: false,
        criteria: [],
        notApplicable: true,
        redFlags: [],
        options: [
          { value: "a", label: { en: "a" }, points: p },
          { value: "b", label: { en: "b" }, points: 0 },
        ],
      })),
    })),
  });

  it("0.1 + 0.2 is 0.3, not 0.30000000000000004", () => {
    const tiny = toQuestionnaire(file([1], [[0.1, 0.2, 0.7]]));
    const r = score(tiny, { "s0.q0": { value: "a" }, "s0.q1": { value: "a" }, "s0.q2": { value: "b" } }, context, options);
    expect(r.sections[0]).toMatchObject({ earned: 0.3, possible: 1, score: 30 });
  });

  it("rounds half up at the end only: 1/16 = 6.25 → 6.3; weights 0.1 and 0.2", () => {
    const tiny = toQuestionnaire(file([0.1, 0.2], [[1, 15], [1]]));
    // s0: 1 / 16 = 6.25; s1: 0 / 1 = 0 → (0.1 × 6.25 + 0.2 × 0) / 0.3 = 2.0833… → 2.1
    const r = score(tiny, { "s0.q0": { value: "a" }, "s0.q1": { value: "b" }, "s1.q0": { value: "b" } }, context, options);
    expect(r.sections.map((s) => s.score)).toEqual([6.3, 0]);
    expect(r.overall.score).toBe(2.1);
    expect(r.overall.why).toBe("(0.1 × 6.25 + 0.2 × 0) / 0.3 = ≈2.0833 → 2.1");
  });

  it("with every section n/a there is no control score, and the matrix reads poor", () => {
    const tiny = toQuestionnaire(file([1, 2], [[1], [1]]));
    const r = score(tiny, { "s0.q0": { value: "n/a" }, "s1.q0": { value: "n/a" } }, context, { ...options, inherentRisk: inherent("low") });
    expect(r.overall).toEqual({ score: null, band: null, why: "no section has anything scorable: no control score" });
    expect(r.residualRisk).toBe("high");
  });
});
