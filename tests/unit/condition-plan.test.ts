// Conditions as corrective-action plans (app/domain/condition-plan.ts): proposal and four-eyes
// confirmation rules, where a condition stands, ageing, and what the client's scorecard holds.
import { checkConfirmation, checkProposal, conditionStanding, daysOverdue, scorecard, type PlanCondition } from "~/domain/condition-plan";

const open: PlanCondition = { status: "open", dueDate: "2026-12-10", proposal: null, proposedBy: null };

describe("proposal", () => {
  it("needs an approved decision, an open condition, a comment, and for met a proof among the uploads", () => {
    const met = { outcome: "met" as const, comment: "ok", documentId: "doc1" };
    expect(checkProposal(open, "approved", met, ["doc1"])).toBeNull();
    expect(checkProposal(open, "superseded", met, ["doc1"])).toEqual({ code: "decision-not-approved" });
    expect(checkProposal({ ...open, status: "met" }, "approved", met, ["doc1"])).toEqual({ code: "already-met" });
    expect(checkProposal(open, "approved", { ...met, comment: "  " }, ["doc1"])).toEqual({ code: "comment-required" });
    expect(checkProposal(open, "approved", { ...met, documentId: "other" }, ["doc1"])).toEqual({ code: "proof-unknown" });
    expect(checkProposal(open, "approved", { ...met, documentId: null }, ["doc1"])).toEqual({ code: "proof-required" });
    expect(checkProposal(open, "approved", { outcome: "not-met", comment: "missing signature", documentId: null }, [])).toBeNull();
  });
});

describe("confirmation (four-eyes)", () => {
  const proposed: PlanCondition = { ...open, proposal: "met", proposedBy: "rm1" };
  it("only a pending met, never by its proposer", () => {
    expect(checkConfirmation(proposed, "approved", "appr1")).toBeNull();
    expect(checkConfirmation(proposed, "approved", "rm1")).toEqual({ code: "own-proposal" });
    expect(checkConfirmation({ ...proposed, proposal: "not-met" }, "approved", "appr1")).toEqual({ code: "nothing-to-confirm" });
    expect(checkConfirmation(open, "approved", "appr1")).toEqual({ code: "nothing-to-confirm" });
    expect(checkConfirmation({ ...proposed, status: "met" }, "approved", "appr1")).toEqual({ code: "already-met" });
    expect(checkConfirmation(proposed, "superseded", "appr1")).toEqual({ code: "decision-not-approved" });
  });
});

describe("standing and ageing", () => {
  it("says where a condition stands on a given day", () => {
    expect(conditionStanding(open, "2026-12-10")).toBe("open");
    expect(conditionStanding(open, "2026-12-11")).toBe("overdue");
    expect(conditionStanding({ ...open, proposal: "met", proposedBy: "x" }, "2026-12-20")).toBe("awaiting-confirmation");
    expect(conditionStanding({ ...open, proposal: "not-met", proposedBy: "x" }, "2026-12-01")).toBe("more-proof-needed");
    expect(conditionStanding({ ...open, status: "met" }, "2027-01-01")).toBe("met");
  });
  it("counts whole days past the due date", () => {
    expect(daysOverdue("2026-12-10", "2026-12-10")).toBe(0);
    expect(daysOverdue("2026-12-10", "2026-12-11")).toBe(1);
    expect(daysOverdue("2026-11-30", "2027-01-01")).toBe(32);
  });
});

describe("scorecard", () => {
  it("strengths are the strong and adequate sections; improvement areas are the conditions' questions, once each", () => {
    const card = scorecard({
      overall: { score: 61.5, band: "adequate" },
      sections: [
        { key: "gov", title: "Governance", score: 90, band: "strong" },
        { key: "rec", title: "Recruitment", score: 30, band: "poor" },
        { key: "wag", title: "Wages", score: 65, band: "adequate" },
      ],
      conditionQuestions: [
        { questionId: "rec.fees", questionText: "Do workers pay fees?", sectionTitle: "Recruitment" },
        { questionId: "rec.fees", questionText: "Do workers pay fees?", sectionTitle: "Recruitment" },
        { questionId: null, questionText: null, sectionTitle: null },
      ],
    });
    expect(card.strengths).toEqual(["Governance", "Wages"]);
    expect(card.improvementAreas).toEqual([{ questionText: "Do workers pay fees?", sectionTitle: "Recruitment" }]);
    expect(Object.keys(card).sort()).toEqual(["improvementAreas", "overall", "sections", "strengths"]);
  });
});
