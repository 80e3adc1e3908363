// The worked examples of tests/fixtures/scoring/<name>/: each expected.json was computed by hand
// (the arithmetic is in the README.md beside it), and the engine must agree with every figure.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { DEFAULT_POLICY } from "~/domain/policy/policy";
import { validateAnswers } from "~/domain/scoring/answers";
import { score, type ScoringContext } from "~/domain/scoring/score";
import { SYNTHETIC_PATH, loadQuestionnaire } from "./load-fixture";

const ROOT = "tests/fixtures/scoring";

interface Expected {
  questionnaire: { key: string; version: number };
  overall: { score: number | null; band: string | null };
  sections: { key: string; weight: number; earned: number; possible: number; score: number | null; band: string | null }[];
  questions: Record<string, { visible: boolean; earned: number; possible: number }>;
  redFlags: { code: string; severity: string; questionId: string; answer: unknown }[];
  inherentRisk: { level: string; points: number };
  residualRisk: string;
  recommendation: string;
  validityMonths: number;
  conditions: string[];
}

const read = (file: string): unknown => JSON.parse(readFileSync(path.resolve(process.cwd(), file), "utf8"));

const examples = readdirSync(path.resolve(process.cwd(), ROOT), { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(path.resolve(process.cwd(), ROOT, e.name, "expected.json")))
  .map((e) => e.name)
  .sort();

it("there are at least the six worked examples the issue asks for", () => {
  expect(examples).toEqual(expect.arrayContaining(["best", "worst", "typical-sme", "fees-charged", "hidden-follow-ups", "n-a-heavy"]));
});

describe.each(examples)("worked example %s", (name) => {
  const dir = `${ROOT}/${name}`;
  const expected = read(`${dir}/expected.json`) as Expected;
  const file = expected.questionnaire.key === "synthetic-scoring" ? SYNTHETIC_PATH : `questionnaires/${expected.questionnaire.key}/${expected.questionnaire.version}.json`;
  const { questionnaire, sha256 } = loadQuestionnaire(file);
  const answers = read(`${dir}/answers.json`);
  const context = read(`${dir}/context.json`) as ScoringContext;
  const result = score(questionnaire, answers as never, context, { sha256, policy: DEFAULT_POLICY });

  it("has a README with the hand arithmetic", () => {
    expect(readFileSync(path.resolve(process.cwd(), dir, "README.md"), "utf8")).toContain("## Arithmetic");
  });

  it("its answers are a valid, complete submission", () => {
    expect(validateAnswers(questionnaire, answers, "en")).toEqual([]);
  });

  it("overall score and sections", () => {
    expect(result.questionnaire).toEqual({ ...expected.questionnaire, sha256 });
    expect({ score: result.overall.score, band: result.overall.band }).toEqual(expected.overall);
    expect(result.sections.map(({ key, weight, earned, possible, score: s, band }) => ({ key, weight, earned, possible, score: s, band }))).toEqual(expected.sections);
  });

  it("the questions the README singles out", () => {
    const byId = new Map(result.sections.flatMap((s) => s.questions).map((q) => [q.id, { visible: q.visible, earned: q.earned, possible: q.possible }]));
    for (const [id, q] of Object.entries(expected.questions)) expect({ id, ...byId.get(id) }).toEqual({ id, ...q });
  });

  it("red flags, risk, recommendation and conditions", () => {
    expect(result.redFlags.map(({ code, severity, questionId, answer }) => ({ code, severity, questionId, answer }))).toEqual(expected.redFlags);
    expect({ level: result.inherentRisk.level, points: result.inherentRisk.points }).toEqual(expected.inherentRisk);
    expect(result.residualRisk).toBe(expected.residualRisk);
    expect(result.recommendation).toBe(expected.recommendation);
    expect(result.validityMonths).toBe(expected.validityMonths);
    expect(result.conditions.map((c) => c.questionId)).toEqual(expected.conditions);
  });
});
