import { z } from "zod";
import { GateValueSchema, IdSchema, IsoDateSchema, IsoDateTimeSchema } from "./common";

export const AssessmentSchema = z
  .object({
    id: IdSchema,
    clientId: IdSchema,
    status: z.enum(["sent", "in-progress", "submitted", "under-review", "decided", "returned", "expired", "withdrawn"]),
    questionnaire: z.object({ key: z.string(), version: z.number().int(), sha256: z.string() }),
    language: z.enum(["en", "es"]),
    dueDate: IsoDateSchema,
    expiresAt: IsoDateTimeSchema,
    sentAt: IsoDateTimeSchema,
    submittedAt: IsoDateTimeSchema.nullable(),
    result: z
      .looseObject({
        overall: z.looseObject({ score: z.number().nullable(), band: z.string().nullable() }),
        residualRisk: z.string(),
        recommendation: z.string(),
        engineVersion: z.string(),
      })
      .nullable()
      .meta({ description: "The latest scoring result (QUESTIONNAIRES.md) once submitted; null before" }),
  })
  .meta({ id: "Assessment" });

export const GateSchema = z
  .object({
    clientId: IdSchema,
    gate: GateValueSchema,
    reasonCode: z.string(),
    reason: z.string(),
    decision: z
      .object({ id: IdSchema, outcome: z.string(), reviewedAt: IsoDateTimeSchema.nullable(), validUntil: IsoDateSchema.nullable() })
      .nullable()
      .meta({ description: "The approved decision the gate rests on" }),
    conditions: z.array(z.object({ id: IdSchema, text: z.string(), dueDate: IsoDateSchema, status: z.enum(["open", "met"]), isOverdue: z.boolean() })),
    validUntil: IsoDateSchema.nullable(),
    attestationId: IdSchema.nullable(),
  })
  .meta({ id: "Gate", description: "What a credit or onboarding system asks before a disbursement or account opening (API.md \"Gate\")" });
