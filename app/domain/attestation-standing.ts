// Whether an attestation is in force (issue 14, F03): revocation and expiry end any attestation;
// otherwise only an approval (with or without conditions) is in force. An attestation of a decline
// or of enhanced due diligence records the decision faithfully but never puts the client in force.
export type AttestationStanding = "in-force" | "not-in-force" | "revoked" | "expired";
export type DecidedOutcome = "approve" | "approve-with-conditions" | "enhanced-due-diligence" | "decline";

/** The gate each decided outcome leaves the client at; an outcome is in force when it opens it. */
const GATE_OF_OUTCOME = { approve: "open", "approve-with-conditions": "conditional", "enhanced-due-diligence": "closed", decline: "closed" } as const;

export function gateOfOutcome(outcome: DecidedOutcome): (typeof GATE_OF_OUTCOME)[DecidedOutcome] {
  return GATE_OF_OUTCOME[outcome];
}

export function attestationStanding(a: { revokedAt: string | null; validUntil: string; outcome: DecidedOutcome }, today: string): AttestationStanding {
  if (a.revokedAt) return "revoked";
  if (a.validUntil < today) return "expired";
  return gateOfOutcome(a.outcome) === "closed" ? "not-in-force" : "in-force";
}
