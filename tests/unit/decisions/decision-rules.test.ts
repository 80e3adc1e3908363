import fc from "fast-check";
import {
  addCalendarMonths,
  checkReviewer,
  isMoreLenient,
  OUTCOMES,
  proposalIssues,
  recordedConditions,
  validityMonthsFor,
  type ProposalInput,
} from "~/domain/decision-rules";
import { DEFAULT_POLICY } from "~/domain/policy/policy";

const base: ProposalInput = { outcome: "approve", recommendation: "approve", hasCriticalFlag: false, justification: null, conditions: [], today: "2026-06-15" };

describe("leniency", () => {
  it("orders approve < approve-with-conditions < enhanced-due-diligence < decline", () => {
    expect(isMoreLenient("approve", "approve-with-conditions")).toBe(true);
    expect(isMoreLenient("approve-with-conditions", "enhanced-due-diligence")).toBe(true);
    expect(isMoreLenient("enhanced-due-diligence", "decline")).toBe(true);
    expect(isMoreLenient("decline", "approve")).toBe(false);
    expect(isMoreLenient("approve", "approve")).toBe(false);
  });

  it("is a strict order: exactly one of a<b, b<a, a=b", () => {
    fc.assert(
      fc.property(fc.constantFrom(...OUTCOMES), fc.constantFrom(...OUTCOMES), (a, b) => {
        const n = [isMoreLenient(a, b), isMoreLenient(b, a), a === b].filter(Boolean).length;
        expect(n).toBe(1);
      }),
    );
  });
});

describe("proposalIssues", () => {
  it("accepts the recommendation without justification", () => {
    expect(proposalIssues(base)).toEqual([]);
  });

  it("asks for a justification when the outcome is more lenient than the recommendation", () => {
    expect(proposalIssues({ ...base, outcome: "approve", recommendation: "enhanced-due-diligence" })).toEqual([{ path: "justification", code: "justification-required-lenient" }]);
    expect(proposalIssues({ ...base, outcome: "approve", recommendation: "enhanced-due-diligence", justification: "  " })).toHaveLength(1);
    expect(proposalIssues({ ...base, outcome: "approve", recommendation: "enhanced-due-diligence", justification: "Board guarantee" })).toEqual([]);
  });

  it("needs no justification for a stricter outcome", () => {
    expect(proposalIssues({ ...base, outcome: "decline", recommendation: "approve" })).toEqual([]);
    expect(proposalIssues({ ...base, outcome: "approve-with-conditions", recommendation: "approve", conditions: [{ text: "x", dueDate: "2026-07-01" }] })).toEqual([]);
  });

  it("never lets a critical red flag be approved without a justification, whatever the recommendation", () => {
    for (const outcome of ["approve", "approve-with-conditions"] as const) {
      const issues = proposalIssues({ ...base, outcome, recommendation: outcome, hasCriticalFlag: true, conditions: [{ text: "x", dueDate: "2026-07-01" }] });
      expect(issues).toEqual([{ path: "justification", code: "justification-required-critical" }]);
    }
    expect(proposalIssues({ ...base, outcome: "decline", recommendation: "decline", hasCriticalFlag: true })).toEqual([]);
  });

  it("requires a condition for approve-with-conditions and due dates not in the past", () => {
    expect(proposalIssues({ ...base, outcome: "approve-with-conditions", recommendation: "approve-with-conditions" })).toEqual([{ path: "conditions", code: "condition-required" }]);
    expect(
      proposalIssues({
        ...base,
        outcome: "approve-with-conditions",
        recommendation: "approve-with-conditions",
        conditions: [
          { text: "today is fine", dueDate: "2026-06-15" },
          { text: "yesterday is not", dueDate: "2026-06-14" },
        ],
      }),
    ).toEqual([{ path: "conditions[1].dueDate", code: "condition-due-past" }]);
  });

  it("records conditions only for approve-with-conditions", () => {
    const cs = [{ text: "a" }, { text: "b" }];
    expect(recordedConditions("approve-with-conditions", cs)).toEqual(cs);
    for (const o of ["approve", "enhanced-due-diligence", "decline"] as const) expect(recordedConditions(o, cs)).toEqual([]);
  });
});

describe("validity", () => {
  it("follows the policy by residual risk (low 24, medium 12, high 12)", () => {
    expect(validityMonthsFor(DEFAULT_POLICY, "low")).toBe(24);
    expect(validityMonthsFor(DEFAULT_POLICY, "medium")).toBe(12);
    expect(validityMonthsFor(DEFAULT_POLICY, "high")).toBe(12);
  });

  it("gives critical (0 in policy) the shortest positive period of the policy", () => {
    expect(validityMonthsFor(DEFAULT_POLICY, "critical")).toBe(12);
    expect(validityMonthsFor({ validityMonths: { low: 36, medium: 18, high: 6, critical: 0 } }, "critical")).toBe(6);
    expect(validityMonthsFor({ validityMonths: { low: 0, medium: 0, high: 0, critical: 0 } }, "critical")).toBe(12);
  });

  it("adds calendar months, clamping to the end of a shorter month", () => {
    expect(addCalendarMonths("2026-06-15", 12)).toBe("2027-06-15");
    expect(addCalendarMonths("2026-06-15", 24)).toBe("2028-06-15");
    expect(addCalendarMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addCalendarMonths("2027-12-31", 2)).toBe("2028-02-29");
    expect(addCalendarMonths("2026-11-30", 3)).toBe("2027-02-28");
    expect(addCalendarMonths("2026-06-15", 0)).toBe("2026-06-15");
  });

  it("always lands on a real date in the right month", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 120 }), (y, m, d, n) => {
        const from = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
        const to = addCalendarMonths(from, n);
        expect(new Date(`${to}T00:00:00Z`).toISOString().slice(0, 10)).toBe(to);
        const months = (Number(to.slice(0, 4)) - y) * 12 + Number(to.slice(5, 7)) - m;
        expect(months).toBe(n);
      }),
    );
  });
});

describe("four-eyes", () => {
  it("refuses the proposer and anything not proposed", () => {
    expect(checkReviewer({ proposedBy: "u1", status: "proposed" }, "u2")).toEqual({ ok: true });
    expect(checkReviewer({ proposedBy: "u1", status: "proposed" }, "u1")).toEqual({ ok: false, code: "own-proposal" });
    expect(checkReviewer({ proposedBy: "u1", status: "approved" }, "u2")).toEqual({ ok: false, code: "not-proposed" });
    expect(checkReviewer({ proposedBy: "u1", status: "approved" }, "u1")).toEqual({ ok: false, code: "own-proposal" });
  });
});
