import { describe, expect, it } from "vitest";
import { exclusiveConflict, exclusiveValues, isExclusiveOption } from "~/domain/questionnaire/exclusive";
import { getQuestionnaire } from "~/services/questionnaires.server";

const label = { en: "x", es: "x" };
const multi = {
  type: "multi" as const,
  options: [
    { value: "a", label },
    { value: "b", label },
    { value: "none", label },
  ],
};

describe("exclusive options (F11)", () => {
  it("treats an explicit flag, then the values 'none' and 'not-communicated', as exclusive", () => {
    expect(isExclusiveOption({ value: "nothing", exclusive: true })).toBe(true);
    expect(isExclusiveOption({ value: "none", exclusive: false })).toBe(false);
    expect(isExclusiveOption({ value: "none" })).toBe(true);
    expect(isExclusiveOption({ value: "not-communicated" })).toBe(true);
    expect(isExclusiveOption({ value: "a" })).toBe(false);
  });

  it("finds the conflict of an exclusive option chosen with others, and only then", () => {
    expect(exclusiveConflict(multi, ["a", "none", "b"])).toEqual({ exclusive: "none", others: ["a", "b"] });
    expect(exclusiveConflict(multi, ["none"])).toBeNull();
    expect(exclusiveConflict(multi, ["a", "b"])).toBeNull();
    expect(exclusiveConflict(multi, "none")).toBeNull();
    // Only multi-choice questions have exclusive options.
    expect(exclusiveValues({ type: "single", options: multi.options })).toEqual([]);
  });

  it("marks every 'none of these' option of the published questionnaires, and no other", () => {
    for (const [key, version] of [["anti-trafficking", 1], ["anti-trafficking", 2], ["anti-trafficking-sme", 1], ["anti-trafficking-sme", 2]] as const) {
      const loaded = getQuestionnaire(key, version);
      expect(loaded, `${key} v${version}`).toBeTruthy();
      for (const q of loaded!.questionnaire.sections.flatMap((s) => s.questions).filter((q) => q.type === "multi")) {
        const exclusive = exclusiveValues(q);
        // Each published multi-choice question with a "none of these" option has exactly one.
        const noneLike = (q.options ?? []).filter((o) => /^(none|not-|no-)/.test(o.value) && (o.points ?? 0) <= 0 && !["no-fee-clause", "no-fee-contract"].includes(o.value));
        expect(exclusive, q.id).toEqual(noneLike.map((o) => o.value));
      }
    }
  });
});
