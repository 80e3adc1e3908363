// Decisions and their conditions. Decisions are never edited in substance: only their status
// moves (proposed → approved/rejected, approved → superseded) with who and when.
import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import { clients, conditions, decisions, users } from "../../db/schema";
import type { Tx } from "~/db.server";

export type DecisionRow = typeof decisions.$inferSelect;
export type ConditionRow = typeof conditions.$inferSelect;

export function insertDecision(values: DecisionRow, tx: Tx): void {
  tx.insert(decisions).values(values).run();
}

export function insertConditions(rows: ConditionRow[], tx: Tx): void {
  if (rows.length > 0) tx.insert(conditions).values(rows).run();
}

export function findDecision(institutionId: string, decisionId: string, tx: Tx): DecisionRow | undefined {
  return tx.select().from(decisions).where(and(eq(decisions.institutionId, institutionId), eq(decisions.id, decisionId))).get();
}

export function decisionConditions(institutionId: string, decisionId: string, tx: Tx): ConditionRow[] {
  return tx
    .select()
    .from(conditions)
    .where(and(eq(conditions.institutionId, institutionId), eq(conditions.decisionId, decisionId)))
    .orderBy(asc(conditions.dueDate), asc(conditions.id))
    .all();
}

export function findCondition(institutionId: string, conditionId: string, tx: Tx): ConditionRow | undefined {
  return tx.select().from(conditions).where(and(eq(conditions.institutionId, institutionId), eq(conditions.id, conditionId))).get();
}

export function markConditionMetRow(
  institutionId: string,
  conditionId: string,
  values: { metAt: string; metBy: string; metNote: string; metDocumentId: string | null },
  tx: Tx,
): void {
  tx.update(conditions)
    .set({ status: "met", ...values })
    .where(and(eq(conditions.institutionId, institutionId), eq(conditions.id, conditionId)))
    .run();
}

export function setDecisionReviewed(
  institutionId: string,
  decisionId: string,
  values: Pick<DecisionRow, "status" | "reviewedBy" | "reviewedAt" | "reviewComment"> & Partial<Pick<DecisionRow, "validFrom" | "validUntil">>,
  tx: Tx,
): void {
  tx.update(decisions).set(values).where(and(eq(decisions.institutionId, institutionId), eq(decisions.id, decisionId))).run();
}

/** Other decisions of the client that a newly approved one replaces (proposed or approved). */
export function supersedableDecisions(institutionId: string, clientId: string, exceptId: string, tx: Tx): DecisionRow[] {
  return tx
    .select()
    .from(decisions)
    .where(
      and(
        eq(decisions.institutionId, institutionId),
        eq(decisions.clientId, clientId),
        ne(decisions.id, exceptId),
        inArray(decisions.status, ["proposed", "approved"]),
      ),
    )
    .all();
}

export function supersede(institutionId: string, decisionIds: string[], supersededBy: string, tx: Tx): void {
  if (decisionIds.length === 0) return;
  tx.update(decisions)
    .set({ status: "superseded", supersededBy })
    .where(and(eq(decisions.institutionId, institutionId), inArray(decisions.id, decisionIds)))
    .run();
}

const listColumns = {
  id: decisions.id,
  clientId: decisions.clientId,
  clientName: clients.name,
  assessmentId: decisions.assessmentId,
  outcome: decisions.outcome,
  recommendation: decisions.recommendation,
  residualRisk: decisions.residualRisk,
  status: decisions.status,
  proposedBy: decisions.proposedBy,
  proposerName: users.name,
  proposedAt: decisions.proposedAt,
  reviewedAt: decisions.reviewedAt,
  validFrom: decisions.validFrom,
  validUntil: decisions.validUntil,
};

/** The approval queue: proposed decisions, oldest first. */
export function proposedDecisions(institutionId: string, tx: Tx) {
  return tx
    .select(listColumns)
    .from(decisions)
    .innerJoin(clients, eq(clients.id, decisions.clientId))
    .innerJoin(users, eq(users.id, decisions.proposedBy))
    .where(and(eq(decisions.institutionId, institutionId), eq(decisions.status, "proposed")))
    .orderBy(asc(decisions.proposedAt), asc(decisions.id))
    .all();
}

export function assessmentDecisions(institutionId: string, assessmentId: string, tx: Tx) {
  return tx
    .select(listColumns)
    .from(decisions)
    .innerJoin(clients, eq(clients.id, decisions.clientId))
    .innerJoin(users, eq(users.id, decisions.proposedBy))
    .where(and(eq(decisions.institutionId, institutionId), eq(decisions.assessmentId, assessmentId)))
    .orderBy(desc(decisions.proposedAt), desc(decisions.id))
    .all();
}

export function clientDecisions(institutionId: string, clientId: string, tx: Tx) {
  return tx
    .select(listColumns)
    .from(decisions)
    .innerJoin(clients, eq(clients.id, decisions.clientId))
    .innerJoin(users, eq(users.id, decisions.proposedBy))
    .where(and(eq(decisions.institutionId, institutionId), eq(decisions.clientId, clientId)))
    .orderBy(desc(decisions.proposedAt), desc(decisions.id))
    .all();
}
