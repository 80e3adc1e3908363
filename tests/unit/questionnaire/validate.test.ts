import { QUESTIONNAIRE_RULES, formatProblem, validateQuestionnaire, type QuestionnaireProblem } from "~/domain/questionnaire/validate";

import { rawQuestion, readDemoRaw, type DemoRaw } from "../../fixtures/questionnaires/demo-fixture";

const FILE = "questionnaires/demo/1.json";

function problemsOf(raw: unknown): QuestionnaireProblem[] {
  const result = validateQuestionnaire(raw, FILE);
  return result.ok ? [] : result.problems;
}

type Case = { rule: string; questionId?: string; mutate: (raw: DemoRaw) => void; messageIncludes?: string };

// One broken copy of the valid fixture per rule: the rule name and the question id must be exact.
const cases: Case[] = [
  { rule: "schema", questionId: "gov.policy", mutate: (r) => void (rawQuestion(r, "gov.policy").type = "yes-no"), messageIncludes: "type" },
  { rule: "schema", questionId: "gov.policy", mutate: (r) => void delete rawQuestion(r, "gov.policy").text, messageIncludes: "text" },
  {
    rule: "schema",
    questionId: "rec.weekly-hours",
    mutate: (r) => void (rawQuestion(r, "rec.weekly-hours").redFlags![0]!.when = { gte: 72, lte: 80 }),
    messageIncludes: "redFlags[0].when",
  },
  { rule: "schema", questionId: "gov.policy-scope", mutate: (r) => void (rawQuestion(r, "gov.policy-scope").showIf = { question: "gov.policy" }) },
  { rule: "schema", mutate: (r) => void (r.version = 0), messageIncludes: "version" },
  { rule: "schema", mutate: (r) => void (r.status = "final"), messageIncludes: "status" },
  { rule: "duplicate-language", mutate: (r) => void r.languages.push("en") },
  { rule: "questionnaire-key-format", mutate: (r) => void (r.key = "Demo_1") },
  { rule: "section-key-format", mutate: (r) => void (r.sections[0]!.key = "Gov") },
  { rule: "question-id-format", questionId: "policy", mutate: (r) => void (rawQuestion(r, "gov.policy").id = "policy") },
  { rule: "source-id-format", mutate: (r) => void (r.sources[0]!.id = "KTC 2022") },
  { rule: "option-value-reserved", questionId: "gov.owner", mutate: (r) => void (rawQuestion(r, "gov.owner").options![2]!.value = "n/a") },
  {
    rule: "unknown-field",
    questionId: "gov.policy",
    mutate: (r) => void (rawQuestion(r, "gov.policy").show_if = { question: "gov.owner", in: ["board"] }),
    messageIncludes: '"showIf"',
  },
  { rule: "language-missing", questionId: "gov.policy", mutate: (r) => void delete (rawQuestion(r, "gov.policy").help as Record<string, string>).es, messageIncludes: '"es"' },
  { rule: "language-missing", questionId: "rec.fees", mutate: (r) => void ((rawQuestion(r, "rec.fees").remediation as Record<string, string>).es = "  ") },
  {
    rule: "language-missing",
    questionId: "rec.passports",
    mutate: (r) => void delete (rawQuestion(r, "rec.passports").options![1]!.label as Record<string, string>).en,
    messageIncludes: 'option "locker" label',
  },
  {
    rule: "language-missing",
    questionId: "rec.fees",
    mutate: (r) => void delete (rawQuestion(r, "rec.fees").redFlags![0]!.message as Record<string, string>).es,
    messageIncludes: "RF-WORKER-FEES",
  },
  { rule: "language-missing", mutate: (r) => void delete (r.sections[1]!.title as Record<string, string>).es, messageIncludes: 'section "rec" title' },
  { rule: "language-undeclared", mutate: (r) => void ((r.title as Record<string, string>).fr = "Questionnaire") },
  { rule: "duplicate-source-id", mutate: (r) => void r.sources.push({ ...r.sources[0] }) },
  { rule: "duplicate-section-key", mutate: (r) => void (r.sections[1]!.key = "gov") },
  { rule: "duplicate-question-id", questionId: "rec.fees", mutate: (r) => void (rawQuestion(r, "rec.passports").id = "rec.fees") },
  { rule: "weight-positive", mutate: (r) => void (r.sections[1]!.weight = 0), messageIncludes: '"rec"' },
  {
    rule: "options-not-allowed",
    questionId: "rec.fee-details",
    mutate: (r) => void (rawQuestion(r, "rec.fee-details").options = [{ value: "a", label: { en: "A", es: "A" } }]),
  },
  { rule: "options-missing", questionId: "gov.policy-scope", mutate: (r) => void delete rawQuestion(r, "gov.policy-scope").options },
  { rule: "options-missing", questionId: "rec.passports", mutate: (r) => void (rawQuestion(r, "rec.passports").options = []) },
  { rule: "duplicate-option-value", questionId: "gov.owner", mutate: (r) => void (rawQuestion(r, "gov.owner").options![1]!.value = "board") },
  { rule: "boolean-options", questionId: "gov.policy", mutate: (r) => void (rawQuestion(r, "gov.policy").options![1]!.value = "nope") },
  {
    rule: "boolean-options",
    questionId: "rec.fees",
    mutate: (r) => void rawQuestion(r, "rec.fees").options!.push({ value: "unsure", label: { en: "Unsure", es: "No sé" } }),
  },
  { rule: "scale-not-allowed", questionId: "gov.owner", mutate: (r) => void (rawQuestion(r, "gov.owner").scale = [{ min: 0, max: 1, points: 1 }]) },
  { rule: "scale-band-order", questionId: "rec.weekly-hours", mutate: (r) => void (rawQuestion(r, "rec.weekly-hours").scale![0]!.max = 0) },
  { rule: "scale-band-overlap", questionId: "rec.weekly-hours", mutate: (r) => void (rawQuestion(r, "rec.weekly-hours").scale![1]!.min = 40) },
  { rule: "scale-band-range", questionId: "rec.agency-share", mutate: (r) => void (rawQuestion(r, "rec.agency-share").scale![2]!.max = 120) },
  { rule: "scale-band-range", questionId: "rec.agency-share", mutate: (r) => void (rawQuestion(r, "rec.agency-share").scale![0]!.min = -5) },
  { rule: "maxpoints-unreachable", questionId: "gov.owner", mutate: (r) => void (rawQuestion(r, "gov.owner").maxPoints = 9) },
  { rule: "maxpoints-unreachable", questionId: "rec.agency-share", mutate: (r) => void (rawQuestion(r, "rec.agency-share").maxPoints = 11) },
  { rule: "criteria-format", questionId: "gov.policy", mutate: (r) => void (rawQuestion(r, "gov.policy").criteria = ["KTC-2022"]) },
  { rule: "criteria-format", questionId: "gov.policy", mutate: (r) => void (rawQuestion(r, "gov.policy").criteria = ["KTC-2022:"]) },
  {
    rule: "criteria-unknown-source",
    questionId: "gov.policy",
    mutate: (r) => void (rawQuestion(r, "gov.policy").criteria = ["UNGP:17"]),
    messageIncludes: '"UNGP"',
  },
  {
    rule: "showif-unknown-question",
    questionId: "gov.policy-scope",
    mutate: (r) => void (rawQuestion(r, "gov.policy-scope").showIf = { question: "gov.nothing", in: ["yes"] }),
  },
  {
    rule: "showif-forward-reference",
    questionId: "gov.policy-scope",
    mutate: (r) => void (rawQuestion(r, "gov.policy-scope").showIf = { question: "rec.fees", in: ["yes"] }),
  },
  {
    // A question that shows itself is the shortest cycle; it is a reference to a non-earlier question.
    rule: "showif-forward-reference",
    questionId: "gov.owner",
    mutate: (r) => void (rawQuestion(r, "gov.owner").showIf = { any: [{ question: "gov.owner", in: ["board"] }] }),
  },
  {
    rule: "showif-type",
    questionId: "rec.passports",
    mutate: (r) => void (rawQuestion(r, "rec.passports").showIf = { question: "rec.weekly-hours", in: ["40"] }),
  },
  {
    rule: "showif-unknown-value",
    questionId: "gov.review-date",
    mutate: (r) =>
      void (rawQuestion(r, "gov.review-date").showIf = { all: [{ question: "gov.policy", in: ["yes"] }, { any: [{ question: "gov.owner", in: ["ceo"] }] }] }),
    messageIncludes: '"ceo"',
  },
  {
    rule: "showif-unknown-value",
    questionId: "gov.policy-scope",
    mutate: (r) => void (rawQuestion(r, "gov.policy-scope").showIf = { question: "gov.policy", in: ["n/a"] }),
  },
  { rule: "redflag-code-format", questionId: "gov.policy", mutate: (r) => void (rawQuestion(r, "gov.policy").redFlags![0]!.code = "RF-no-policy") },
  { rule: "redflag-code-format", questionId: "gov.policy", mutate: (r) => void (rawQuestion(r, "gov.policy").redFlags![0]!.code = "NO-POLICY") },
  {
    rule: "duplicate-redflag-code",
    questionId: "rec.weekly-hours",
    mutate: (r) => void (rawQuestion(r, "rec.weekly-hours").redFlags![1]!.code = "RF-EXCESSIVE-HOURS"),
  },
  { rule: "redflag-when-type", questionId: "gov.policy", mutate: (r) => void (rawQuestion(r, "gov.policy").redFlags![0]!.when = { gte: 1 }) },
  { rule: "redflag-when-type", questionId: "rec.agency-share", mutate: (r) => void (rawQuestion(r, "rec.agency-share").redFlags![0]!.when = { in: ["90"] }) },
  {
    rule: "redflag-when-type",
    questionId: "rec.sourcing-countries",
    mutate: (r) => void (rawQuestion(r, "rec.sourcing-countries").redFlags![0]!.when = { in: ["KP"] }),
  },
  { rule: "redflag-when-type", questionId: "rec.passports", mutate: (r) => void (rawQuestion(r, "rec.passports").redFlags![0]!.when = { includesAny: ["employer"] }) },
  { rule: "redflag-unknown-value", questionId: "rec.passports", mutate: (r) => void (rawQuestion(r, "rec.passports").redFlags![0]!.when = { in: ["boss"] }) },
  {
    rule: "redflag-unknown-value",
    questionId: "rec.sourcing-countries",
    mutate: (r) => void (rawQuestion(r, "rec.sourcing-countries").redFlags![0]!.when = { includesAny: ["north-korea"] }),
  },
  {
    rule: "redflag-on-best-answer",
    questionId: "gov.owner",
    mutate: (r) => void (rawQuestion(r, "gov.owner").redFlags = [{ code: "RF-BOARD", when: { in: ["board"] }, severity: "major", message: { en: "x", es: "x" } }]),
  },
  {
    rule: "redflag-on-best-answer",
    questionId: "gov.policy-scope",
    mutate: (r) =>
      void (rawQuestion(r, "gov.policy-scope").redFlags = [{ code: "RF-SUPPLIERS", when: { includesAny: ["suppliers"] }, severity: "major", message: { en: "x", es: "x" } }]),
  },
  { rule: "redflag-on-best-answer", questionId: "rec.agency-share", mutate: (r) => void (rawQuestion(r, "rec.agency-share").redFlags![0]!.when = { gte: 0 }) },
  { rule: "redflag-on-best-answer", questionId: "rec.agency-share", mutate: (r) => void (rawQuestion(r, "rec.agency-share").redFlags![0]!.when = { lte: 30 }) },
  { rule: "evidence-credit-range", questionId: "gov.policy", mutate: (r) => void (rawQuestion(r, "gov.policy").evidence!.creditWithout = 1.5) },
  { rule: "evidence-credit-range", questionId: "rec.weekly-hours", mutate: (r) => void (rawQuestion(r, "rec.weekly-hours").evidence!.creditWithout = -0.1) },
  { rule: "remediation-missing", questionId: "rec.passports", mutate: (r) => void delete rawQuestion(r, "rec.passports").remediation },
];

