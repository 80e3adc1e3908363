// Admin forms for webhook endpoints (issue 9 "Webhooks"). Messages are i18n keys of app/i18n/api.ts.
// Endpoints must be https; http is accepted only for this machine (localhost, 127.0.0.1, [::1])
// so a bank can test against a local receiver.
import { z } from "zod";

export const SUBSCRIBABLE_EVENTS = ["gate.changed", "assessment.submitted", "decision.approved", "attestation.revoked"] as const;

export function isAllowedWebhookUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

export const CreateWebhookFormSchema = z.object({
  intent: z.literal("create"),
  url: z.string({ error: "api.error.url" }).trim().max(2000, { error: "api.error.url" }).refine(isAllowedWebhookUrl, { error: "api.error.url" }),
  events: z.array(z.enum(SUBSCRIBABLE_EVENTS, { error: "api.error.events" }), { error: "api.error.events" }).min(1, { error: "api.error.events" }),
});

export const WebhookIdFormSchema = z.object({ intent: z.enum(["test", "deactivate", "reactivate"]), webhookId: z.string().min(1).max(64) });
