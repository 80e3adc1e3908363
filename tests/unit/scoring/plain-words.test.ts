// Explanations in a banker's words (issue 14, F05): sentences built at display time from the
// published questionnaire and the stored result, in English and Spanish, with the engine's numbers.
import { DEFAULT_POLICY } from "~/domain/policy/policy";
import type { Question } from "~/domain/questionnaire/schema";
import { bandRange, overallExplanation, policyName, questionExplanation, residualExplanation } from "~/domain/scoring/plain-words";
import { score } from "~/domain/scoring/score";
import { redFlagTitle, TITLED_RED_FLAGS } from "~/i18n/red-flags";
import { loadQuestionnaire } from "./load-fixture";

const { questionnaire, sha256 } = loadQuestionnaire("questionnaires/anti-trafficking/1.json");
const question = (id: string): Question => questionnaire.sections.flatMap((s) => s.questions).find((q) => q.id === id)!;
const base = { visible: true, evidence: [] as string[], documentStates: {}, documentNames: new Map<string, string>() };

describe("questionExplanation", () => {
  it("names the option's label and the document by name, never the option value or the document id", () => {
    const facts = { ...base, question: question("gov.policy"), value: "own-operations-only", evidence: ["0mx5302ta3j0uu7iCrba9ww"], earned: 1, possible: 4, documentStates: { "0mx5302ta3j0uu7iCrba9ww": "pending" as const }, documentNames: new Map([["0mx5302ta3j0uu7iCrba9ww", "policy.pdf"]]) };
    const en = questionExplanation(facts, "en");
    expect(en).toBe("Answered “Yes, but it covers only our own operations” (2 of 4 points). Halved to 1 point because no document has been accepted yet (“policy.pdf” awaiting review).");
    const es = questionExplanation(facts, "es");
    expect(es).toMatch(/^Respondió «.+» \(2 de 4 puntos\)\. Reducido a la mitad, 1 punto, porque aún no se ha aceptado ningún documento \(«policy\.pdf» pendiente de revisión\)\.$/);
    for (const s of [en, es]) expect(s).not.toMatch(/own-operations-only|0mx5302/);
  });

  it("reads a number against its range instead of interval notation, and full points with an accepted document", () => {
    const facts = { ...base, question: question("work.max-weekly-hours"), value: 66, evidence: ["d1"], earned: 1, possible: 4, documentStates: { d1: "accepted" as const }, documentNames: new Map([["d1", "time-records.xlsx"]]) };
    expect(questionExplanation(facts, "en")).toBe("Answered 66 (1 of 4 points: 61–72). Supported by the accepted document “time-records.xlsx”: full points.");
    expect(questionExplanation({ ...facts, value: 168 }, "en")).toContain("(0 of 4 points: 73–168)");
  });

  it("lists a multi answer's labels, says when nothing is attached, and explains a credit of zero", () => {
    const multi = question("gov.training-audiences");
    const values = (multi.options ?? []).slice(0, 2).map((o) => o.value);
    const s = questionExplanation({ ...base, question: multi, value: values, earned: 1, possible: 5 }, "en");
    expect(s).toMatch(/^Selected “.+” and “.+” \(2 of 5 points\)\. Halved to 1 point because no document has been accepted yet \(nothing attached\)\.$/);
    const days = question("voice.response-days");
    expect(questionExplanation({ ...base, question: days, value: 5, earned: 0, possible: 3 }, "en")).toBe("Answered 5 (3 of 3 points: 0–7). No points until a document is accepted (nothing attached).");
  });

  it("says a follow-up was not asked, and an unanswered question earns nothing", () => {
    expect(questionExplanation({ ...base, question: question("gov.policy"), value: undefined, visible: false, earned: 0, possible: 0 }, "en")).toMatch(/^Not asked/);
    expect(questionExplanation({ ...base, question: question("gov.policy"), value: undefined, earned: 0, possible: 4 }, "es")).toBe("Sin respuesta (0 de 4 puntos).");
  });
});

describe("bandRange", () => {
  it("turns half-open whole-number bands into inclusive ranges, and the last band is closed", () => {
    expect(bandRange({ min: 61, max: 73 }, false, "", "en")).toBe("61–72");
    expect(bandRange({ min: 80, max: 100 }, true, "%", "en")).toBe("80–100%");
    expect(bandRange({ min: 0.5, max: 1.5 }, false, "", "es")).toBe("de 0,5 a menos de 1,5");
  });
});

describe("overall and residual explanations of a real result", () => {
  const worst = Object.fromEntries(
    questionnaire.sections.flatMap((s) => s.questions).filter((q) => q.options && q.type === "single").map((q) => [q.id, { value: q.id === "work.passport-retention" ? "yes" : q.options![q.options!.length - 1]!.value, evidence: [] }]),
  );
  const inherentRisk = { level: "very-high" as const, points: 9, dataVersion: "test", components: [], reviewFlags: [] };
  const result = score(questionnaire, worst, { country: "DO", sector: "41", sourcingCountries: [], goods: [], documents: {} }, { sha256, policy: DEFAULT_POLICY, inherentRisk, lang: "en" });

  it("names the sections and their weights, with the stored score", () => {
    const s = overallExplanation(result, questionnaire, "en");
    expect(s).toMatch(/^Weighted average of the section scores: Governance and commitment \d+\.\d \(weight 10\);/);
    expect(s).toContain(`= ${result.overall.score!.toFixed(1)}.`);
    expect(s).not.toMatch(/≈|\//);
  });

  it("gives one sentence per stored step, with flag titles instead of codes", () => {
    const steps = residualExplanation(result, questionnaire, (code) => redFlagTitle(code, "en"), "en");
    expect(steps).toHaveLength(result.residualRiskSteps.length);
    expect(steps[0]).toMatch(/^Inherent risk very high with (poor|weak) controls gives critical\.$/);
    expect(steps.at(-1)).toMatch(/^Critical red flag .*“Workers' identity documents retained”.*: the residual risk is critical\.$/);
    expect(steps.join(" ")).not.toMatch(/RF-|very-high|raised one level/);
    const es = residualExplanation(result, questionnaire, (code) => redFlagTitle(code, "es"), "es");
    expect(es[0]).toMatch(/^Riesgo inherente muy alto con controles de nivel (deficiente|débil) da crítico\.$/);
  });
});

describe("names", () => {
  it("names the policy after the institution, never by its id", () => {
    expect(policyName("default-1", "Banco Demo", "en")).toBe("Banco Demo standard policy");
    expect(policyName("2026-11", "Banco Demo", "en")).toBe("Banco Demo policy 2026-11");
    expect(policyName("2026-11", "Banco Demo", "es")).toBe("política de Banco Demo 2026-11");
  });

  it("has a title in both languages for every red flag of every published questionnaire", async () => {
    const { listQuestionnaires } = await import("~/services/questionnaires.server");
    const codes = new Set(listQuestionnaires().flatMap((e) => e.questionnaire.sections.flatMap((s) => s.questions.flatMap((q) => q.redFlags.map((r) => r.code)))));
    expect([...codes].filter((c) => !TITLED_RED_FLAGS.includes(c))).toEqual([]);
    expect(redFlagTitle("RF-PASSPORT-RETENTION", "es")).toBe("Retención de documentos de identidad de los trabajadores");
  });
});
