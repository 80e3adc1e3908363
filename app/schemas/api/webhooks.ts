// Admin forms for webhook endpoints (issue 9 "Webhooks"). Messages are i18n keys of app/i18n/api.ts.
// Endpoints must be https to a public host; this machine (http or https) only where the server
// allows it (WEBHOOKS_ALLOW_LOOPBACK=1, the demo), for a local receiver.
import { z } from "zod";
import { checkWebhookUrl, type TargetOptions } from "~/domain/webhook-target";

export const SUBSCRIBABLE_EVENTS = ["gate.changed", "assessment.submitted", "decision.approved", "attestation.revoked"] as const;

/**
 * Whether a webhook may point at this URL (app/domain/webhook-target.ts): https to a public host,
 * never this machine (unless `allowLoopback`), a private network or a metadata service.
 */
export function isAllowedWebhookUrl(value: string, options: TargetOptions = {}): boolean {
  return checkWebhookUrl(value, options).ok;
}

export const CreateWebhookFormSchema = z.object({
  intent: z.literal("create"),
  url: z.string({ error: "api.error.url" }).trim().max(2000, { error: "api.error.url" })// The form (also checked in the browser) cannot know whether this server allows loopback
  // targets; createWebhook decides that with the server's setting.
  .refine((v) => isAllowedWebhookUrl(v, { allowLoopback: true }), { error: "api.error.url" }),
  events: z.array(z.enum(SUBSCRIBABLE_EVENTS, { error: "api.error.events" }), { error: "api.error.events" }).min(1, { error: "api.error.events" }),
});

export const WebhookIdFormSchema = z.object({ intent: z.enum(["test", "deactivate", "reactivate"]), webhookId: z.string().min(1).max(64) });
