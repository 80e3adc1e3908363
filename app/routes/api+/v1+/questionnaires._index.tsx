import { keyHandler } from "~/api/handler.server";
import { listQuestionnaires } from "~/services/questionnaires.server";

export const loader = keyHandler({ method: "GET" }, ({ now }) => ({
  data: listQuestionnaires().map((q) => ({ key: q.key, version: q.version, status: q.status, title: q.questionnaire.title, languages: q.questionnaire.languages, sha256: q.sha256 })),
  generatedAt: now.toISOString(),
}));
