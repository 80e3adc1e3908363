import { deriveMaxPoints, toQuestionnaire, totalMaxPoints, QuestionnaireFileSchema, type QuestionFile } from "~/domain/questionnaire/schema";

import { readDemoRaw } from "../../fixtures/questionnaires/demo-fixture";

const label = { en: "x", es: "x" };
const option = (value: string, points?: number) => (points === undefined ? { value, label } : { value, label, points });
type Scored = Pick<QuestionFile, "type" | "options" | "scale" | "maxPoints">;

describe("derived maxPoints (QUESTIONNAIRES.md, Question.maxPoints)", () => {
  it("is the best option for single and boolean questions; options without points count 0", () => {
    expect(deriveMaxPoints({ type: "single", options: [option("a", 2), option("b", 7), option("c")] })).toBe(7);
    expect(deriveMaxPoints({ type: "boolean", options: [option("yes", 0), option("no", 10)] })).toBe(10);
    expect(deriveMaxPoints({ type: "single", options: [option("a"), option("b")] })).toBe(0);
  });

  it("is never below 0, even when every option costs points", () => {
    expect(deriveMaxPoints({ type: "single", options: [option("a", -3), option("b", -1)] })).toBe(0);
    expect(deriveMaxPoints({ type: "multi", options: [option("a", -3)] })).toBe(0);
  });

  it("sums the positive options of a multi question, capped by an explicit maxPoints", () => {
    const options = [option("a", 3), option("b", 4), option("c", 3), option("d", -2)];
    expect(deriveMaxPoints({ type: "multi", options })).toBe(10);
    expect(deriveMaxPoints({ type: "multi", options, maxPoints: 8 })).toBe(8);
    // A cap above the sum cannot be reached, so the sum stays the maximum.
    expect(deriveMaxPoints({ type: "multi", options, maxPoints: 50 })).toBe(10);
  });

  it("is the best band for number and percent questions, and 0 without a scale", () => {
    const scale = [
      { min: 0, max: 25, points: 10 },
      { min: 25, max: 100, points: 4 },
    ];
    expect(deriveMaxPoints({ type: "percent", scale })).toBe(10);
    expect(deriveMaxPoints({ type: "number", scale })).toBe(10);
    expect(deriveMaxPoints({ type: "number" })).toBe(0);
  });

  it("is 0 for text, date and countries unless maxPoints is given", () => {
    for (const type of ["text", "date", "countries"] as const) {
      expect(deriveMaxPoints({ type })).toBe(0);
      expect(deriveMaxPoints({ type, maxPoints: 5 })).toBe(5);
    }
  });

  it("takes an explicit maxPoints as given for single, boolean and scale questions", () => {
    const cases: [Scored, number][] = [
      [{ type: "single", options: [option("a", 6)], maxPoints: 4 }, 4],
      [{ type: "boolean", options: [option("yes", 10), option("no", 0)], maxPoints: 10 }, 10],
      [{ type: "percent", scale: [{ min: 0, max: 100, points: 5 }], maxPoints: 5 }, 5],
    ];
    for (const [question, expected] of cases) expect(deriveMaxPoints(question)).toBe(expected);
  });

  it("is filled on every question of a loaded questionnaire", () => {
    const file = QuestionnaireFileSchema.parse(readDemoRaw(1));
    const loaded = toQuestionnaire(file);
    const byId = Object.fromEntries(loaded.sections.flatMap((s) => s.questions.map((q) => [q.id, q.maxPoints])));
    expect(byId).toEqual({
      "gov.policy": 10,
      "gov.policy-scope": 8,
      "gov.owner": 6,
      "gov.review-date": 0,
      "rec.fees": 10,
      "rec.fee-details": 0,
      "rec.agency-share": 10,
      "rec.weekly-hours": 8,
      "rec.sourcing-countries": 0,
      "rec.passports": 10,
    });
    expect(totalMaxPoints(loaded)).toBe(62);
  });
});
