import { keyHandler } from "~/api/handler.server";
import { listQuestionnaires } from "~/services/questionnaires.server";

// Every version in the library fits one page; the list keeps the API's list shape.
export const loader = keyHandler({ method: "GET" }, () => ({
  data: listQuestionnaires().map((q) => ({ key: q.key, version: q.version, status: q.status, title: q.questionnaire.title, languages: q.questionnaire.languages, sha256: q.sha256 })),
  nextCursor: null,
}));
