import { respondentHandler } from "~/api/handler.server";
import { respondentView } from "~/api/respondent-view.server";

export const loader = respondentHandler({ method: "GET" }, ({ respondent }) => respondentView(respondent));
