// Clients: writes and the bank-side reads of the client pages. Every query is scoped by institution.
import { and, desc, eq } from "drizzle-orm";
import { assessments, clients } from "../../db/tables";
import { clientSearchColumns } from "./client-search.server";
import type { Tx, Reader } from "~/db.server";

/** A client as the app handles it; the search columns are the repository's own (client-search.server.ts). */
export type ClientRow = Omit<typeof clients.$inferSelect, "nameSearch" | "registrationSearch">;

export async function insertClient(values: ClientRow, tx: Tx): Promise<void> {
  await tx.insert(clients).values({ ...values, ...clientSearchColumns(values) });
}

/** Updates a client; a new name or registration number rewrites its search column in the same statement. */
export async function updateClientRow(institutionId: string, clientId: string, values: Partial<Omit<ClientRow, "id" | "institutionId" | "createdAt">>, tx: Tx): Promise<void> {
  const search: { nameSearch?: string; registrationSearch?: string | null } = {};
  if (values.name !== undefined || values.registrationNumber !== undefined) {
    const current = (await tx.select({ name: clients.name, registrationNumber: clients.registrationNumber }).from(clients).where(and(eq(clients.institutionId, institutionId), eq(clients.id, clientId))).limit(1))[0];
    if (current) Object.assign(search, clientSearchColumns({ name: values.name ?? current.name, registrationNumber: values.registrationNumber !== undefined ? values.registrationNumber : current.registrationNumber }));
  }
  await tx.update(clients).set({ ...values, ...search }).where(and(eq(clients.institutionId, institutionId), eq(clients.id, clientId)));
}

export async function clientAssessmentHistory(institutionId: string, clientId: string, tx: Reader) {
  return await tx
    .select()
    .from(assessments)
    .where(and(eq(assessments.institutionId, institutionId), eq(assessments.clientId, clientId)))
    .orderBy(desc(assessments.sentAt), desc(assessments.id));
}
