// Decisions and their conditions. Decisions are never edited in substance: only their status
// moves (proposed → approved/rejected, approved → superseded) with who and when.
import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import { clients, conditions, decisions, users } from "../../db/tables";
import type { Tx, Reader } from "~/db.server";

export type DecisionRow = typeof decisions.$inferSelect;
export type ConditionRow = typeof conditions.$inferSelect;

export async function insertDecision(values: DecisionRow, tx: Tx): Promise<void> {
  await tx.insert(decisions).values(values);
}

export async function insertConditions(rows: ConditionRow[], tx: Tx): Promise<void> {
  if (rows.length > 0) await tx.insert(conditions).values(rows);
}

export async function findDecision(institutionId: string, decisionId: string, tx: Reader): Promise<DecisionRow | undefined> {
  return (await tx.select().from(decisions).where(and(eq(decisions.institutionId, institutionId), eq(decisions.id, decisionId))).limit(1))[0];
}

export async function decisionConditions(institutionId: string, decisionId: string, tx: Reader): Promise<ConditionRow[]> {
  return await tx
    .select()
    .from(conditions)
    .where(and(eq(conditions.institutionId, institutionId), eq(conditions.decisionId, decisionId)))
    .orderBy(asc(conditions.dueDate), asc(conditions.id));
}

export async function findCondition(institutionId: string, conditionId: string, tx: Reader): Promise<ConditionRow | undefined> {
  return (await tx.select().from(conditions).where(and(eq(conditions.institutionId, institutionId), eq(conditions.id, conditionId))).limit(1))[0];
}

export async function markConditionMetRow(
  institutionId: string,
  conditionId: string,
  values: { metAt: string; metBy: string; metNote: string; metDocumentId: string | null },
  tx: Tx,
): Promise<void> {
  await tx.update(conditions)
    .set({ status: "met", ...values })
    .where(and(eq(conditions.institutionId, institutionId), eq(conditions.id, conditionId)));
}

export async function setDecisionReviewed(
  institutionId: string,
  decisionId: string,
  values: Pick<DecisionRow, "status" | "reviewedBy" | "reviewedAt" | "reviewComment"> & Partial<Pick<DecisionRow, "validFrom" | "validUntil">>,
  tx: Tx,
): Promise<void> {
  await tx.update(decisions).set(values).where(and(eq(decisions.institutionId, institutionId), eq(decisions.id, decisionId)));
}

/** Other decisions of the client that a newly approved one replaces (proposed or approved). */
export async function supersedableDecisions(institutionId: string, clientId: string, exceptId: string, tx: Reader): Promise<DecisionRow[]> {
  return await tx
    .select()
    .from(decisions)
    .where(
      and(
        eq(decisions.institutionId, institutionId),
        eq(decisions.clientId, clientId),
        ne(decisions.id, exceptId),
        inArray(decisions.status, ["proposed", "approved"]),
      ),
    );
}

export async function supersede(institutionId: string, decisionIds: string[], supersededBy: string, tx: Tx): Promise<void> {
  if (decisionIds.length === 0) return;
  await tx.update(decisions)
    .set({ status: "superseded", supersededBy })
    .where(and(eq(decisions.institutionId, institutionId), inArray(decisions.id, decisionIds)));
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
export async function proposedDecisions(institutionId: string, tx: Reader) {
  return await tx
    .select(listColumns)
    .from(decisions)
    .innerJoin(clients, eq(clients.id, decisions.clientId))
    .innerJoin(users, eq(users.id, decisions.proposedBy))
    .where(and(eq(decisions.institutionId, institutionId), eq(decisions.status, "proposed")))
    .orderBy(asc(decisions.proposedAt), asc(decisions.id));
}

export async function assessmentDecisions(institutionId: string, assessmentId: string, tx: Reader) {
  return await tx
    .select(listColumns)
    .from(decisions)
    .innerJoin(clients, eq(clients.id, decisions.clientId))
    .innerJoin(users, eq(users.id, decisions.proposedBy))
    .where(and(eq(decisions.institutionId, institutionId), eq(decisions.assessmentId, assessmentId)))
    .orderBy(desc(decisions.proposedAt), desc(decisions.id));
}

export async function clientDecisions(institutionId: string, clientId: string, tx: Reader) {
  return await tx
    .select(listColumns)
    .from(decisions)
    .innerJoin(clients, eq(clients.id, decisions.clientId))
    .innerJoin(users, eq(users.id, decisions.proposedBy))
    .where(and(eq(decisions.institutionId, institutionId), eq(decisions.clientId, clientId)))
    .orderBy(desc(decisions.proposedAt), desc(decisions.id));
}
