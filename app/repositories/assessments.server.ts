// Assessments as the bank manages them: creation, status changes, lists, reminders and the
// re-assessment prefill. Tenant-scoped except the job runner's cross-institution scan.
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { assessments, clients, draftAnswers, reminders, respondents } from "../../db/schema";
import type { Tx } from "~/db.server";
import type { AssessmentStatus } from "~/domain/assessment-state";

export type AssessmentRow = typeof assessments.$inferSelect;

export function insertAssessment(values: AssessmentRow, tx: Tx): void {
  tx.insert(assessments).values(values).run();
}

export function setAssessmentStatus(institutionId: string, assessmentId: string, status: AssessmentStatus, nowIso: string, tx: Tx): void {
  tx.update(assessments).set({ status, updatedAt: nowIso }).where(and(eq(assessments.institutionId, institutionId), eq(assessments.id, assessmentId))).run();
}

export function clientAssessments(institutionId: string, clientId: string, tx: Tx): AssessmentRow[] {
  return tx.select().from(assessments).where(and(eq(assessments.institutionId, institutionId), eq(assessments.clientId, clientId))).all();
}

export function insertDraftAnswer(values: typeof draftAnswers.$inferInsert, tx: Tx): void {
  tx.insert(draftAnswers).values(values).run();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type AssessmentListRow = AssessmentRow & { clientName: string };

/** One page of the institution's assessments, newest first, with the client's name. */
export function listAssessments(
  institutionId: string,
  query: { status?: AssessmentStatus; q?: string; page: number; pageSize: number },
  tx: Tx,
): { rows: AssessmentListRow[]; total: number } {
  const conditions = [eq(assessments.institutionId, institutionId)];
  if (query.status) conditions.push(eq(assessments.status, query.status));
  if (query.q) conditions.push(sql`lower(${clients.name}) like ${`%${escapeLike(query.q.toLowerCase())}%`} escape '\\'`);
  const where = and(...conditions);
  const rows = tx
    .select({ assessment: assessments, clientName: clients.name })
    .from(assessments)
    .innerJoin(clients, and(eq(clients.id, assessments.clientId), eq(clients.institutionId, assessments.institutionId)))
    .where(where)
    .orderBy(desc(assessments.sentAt), desc(assessments.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .all();
  const total =
    tx
      .select({ n: count() })
      .from(assessments)
      .innerJoin(clients, and(eq(clients.id, assessments.clientId), eq(clients.institutionId, assessments.institutionId)))
      .where(where)
      .get()?.n ?? 0;
  return { rows: rows.map((r) => ({ ...r.assessment, clientName: r.clientName })), total };
}

/** Assessments the clock can act on (reminders, expiry), across institutions, with sent reminder kinds. */
export function assessmentsForJobs(tx: Tx) {
  const open = tx
    .select()
    .from(assessments)
    .where(inArray(assessments.status, ["sent", "in-progress", "returned"]))
    .orderBy(asc(assessments.institutionId), asc(assessments.dueDate))
    .all();
  if (open.length === 0) return [];
  const sent = tx
    .select({ assessmentId: reminders.assessmentId, kind: reminders.kind })
    .from(reminders)
    .where(inArray(reminders.assessmentId, open.map((a) => a.id)))
    .all();
  const kinds = new Map<string, string[]>();
  for (const r of sent) kinds.set(r.assessmentId, [...(kinds.get(r.assessmentId) ?? []), r.kind]);
  return open.map((a) => ({ ...a, sentKinds: kinds.get(a.id) ?? [] }));
}

/** Records a reminder; false when that kind was already recorded (never twice). */
export function recordReminder(values: typeof reminders.$inferInsert, tx: Tx): boolean {
  const result = tx.insert(reminders).values(values).onConflictDoNothing().run();
  return result.changes > 0;
}

export function remindersOf(institutionId: string, assessmentId: string, tx: Tx) {
  return tx.select().from(reminders).where(and(eq(reminders.institutionId, institutionId), eq(reminders.assessmentId, assessmentId))).orderBy(asc(reminders.sentAt)).all();
}

export function activeRespondents(institutionId: string, assessmentId: string, tx: Tx) {
  return tx
    .select()
    .from(respondents)
    .where(and(eq(respondents.institutionId, institutionId), eq(respondents.assessmentId, assessmentId), sql`${respondents.revokedAt} is null`))
    .orderBy(desc(respondents.isPrimary), asc(respondents.createdAt))
    .all();
}
