// Reads shared by the respondent, review and decision services.
import { and, desc, eq, isNull } from "drizzle-orm";
import { answerSets, assessments, clients, documents, results } from "../../db/tables";
import type { Tx, Reader } from "~/db.server";
import { cleanFileName } from "~/domain/file-name";

/** A client as the app handles it; the search columns belong to client-search.server.ts. */
export type Client = Omit<typeof clients.$inferSelect, "nameSearch" | "registrationSearch">;
export type Assessment = typeof assessments.$inferSelect;
export type AnswerSetRow = typeof answerSets.$inferSelect;
export type ResultRow = typeof results.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;

export async function findClient(institutionId: string, clientId: string, tx: Reader): Promise<Client | undefined> {
  return (await tx.select().from(clients).where(and(eq(clients.institutionId, institutionId), eq(clients.id, clientId))).limit(1))[0];
}

export async function findAssessment(institutionId: string, assessmentId: string, tx: Reader): Promise<Assessment | undefined> {
  return (await tx.select().from(assessments).where(and(eq(assessments.institutionId, institutionId), eq(assessments.id, assessmentId))).limit(1))[0];
}

export async function latestAnswerSet(institutionId: string, assessmentId: string, tx: Reader): Promise<AnswerSetRow | undefined> {
  return (await tx
    .select()
    .from(answerSets)
    .where(and(eq(answerSets.institutionId, institutionId), eq(answerSets.assessmentId, assessmentId)))
    .orderBy(desc(answerSets.submittedAt), desc(answerSets.id))
    .limit(1))[0];
}

export async function findAnswerSet(institutionId: string, assessmentId: string, answerSetId: string, tx: Reader): Promise<AnswerSetRow | undefined> {
  return (await tx
    .select()
    .from(answerSets)
    .where(and(eq(answerSets.institutionId, institutionId), eq(answerSets.assessmentId, assessmentId), eq(answerSets.id, answerSetId)))
    .limit(1))[0];
}

export async function latestResult(institutionId: string, assessmentId: string, tx: Reader): Promise<ResultRow | undefined> {
  return (await tx
    .select()
    .from(results)
    .where(and(eq(results.institutionId, institutionId), eq(results.assessmentId, assessmentId)))
    .orderBy(desc(results.createdAt), desc(results.id))
    .limit(1))[0];
}

export async function insertResult(values: ResultRow, tx: Tx): Promise<void> {
  await tx.insert(results).values(values);
}

/**
 * The assessment's documents that are not removed. Names are cleaned on the way out too, so a
 * row stored before uploads were cleaned (bidi or zero-width characters) displays safely.
 */
export async function assessmentDocuments(institutionId: string, assessmentId: string, tx: Reader): Promise<DocumentRow[]> {
  return (await tx
    .select()
    .from(documents)
    .where(and(eq(documents.institutionId, institutionId), eq(documents.assessmentId, assessmentId), isNull(documents.removedAt))))
    .map((d) => ({ ...d, fileName: cleanFileName(d.fileName) }));
}

export async function setClientResidualRisk(institutionId: string, clientId: string, residualRisk: ResultRow["residualRisk"], nowIso: string, tx: Tx): Promise<void> {
  await tx.update(clients).set({ residualRisk, updatedAt: nowIso }).where(and(eq(clients.institutionId, institutionId), eq(clients.id, clientId)));
}
