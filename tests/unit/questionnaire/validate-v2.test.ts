// The engine-2 file rules (ENGINE2_RULES): one broken copy of the synthetic engine-2 form per rule.
import { readFileSync } from "node:fs";
import { ENGINE2_RULES, validateQuestionnaire, type QuestionnaireProblem } from "~/domain/questionnaire/validate";

// Broken copies of a JSON file, edited freely by each case.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = Record<string, any>;
const FILE = "tests/fixtures/scoring/synthetic-v2.json";
const read = (): Raw => JSON.parse(readFileSync(FILE, "utf8")) as Raw;
const question = (r: Raw, id: string): Raw => r.sections.flatMap((s: Raw) => s.questions).find((q: Raw) => q.id === id);
const rule = (r: Raw, id: string): Raw => r.consistencyRules.find((x: Raw) => x.id === id);
const problemsOf = (raw: unknown): QuestionnaireProblem[] => {
  const result = validateQuestionnaire(raw, FILE);
  return result.ok ? [] : result.problems;
};

type Case = { rule: string; questionId?: string; mutate: (r: Raw) => void; includes?: string };
const cases: Case[] = [
  { rule: "engine2-field", mutate: (r) => void delete r.engine, includes: '"consistencyRules"' },
  { rule: "engine2-field", questionId: "a.fees", mutate: (r) => void delete r.engine, includes: "remediation" },
  { rule: "condition-unknown-question", mutate: (r) => void (rule(r, "CR-CONTRA").when.all[0].answer = "a.nope") },
  { rule: "condition-forward-reference", mutate: (r) => void (r.sections[2].appliesIf = { answer: "m.check", in: ["yes"] }) },
  { rule: "condition-type", mutate: (r) => void (rule(r, "CR-CAP-ONE").when = { answer: "a.fees", gte: 1 }) },
  { rule: "condition-type", mutate: (r) => void (rule(r, "CR-CONTRA").when.all[0] = { answer: "a.count", in: ["5"] }) },
  { rule: "condition-unknown-value", mutate: (r) => void (rule(r, "CR-CONTRA").when.all[0].in = ["lots"]) },
  { rule: "condition-unknown-value", mutate: (r) => void (rule(r, "CR-CONTRA").when.all[0].in = ["n/a"]), includes: "does not allow" },
  { rule: "condition-country", mutate: (r) => void (rule(r, "CR-NA").when = { context: "countries", includesAny: ["Mexico"] }) },
  { rule: "rule-id-format", mutate: (r) => void (rule(r, "CR-NA").id = "na-rule") },
  { rule: "duplicate-rule-id", mutate: (r) => void (rule(r, "CR-NA").id = "CR-CONTRA") },
  { rule: "rule-no-action", mutate: (r) => void delete rule(r, "CR-NA").voidNotApplicable },
  { rule: "rule-unknown-question", mutate: (r) => void (rule(r, "CR-CONTRA").flag.question = "a.nope") },
  { rule: "rule-unknown-question", mutate: (r) => void (rule(r, "CR-CAP-ONE").caps[0].question = "a.nope") },
  { rule: "rule-void-not-allowed", mutate: (r) => void (rule(r, "CR-NA").voidNotApplicable.questions = ["a.fees"]) },
  { rule: "rule-points-range", mutate: (r) => void (rule(r, "CR-CAP-ONE").caps[0].points = 2) },
  { rule: "rule-points-range", mutate: (r) => void (rule(r, "CR-NA-PARTIAL").voidNotApplicable.points = 4) },
  { rule: "flag-severity-conflict", mutate: (r) => void (rule(r, "CR-DUP").flag.severity = "major") },
  { rule: "declares-type", questionId: "a.origin", mutate: (r) => void (question(r, "a.origin").declares = "goods") },
  { rule: "core-unscored", questionId: "a.count", mutate: (r) => void (question(r, "a.count").core = true) },
  { rule: "option-remediation-on-best", questionId: "a.fees", mutate: (r) => void (question(r, "a.fees").options[0].remediation = { en: "x", es: "x" }) },
  { rule: "option-goods-type", questionId: "a.fees", mutate: (r) => void (question(r, "a.fees").options[1].goods = ["coffee"]) },
];

describe("validateQuestionnaire: engine-2 rules", () => {
  it("accepts the synthetic engine-2 form", () => {
    expect(problemsOf(read())).toEqual([]);
  });

  it.each(cases.map((c, i) => [`${i} ${c.rule}${c.questionId === undefined ? "" : ` (${c.questionId})`}`, c] as const))("refuses %s", (_name, c) => {
    const raw = read();
    c.mutate(raw);
    const problems = problemsOf(raw);
    const match = problems.find((p) => p.rule === c.rule && p.questionId === c.questionId && (c.includes === undefined || p.message.includes(c.includes)));
    expect(match, JSON.stringify(problems, null, 1)).toBeDefined();
  });

  it("has a failing case for every engine-2 rule", () => {
    const covered = new Set(cases.map((c) => c.rule));
    expect(ENGINE2_RULES.filter((r) => !covered.has(r))).toEqual([]);
  });

  it("names a bad condition's field in a shape error", () => {
    const raw = read();
    raw.consistencyRules[0].when = { answer: "a.fees", between: [1, 2] };
    expect(problemsOf(raw).some((p) => p.rule === "schema" && p.message.includes("consistencyRules"))).toBe(true);
  });
});
