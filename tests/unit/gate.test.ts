// The gate (API.md "Gate") over a table of situations: one client's decisions, conditions,
// attestations and assessments at a fixed instant.
import { computeGate, type GateAssessment, type GateAttestation, type GateCondition, type GateDecision, type GateInput } from "~/domain/gate";

const NOW = "2026-06-15T12:00:00.000Z";
const TODAY = "2026-06-15";
const YESTERDAY = "2026-06-14";
const TOMORROW = "2026-06-16";

function approved(over: Partial<GateDecision> = {}): GateDecision {
  return { id: "d1", status: "approved", outcome: "approve", reviewedAt: "2026-01-10T09:00:00.000Z", validUntil: "2027-01-10", ...over };
}
function condition(over: Partial<GateCondition> = {}): GateCondition {
  return { id: "c1", decisionId: "d1", text: "Publish the policy", dueDate: TOMORROW, status: "open", ...over };
}
function assessment(status: GateAssessment["status"], id = "a1"): GateAssessment {
  return { id, status, sentAt: "2026-01-01T00:00:00.000Z" };
}
function attestation(over: Partial<GateAttestation> = {}): GateAttestation {
  return { id: "att1", decisionId: "d1", revokedAt: null, revocationReason: null, ...over };
}
function input(over: Partial<GateInput>): GateInput {
  return { now: NOW, decisions: [], conditions: [], attestations: [], assessments: [], ...over };
}

type Row = { name: string; input: GateInput; gate: string; reason: string };

