// Clients: writes and the bank-side reads of the client pages. Every query is scoped by institution.
import { and, asc, desc, eq } from "drizzle-orm";
import { assessments, clients } from "../../db/tables";
import { containsText } from "./dialect.server";
import type { Tx, Reader } from "~/db.server";

export type ClientRow = typeof clients.$inferSelect;

export async function insertClient(values: ClientRow, tx: Tx): Promise<void> {
  await tx.insert(clients).values(values);
}

export async function updateClientRow(institutionId: string, clientId: string, values: Partial<Omit<ClientRow, "id" | "institutionId" | "createdAt">>, tx: Tx): Promise<void> {
  await tx.update(clients).set(values).where(and(eq(clients.institutionId, institutionId), eq(clients.id, clientId)));
}

/** Clients by name (case-insensitive substring), alphabetical. */
export async function searchClients(institutionId: string, query: { q?: string; limit: number }, tx: Reader): Promise<ClientRow[]> {
  const conditions = [eq(clients.institutionId, institutionId)];
  if (query.q) conditions.push(containsText(clients.name, query.q));
  return await tx
    .select()
    .from(clients)
    .where(and(...conditions))
    .orderBy(asc(clients.name), asc(clients.id))
    .limit(query.limit);
}

export async function clientAssessmentHistory(institutionId: string, clientId: string, tx: Reader) {
  return await tx
    .select()
    .from(assessments)
    .where(and(eq(assessments.institutionId, institutionId), eq(assessments.clientId, clientId)))
    .orderBy(desc(assessments.sentAt), desc(assessments.id));
}
