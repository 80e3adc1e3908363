// The respondent's working draft (one draft_answers row per question, so saves merge by question)
// and the assessment writes that answering and submitting make: start, freeze into an answer set
// (insert-only), submit. Reviewer comments are read here for the respondent's pages.
import { and, asc, eq } from "drizzle-orm";
import { answerSets, assessments, draftAnswers, reviewComments } from "../../db/tables";
import type { Tx, Reader } from "~/db.server";

export type DraftAnswerRow = typeof draftAnswers.$inferSelect;
export type ReviewCommentRow = typeof reviewComments.$inferSelect;
type AssessmentRow = typeof assessments.$inferSelect;

export async function listDraftAnswers(institutionId: string, assessmentId: string, tx: Reader): Promise<DraftAnswerRow[]> {
  return await tx
    .select()
    .from(draftAnswers)
    .where(and(eq(draftAnswers.institutionId, institutionId), eq(draftAnswers.assessmentId, assessmentId)));
}

/** Inserts or replaces one question's row; other questions' rows are never touched. */
export async function upsertDraftAnswer(row: DraftAnswerRow, tx: Tx): Promise<void> {
  await tx.insert(draftAnswers)
    .values(row)
    .onConflictDoUpdate({
      target: [draftAnswers.institutionId, draftAnswers.assessmentId, draftAnswers.questionId],
      set: { value: row.value, evidence: row.evidence, comment: row.comment, updatedAt: row.updatedAt, updatedBy: row.updatedBy },
    });
}

export async function updateAssessmentForRespondent(
  institutionId: string,
  assessmentId: string,
  values: Partial<Pick<AssessmentRow, "status" | "startedAt" | "submittedAt" | "signatory" | "updatedAt">>,
  tx: Tx,
): Promise<void> {
  await tx.update(assessments).set(values).where(and(eq(assessments.institutionId, institutionId), eq(assessments.id, assessmentId)));
}

export async function insertAnswerSet(values: typeof answerSets.$inferInsert, tx: Tx): Promise<void> {
  await tx.insert(answerSets).values(values);
}

export async function listReviewComments(institutionId: string, assessmentId: string, tx: Reader): Promise<ReviewCommentRow[]> {
  return await tx
    .select()
    .from(reviewComments)
    .where(and(eq(reviewComments.institutionId, institutionId), eq(reviewComments.assessmentId, assessmentId)))
    .orderBy(asc(reviewComments.createdAt));
}
