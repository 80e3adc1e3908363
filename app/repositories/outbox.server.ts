import { and, asc, desc, eq, getTableColumns, lte } from "drizzle-orm";
import { outbox } from "../../db/schema";
import type { Tx } from "~/db.server";

export type OutboxEmail = typeof outbox.$inferSelect;

export function insertOutboxEmail(values: typeof outbox.$inferInsert, tx: Tx): void {
  tx.insert(outbox).values(values).run();
}

/** Staff read the masked copy only: the sealed one is left out of what a page can load. */
export type StaffOutboxEmail = Omit<OutboxEmail, "sealedBody">;

export function listOutbox(institutionId: string, limit: number, tx: Tx): StaffOutboxEmail[] {
  const { sealedBody: _sealed, ...columns } = getTableColumns(outbox);
  return tx.select(columns).from(outbox).where(eq(outbox.institutionId, institutionId)).orderBy(desc(outbox.createdAt)).limit(limit).all();
}

/** The demo mailbox's view across institutions (DEMO_MAILBOX only; app/services/outbox.server.ts). */
export function recentOutboxEmails(limit: number, tx: Tx): OutboxEmail[] {
  return tx.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(limit).all();
}

export function findOutboxEmail(institutionId: string, id: string, tx: Tx): OutboxEmail | undefined {
  return tx.select().from(outbox).where(and(eq(outbox.institutionId, institutionId), eq(outbox.id, id))).get();
}

/** Delivery is a system task across all institutions. */
export function dueOutboxEmails(nowIso: string, limit: number, tx: Tx): OutboxEmail[] {
  return tx
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, nowIso)))
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(limit)
    .all();
}

export function updateOutboxEmail(id: string, values: Partial<OutboxEmail>, tx: Tx): void {
  tx.update(outbox).set(values).where(eq(outbox.id, id)).run();
}
