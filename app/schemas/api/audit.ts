import { z } from "zod";
import { LimitSchema } from "~/api/pagination";
import { IsoDateTimeSchema } from "./common";

export const AuditEventSchema = z
  .object({
    id: z.string(),
    seq: z.number().int().meta({ description: "Position in the institution's chain" }),
    actorType: z.enum(["user", "respondent", "api-key", "system"]),
    actorId: z.string().nullable(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string().nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    reason: z.string().nullable(),
    createdAt: IsoDateTimeSchema,
    prevHash: z.string().meta({ description: "The hash of the previous event in the chain" }),
    hash: z.string().meta({ description: "SHA-256 over prevHash and this event's canonical JSON" }),
  })
  .meta({ id: "AuditEvent" });

const SeqCursorSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/, { error: "not a cursor this API issued" })
  .transform((c, ctx) => {
    const text = Buffer.from(c, "base64url").toString("utf8");
    const match = /^v1:seq-(\d{1,15})$/.exec(text);
    if (!match) {
      ctx.addIssue({ code: "custom", message: "not a cursor this API issued" });
      return z.NEVER;
    }
    return Number(match[1]);
  })
  .optional();

export function encodeSeqCursor(seq: number): string {
  return Buffer.from(`v1:seq-${seq}`, "utf8").toString("base64url");
}

export const AuditQuerySchema = z.strictObject({
  since: IsoDateTimeSchema.optional().meta({ description: "Only events at or after this instant" }),
  limit: LimitSchema,
  cursor: SeqCursorSchema.meta({ description: "The `nextCursor` of the previous page" }),
});

export const AuditListSchema = z.object({ data: z.array(AuditEventSchema), nextCursor: z.string().nullable() });
