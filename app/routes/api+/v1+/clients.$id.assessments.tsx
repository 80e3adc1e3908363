import { keyHandler, json } from "~/api/handler.server";
import { ApiSendAssessmentSchema } from "~/schemas/api/clients";
import { IdParamsSchema } from "~/schemas/api/common";
import { sendAssessment } from "~/services/assessments.server";

export const action = keyHandler({ method: "POST", write: true, idempotent: true, params: IdParamsSchema, body: ApiSendAssessmentSchema }, async ({ key, params, body, now }) => {
  const sent = await sendAssessment({ institutionId: key.institutionId, userId: key.createdBy, actorType: "api-key", actorId: key.keyId }, params.id, body, now);
  return json({ id: sent.assessment.id, status: "sent", respondentEmail: sent.respondentEmail, expiresAt: sent.assessment.expiresAt }, 201, { Location: `/api/v1/assessments/${sent.assessment.id}` });
});