describe("validateQuestionnaire", () => {
  it("accepts the demo fixture (both versions)", () => {
    expect(problemsOf(readDemoRaw(1))).toEqual([]);
    expect(problemsOf(readDemoRaw(2))).toEqual([]);
  });

  it.each(cases.map((c) => [`${c.rule}${c.questionId === undefined ? "" : ` (${c.questionId})`}: ${c.mutate.toString().slice(0, 70)}`, c] as const))(
    "refuses %s",
    (_name, c) => {
      const raw = readDemoRaw(1);
      c.mutate(raw);
      const problems = problemsOf(raw);
      const match = problems.find((p) => p.rule === c.rule && p.questionId === c.questionId);
      expect(match, `expected ${c.rule} on ${c.questionId ?? "(file)"}; got ${JSON.stringify(problems, null, 1)}`).toBeDefined();
      const formatted = formatProblem(match!);
      expect(formatted.startsWith(`${FILE}${c.questionId === undefined ? "" : ` ${c.questionId}`}: ${c.rule}: `)).toBe(true);
      if (c.messageIncludes !== undefined) expect(match!.message).toContain(c.messageIncludes);
    },
  );

  it("has a failing case for every rule it can report", () => {
    const covered = new Set(cases.map((c) => c.rule));
    expect(QUESTIONNAIRE_RULES.filter((rule) => !covered.has(rule))).toEqual([]);
  });

  it("reports every problem of a file at once, in file order", () => {
    const raw = readDemoRaw(1);
    rawQuestion(raw, "gov.policy").criteria = ["UNGP:17"];
    raw.sections[1]!.weight = -1;
    rawQuestion(raw, "rec.passports").evidence!.creditWithout = 2;
    expect(problemsOf(raw).map((p) => [p.rule, p.questionId])).toEqual([
      ["criteria-unknown-source", "gov.policy"],
      ["weight-positive", undefined],
      ["evidence-credit-range", "rec.passports"],
    ]);
  });

  it("formats a problem as '<file> <questionId>: <rule>: <message>', without the id when there is none", () => {
    expect(formatProblem({ file: "q/a/1.json", questionId: "gov.policy", rule: "remediation-missing", message: "m" })).toBe(
      "q/a/1.json gov.policy: remediation-missing: m",
    );
    expect(formatProblem({ file: "q/a/1.json", rule: "weight-positive", message: "m" })).toBe("q/a/1.json: weight-positive: m");
  });

  it("lets a draft leave remediation out, but not a retired file", () => {
    const draft = readDemoRaw(1);
    draft.status = "draft";
    delete rawQuestion(draft, "rec.passports").remediation;
    expect(problemsOf(draft)).toEqual([]);
    const retired = readDemoRaw(1);
    retired.status = "retired";
    delete rawQuestion(retired, "rec.passports").remediation;
    expect(problemsOf(retired).map((p) => p.rule)).toEqual(["remediation-missing"]);
  });

  it("needs no remediation where a question cannot score (text, date, countries, maxPoints 0)", () => {
    const raw = readDemoRaw(1);
    expect(rawQuestion(raw, "rec.fee-details").remediation).toBeUndefined();
    expect(rawQuestion(raw, "rec.sourcing-countries").remediation).toBeUndefined();
    expect(problemsOf(raw)).toEqual([]);
  });

  it('accepts "n/a" in conditions only where the question allows it, and alpha-2 codes for countries', () => {
    const raw = readDemoRaw(1);
    rawQuestion(raw, "gov.review-date").showIf = { question: "gov.owner", in: ["n/a", "board"] };
    rawQuestion(raw, "rec.sourcing-countries").redFlags![0]!.when = { includesAny: ["KP", "ER"] };
    rawQuestion(raw, "rec.passports").showIf = { question: "rec.sourcing-countries", in: ["MY"] };
    expect(problemsOf(raw)).toEqual([]);
  });

  it("accepts red flags that leave some full-points answer clean", () => {
    const raw = readDemoRaw(1);
    const flag = (when: Record<string, unknown>) => ({ code: "RF-X", when, severity: "major", message: { en: "x", es: "x" } });
    // 0 lies in the best band [0, 25) but 0.5 does not trip "lte 0".
    rawQuestion(raw, "rec.agency-share").redFlags = [flag({ lte: 0 }), { ...flag({ gte: 24 }), code: "RF-Y" }];
    // Flagging only "none" (negative points) leaves 3 + 4 + 3 = 10 of the cap of 8 reachable.
    rawQuestion(raw, "gov.policy-scope").redFlags = [flag({ includesAny: ["none"] })];
    rawQuestion(raw, "gov.owner").redFlags = [flag({ in: ["nobody", "senior"] })];
    expect(problemsOf(raw)).toEqual([]);
    // Flagging "agencies" too leaves only 3 + 4 = 7 of 8.
    rawQuestion(raw, "gov.policy-scope").redFlags = [flag({ includesAny: ["none", "agencies"] })];
    expect(problemsOf(raw).map((p) => [p.rule, p.questionId])).toEqual([["redflag-on-best-answer", "gov.policy-scope"]]);
  });

  it("keeps unknown extra fields that are not misspellings, and fills defaults", () => {
    const raw = readDemoRaw(1);
    rawQuestion(raw, "gov.policy").rationale = "KTC theme 1";
    const result = validateQuestionnaire(raw, FILE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const questions = result.questionnaire.sections.flatMap((s) => s.questions);
    const policy = questions.find((q) => q.id === "gov.policy");
    expect(policy?.rationale).toBe("KTC theme 1");
    const sourcing = questions.find((q) => q.id === "rec.sourcing-countries");
    expect(sourcing).toMatchObject({ required: false, notApplicable: false, maxPoints: 0 });
    expect(questions.find((q) => q.id === "gov.review-date")?.redFlags).toEqual([]);
  });

  it("refuses things that are not questionnaires at all", () => {
    for (const raw of [null, 42, "text", [], {}]) {
      const problems = problemsOf(raw);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.every((p) => p.rule === "schema" && p.file === FILE)).toBe(true);
    }
  });
});
