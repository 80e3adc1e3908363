import { and, eq } from "drizzle-orm";
import { webhookDeliveries, webhooks } from "../../db/tables";
import type { Tx, Reader } from "~/db.server";

export type Webhook = typeof webhooks.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

export async function activeWebhooks(institutionId: string, tx: Reader): Promise<Webhook[]> {
  return await tx.select().from(webhooks).where(and(eq(webhooks.institutionId, institutionId), eq(webhooks.isActive, true)));
}

export async function insertDelivery(values: typeof webhookDeliveries.$inferInsert, tx: Tx): Promise<void> {
  await tx.insert(webhookDeliveries).values(values);
}
