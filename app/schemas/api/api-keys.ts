// The admin form that creates an API key (issue 9 "API keys"). Messages are i18n keys of
// app/i18n/api.ts.
import { z } from "zod";

export const CreateApiKeyFormSchema = z.object({
  intent: z.literal("create"),
  name: z.string({ error: "api.error.name" }).trim().min(1, { error: "api.error.name" }).max(100, { error: "api.error.nameLong" }),
  scope: z.enum(["read", "read-write"], { error: "api.error.scope" }),
  canReadAudit: z.enum(["on"]).optional(),
});

export const RevokeApiKeyFormSchema = z.object({ intent: z.literal("revoke"), keyId: z.string().min(1).max(64) });
