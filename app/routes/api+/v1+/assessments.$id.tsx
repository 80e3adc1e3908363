import { keyHandler } from "~/api/handler.server";
import { ApiError } from "~/api/errors";
import { assessmentJson } from "~/api/present.server";
import { reads } from "~/db.server";
import { findAssessment, latestResult } from "~/repositories/assessment-core.server";
import { IdParamsSchema } from "~/schemas/api/common";

export const loader = keyHandler({ method: "GET", params: IdParamsSchema }, async ({ key, params }) => {
  const db = reads();
  const assessment = await findAssessment(key.institutionId, params.id, db);
  if (!assessment) throw new ApiError(404, "not_found", "Assessment not found");
  return assessmentJson(assessment, assessment.submittedAt ? await latestResult(key.institutionId, assessment.id, db) : undefined);
});
