import { eq } from "drizzle-orm";
import { institutions } from "../../db/tables";
import type { Tx, Reader } from "~/db.server";

export type Institution = typeof institutions.$inferSelect;

export async function findInstitution(institutionId: string, tx: Reader): Promise<Institution | undefined> {
  return (await tx.select().from(institutions).where(eq(institutions.id, institutionId)).limit(1))[0];
}

export async function insertInstitution(values: typeof institutions.$inferInsert, tx: Tx): Promise<void> {
  await tx.insert(institutions).values(values);
}

export async function updateInstitution(institutionId: string, values: Partial<Omit<Institution, "id" | "createdAt">>, tx: Tx): Promise<void> {
  await tx.update(institutions).set(values).where(eq(institutions.id, institutionId));
}
