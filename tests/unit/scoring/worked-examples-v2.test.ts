// The engine-2 worked examples (tests/fixtures/scoring/v2-*): beyond what worked-examples.test.ts
// checks for every example, the consistency rules that changed something and the residual steps.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { DEFAULT_POLICY } from "~/domain/policy/policy";
import { score, type ScoringContext } from "~/domain/scoring/score";
import { loadQuestionnaire } from "./load-fixture";

const ROOT = "tests/fixtures/scoring";
const read = (file: string): unknown => JSON.parse(readFileSync(path.resolve(process.cwd(), file), "utf8"));
const examples = readdirSync(path.resolve(process.cwd(), ROOT), { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name.startsWith("v2-") && existsSync(path.resolve(process.cwd(), ROOT, e.name, "expected.json")))
  .map((e) => e.name)
  .sort();

it("has the eight engine-2 examples issue 16 asks for", () => {
  expect(examples).toEqual([
    "v2-84-hour-weeks",
    "v2-best-no-evidence-very-high",
    "v2-coffee-grower-n-a",
    "v2-fees-found-repaid",
    "v2-origin-fee-contradiction",
    "v2-sme-fees-found-repaid",
    "v2-sme-locked-in-at-night",
    "v2-sme-wages-held-to-season-end",
  ]);
});

describe.each(examples)("engine-2 worked example %s", (name) => {
  const dir = `${ROOT}/${name}`;
  const expected = read(`${dir}/expected.json`) as { questionnaire: { key: string; version: number }; consistency: string[]; residualRiskSteps: string[] };
  const { questionnaire, sha256 } = loadQuestionnaire(`questionnaires/${expected.questionnaire.key}/${expected.questionnaire.version}.json`);
  const result = score(questionnaire, read(`${dir}/answers.json`) as never, read(`${dir}/context.json`) as ScoringContext, { sha256, policy: DEFAULT_POLICY });

  it("is scored by engine 2", () => expect(result.engineVersion).toBe("2.0.0"));
  it("the rules that changed something", () => expect((result.consistency ?? []).map((c) => c.id)).toEqual(expected.consistency));
  it("the residual-risk steps", () => expect(result.residualRiskSteps.map((s) => s.kind)).toEqual(expected.residualRiskSteps));
  it("states the expert's outcome and the objection it answers", () => {
    const readme = readFileSync(path.resolve(process.cwd(), dir, "README.md"), "utf8");
    expect(readme).toMatch(/\*\*What an expert insists on \(O\d+/);
    expect(readme).toContain(result.recommendation);
  });
});
