import { eq } from "drizzle-orm";
import { institutions } from "../../db/schema";
import type { Tx } from "~/db.server";

export type Institution = typeof institutions.$inferSelect;

export function findInstitution(institutionId: string, tx: Tx): Institution | undefined {
  return tx.select().from(institutions).where(eq(institutions.id, institutionId)).get();
}

export function insertInstitution(values: typeof institutions.$inferInsert, tx: Tx): void {
  tx.insert(institutions).values(values).run();
}

export function updateInstitution(institutionId: string, values: Partial<Omit<Institution, "id" | "createdAt">>, tx: Tx): void {
  tx.update(institutions).set(values).where(eq(institutions.id, institutionId)).run();
}
