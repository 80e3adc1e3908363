import { keyHandler } from "~/api/handler.server";
import { ApiError } from "~/api/errors";
import { totalMaxPoints } from "~/domain/questionnaire/schema";
import { QuestionnaireParamsSchema } from "~/schemas/api/questionnaires";
import { getQuestionnaire } from "~/services/questionnaires.server";

export const loader = keyHandler({ method: "GET", params: QuestionnaireParamsSchema }, ({ params }) => {
  const loaded = getQuestionnaire(params.key, params.version);
  if (!loaded) throw new ApiError(404, "not_found", "Questionnaire version not found");
  return { ...loaded.questionnaire, sha256: loaded.sha256, maxPoints: totalMaxPoints(loaded.questionnaire) };
});
