import { and, eq } from "drizzle-orm";
import { idempotencyKeys } from "../../db/tables";
import type { Tx, Reader } from "~/db.server";

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

export async function findIdempotencyKey(institutionId: string, key: string, tx: Reader): Promise<IdempotencyRow | undefined> {
  return (await tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.institutionId, institutionId), eq(idempotencyKeys.key, key))).limit(1))[0];
}

/** Keeps the first stored response when two requests with one key race. */
export async function insertIdempotencyKey(values: IdempotencyRow, tx: Tx): Promise<void> {
  await tx.insert(idempotencyKeys).values(values).onConflictDoNothing();
}
