// The credit/onboarding gate (shared/docs/API.md "Gate"): a pure function of a client's
// decisions, conditions, attestations and assessments at a given instant.
// - open: an approved decision, valid today, not revoked (all its conditions met, if any);
// - conditional: approved with open conditions, none overdue, valid today;
// - pending: an assessment is under way and no valid decision exists;
// - closed: declined, enhanced due diligence outstanding, expired, revoked, a condition overdue,
//   or never assessed; `reason` says which.
// - closed, whatever the decisions say: the bank's own screening confirmed that the client or a
//   party it names is on a forced-labour list (issue 15, O12/O13: a listing is a knock-out, and
//   an approval given before the listing was known does not stand).
// Dates: `validUntil` and condition `dueDate` are calendar dates (YYYY-MM-DD, UTC); a decision is
// valid through its validUntil day and a condition is overdue the day after its due date.
import { isUnderWay, type AssessmentStatus } from "./assessment-state";

export type Gate = "open" | "conditional" | "pending" | "closed";
export type GateReasonCode =
  | "approved"
  | "approved-with-conditions"
  | "declined"
  | "enhanced-due-diligence"
  | "expired"
  | "revoked"
  | "condition-overdue"
  | "assessment-under-way"
  | "never-assessed"
  | "listed-entity";

export type GateDecision = {
  id: string;
  status: "proposed" | "approved" | "rejected" | "superseded";
  outcome: "approve" | "approve-with-conditions" | "enhanced-due-diligence" | "decline";
  reviewedAt: string | null;
  validUntil: string | null;
};
export type GateCondition = { id: string; decisionId: string; text: string; dueDate: string; status: "open" | "met" };
export type GateAttestation = { id: string; decisionId: string; revokedAt: string | null; revocationReason: string | null };
export type GateAssessment = { id: string; status: AssessmentStatus; sentAt: string };

/** A current screening hit an RM confirmed as a true match. */
export type GateListing = { listName: string; listedName: string; listedDate: string | null };

export type GateInput = {
  now: string;
  /** Confirmed screening matches (absent: none). */
  listings?: readonly GateListing[];
  decisions: readonly GateDecision[];
  conditions: readonly GateCondition[];
  attestations: readonly GateAttestation[];
  assessments: readonly GateAssessment[];
};

export type GateResult = {
  gate: Gate;
  reasonCode: GateReasonCode;
  reason: string;
  decisionId: string | null;
  validUntil: string | null;
  attestationId: string | null;
  conditions: Array<{ id: string; text: string; dueDate: string; status: "open" | "met"; isOverdue: boolean }>;
};

const REASONS: Record<GateReasonCode, string> = {
  approved: "Approved decision, valid today.",
  "approved-with-conditions": "Approved with conditions that are still open; none is overdue.",
  declined: "The latest decision declined the client.",
  "enhanced-due-diligence": "The latest decision requires enhanced due diligence before lending or onboarding.",
  expired: "The latest approved decision has expired; a re-assessment is needed.",
  revoked: "The attestation of the latest decision was revoked.",
  "condition-overdue": "A condition of the latest decision is past its due date and not met.",
  "assessment-under-way": "An assessment is under way and no valid decision exists.",
  "never-assessed": "The client has never been assessed.",
  "listed-entity": "The bank's screening confirmed a match on a forced-labour list.",
};

export function gateReasonText(code: GateReasonCode): string {
  return REASONS[code];
}

function result(gate: Gate, reasonCode: GateReasonCode, extra: Partial<GateResult> = {}): GateResult {
  return { gate, reasonCode, reason: REASONS[reasonCode], decisionId: null, validUntil: null, attestationId: null, conditions: [], ...extra };
}

export function computeGate(input: GateInput): GateResult {
  const today = input.now.slice(0, 10);
  const listing = input.listings?.[0];
  if (listing) {
    const since = listing.listedDate ? ` since ${listing.listedDate}` : "";
    return result("closed", "listed-entity", { reason: `${REASONS["listed-entity"]} ${listing.listedName}: listed on the ${listing.listName}${since}.` });
  }
  const underWay = input.assessments.some((a) => isUnderWay(a.status));
  const approved = input.decisions
    .filter((d) => d.status === "approved" && d.reviewedAt)
    .sort((a, b) => (a.reviewedAt! < b.reviewedAt! ? 1 : a.reviewedAt! > b.reviewedAt! ? -1 : a.id < b.id ? 1 : -1));
  const current = approved[0];
  if (!current) return underWay ? result("pending", "assessment-under-way") : result("closed", "never-assessed");

  const attestation = input.attestations.find((a) => a.decisionId === current.id) ?? null;
  const conditions = input.conditions
    .filter((c) => c.decisionId === current.id)
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id < b.id ? -1 : 1))
    .map((c) => ({ id: c.id, text: c.text, dueDate: c.dueDate, status: c.status, isOverdue: c.status === "open" && c.dueDate < today }));
  const base = { decisionId: current.id, validUntil: current.validUntil, attestationId: attestation?.id ?? null, conditions };

  if (attestation?.revokedAt && attestation.revokedAt <= input.now) {
    return result(underWay ? "pending" : "closed", underWay ? "assessment-under-way" : "revoked", { ...base, reason: underWay ? REASONS["assessment-under-way"] : `${REASONS.revoked}${attestation.revocationReason ? ` Reason: ${attestation.revocationReason}` : ""}` });
  }
  if (current.outcome === "decline") return result(underWay ? "pending" : "closed", underWay ? "assessment-under-way" : "declined", base);
  if (current.outcome === "enhanced-due-diligence") return result(underWay ? "pending" : "closed", underWay ? "assessment-under-way" : "enhanced-due-diligence", base);
  if (!current.validUntil || current.validUntil < today) return result(underWay ? "pending" : "closed", underWay ? "assessment-under-way" : "expired", base);
  if (conditions.some((c) => c.isOverdue)) return result("closed", "condition-overdue", base);
  if (conditions.some((c) => c.status === "open")) return result("conditional", "approved-with-conditions", base);
  return result("open", "approved", base);
}
