import { and, asc, desc, eq } from "drizzle-orm";
import { assessments, attestations, clients, conditions, decisions, gateEvents } from "../../db/schema";
import type { Tx } from "~/db.server";
import type { GateInput } from "~/domain/gate";

export function loadGateInput(institutionId: string, clientId: string, now: Date, tx: Tx): GateInput {
  return {
    now: now.toISOString(),
    decisions: tx
      .select({ id: decisions.id, status: decisions.status, outcome: decisions.outcome, reviewedAt: decisions.reviewedAt, validUntil: decisions.validUntil })
      .from(decisions)
      .where(and(eq(decisions.institutionId, institutionId), eq(decisions.clientId, clientId)))
      .all(),
    conditions: tx
      .select({ id: conditions.id, decisionId: conditions.decisionId, text: conditions.text, dueDate: conditions.dueDate, status: conditions.status })
      .from(conditions)
      .where(and(eq(conditions.institutionId, institutionId), eq(conditions.clientId, clientId)))
      .all(),
    attestations: tx
      .select({ id: attestations.id, decisionId: attestations.decisionId, revokedAt: attestations.revokedAt, revocationReason: attestations.revocationReason })
      .from(attestations)
      .where(and(eq(attestations.institutionId, institutionId), eq(attestations.clientId, clientId)))
      .all(),
    assessments: tx
      .select({ id: assessments.id, status: assessments.status, sentAt: assessments.sentAt })
      .from(assessments)
      .where(and(eq(assessments.institutionId, institutionId), eq(assessments.clientId, clientId)))
      .all(),
  };
}

export function currentGate(institutionId: string, clientId: string, tx: Tx) {
  return tx
    .select({ gate: clients.gate, gateReason: clients.gateReason })
    .from(clients)
    .where(and(eq(clients.institutionId, institutionId), eq(clients.id, clientId)))
    .get();
}

export function setClientGate(institutionId: string, clientId: string, gate: "open" | "conditional" | "pending" | "closed", reason: string, nowIso: string, tx: Tx) {
  tx.update(clients).set({ gate, gateReason: reason, updatedAt: nowIso }).where(and(eq(clients.institutionId, institutionId), eq(clients.id, clientId))).run();
}

export function insertGateEvent(values: typeof gateEvents.$inferInsert, tx: Tx) {
  tx.insert(gateEvents).values(values).run();
}

export function gateHistory(institutionId: string, clientId: string, tx: Tx) {
  return tx
    .select()
    .from(gateEvents)
    .where(and(eq(gateEvents.institutionId, institutionId), eq(gateEvents.clientId, clientId)))
    .orderBy(desc(gateEvents.createdAt))
    .all();
}

/** Every client of every institution, for the time-driven gate refresh job. */
export function allClientIds(tx: Tx): Array<{ institutionId: string; id: string }> {
  return tx.select({ institutionId: clients.institutionId, id: clients.id }).from(clients).orderBy(asc(clients.institutionId)).all();
}
