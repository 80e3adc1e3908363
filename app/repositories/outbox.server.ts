import { and, desc, eq, getTableColumns, sql } from "drizzle-orm";
import { outbox } from "../../db/tables";
import type { Tx, Reader } from "~/db.server";
import { skipLockedRows } from "./dialect.server";

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

/**
 * Claims up to `limit` due messages for `claimant` until `leaseUntil`, atomically: a message
 * another instance holds an unexpired lease on is not taken, so each is sent by one instance.
 */
export async function claimDueOutboxEmails(nowIso: string, leaseUntilIso: string, claimant: string, limit: number, tx: Tx): Promise<OutboxEmail[]> {
  const claimed = await tx
    .update(outbox)
    .set({ claimedBy: claimant, claimedUntil: leaseUntilIso })
    .where(
      sql`${outbox.id} in (select o.id from ${outbox} o where o.status = 'pending' and o.next_attempt_at <= ${nowIso}
        and (o.claimed_until is null or o.claimed_until < ${nowIso}) order by o.next_attempt_at, o.id limit ${limit} ${skipLockedRows()})`,
    )
    .returning();
  return claimed.sort((a, b) => (a.nextAttemptAt < b.nextAttemptAt ? -1 : a.nextAttemptAt > b.nextAttemptAt ? 1 : a.id < b.id ? -1 : 1));
}

/** Records the outcome of a claimed delivery and lets go of the claim; nothing when the claim was lost. */
export async function settleOutboxEmail(id: string, claimant: string, values: Partial<OutboxEmail>, tx: Tx): Promise<boolean> {
  const rows = await tx
    .update(outbox)
    .set({ ...values, claimedBy: null, claimedUntil: null })
    .where(and(eq(outbox.id, id), eq(outbox.claimedBy, claimant)))
    .returning({ id: outbox.id });
  return rows.length === 1;
}

export async function updateOutboxEmail(id: string, values: Partial<OutboxEmail>, tx: Tx): Promise<void> {
  await tx.update(outbox).set(values).where(eq(outbox.id, id));
}
