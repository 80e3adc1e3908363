// Assessments as the bank manages them: creation, status changes, lists, reminders and the
// re-assessment prefill. Tenant-scoped except the job runner's cross-institution scan.
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { assessments, clients, draftAnswers, reminders, respondents } from "../../db/tables";
import { clientMatches } from "./client-search.server";
import { affected, type Tx, type Reader } from "~/db.server";
import type { AssessmentStatus } from "~/domain/assessment-state";

export type AssessmentRow = typeof assessments.$inferSelect;

export async function insertAssessment(values: AssessmentRow, tx: Tx): Promise<void> {
  await tx.insert(assessments).values(values);
}

export async function setAssessmentStatus(institutionId: string, assessmentId: string, status: AssessmentStatus, nowIso: string, tx: Tx): Promise<void> {
  await tx.update(assessments).set({ status, updatedAt: nowIso }).where(and(eq(assessments.institutionId, institutionId), eq(assessments.id, assessmentId)));
}

export async function clientAssessments(institutionId: string, clientId: string, tx: Reader): Promise<AssessmentRow[]> {
  return await tx.select().from(assessments).where(and(eq(assessments.institutionId, institutionId), eq(assessments.clientId, clientId)));
}

export async function insertDraftAnswer(values: typeof draftAnswers.$inferInsert, tx: Tx): Promise<void> {
  await tx.insert(draftAnswers).values(values);
}

export type AssessmentListRow = AssessmentRow & { clientName: string };

/** One page of the institution's assessments, newest first, with the client's name. */
export async function listAssessments(
  institutionId: string,
  query: { status?: AssessmentStatus; q?: string; page: number; pageSize: number },
  tx: Reader,
): Promise<{ rows: AssessmentListRow[]; total: number }> {
  const conditions = [eq(assessments.institutionId, institutionId)];
  if (query.status) conditions.push(eq(assessments.status, query.status));
  if (query.q) conditions.push(clientMatches(query.q));
  const where = and(...conditions);
  const rows = await tx
    .select({ assessment: assessments, clientName: clients.name })
    .from(assessments)
    .innerJoin(clients, and(eq(clients.id, assessments.clientId), eq(clients.institutionId, assessments.institutionId)))
    .where(where)
    .orderBy(desc(assessments.sentAt), desc(assessments.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const total =
    (await tx
      .select({ n: count() })
      .from(assessments)
      .innerJoin(clients, and(eq(clients.id, assessments.clientId), eq(clients.institutionId, assessments.institutionId)))
      .where(where).limit(1))[0]?.n ?? 0;
  return { rows: rows.map((r) => ({ ...r.assessment, clientName: r.clientName })), total };
}

/** Assessments the clock can act on (reminders, expiry), across institutions, with sent reminder kinds. */
export async function assessmentsForJobs(tx: Reader) {
  const open = await tx
    .select()
    .from(assessments)
    .where(inArray(assessments.status, ["sent", "in-progress", "returned"]))
    .orderBy(asc(assessments.institutionId), asc(assessments.dueDate));
  if (open.length === 0) return [];
  const sent = await tx
    .select({ assessmentId: reminders.assessmentId, kind: reminders.kind })
    .from(reminders)
    .where(inArray(reminders.assessmentId, open.map((a) => a.id)));
  const kinds = new Map<string, string[]>();
  for (const r of sent) kinds.set(r.assessmentId, [...(kinds.get(r.assessmentId) ?? []), r.kind]);
  return open.map((a) => ({ ...a, sentKinds: kinds.get(a.id) ?? [] }));
}

/** Records a reminder; false when that kind was already recorded (never twice). */
export async function recordReminder(values: typeof reminders.$inferInsert, tx: Tx): Promise<boolean> {
  const result = await tx.insert(reminders).values(values).onConflictDoNothing();
  return affected(result) > 0;
}

export async function remindersOf(institutionId: string, assessmentId: string, tx: Reader) {
  return await tx.select().from(reminders).where(and(eq(reminders.institutionId, institutionId), eq(reminders.assessmentId, assessmentId))).orderBy(asc(reminders.sentAt));
}

export async function activeRespondents(institutionId: string, assessmentId: string, tx: Reader) {
  return await tx
    .select()
    .from(respondents)
    .where(and(eq(respondents.institutionId, institutionId), eq(respondents.assessmentId, assessmentId), sql`${respondents.revokedAt} is null`))
    .orderBy(desc(respondents.isPrimary), asc(respondents.createdAt));
}
