import { and, asc, desc, eq, sql } from "drizzle-orm";
import { assessments, attestations, clients, conditions, decisions, gateEvents, screeningHits } from "../../db/tables";
import type { Reader, Tx } from "~/db.server";
import type { GateInput } from "~/domain/gate";
import { preparedAll, preparedPerConnection } from "./prepared.server";

// The gate is read on every credit-system call (bench/api.ts) and after every change that can
// move it: its reads are prepared once per connection, since building drizzle queries costs
// ~15x the SQLite lookup itself (see prepared.server.ts).
const inst = sql.placeholder("institutionId");
const client = sql.placeholder("clientId");

function prepareGateReads(db: Reader) {
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
    listings: db
      .select({ listName: screeningHits.listName, listedName: screeningHits.listedName, listedDate: screeningHits.listedDate })
      .from(screeningHits)
      .where(and(eq(screeningHits.institutionId, inst), eq(screeningHits.clientId, client), eq(screeningHits.status, "true-match"), eq(screeningHits.isCurrent, true)))
      .orderBy(asc(screeningHits.listedDate), asc(screeningHits.id))
      .prepare(),
  };
}

const gateReads = preparedPerConnection(prepareGateReads);

/**
 * The gate's inputs for one client, read through `q`: inside a write they see its uncommitted
 * writes.
 */
export async function loadGateInput(institutionId: string, clientId: string, now: Date, q: Reader): Promise<GateInput> {
  const reads = gateReads(q);
  const values = { institutionId, clientId };
  return {
    now: now.toISOString(),
    decisions: await preparedAll(reads.decisions, values),
    conditions: await preparedAll(reads.conditions, values),
    attestations: await preparedAll(reads.attestations, values),
    assessments: await preparedAll(reads.assessments, values),
    listings: await preparedAll(reads.listings, values),
  };
}

export async function currentGate(institutionId: string, clientId: string, tx: Reader) {
  return (await tx
    .select({ gate: clients.gate, gateReason: clients.gateReason })
    .from(clients)
    .where(and(eq(clients.institutionId, institutionId), eq(clients.id, clientId))).limit(1))[0];
}

export async function setClientGate(institutionId: string, clientId: string, gate: "open" | "conditional" | "pending" | "closed", reason: string, nowIso: string, tx: Tx) {
  await tx.update(clients).set({ gate, gateReason: reason, updatedAt: nowIso }).where(and(eq(clients.institutionId, institutionId), eq(clients.id, clientId)));
}

export async function insertGateEvent(values: typeof gateEvents.$inferInsert, tx: Tx) {
  await tx.insert(gateEvents).values(values);
}

export async function gateHistory(institutionId: string, clientId: string, tx: Reader) {
  return await tx
    .select()
    .from(gateEvents)
    .where(and(eq(gateEvents.institutionId, institutionId), eq(gateEvents.clientId, clientId)))
    .orderBy(desc(gateEvents.createdAt));
}

/** Every client of every institution, for the time-driven gate refresh job. */
export async function allClientIds(tx: Reader): Promise<Array<{ institutionId: string; id: string }>> {
  return await tx.select({ institutionId: clients.institutionId, id: clients.id }).from(clients).orderBy(asc(clients.institutionId));
}
