import { z } from "zod";
import { CreateClientSchema } from "~/schemas/clients";
import { SendAssessmentSchema, QuestionnaireRefSchema } from "~/schemas/assessments";
import { PageQuerySchema } from "~/api/pagination";
import { GateValueSchema, IdSchema, IsoDateSchema, IsoDateTimeSchema, listOf, ResidualRiskSchema } from "./common";

/** POST /api/v1/clients: the bank form's schema, with unknown fields refused. */
export const ApiCreateClientSchema = CreateClientSchema.omit({ rmUserId: true })
  .strict()
  .meta({ id: "CreateClient", description: "sector: ISIC Rev. 4 division (e.g. \"01\"); countries: ISO 3166-1 alpha-2" });

/** POST /api/v1/clients/:id/assessments. */
export const ApiSendAssessmentSchema = SendAssessmentSchema.extend({ questionnaire: QuestionnaireRefSchema.strict() })
  .strict()
  .meta({ id: "SendAssessment", description: "The respondent link is e-mailed to the client's contact; it is never returned to the bank" });

export const InherentRiskSchema = z.object({
  level: z.enum(["low", "medium", "high", "very-high"]),
  points: z.number(),
  dataVersion: z.string(),
  components: z.array(
    z.object({ kind: z.enum(["country", "sector", "goods"]), value: z.string(), points: z.number(), source: z.string(), year: z.number(), verified: z.boolean(), explanation: z.string() }),
  ),
  reviewFlags: z
    .array(z.object({ code: z.enum(["tip-placement-unverified"]), countries: z.array(z.string()), message: z.string() }))
    .meta({ description: "What a person must review before relying on this risk, e.g. a country scored without a verified TIP placement (ADR 004)" }),
});

export const ClientSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    country: z.string(),
    sector: z.string(),
    registrationNumber: z.string().nullable(),
    contactName: z.string().nullable(),
    contactEmail: z.string(),
    sourcingCountries: z.array(z.string()),
    goods: z.array(z.string()),
    inherentRisk: InherentRiskSchema,
    residualRisk: ResidualRiskSchema.nullable(),
    gate: GateValueSchema,
    gateReason: z.string().nullable(),
    createdAt: IsoDateTimeSchema,
    updatedAt: IsoDateTimeSchema,
  })
  .meta({ id: "Client" });

export const ClientListItemSchema = ClientSchema.omit({ inherentRisk: true }).extend({ inherentRisk: z.enum(["low", "medium", "high", "very-high"]) }).meta({ id: "ClientListItem" });

export const ClientListQuerySchema = PageQuerySchema.extend({
  status: GateValueSchema.optional().meta({ description: "The client's gate" }),
  residualRisk: ResidualRiskSchema.optional(),
  q: z.string().trim().min(1).max(200).optional().meta({ description: "Name or registration number contains this text, ignoring case and accents (\"nandu\" finds \"Café Ñandú S.A.\")" }),
});

export const AssessmentSummarySchema = z.object({
  id: IdSchema,
  status: z.string(),
  questionnaire: z.object({ key: z.string(), version: z.number().int() }),
  dueDate: IsoDateSchema,
  sentAt: IsoDateTimeSchema,
  submittedAt: IsoDateTimeSchema.nullable(),
});

export const DecisionSummarySchema = z.object({
  id: IdSchema,
  outcome: z.enum(["approve", "approve-with-conditions", "enhanced-due-diligence", "decline"]),
  status: z.enum(["proposed", "approved", "rejected", "superseded"]),
  proposedAt: IsoDateTimeSchema,
  reviewedAt: IsoDateTimeSchema.nullable(),
  validUntil: IsoDateSchema.nullable(),
});

export const ClientDetailSchema = ClientSchema.extend({
  latestAssessment: AssessmentSummarySchema.nullable(),
  decision: DecisionSummarySchema.nullable().meta({ description: "The latest decision (proposed or taken)" }),
}).meta({ id: "ClientDetail" });

export const ClientListSchema = listOf(ClientListItemSchema);

export const SentAssessmentSchema = z
  .object({ id: IdSchema, status: z.literal("sent"), respondentEmail: z.string().meta({ description: "where the respondent link was e-mailed; the link itself never reaches the bank, so no one at the bank can answer as the client" }), expiresAt: IsoDateTimeSchema })
  .meta({ id: "SentAssessment" });
