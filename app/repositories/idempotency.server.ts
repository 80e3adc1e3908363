import { and, eq } from "drizzle-orm";
import { idempotencyKeys } from "../../db/tables";
import { affected, type Tx, type Reader } from "~/db.server";

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

/** The status of a claimed key whose request is still being served (no response stored yet). */
export const IN_PROGRESS = 0;

export async function findIdempotencyKey(institutionId: string, key: string, tx: Reader): Promise<IdempotencyRow | undefined> {
  return (await tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.institutionId, institutionId), eq(idempotencyKeys.key, key))).limit(1))[0];
}

/**
 * Claims a key for one request: the row goes in first, marked in progress. True when this
 * request holds the key; false when another request (in any process) already does or did.
 */
export async function claimIdempotencyKey(values: Omit<IdempotencyRow, "status" | "responseBody">, tx: Tx): Promise<boolean> {
  const rows = await tx
    .insert(idempotencyKeys)
    .values({ ...values, status: IN_PROGRESS, responseBody: "" })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return rows.length === 1;
}

/** Stores the response of the request that holds the key. */
export async function completeIdempotencyKey(institutionId: string, key: string, values: { status: number; responseBody: string }, tx: Tx): Promise<void> {
  await tx
    .update(idempotencyKeys)
    .set(values)
    .where(and(eq(idempotencyKeys.institutionId, institutionId), eq(idempotencyKeys.key, key), eq(idempotencyKeys.status, IN_PROGRESS)));
}

/** Lets go of a claim whose request did not succeed (a corrected retry may use the key), or that was abandoned. */
export async function releaseIdempotencyKey(institutionId: string, key: string, claimedAt: string | null, tx: Tx): Promise<boolean> {
  const where = [eq(idempotencyKeys.institutionId, institutionId), eq(idempotencyKeys.key, key), eq(idempotencyKeys.status, IN_PROGRESS)];
  if (claimedAt !== null) where.push(eq(idempotencyKeys.createdAt, claimedAt));
  return affected(await tx.delete(idempotencyKeys).where(and(...where))) > 0;
}
