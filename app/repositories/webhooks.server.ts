import { and, eq } from "drizzle-orm";
import { webhookDeliveries, webhooks } from "../../db/schema";
import type { Tx } from "~/db.server";

export type Webhook = typeof webhooks.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

export function activeWebhooks(institutionId: string, tx: Tx): Webhook[] {
  return tx.select().from(webhooks).where(and(eq(webhooks.institutionId, institutionId), eq(webhooks.isActive, true))).all();
}

export function insertDelivery(values: typeof webhookDeliveries.$inferInsert, tx: Tx): void {
  tx.insert(webhookDeliveries).values(values).run();
}
