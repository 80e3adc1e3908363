// What GET /api/v1/respond shows: the questionnaire as the respondent sees it (API.md: "no
// points, no red-flag rules"; nor section weights, evidence credit or remediation, which are the
// bank's scoring) with the saved draft and the uploaded documents.
import type { RespondentContext } from "~/auth/respondent.server";
import { reads } from "~/db.server";
import { NotFoundError } from "~/domain/errors";
import { isScaleType } from "~/domain/questionnaire/schema";
import { numberRange } from "~/domain/scoring/answers";
import { assessmentDocuments, findAssessment } from "~/repositories/assessment-core.server";
import { effectiveDraft } from "~/services/respondent.server";
import { questionnaireOf } from "~/services/scoring.server";

export async function respondentView(respondent: RespondentContext) {
  const db = reads();
  const assessment = await findAssessment(respondent.institutionId, respondent.assessmentId, db);
  if (!assessment) throw new NotFoundError("Assessment");
  const loaded = questionnaireOf(assessment);
  const q = loaded.questionnaire;
  const draft = await effectiveDraft(assessment, db);
  return {
    assessment: { id: assessment.id, status: assessment.status, language: assessment.language, dueDate: assessment.dueDate, expiresAt: assessment.expiresAt },
    questionnaire: {
      key: q.key,
      version: q.version,
      sha256: loaded.sha256,
      title: q.title,
      description: q.description,
      languages: q.languages,
      sections: q.sections.map((s) => ({
        key: s.key,
        title: s.title,
        ...(s.description ? { description: s.description } : {}),
        questions: s.questions.map((question) => ({
          id: question.id,
          type: question.type,
          text: question.text,
          ...(question.help ? { help: question.help } : {}),
          required: question.required,
          notApplicable: question.notApplicable,
          ...(question.options ? { options: question.options.map((o) => ({ value: o.value, label: o.label })) } : {}),
          ...(isScaleType(question.type) ? { range: numberRange(question) } : {}),
          ...(question.showIf ? { showIf: question.showIf } : {}),
          ...(question.evidence ? { evidence: { expected: question.evidence.expected, ...(question.evidence.description ? { description: question.evidence.description } : {}) } } : {}),
        })),
      })),
    },
    draft: Object.fromEntries(Object.entries(draft).map(([id, d]) => [id, { value: d.value, evidence: d.evidence, comment: d.comment }])),
    documents: (await assessmentDocuments(respondent.institutionId, respondent.assessmentId, db)).map((d) => ({ id: d.id, fileName: d.fileName, mediaType: d.mediaType, size: d.size })),
  };
}
