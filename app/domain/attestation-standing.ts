// Whether an attestation is in force (issue 14, F03): revocation and expiry end any attestation;
// otherwise only an approval (with or without conditions) is in force. An attestation of a decline
// or of enhanced due diligence records the decision faithfully but never puts the client in force.
export type AttestationStanding = "in-force" | "not-in-force" | "revoked" | "expired";

const IN_FORCE_OUTCOMES: ReadonlySet<string> = new Set(["approve", "approve-with-conditions"]);

export function attestationStanding(a: { revokedAt: string | null; validUntil: string; outcome: string }, today: string): AttestationStanding {
  if (a.revokedAt) return "revoked";
  if (a.validUntil < today) return "expired";
  return IN_FORCE_OUTCOMES.has(a.outcome) ? "in-force" : "not-in-force";
}
