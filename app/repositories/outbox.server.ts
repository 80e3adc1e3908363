import { and, asc, desc, eq, getTableColumns, lte } from "drizzle-orm";
import { outbox } from "../../db/tables";
import type { Tx, Reader } from "~/db.server";

export type OutboxEmail = typeof outbox.$inferSelect;

export async function insertOutboxEmail(values: typeof outbox.$inferInsert, tx: Tx): Promise<void> {
  await tx.insert(outbox).values(values);
}

/** Staff read the masked copy only: the sealed one is left out of what a page can load. */
export type StaffOutboxEmail = Omit<OutboxEmail, "sealedBody">;

export async function listOutbox(institutionId: string, limit: number, tx: Reader): Promise<StaffOutboxEmail[]> {
  const { sealedBody: _sealed, ...columns } = getTableColumns(outbox);
  return await tx.select(columns).from(outbox).where(eq(outbox.institutionId, institutionId)).orderBy(desc(outbox.createdAt)).limit(limit);
}

/** The demo mailbox's view across institutions (DEMO_MAILBOX only; app/services/outbox.server.ts). */
export async function recentOutboxEmails(limit: number, tx: Reader): Promise<OutboxEmail[]> {
  return await tx.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(limit);
}

export async function findOutboxEmail(institutionId: string, id: string, tx: Reader): Promise<OutboxEmail | undefined> {
  return (await tx.select().from(outbox).where(and(eq(outbox.institutionId, institutionId), eq(outbox.id, id))).limit(1))[0];
}

/** Delivery is a system task across all institutions. */
export async function dueOutboxEmails(nowIso: string, limit: number, tx: Reader): Promise<OutboxEmail[]> {
  return await tx
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, nowIso)))
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(limit);
}

export async function updateOutboxEmail(id: string, values: Partial<OutboxEmail>, tx: Tx): Promise<void> {
  await tx.update(outbox).set(values).where(eq(outbox.id, id));
}
