// Screening lists, entries, hits and dispositions (issue 15 "Screening"). Every query is scoped
// by institution; a list, hit or client of another institution looks missing. Portable drizzle
// only (no raw SQL).
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { answerSets, assessments, clients, institutions, screeningDispositions, screeningEntries, screeningHits, screeningLists } from "../../db/tables";
import type { Reader, Tx } from "~/db.server";

export type ScreeningListRow = typeof screeningLists.$inferSelect;
export type ScreeningEntryRow = typeof screeningEntries.$inferSelect;
export type ScreeningHitRow = typeof screeningHits.$inferSelect;
export type ScreeningDispositionRow = typeof screeningDispositions.$inferSelect;

export async function listScreeningLists(institutionId: string, q: Reader): Promise<ScreeningListRow[]> {
  return await q.select().from(screeningLists).where(eq(screeningLists.institutionId, institutionId)).orderBy(asc(screeningLists.name), asc(screeningLists.id));
}

export async function findListByName(institutionId: string, kind: ScreeningListRow["kind"], name: string, q: Reader): Promise<ScreeningListRow | undefined> {
  return (await q.select().from(screeningLists).where(and(eq(screeningLists.institutionId, institutionId), eq(screeningLists.kind, kind), eq(screeningLists.name, name))).limit(1))[0];
}

export async function insertList(row: ScreeningListRow, tx: Tx): Promise<void> {
  await tx.insert(screeningLists).values(row);
}

export async function updateList(institutionId: string, id: string, values: Partial<Omit<ScreeningListRow, "id" | "institutionId">>, tx: Tx): Promise<void> {
  await tx.update(screeningLists).set(values).where(and(eq(screeningLists.institutionId, institutionId), eq(screeningLists.id, id)));
}

export async function replaceEntries(institutionId: string, listId: string, rows: ScreeningEntryRow[], tx: Tx): Promise<void> {
  await tx.delete(screeningEntries).where(and(eq(screeningEntries.institutionId, institutionId), eq(screeningEntries.listId, listId)));
  for (let i = 0; i < rows.length; i += 500) await tx.insert(screeningEntries).values(rows.slice(i, i + 500));
}

export async function allEntries(institutionId: string, q: Reader): Promise<ScreeningEntryRow[]> {
  return await q.select().from(screeningEntries).where(eq(screeningEntries.institutionId, institutionId));
}

export async function clientsToScreen(institutionId: string, q: Reader, clientId?: string): Promise<Array<{ id: string; name: string; country: string }>> {
  const where = clientId ? and(eq(clients.institutionId, institutionId), eq(clients.id, clientId)) : eq(clients.institutionId, institutionId);
  return await q.select({ id: clients.id, name: clients.name, country: clients.country }).from(clients).where(where).orderBy(asc(clients.id));
}

export async function hitsOfClient(institutionId: string, clientId: string, q: Reader): Promise<ScreeningHitRow[]> {
  return await q
    .select()
    .from(screeningHits)
    .where(and(eq(screeningHits.institutionId, institutionId), eq(screeningHits.clientId, clientId)))
    .orderBy(desc(screeningHits.isCurrent), desc(screeningHits.score), asc(screeningHits.id));
}

/** Hits of the institution, optionally of some clients only (the portfolio rescreen reads them all). */
export async function hitsOfInstitution(institutionId: string, q: Reader, clientIds?: readonly string[]): Promise<ScreeningHitRow[]> {
  const where = clientIds ? and(eq(screeningHits.institutionId, institutionId), inArray(screeningHits.clientId, [...clientIds])) : eq(screeningHits.institutionId, institutionId);
  return await q.select().from(screeningHits).where(where);
}

export async function findHit(institutionId: string, hitId: string, q: Reader): Promise<ScreeningHitRow | undefined> {
  return (await q.select().from(screeningHits).where(and(eq(screeningHits.institutionId, institutionId), eq(screeningHits.id, hitId))).limit(1))[0];
}

export async function insertHits(rows: ScreeningHitRow[], tx: Tx): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await tx.insert(screeningHits).values(rows.slice(i, i + 200));
}

export async function updateHit(institutionId: string, hitId: string, values: Partial<Omit<ScreeningHitRow, "id" | "institutionId" | "clientId">>, tx: Tx): Promise<void> {
  await tx.update(screeningHits).set(values).where(and(eq(screeningHits.institutionId, institutionId), eq(screeningHits.id, hitId)));
}

export async function insertDisposition(row: ScreeningDispositionRow, tx: Tx): Promise<void> {
  await tx.insert(screeningDispositions).values(row);
}

export async function dispositionsOfClient(institutionId: string, clientId: string, q: Reader): Promise<ScreeningDispositionRow[]> {
  return await q
    .select({ d: screeningDispositions })
    .from(screeningDispositions)
    .innerJoin(screeningHits, and(eq(screeningHits.id, screeningDispositions.hitId), eq(screeningHits.institutionId, screeningDispositions.institutionId)))
    .where(and(eq(screeningDispositions.institutionId, institutionId), eq(screeningHits.clientId, clientId)))
    .orderBy(desc(screeningDispositions.decidedAt), desc(screeningDispositions.id))
    .then((rows) => rows.map((r) => r.d));
}

/** Submitted answer sets of the institution with their client (the portfolio rescreen keeps each client's latest). */
export async function latestNamedPartyAnswers(institutionId: string, q: Reader): Promise<Array<{ clientId: string; assessmentId: string; submittedAt: string; answers: Record<string, unknown> }>> {
  return await q
    .select({ clientId: assessments.clientId, assessmentId: answerSets.assessmentId, submittedAt: answerSets.submittedAt, answers: answerSets.answers })
    .from(answerSets)
    .innerJoin(assessments, and(eq(assessments.id, answerSets.assessmentId), eq(assessments.institutionId, answerSets.institutionId)))
    .where(eq(answerSets.institutionId, institutionId));
}

/** Every institution's id (the import command loads a list into each unless told which). */
export async function institutionIds(q: Reader): Promise<string[]> {
  return (await q.select({ id: institutions.id }).from(institutions).orderBy(asc(institutions.id))).map((r) => r.id);
}
