// Boundary schemas for sending and managing assessments (issue 6 "Invitation"), shared by the
// client page's form and the API (POST /api/v1/clients/:id/assessments). Messages are i18n keys.
import { z } from "zod";
import { ASSESSMENT_STATUSES } from "~/domain/assessment-state";

const dueDate = z.iso.date({ error: "clients.error.dueDate" });
const language = z.enum(["en", "es"], { error: "clients.error.language" });

export const QuestionnaireRefSchema = z.object({
  key: z.string({ error: "form.required" }).trim().min(1, { error: "form.required" }).max(100),
  version: z.coerce.number({ error: "clients.error.questionnaire" }).int({ error: "clients.error.questionnaire" }).min(1, { error: "clients.error.questionnaire" }),
});

/** The API body and the service input. */
export const SendAssessmentSchema = z.object({
  questionnaire: QuestionnaireRefSchema,
  dueDate,
  language,
  previousAssessmentId: z.string().min(1).max(100).optional(),
});
export type SendAssessmentInput = z.input<typeof SendAssessmentSchema>;

/** The client page's form: the questionnaire as one "key/version" choice. */
export const SendAssessmentFormSchema = z.object({
  intent: z.literal("send"),
  questionnaire: z
    .string({ error: "form.required" })
    .regex(/^[a-z0-9-]+\/[1-9][0-9]*$/, { error: "clients.error.questionnaire" }),
  dueDate: z.string({ error: "form.required" }).pipe(dueDate),
  language,
});

export function sendInputFromForm(value: z.output<typeof SendAssessmentFormSchema>) {
  const [key, version] = value.questionnaire.split("/");
  return { questionnaire: { key: key!, version: Number(version) }, dueDate: value.dueDate, language: value.language };
}

export const AssessmentActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("resend"), respondentId: z.string().min(1).max(100).optional() }),
  z.object({ intent: z.literal("withdraw"), reason: z.string().trim().max(500).optional() }),
]);

export const AssessmentListSchema = z.object({
  status: z.enum(ASSESSMENT_STATUSES).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
