import { and, eq } from "drizzle-orm";
import { idempotencyKeys } from "../../db/schema";
import type { Tx } from "~/db.server";

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

export function findIdempotencyKey(institutionId: string, key: string, tx: Tx): IdempotencyRow | undefined {
  return tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.institutionId, institutionId), eq(idempotencyKeys.key, key))).get();
}

/** Keeps the first stored response when two requests with one key race. */
export function insertIdempotencyKey(values: IdempotencyRow, tx: Tx): void {
  tx.insert(idempotencyKeys).values(values).onConflictDoNothing().run();
}
