import { and, eq } from "drizzle-orm";
import { assessments, respondentSessions, respondents } from "../../db/schema";
import type { Tx } from "~/db.server";

export type Respondent = typeof respondents.$inferSelect;
export type RespondentSessionRow = typeof respondentSessions.$inferSelect;

/** The token is the credential: this lookup is by its hash, not tenant-scoped. */
export function findRespondentByTokenHash(tokenHash: string, tx: Tx) {
  return tx
    .select({ respondent: respondents, assessment: assessments })
    .from(respondents)
    .innerJoin(assessments, eq(assessments.id, respondents.assessmentId))
    .where(eq(respondents.tokenHash, tokenHash))
    .get();
}

export function insertRespondent(values: Respondent, tx: Tx): void {
  tx.insert(respondents).values(values).run();
}

export function listRespondents(institutionId: string, assessmentId: string, tx: Tx): Respondent[] {
  return tx.select().from(respondents).where(and(eq(respondents.institutionId, institutionId), eq(respondents.assessmentId, assessmentId))).all();
}

export function revokeRespondents(institutionId: string, assessmentId: string, nowIso: string, tx: Tx, onlyId?: string): void {
  const conditions = [eq(respondents.institutionId, institutionId), eq(respondents.assessmentId, assessmentId)];
  if (onlyId) conditions.push(eq(respondents.id, onlyId));
  tx.update(respondents).set({ revokedAt: nowIso }).where(and(...conditions)).run();
}

export function touchRespondent(id: string, nowIso: string, tx: Tx): void {
  tx.update(respondents).set({ lastSeenAt: nowIso }).where(eq(respondents.id, id)).run();
}

export function insertRespondentSession(values: RespondentSessionRow, tx: Tx): void {
  tx.insert(respondentSessions).values(values).run();
}

export function findRespondentSession(idHash: string, tx: Tx) {
  return tx
    .select({ session: respondentSessions, respondent: respondents, assessment: assessments })
    .from(respondentSessions)
    .innerJoin(respondents, eq(respondents.id, respondentSessions.respondentId))
    .innerJoin(assessments, eq(assessments.id, respondentSessions.assessmentId))
    .where(eq(respondentSessions.idHash, idHash))
    .get();
}
