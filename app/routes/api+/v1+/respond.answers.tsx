import { respondentHandler } from "~/api/handler.server";
import { SaveAnswersSchema } from "~/schemas/api/respondent";
import { saveAnswers } from "~/services/respondent.server";

export const action = respondentHandler({ method: "PUT", body: SaveAnswersSchema }, async ({ respondent, body, now }) => {
  const answers = Object.fromEntries(Object.entries(body.answers).map(([id, a]) => [id, { ...a, value: a.value ?? "" }]));
  return await saveAnswers(respondent, answers, now);
});
