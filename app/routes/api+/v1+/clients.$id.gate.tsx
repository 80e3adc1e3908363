import { keyHandler } from "~/api/handler.server";
import { ApiError } from "~/api/errors";
import { reads } from "~/db.server";
import { computeGate } from "~/domain/gate";
import { gateInputOf } from "~/repositories/api-reads.server";
import { IdParamsSchema } from "~/schemas/api/common";

export const loader = keyHandler({ method: "GET", params: IdParamsSchema }, async ({ key, params, now }) => {
  // Computed now (the same pure computeGate as evaluateGate, over prepared reads) rather than read
  // from clients.gate, so a decision that expired since the last clock run already reads closed.
  const input = await gateInputOf(key.institutionId, params.id, now, reads());
  if (!input) throw new ApiError(404, "not_found", "Client not found");
  const gate = computeGate(input);
  const decision = gate.decisionId ? input.decisionsById.get(gate.decisionId) : undefined;
  return {
    clientId: params.id,
    gate: gate.gate,
    reasonCode: gate.reasonCode,
    reason: gate.reason,
    decision: gate.decisionId && decision ? { id: gate.decisionId, ...decision } : null,
    conditions: gate.conditions,
    validUntil: gate.validUntil,
    attestationId: gate.attestationId,
  };
});
