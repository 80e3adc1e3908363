import { respondentHandler } from "~/api/handler.server";
import { ApiError } from "~/api/errors";
import { SubmitSchema } from "~/schemas/api/respondent";
import { submitAssessment } from "~/services/submission.server";

export const action = respondentHandler({ method: "POST", body: SubmitSchema }, async ({ respondent, body, now }) => {
  const result = await submitAssessment(respondent, body, now);
  if ("status" in result) return result;
  if (result.error === "conflict") throw new ApiError(409, "conflict", "The assessment is already submitted or no longer takes answers");
  throw new ApiError(
    422,
    "required_unanswered",
    `${result.missing.length} required question(s) are unanswered or invalid`,
    result.missing.map((id) => ({ path: `answers.${id}`, message: "required" })),
  );
});
