// Reads and writes of the review screen: evidence review state, results history, reviewer
// comments, the draft reopened by a return, and assessment status changes.
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { assessments, documents, draftAnswers, respondents, results, reviewComments, users } from "../../db/tables";
import type { Tx, Reader } from "~/db.server";
import type { AssessmentStatus } from "~/domain/assessment-state";

export async function findDocument(institutionId: string, assessmentId: string, documentId: string, tx: Reader) {
  return (await tx
    .select()
    .from(documents)
    .where(and(eq(documents.institutionId, institutionId), eq(documents.assessmentId, assessmentId), eq(documents.id, documentId))).limit(1))[0];
}

/** A document of any assessment of the institution (condition evidence may come from any). */
export async function findInstitutionDocument(institutionId: string, documentId: string, tx: Reader) {
  return (await tx.select().from(documents).where(and(eq(documents.institutionId, institutionId), eq(documents.id, documentId))).limit(1))[0];
}

export async function setDocumentReview(
  institutionId: string,
  documentId: string,
  values: { reviewState: "accepted" | "rejected"; reviewReason: string | null; reviewedBy: string; reviewedAt: string },
  tx: Tx,
): Promise<void> {
  await tx.update(documents).set(values).where(and(eq(documents.institutionId, institutionId), eq(documents.id, documentId)));
}

export async function listResults(institutionId: string, assessmentId: string, tx: Reader) {
  return await tx
    .select({
      id: results.id,
      reason: results.reason,
      createdAt: results.createdAt,
      overallScore: results.overallScore,
      band: results.band,
      residualRisk: results.residualRisk,
      recommendation: results.recommendation,
      engineVersion: results.engineVersion,
      answerSetId: results.answerSetId,
    })
    .from(results)
    .where(and(eq(results.institutionId, institutionId), eq(results.assessmentId, assessmentId)))
    .orderBy(desc(results.createdAt), desc(results.id));
}

export async function findResult(institutionId: string, resultId: string, tx: Reader) {
  return (await tx.select().from(results).where(and(eq(results.institutionId, institutionId), eq(results.id, resultId))).limit(1))[0];
}

export async function setAssessmentStatus(institutionId: string, assessmentId: string, status: AssessmentStatus, nowIso: string, tx: Tx): Promise<void> {
  await tx.update(assessments).set({ status, updatedAt: nowIso }).where(and(eq(assessments.institutionId, institutionId), eq(assessments.id, assessmentId)));
}

export async function insertReviewComments(rows: Array<typeof reviewComments.$inferInsert>, tx: Tx): Promise<void> {
  if (rows.length > 0) await tx.insert(reviewComments).values(rows);
}

export async function listReviewComments(institutionId: string, assessmentId: string, tx: Reader) {
  return await tx
    .select({
      id: reviewComments.id,
      questionId: reviewComments.questionId,
      comment: reviewComments.comment,
      answerSetId: reviewComments.answerSetId,
      createdAt: reviewComments.createdAt,
      createdBy: reviewComments.createdBy,
      authorName: users.name,
    })
    .from(reviewComments)
    .innerJoin(users, eq(users.id, reviewComments.createdBy))
    .where(and(eq(reviewComments.institutionId, institutionId), eq(reviewComments.assessmentId, assessmentId)))
    .orderBy(asc(reviewComments.createdAt), asc(reviewComments.id));
}

/** Replaces the assessment's draft with the given answers (a return reopens the submitted set). */
export async function replaceDraft(
  institutionId: string,
  assessmentId: string,
  answers: Record<string, { value: unknown; evidence?: string[] | undefined; comment?: string | undefined }>,
  nowIso: string,
  updatedBy: string,
  tx: Tx,
): Promise<number> {
  await tx.delete(draftAnswers).where(and(eq(draftAnswers.institutionId, institutionId), eq(draftAnswers.assessmentId, assessmentId)));
  const rows = Object.entries(answers).map(([questionId, a]) => ({
    institutionId,
    assessmentId,
    questionId,
    value: a.value,
    evidence: a.evidence ?? [],
    comment: a.comment ?? null,
    updatedAt: nowIso,
    updatedBy,
  }));
  if (rows.length > 0) await tx.insert(draftAnswers).values(rows);
  return rows.length;
}

export async function primaryRespondent(institutionId: string, assessmentId: string, tx: Reader) {
  return (await tx
    .select()
    .from(respondents)
    .where(and(eq(respondents.institutionId, institutionId), eq(respondents.assessmentId, assessmentId), eq(respondents.isPrimary, true)))
    .orderBy(desc(respondents.createdAt))
    .limit(1))[0];
}

export async function userNames(ids: string[], tx: Reader): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  return new Map((await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique))).map((u) => [u.id, u.name]));
}

/** The names (or, without one, the e-mail addresses) of an assessment's respondents, by id. */
export async function respondentNames(institutionId: string, assessmentId: string, tx: Reader): Promise<Map<string, string>> {
  const rows = await tx
    .select({ id: respondents.id, name: respondents.name, email: respondents.email })
    .from(respondents)
    .where(and(eq(respondents.institutionId, institutionId), eq(respondents.assessmentId, assessmentId)));
  return new Map(rows.map((r) => [r.id, r.name?.trim() ? r.name : r.email]));
}
