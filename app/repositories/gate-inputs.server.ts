import { and, asc, desc, eq, sql } from "drizzle-orm";
import { assessments, attestations, clients, conditions, decisions, gateEvents } from "../../db/schema";
import type { Db, Tx } from "~/db.server";
import type { GateInput } from "~/domain/gate";
import { preparedPerConnection } from "./prepared.server";

// The gate is read on every credit-system call (bench/api.ts) and after every change that can
// move it: its reads are prepared once per connection, since building drizzle queries costs
// ~15x the SQLite lookup itself (see prepared.server.ts).
const inst = sql.placeholder("institutionId");
const client = sql.placeholder("clientId");

function prepareGateReads(db: Db) {
  return {
    decisions: db
      .select({ id: decisions.id, status: decisions.status, outcome: decisions.outcome, reviewedAt: decisions.reviewedAt, validUntil: decisions.validUntil })
      .from(decisions)
      .where(and(eq(decisions.institutionId, inst), eq(decisions.clientId, client)))
      .prepare(),
    conditions: db
      .select({ id: conditions.id, decisionId: conditions.decisionId, text: conditions.text, dueDate: conditions.dueDate, status: conditions.status })
      .from(conditions)
      .where(and(eq(conditions.institutionId, inst), eq(conditions.clientId, client)))
      .prepare(),
    attestations: db
      .select({ id: attestations.id, decisionId: attestations.decisionId, revokedAt: attestations.revokedAt, revocationReason: attestations.revocationReason })
      .from(attestations)
      .where(and(eq(attestations.institutionId, inst), eq(attestations.clientId, client)))
      .prepare(),
    assessments: db
      .select({ id: assessments.id, status: assessments.status, sentAt: assessments.sentAt })
      .from(assessments)
      .where(and(eq(assessments.institutionId, inst), eq(assessments.clientId, client)))
      .prepare(),
  };
}

const gateReads = preparedPerConnection(prepareGateReads);

/**
 * The gate's inputs for one client. The statements run on the process's single connection, so
 * inside a transaction (`tx`) they see its uncommitted writes like any other read on it.
 */
export function loadGateInput(institutionId: string, clientId: string, now: Date, _tx: Tx): GateInput {
  const reads = gateReads();
  const values = { institutionId, clientId };
  return {
    now: now.toISOString(),
    decisions: reads.decisions.all(values),
    conditions: reads.conditions.all(values),
    attestations: reads.attestations.all(values),
    assessments: reads.assessments.all(values),
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
