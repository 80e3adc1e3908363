// Webhook endpoints and their deliveries, for the admin pages and the delivery worker. (Queuing a
// delivery is events.server.ts → repositories/webhooks.server.ts.)
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { webhookDeliveries, webhooks } from "../../db/tables";
import type { Tx, Reader } from "~/db.server";
import { skipLockedRows } from "./dialect.server";

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export async function insertWebhook(values: WebhookRow, tx: Tx): Promise<void> {
  await tx.insert(webhooks).values(values);
}

export async function findWebhook(institutionId: string, id: string, tx: Reader): Promise<WebhookRow | undefined> {
  return (await tx.select().from(webhooks).where(and(eq(webhooks.institutionId, institutionId), eq(webhooks.id, id))).limit(1))[0];
}

export async function listWebhooks(institutionId: string, tx: Reader) {
  return await tx
    .select({ id: webhooks.id, url: webhooks.url, events: webhooks.events, isActive: webhooks.isActive, createdAt: webhooks.createdAt })
    .from(webhooks)
    .where(eq(webhooks.institutionId, institutionId))
    .orderBy(desc(webhooks.createdAt));
}

export async function setWebhookActive(institutionId: string, id: string, isActive: boolean, tx: Tx): Promise<void> {
  await tx.update(webhooks).set({ isActive }).where(and(eq(webhooks.institutionId, institutionId), eq(webhooks.id, id)));
}

export async function listDeliveries(institutionId: string, webhookId: string, limit: number, tx: Reader): Promise<DeliveryRow[]> {
  return await tx
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.institutionId, institutionId), eq(webhookDeliveries.webhookId, webhookId)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
}

/**
 * Claims up to `limit` due deliveries for `claimant` until `leaseUntil` (as claimDueOutboxEmails),
 * with what sending them needs.
 */
export async function claimDueDeliveries(nowIso: string, leaseUntilIso: string, claimant: string, limit: number, tx: Tx) {
  const claimed = await tx
    .update(webhookDeliveries)
    .set({ claimedBy: claimant, claimedUntil: leaseUntilIso })
    .where(
      sql`${webhookDeliveries.id} in (select d.id from ${webhookDeliveries} d where d.status = 'pending' and d.next_attempt_at <= ${nowIso}
        and (d.claimed_until is null or d.claimed_until < ${nowIso}) order by d.next_attempt_at, d.id limit ${limit} ${skipLockedRows()})`,
    )
    .returning({ id: webhookDeliveries.id });
  if (claimed.length === 0) return [];
  return await tx
    .select({ delivery: webhookDeliveries, url: webhooks.url, encryptedSecret: webhooks.encryptedSecret, isActive: webhooks.isActive })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(and(inArray(webhookDeliveries.id, claimed.map((c) => c.id)), eq(webhookDeliveries.claimedBy, claimant)))
    .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id));
}

/** Records the outcome of a claimed delivery and lets go of the claim; nothing when the claim was lost. */
export async function settleDelivery(id: string, claimant: string, values: Partial<Omit<DeliveryRow, "id" | "institutionId" | "webhookId">>, tx: Tx): Promise<boolean> {
  const rows = await tx
    .update(webhookDeliveries)
    .set({ ...values, claimedBy: null, claimedUntil: null })
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.claimedBy, claimant)))
    .returning({ id: webhookDeliveries.id });
  return rows.length === 1;
}

export async function updateDelivery(id: string, values: Partial<Omit<DeliveryRow, "id" | "institutionId" | "webhookId">>, tx: Tx): Promise<void> {
  await tx.update(webhookDeliveries).set(values).where(eq(webhookDeliveries.id, id));
}