const TABLE: Row[] = [
  { name: "never assessed", input: input({}), gate: "closed", reason: "never-assessed" },
  { name: "assessment sent, nothing decided", input: input({ assessments: [assessment("sent")] }), gate: "pending", reason: "assessment-under-way" },
  { name: "assessment submitted, nothing decided", input: input({ assessments: [assessment("submitted")] }), gate: "pending", reason: "assessment-under-way" },
  { name: "assessment under review, nothing decided", input: input({ assessments: [assessment("under-review")] }), gate: "pending", reason: "assessment-under-way" },
  { name: "an expired assessment only", input: input({ assessments: [assessment("expired")] }), gate: "closed", reason: "never-assessed" },
  { name: "approved, valid", input: input({ decisions: [approved()], assessments: [assessment("decided")] }), gate: "open", reason: "approved" },
  { name: "approved, expires today (still valid)", input: input({ decisions: [approved({ validUntil: TODAY })] }), gate: "open", reason: "approved" },
  { name: "approved, expired yesterday", input: input({ decisions: [approved({ validUntil: YESTERDAY })] }), gate: "closed", reason: "expired" },
  { name: "approved with a condition due today (not overdue)", input: input({ decisions: [approved({ outcome: "approve-with-conditions" })], conditions: [condition({ dueDate: TODAY })] }), gate: "conditional", reason: "approved-with-conditions" },
  { name: "approved with a condition due tomorrow", input: input({ decisions: [approved({ outcome: "approve-with-conditions" })], conditions: [condition()] }), gate: "conditional", reason: "approved-with-conditions" },
  { name: "a condition overdue since yesterday", input: input({ decisions: [approved({ outcome: "approve-with-conditions" })], conditions: [condition({ dueDate: YESTERDAY })] }), gate: "closed", reason: "condition-overdue" },
  { name: "an overdue condition that was met", input: input({ decisions: [approved({ outcome: "approve-with-conditions" })], conditions: [condition({ dueDate: YESTERDAY, status: "met" })] }), gate: "open", reason: "approved" },
  {
    name: "all conditions met → open",
    input: input({ decisions: [approved({ outcome: "approve-with-conditions" })], conditions: [condition({ status: "met" }), condition({ id: "c2", status: "met" })] }),
    gate: "open",
    reason: "approved",
  },
  {
    name: "one of two conditions met → still conditional",
    input: input({ decisions: [approved({ outcome: "approve-with-conditions" })], conditions: [condition({ status: "met" }), condition({ id: "c2" })] }),
    gate: "conditional",
    reason: "approved-with-conditions",
  },
  { name: "attestation revoked", input: input({ decisions: [approved()], attestations: [attestation({ revokedAt: "2026-06-01T00:00:00.000Z", revocationReason: "fraud" })] }), gate: "closed", reason: "revoked" },
  { name: "attestation revoked later than now (not yet)", input: input({ decisions: [approved()], attestations: [attestation({ revokedAt: "2026-07-01T00:00:00.000Z" })] }), gate: "open", reason: "approved" },
  { name: "attestation present, not revoked", input: input({ decisions: [approved()], attestations: [attestation()] }), gate: "open", reason: "approved" },
  {
    name: "superseded decision is ignored in favour of the approved one",
    input: input({ decisions: [approved({ id: "d0", status: "superseded", outcome: "decline", reviewedAt: "2026-03-01T00:00:00.000Z" }), approved()] }),
    gate: "open",
    reason: "approved",
  },
  { name: "only a superseded decision", input: input({ decisions: [approved({ status: "superseded" })] }), gate: "closed", reason: "never-assessed" },
  { name: "decline", input: input({ decisions: [approved({ outcome: "decline" })] }), gate: "closed", reason: "declined" },
  { name: "enhanced due diligence", input: input({ decisions: [approved({ outcome: "enhanced-due-diligence" })] }), gate: "closed", reason: "enhanced-due-diligence" },
  {
    name: "pending re-assessment after expiry",
    input: input({ decisions: [approved({ validUntil: YESTERDAY })], assessments: [assessment("decided"), assessment("sent", "a2")] }),
    gate: "pending",
    reason: "assessment-under-way",
  },
  { name: "re-assessment under way while the old decision is still valid", input: input({ decisions: [approved()], assessments: [assessment("decided"), assessment("in-progress", "a2")] }), gate: "open", reason: "approved" },
  { name: "proposed but not approved", input: input({ decisions: [approved({ status: "proposed", reviewedAt: null, validUntil: null })], assessments: [assessment("under-review")] }), gate: "pending", reason: "assessment-under-way" },
  { name: "proposed but not approved, assessment decided elsewhere", input: input({ decisions: [approved({ status: "proposed", reviewedAt: null, validUntil: null })] }), gate: "closed", reason: "never-assessed" },
  { name: "rejected proposal", input: input({ decisions: [approved({ status: "rejected" })], assessments: [assessment("under-review")] }), gate: "pending", reason: "assessment-under-way" },
  {
    name: "conditions of a proposed decision do not count",
    input: input({ decisions: [approved(), approved({ id: "d2", status: "proposed", reviewedAt: null, validUntil: null })], conditions: [condition({ decisionId: "d2", dueDate: YESTERDAY })] }),
    gate: "open",
    reason: "approved",
  },
  {
    name: "the latest approval wins over an older one",
    input: input({ decisions: [approved({ id: "d0", outcome: "decline", reviewedAt: "2025-12-01T00:00:00.000Z" }), approved()] }),
    gate: "open",
    reason: "approved",
  },
];

describe("computeGate", () => {
  it.each(TABLE)("$name → $gate ($reason)", (row) => {
    const result = computeGate(row.input);
    expect(result.gate).toBe(row.gate);
    expect(result.reasonCode).toBe(row.reason);
    expect(result.reason.length).toBeGreaterThan(10);
  });

  it("lists the conditions of the current decision, flagging the overdue one", () => {
    const result = computeGate(input({ decisions: [approved({ outcome: "approve-with-conditions" })], conditions: [condition({ id: "late", dueDate: YESTERDAY }), condition({ id: "ok", dueDate: TODAY })] }));
    expect(result.conditions.map((c) => [c.id, c.isOverdue])).toEqual([
      ["late", true],
      ["ok", false],
    ]);
    expect(result.decisionId).toBe("d1");
    expect(result.validUntil).toBe("2027-01-10");
  });

  it("states the revocation reason", () => {
    const result = computeGate(input({ decisions: [approved()], attestations: [attestation({ revokedAt: "2026-06-01T00:00:00.000Z", revocationReason: "documents forged" })] }));
    expect(result.reason).toContain("documents forged");
    expect(result.attestationId).toBe("att1");
  });
});
