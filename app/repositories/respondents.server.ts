import { and, eq } from "drizzle-orm";
import { assessments, respondentSessions, respondents } from "../../db/tables";
import type { Tx, Reader } from "~/db.server";

export type Respondent = typeof respondents.$inferSelect;
export type RespondentSessionRow = typeof respondentSessions.$inferSelect;

/** The token is the credential: this lookup is by its hash, not tenant-scoped. */
export async function findRespondentByTokenHash(tokenHash: string, tx: Reader) {
  return (await tx
    .select({ respondent: respondents, assessment: assessments })
    .from(respondents)
    .innerJoin(assessments, eq(assessments.id, respondents.assessmentId))
    .where(eq(respondents.tokenHash, tokenHash)).limit(1))[0];
}

export async function insertRespondent(values: Respondent, tx: Tx): Promise<void> {
  await tx.insert(respondents).values(values);
}

export async function listRespondents(institutionId: string, assessmentId: string, tx: Reader): Promise<Respondent[]> {
  return await tx.select().from(respondents).where(and(eq(respondents.institutionId, institutionId), eq(respondents.assessmentId, assessmentId)));
}

export async function revokeRespondents(institutionId: string, assessmentId: string, nowIso: string, tx: Tx, onlyId?: string): Promise<void> {
  const conditions = [eq(respondents.institutionId, institutionId), eq(respondents.assessmentId, assessmentId)];
  if (onlyId) conditions.push(eq(respondents.id, onlyId));
  await tx.update(respondents).set({ revokedAt: nowIso }).where(and(...conditions));
}

export async function touchRespondent(id: string, nowIso: string, tx: Tx): Promise<void> {
  await tx.update(respondents).set({ lastSeenAt: nowIso }).where(eq(respondents.id, id));
}

export async function insertRespondentSession(values: RespondentSessionRow, tx: Tx): Promise<void> {
  await tx.insert(respondentSessions).values(values);
}

export async function findRespondentSession(idHash: string, tx: Reader) {
  return (await tx
    .select({ session: respondentSessions, respondent: respondents, assessment: assessments })
    .from(respondentSessions)
    .innerJoin(respondents, eq(respondents.id, respondentSessions.respondentId))
    .innerJoin(assessments, eq(assessments.id, respondentSessions.assessmentId))
    .where(eq(respondentSessions.idHash, idHash)).limit(1))[0];
}
