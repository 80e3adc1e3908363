// The respondent API's bodies and answers (API.md "Respondent paths").
import { z } from "zod";
import { MAX_TEXT_LENGTH } from "~/domain/scoring/answers";
import { IdSchema, IsoDateSchema, IsoDateTimeSchema } from "./common";

const QuestionIdSchema = z.string().regex(/^[a-z0-9]+(\.[a-z0-9-]+)+$/, { error: "not a question id" });
const ValueSchema = z
  .union([z.string().max(MAX_TEXT_LENGTH), z.number(), z.array(z.string().max(200)).max(300), z.null()])
  .meta({ description: 'A string (boolean, single, date, text), a number (number, percent), a string array (multi, countries), "n/a" where allowed; null or "" clears the answer' });

export const SaveAnswersSchema = z
  .strictObject({
    answers: z
      .record(QuestionIdSchema, z.strictObject({ value: ValueSchema, evidence: z.array(IdSchema).max(50).optional().meta({ description: "Document ids from POST /api/v1/respond/documents; left out keeps the draft's" }), comment: z.string().max(MAX_TEXT_LENGTH).optional() }))
      .refine((a) => Object.keys(a).length <= 500, { error: "at most 500 answers per request" }),
  })
  .meta({ id: "SaveAnswers", description: "Answers merged into the draft by question: questions not named are left as they are" });

export const SaveAnswersResultSchema = z.object({
  saved: z.array(z.string()).meta({ description: "Question ids stored" }),
  issues: z.array(z.object({ questionId: z.string(), message: z.string() })).meta({ description: "Answers refused (not stored), with why" }),
});

export const SubmitSchema = z
  .strictObject({
    signatory: z.strictObject({ name: z.string().min(1).max(200), title: z.string().min(1).max(200), email: z.string().max(320) }),
    attest: z.literal(true).meta({ description: "The signatory attests that the answers are true and complete" }),
  })
  .meta({ id: "Submit" });

export const SubmitResultSchema = z.object({ status: z.literal("submitted") });
export const DocumentUploadedSchema = z.object({ documentId: IdSchema, sha256: z.string() });

const Localised = z.record(z.string(), z.string());

export const RespondentViewSchema = z
  .object({
    assessment: z.object({ id: IdSchema, status: z.string(), language: z.enum(["en", "es"]), dueDate: IsoDateSchema, expiresAt: IsoDateTimeSchema }),
    questionnaire: z.object({
      key: z.string(),
      version: z.number().int(),
      sha256: z.string(),
      title: Localised,
      description: Localised,
      languages: z.array(z.enum(["en", "es"])),
      sections: z.array(
        z.object({
          key: z.string(),
          title: Localised,
          description: Localised.optional(),
          questions: z.array(
            z.object({
              id: z.string(),
              type: z.enum(["boolean", "single", "multi", "number", "percent", "text", "date", "countries"]),
              text: Localised,
              help: Localised.optional(),
              required: z.boolean(),
              notApplicable: z.boolean(),
              options: z.array(z.object({ value: z.string(), label: Localised })).optional(),
              range: z.object({ min: z.number(), max: z.number().nullable() }).optional(),
              showIf: z.unknown().optional(),
              evidence: z.object({ expected: z.boolean(), description: Localised.optional() }).optional(),
            }),
          ),
        }),
      ),
    }),
    draft: z.record(z.string(), z.object({ value: z.unknown(), evidence: z.array(z.string()), comment: z.string().nullable() })),
    documents: z.array(z.object({ id: IdSchema, fileName: z.string(), mediaType: z.string(), size: z.number().int() })),
  })
  .meta({ id: "RespondentView", description: "The questionnaire without points or red-flag rules, and the saved draft" });
