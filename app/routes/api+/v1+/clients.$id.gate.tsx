import { keyHandler } from "~/api/handler.server";
import { ApiError } from "~/api/errors";
import { getDb } from "~/db.server";
import { findClient } from "~/repositories/assessment-core.server";
import { decisionHeadline } from "~/repositories/api-reads.server";
import { IdParamsSchema } from "~/schemas/api/common";
import { evaluateGate } from "~/services/gate.server";

export const loader = keyHandler({ method: "GET", params: IdParamsSchema }, ({ key, params, now }) => {
  const db = getDb();
  if (!findClient(key.institutionId, params.id, db)) throw new ApiError(404, "not_found", "Client not found");
  // Computed now rather than read from clients.gate, so a decision that expired since the last
  // clock run already reads as closed.
  const gate = evaluateGate(key.institutionId, params.id, now, db);
  return {
    clientId: params.id,
    gate: gate.gate,
    reasonCode: gate.reasonCode,
    reason: gate.reason,
    decision: gate.decisionId ? (decisionHeadline(key.institutionId, gate.decisionId, db) ?? null) : null,
    conditions: gate.conditions,
    validUntil: gate.validUntil,
    attestationId: gate.attestationId,
  };
});
