// Webhook endpoints and their deliveries, for the admin pages and the delivery worker. (Queuing a
// delivery is events.server.ts → repositories/webhooks.server.ts.)
import { and, asc, desc, eq, lte } from "drizzle-orm";
import { webhookDeliveries, webhooks } from "../../db/tables";
import type { Tx, Reader } from "~/db.server";

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

/** Pending deliveries whose time has come, oldest first, across institutions (the worker's query). */
export async function dueDeliveries(nowIso: string, limit: number, tx: Reader) {
  return await tx
    .select({ delivery: webhookDeliveries, url: webhooks.url, encryptedSecret: webhooks.encryptedSecret, isActive: webhooks.isActive })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, nowIso)))
    .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
    .limit(limit);
}

export async function updateDelivery(id: string, values: Partial<Omit<DeliveryRow, "id" | "institutionId" | "webhookId">>, tx: Tx): Promise<void> {
  await tx.update(webhookDeliveries).set(values).where(eq(webhookDeliveries.id, id));
}
