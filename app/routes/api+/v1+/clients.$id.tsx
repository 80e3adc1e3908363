import { keyHandler } from "~/api/handler.server";
import { ApiError } from "~/api/errors";
import { assessmentSummaryJson, clientJson } from "~/api/present.server";
import { reads } from "~/db.server";
import { findClient } from "~/repositories/assessment-core.server";
import { latestAssessmentOf, latestDecisionOf } from "~/repositories/api-reads.server";
import { IdParamsSchema } from "~/schemas/api/common";

export const loader = keyHandler({ method: "GET", params: IdParamsSchema }, async ({ key, params }) => {
  const db = reads();
  const client = await findClient(key.institutionId, params.id, db);
  if (!client) throw new ApiError(404, "not_found", "Client not found");
  const assessment = await latestAssessmentOf(key.institutionId, client.id, db);
  return { ...clientJson(client), latestAssessment: assessment ? assessmentSummaryJson(assessment) : null, decision: await latestDecisionOf(key.institutionId, client.id, db) ?? null };
});
