import { keyHandler } from "~/api/handler.server";
import { ApiError } from "~/api/errors";
import { assessmentSummaryJson, clientJson } from "~/api/present.server";
import { getDb } from "~/db.server";
import { findClient } from "~/repositories/assessment-core.server";
import { latestAssessmentOf, latestDecisionOf } from "~/repositories/api-reads.server";
import { IdParamsSchema } from "~/schemas/api/common";

export const loader = keyHandler({ method: "GET", params: IdParamsSchema }, ({ key, params }) => {
  const db = getDb();
  const client = findClient(key.institutionId, params.id, db);
  if (!client) throw new ApiError(404, "not_found", "Client not found");
  const assessment = latestAssessmentOf(key.institutionId, client.id, db);
  return { ...clientJson(client), latestAssessment: assessment ? assessmentSummaryJson(assessment) : null, decision: latestDecisionOf(key.institutionId, client.id, db) ?? null };
});
