// Keeps each client's stored gate equal to computeGate() of its rows; records every change in
// gate_events, the audit log and a gate.changed webhook event. Call refreshClientGate inside the
// transaction of any change that can move a gate; refreshAllGates runs on a clock for changes
// that time alone causes (expiry, overdue conditions).
import { read, write, type Tx, type Reader } from "~/db.server";
import { computeGate, type GateResult } from "~/domain/gate";
import { newId } from "~/ids.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { allClientIds, currentGate, insertGateEvent, loadGateInput, setClientGate } from "~/repositories/gate-inputs.server";
import { emitEvent } from "./events.server";

export async function evaluateGate(institutionId: string, clientId: string, now: Date, tx: Reader): Promise<GateResult> {
  return computeGate(await loadGateInput(institutionId, clientId, now, tx));
}

export async function refreshClientGate(
  input: { institutionId: string; clientId: string; now: Date; actorType?: "user" | "system" | "respondent" | "api-key"; actorId?: string | null },
  tx: Tx,
): Promise<GateResult> {
  const gate = await evaluateGate(input.institutionId, input.clientId, input.now, tx);
  const stored = await currentGate(input.institutionId, input.clientId, tx);
  if (!stored) return gate;
  const changed = stored.gate !== gate.gate || stored.gateReason !== gate.reasonCode;
  if (!changed) return gate;
  const nowIso = input.now.toISOString();
  await setClientGate(input.institutionId, input.clientId, gate.gate, gate.reasonCode, nowIso, tx);
  await insertGateEvent({ id: newId(), institutionId: input.institutionId, clientId: input.clientId, gate: gate.gate, reason: gate.reasonCode, previousGate: stored.gate, createdAt: nowIso }, tx);
  await appendAuditEvent(
    {
      institutionId: input.institutionId,
      actorType: input.actorType ?? "system",
      actorId: input.actorId ?? null,
      action: "client.gate-changed",
      subjectType: "client",
      subjectId: input.clientId,
      before: { gate: stored.gate, reason: stored.gateReason },
      after: { gate: gate.gate, reason: gate.reasonCode, decisionId: gate.decisionId },
      now: input.now,
    },
    tx,
  );
  if (stored.gate !== gate.gate) {
    await emitEvent(
      {
        institutionId: input.institutionId,
        event: "gate.changed",
        data: { clientId: input.clientId, gate: gate.gate, previousGate: stored.gate, reason: gate.reason, reasonCode: gate.reasonCode, decisionId: gate.decisionId, validUntil: gate.validUntil, attestationId: gate.attestationId },
        now: input.now,
      },
      tx,
    );
  }
  return gate;
}

export async function refreshAllGates(now: Date): Promise<number> {
  const ids = await read((q) => allClientIds(q));
  let changed = 0;
  for (const { institutionId, id } of ids) {
    await write({ institutionId }, async (tx) => {
      const before = await currentGate(institutionId, id, tx);
      const after = await refreshClientGate({ institutionId, clientId: id, now }, tx);
      if (before && (before.gate !== after.gate || before.gateReason !== after.reasonCode)) changed += 1;
    });
  }
  return changed;
}
