// Conditions as corrective-action plans (issue 17, F18): the client's link, its updates and proof,
// the RM's proposal and the approver's confirmation, and the condition lists (per client and the
// portfolio's open conditions by due date).
import { and, asc, desc, eq, inArray, lte } from "drizzle-orm";
import { clientLinks, clients, conditions, conditionUpdates, decisions, documents, results } from "../../db/tables";
import type { Reader, Tx } from "~/db.server";
import { clientMatches } from "./client-search.server";

export type ClientLinkRow = typeof clientLinks.$inferSelect;
export type ConditionUpdateRow = typeof conditionUpdates.$inferSelect;

export async function insertClientLink(values: ClientLinkRow, tx: Tx): Promise<void> {
  await tx.insert(clientLinks).values(values);
}

/** The link a raw token names (the token is the credential, so the look-up is by its hash alone). */
export async function findClientLinkByTokenHash(tokenHash: string, q: Reader): Promise<ClientLinkRow | undefined> {
  return (await q.select().from(clientLinks).where(eq(clientLinks.tokenHash, tokenHash)).limit(1))[0];
}

export async function findResult(institutionId: string, resultId: string, q: Reader) {
  return (await q.select().from(results).where(and(eq(results.institutionId, institutionId), eq(results.id, resultId))).limit(1))[0];
}

export async function insertConditionUpdate(values: ConditionUpdateRow, tx: Tx): Promise<void> {
  await tx.insert(conditionUpdates).values(values);
}

export type ConditionUpload = {
  updateId: string;
  conditionId: string;
  note: string | null;
  createdAt: string;
  email: string;
  document: { id: string; assessmentId: string; fileName: string; mediaType: string; size: number; uploadedAt: string } | null;
};

/** What the client sent for these conditions, oldest first, with each proof's document. */
export async function conditionUploads(institutionId: string, conditionIds: readonly string[], q: Reader): Promise<ConditionUpload[]> {
  if (conditionIds.length === 0) return [];
  const rows = await q
    .select({ update: conditionUpdates, email: clientLinks.email, document: documents })
    .from(conditionUpdates)
    .innerJoin(clientLinks, eq(clientLinks.id, conditionUpdates.linkId))
    .leftJoin(documents, and(eq(documents.id, conditionUpdates.documentId), eq(documents.institutionId, institutionId)))
    .where(and(eq(conditionUpdates.institutionId, institutionId), inArray(conditionUpdates.conditionId, [...conditionIds])))
    .orderBy(asc(conditionUpdates.createdAt), asc(conditionUpdates.id));
  return rows.map((r) => ({
    updateId: r.update.id,
    conditionId: r.update.conditionId,
    note: r.update.note,
    createdAt: r.update.createdAt,
    email: r.email,
    document:
      r.document && !r.document.removedAt
        ? { id: r.document.id, assessmentId: r.document.assessmentId, fileName: r.document.fileName, mediaType: r.document.mediaType, size: r.document.size, uploadedAt: r.document.uploadedAt }
        : null,
  }));
}

export async function setConditionProposal(
  institutionId: string,
  conditionId: string,
  values: { proposal: "met" | "not-met"; proposedBy: string; proposedAt: string; proposalComment: string; proposalDocumentId: string | null },
  tx: Tx,
): Promise<void> {
  await tx.update(conditions).set(values).where(and(eq(conditions.institutionId, institutionId), eq(conditions.id, conditionId)));
}

/** The approver's confirmation: the condition is met, by the confirmer, with the proposal's comment and proof. */
export async function confirmConditionMet(institutionId: string, conditionId: string, values: { metAt: string; metBy: string; metNote: string; metDocumentId: string | null }, tx: Tx): Promise<void> {
  await tx.update(conditions).set({ status: "met", ...values }).where(and(eq(conditions.institutionId, institutionId), eq(conditions.id, conditionId), eq(conditions.status, "open")));
}

/** Every condition of the client's approved decisions (the current one first), with its decision. */
export async function clientConditionList(institutionId: string, clientId: string, q: Reader) {
  return await q
    .select({ condition: conditions, decisionStatus: decisions.status, decisionReviewedAt: decisions.reviewedAt })
    .from(conditions)
    .innerJoin(decisions, and(eq(decisions.id, conditions.decisionId), eq(decisions.institutionId, institutionId)))
    .where(and(eq(conditions.institutionId, institutionId), eq(conditions.clientId, clientId), inArray(decisions.status, ["approved", "superseded"])))
    .orderBy(desc(decisions.reviewedAt), asc(conditions.dueDate), asc(conditions.id));
}

export type OpenConditionFilter = { client?: string | undefined; dueBy?: string | undefined; awaitingConfirmation?: boolean | undefined };

/** Open conditions of approved decisions, by due date (earliest, so most overdue, first). */
export async function openConditions(institutionId: string, filter: OpenConditionFilter, limit: number, q: Reader) {
  const where = [eq(conditions.institutionId, institutionId), eq(conditions.status, "open"), eq(decisions.status, "approved")];
  if (filter.client) where.push(clientMatches(filter.client));
  if (filter.dueBy) where.push(lte(conditions.dueDate, filter.dueBy));
  if (filter.awaitingConfirmation) where.push(eq(conditions.proposal, "met"));
  return await q
    .select({ condition: conditions, clientName: clients.name })
    .from(conditions)
    .innerJoin(decisions, and(eq(decisions.id, conditions.decisionId), eq(decisions.institutionId, institutionId)))
    .innerJoin(clients, and(eq(clients.id, conditions.clientId), eq(clients.institutionId, institutionId)))
    .where(and(...where))
    .orderBy(asc(conditions.dueDate), asc(clients.name), asc(conditions.id))
    .limit(limit);
}
