// Domain events for webhooks: written as pending deliveries (a durable queue table) in the same
// transaction as the change, one per subscribed endpoint. The webhook sender delivers them.
import type { Tx } from "~/db.server";
import { newId } from "~/ids.server";
import { activeWebhooks, insertDelivery } from "~/repositories/webhooks.server";

export const WEBHOOK_EVENTS = ["gate.changed", "assessment.submitted", "decision.approved", "attestation.revoked"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number] | "webhook.test";

export async function emitEvent(input: { institutionId: string; event: WebhookEvent; data: Record<string, unknown>; now: Date }, tx: Tx): Promise<number> {
  const subscribed = (await activeWebhooks(input.institutionId, tx)).filter((w) => input.event === "webhook.test" || w.events.includes(input.event));
  const eventId = newId();
  for (const webhook of subscribed) {
    await insertDelivery(
      {
        id: newId(),
        institutionId: input.institutionId,
        webhookId: webhook.id,
        event: input.event,
        payload: JSON.stringify({ id: eventId, type: input.event, createdAt: input.now.toISOString(), data: input.data }),
        status: "pending",
        attempts: 0,
        nextAttemptAt: input.now.toISOString(),
        createdAt: input.now.toISOString(),
      },
      tx,
    );
  }
  return subscribed.length;
}
