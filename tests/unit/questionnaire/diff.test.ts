import { diffQuestionnaires } from "~/domain/questionnaire/diff";
import { validateQuestionnaire } from "~/domain/questionnaire/validate";
import type { Questionnaire } from "~/domain/questionnaire/schema";

import { readDemoRaw } from "../../fixtures/questionnaires/demo-fixture";

function load(version: 1 | 2): Questionnaire {
  const result = validateQuestionnaire(readDemoRaw(version), `questionnaires/demo/${version}.json`);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.questionnaire;
}

describe("diffQuestionnaires", () => {
  const v1 = load(1);
  const v2 = load(2);
  const diff = diffQuestionnaires(v1, v2);

  it("lists added questions in the new version's order and removed ones in the old order", () => {
    expect(diff.added.map((q) => [q.id, q.sectionKey, q.question.maxPoints])).toEqual([
      ["rec.repayment", "rec", 5],
      ["voice.channel", "voice", 8],
    ]);
    expect(diff.removed.map((q) => [q.id, q.sectionKey])).toEqual([["gov.review-date", "gov"]]);
  });

  it("lists each changed question with exactly the fields that changed", () => {
    expect(diff.changed.map((c) => [c.id, c.changes.map((x) => x.field)])).toEqual([
      ["gov.owner", ["text"]],
      ["rec.sourcing-countries", ["section"]],
      ["rec.fees", ["options", "maxPoints"]],
    ]);
    const fees = diff.changed.find((c) => c.id === "rec.fees");
    expect(fees?.changes.find((x) => x.field === "maxPoints")).toEqual({ field: "maxPoints", before: 10, after: 12 });
    expect(fees?.changes.find((x) => x.field === "options")?.after).toEqual([
      { value: "yes", points: 0 },
      { value: "no", points: 12 },
    ]);
    const moved = diff.changed.find((c) => c.id === "rec.sourcing-countries");
    expect(moved?.sectionKey).toEqual({ before: "rec", after: "gov" });
  });

  it("reports section weight changes and added or removed sections", () => {
    expect(diff.sections).toEqual([
      { key: "gov", change: "weight", before: 40, after: 50 },
      { key: "voice", change: "added", weight: 20 },
    ]);
  });

  it("summarises both versions with question counts and total max points", () => {
    expect(diff.key).toBe("demo");
    expect(diff.from).toEqual({ version: 1, status: "published", questionCount: 10, totalMaxPoints: 62 });
    expect(diff.to).toEqual({ version: 2, status: "published", questionCount: 11, totalMaxPoints: 77 });
  });

  it("reads the other direction as the mirror image", () => {
    const back = diffQuestionnaires(v2, v1);
    expect(back.added.map((q) => q.id)).toEqual(["gov.review-date"]);
    expect(back.removed.map((q) => q.id)).toEqual(["rec.repayment", "voice.channel"]);
    expect(back.sections).toEqual([
      { key: "gov", change: "weight", before: 50, after: 40 },
      { key: "voice", change: "removed", weight: 20 },
    ]);
  });

  it("detects every kind of question change it names", () => {
    const raw = readDemoRaw(1);
    const a = load(1);
    const questions = raw.sections.flatMap((s) => s.questions);
    const q = (id: string) => questions.find((x) => x.id === id)!;
    q("gov.policy").help = { en: "Attach the policy.", es: "Adjunte la política." };
    q("gov.policy").required = false;
    q("gov.policy").evidence = { expected: true, creditWithout: 0 };
    q("gov.policy").criteria = ["KTC-2022:1.1", "ILO-FL:abuse-of-vulnerability"];
    q("gov.owner").notApplicable = false;
    (q("gov.owner").options![0]!.label as Record<string, string>).en = "The board of directors";
    q("gov.policy-scope").showIf = { any: [{ question: "gov.policy", in: ["yes"] }] };
    q("rec.weekly-hours").scale![0]!.max = 50;
    q("rec.weekly-hours").scale![1]!.min = 50;
    q("rec.weekly-hours").redFlags![0]!.when = { gte: 70 };
    q("rec.passports").remediation = { en: "Return documents.", es: "Devolver los documentos." };
    q("rec.fee-details").type = "date";
    const b = validateQuestionnaire(raw, "x");
    if (!b.ok) throw new Error(JSON.stringify(b.problems));
    const fields = Object.fromEntries(diffQuestionnaires(a, b.questionnaire).changed.map((c) => [c.id, c.changes.map((x) => x.field)]));
    expect(fields).toEqual({
      "gov.policy": ["help", "required", "criteria", "evidence"],
      "gov.policy-scope": ["showIf"],
      "gov.owner": ["notApplicable", "optionLabels"],
      "rec.fee-details": ["type"],
      "rec.weekly-hours": ["scale", "redFlags"],
      "rec.passports": ["remediation"],
    });
  });

  it("finds nothing between a version and itself, and refuses two different keys", () => {
    const same = diffQuestionnaires(v1, load(1));
    expect([same.added, same.removed, same.changed, same.sections]).toEqual([[], [], [], []]);
    expect(() => diffQuestionnaires(v1, { ...v2, key: "other" })).toThrow(/one questionnaire/);
  });
});
