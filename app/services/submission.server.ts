// Submission (issue 6 "Review and submit"): in ONE transaction the draft is re-read and frozen
// into an insert-only answer set, the assessment moves to submitted (returned → submitted for a
// resubmission), the scoring result of that moment is stored, the submission is audited, a
// webhook event, the RM's notification and the respondent's receipt (with its PDF) are queued,
// and the client's gate is refreshed.
// Refused (nothing written) while a visible required question is unanswered or an answer is
// invalid; a second submission is a conflict.
import { getQuestionnaire } from "./questionnaires.server";
import type { RespondentContext } from "~/auth/respondent.server";
import { reads, write, type Reader } from "~/db.server";
import { SignatorySchema } from "~/domain/answer-form";
import { isOpenForAnswers, transition } from "~/domain/assessment-state";
import { InvalidInputError, NotFoundError } from "~/domain/errors";
import { missingRequired, validateAnswers, visibilityMap, type AnswerSet } from "~/domain/scoring/answers";
import { DEFAULT_TIME_ZONE, renderSubmissionReceipt } from "~/domain/notifications";
import { newId } from "~/ids.server";
import type { Lang } from "~/i18n";
import { rt } from "~/i18n/respondent";
import { assessmentDocuments, findAnswerSet, findAssessment, findClient, latestAnswerSet } from "~/repositories/assessment-core.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { insertAnswerSet, updateAssessmentForRespondent } from "~/repositories/drafts.server";
import { findInstitution } from "~/repositories/institutions.server";
import { findUserById } from "~/repositories/users.server";
import { emitEvent } from "./events.server";
import { refreshClientGate } from "./gate.server";
import { enqueueClientEmail, notifyStaff } from "./notifications.server";
import { screenSubmission } from "./screening.server";
import { answerText, clientContextOf, draftToAnswerSet, effectiveDraft } from "./respondent.server";
import { questionnaireOf, recordResult } from "./scoring.server";

export type Signatory = { name: string; title: string; email: string };
export type SubmitResult = { status: "submitted" } | { error: "required-unanswered"; missing: string[] } | { error: "conflict" };

export function attestationText(lang: Lang, client: string, institution: string): string {
  return rt(lang, "attestation.text", { client, institution });
}

export async function submitAssessment(respondent: RespondentContext, input: { signatory: Signatory; attest: true }, now: Date, lang: Lang = respondent.language): Promise<SubmitResult> {
  const parsed = SignatorySchema.safeParse(input.signatory);
  if (!parsed.success || input.attest !== true) {
    const details = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: `signatory.${i.path.join(".")}`, message: rt(lang, i.message as "form.required") }));
    if (input.attest !== true) details.push({ path: "attest", message: rt(lang, "submit.attestRequired") });
    throw new InvalidInputError("The signatory and the attestation are required", details);
  }
  const signatory = parsed.data;
  return await write({ institutionId: respondent.institutionId }, async (tx): Promise<SubmitResult> => {
    const assessment = await findAssessment(respondent.institutionId, respondent.assessmentId, tx);
    if (!assessment) throw new NotFoundError("Assessment");
    const next = transition(assessment.status, "submit");
    if (!isOpenForAnswers(assessment.status) || !next.ok) return { error: "conflict" };
    const loaded = questionnaireOf(assessment);
    const draftAnswers = draftToAnswerSet(await effectiveDraft(assessment, tx));
    const context = await clientContextOf(assessment, tx);
    const blocking = [...new Set([...missingRequired(loaded.questionnaire, draftAnswers, context), ...validateAnswers(loaded.questionnaire, draftAnswers, lang, { context }).map((i) => i.questionId)])];
    if (blocking.length > 0) return { error: "required-unanswered", missing: blocking };

    // Freeze the visible answers only, without evidence that was removed meanwhile.
    const visible = visibilityMap(loaded.questionnaire, draftAnswers, context);
    const liveDocuments = new Set((await assessmentDocuments(assessment.institutionId, assessment.id, tx)).map((d) => d.id));
    const answers: AnswerSet = {};
    for (const [id, answer] of Object.entries(draftAnswers)) {
      if (visible.get(id) !== true) continue;
      const evidence = (answer.evidence ?? []).filter((d) => liveDocuments.has(d));
      answers[id] = { value: answer.value, ...(evidence.length > 0 ? { evidence } : {}), ...(answer.comment ? { comment: answer.comment } : {}) };
    }

    const institution = await findInstitution(assessment.institutionId, tx);
    const client = await findClient(assessment.institutionId, assessment.clientId, tx);
    const nowIso = now.toISOString();
    const answerSetId = newId();
    await insertAnswerSet(
      {
        id: answerSetId,
        institutionId: assessment.institutionId,
        assessmentId: assessment.id,
        answers,
        signatory,
        attestationText: attestationText(lang, client?.name ?? "", institution?.name ?? ""),
        questionnaireSha256: assessment.questionnaireSha256,
        submittedAt: nowIso,
        submittedBy: respondent.respondentId,
      },
      tx,
    );
    await updateAssessmentForRespondent(assessment.institutionId, assessment.id, { status: next.status, submittedAt: nowIso, signatory, updatedAt: nowIso }, tx);
    const submitted = { ...assessment, status: next.status, submittedAt: nowIso, signatory };
    const { result } = await recordResult({ assessment: submitted, answerSetId, answers, reason: "submission", now }, tx);
    await appendAuditEvent(
      {
        institutionId: assessment.institutionId,
        actorType: "respondent",
        actorId: respondent.respondentId,
        action: "assessment.submitted",
        subjectType: "assessment",
        subjectId: assessment.id,
        before: { status: assessment.status },
        after: { status: next.status, answerSetId, signatory, questionCount: Object.keys(answers).length, overall: result.overall, residualRisk: result.residualRisk },
        now,
      },
      tx,
    );
    await emitEvent(
      {
        institutionId: assessment.institutionId,
        event: "assessment.submitted",
        data: { assessmentId: assessment.id, clientId: assessment.clientId, answerSetId, submittedAt: nowIso, resubmission: assessment.status === "returned" },
        now,
      },
      tx,
    );
    const title = getQuestionnaire(assessment.questionnaireKey, assessment.questionnaireVersion)?.questionnaire.title;
    await notifyStaff(
      {
        institutionId: assessment.institutionId,
        event: { kind: "assessment.submitted", rmUserId: client?.rmUserId ?? null, sentBy: assessment.sentBy },
        notification: {
          kind: "assessment.submitted",
          params: {
            assessmentId: assessment.id,
            clientId: assessment.clientId,
            clientName: client?.name ?? "",
            questionnaire: { en: title?.en ?? assessment.questionnaireKey, es: title?.es ?? title?.en ?? assessment.questionnaireKey },
            submittedAt: nowIso,
            signatoryName: signatory.name,
            signatoryTitle: signatory.title,
            resubmission: assessment.status === "returned",
          },
        },
        now,
      },
      tx,
    );
    // The respondent's receipt, in the assessment's language, with the PDF of what was frozen.
    const rm = (await findUserById(client?.rmUserId ?? assessment.sentBy, tx)) ?? (await findUserById(assessment.sentBy, tx));
    const clientLang = assessment.language;
    const receipt = renderSubmissionReceipt(
      {
        lang: clientLang,
        timeZone: institution?.timeZone ?? DEFAULT_TIME_ZONE,
        institution: institution?.name ?? "",
        client: client?.name ?? "",
        contactName: respondent.name ?? signatory.name,
        rm: rm?.name ?? institution?.name ?? "",
        rmEmail: rm?.email ?? "",
      },
      { questionnaire: title?.[clientLang] ?? title?.en ?? assessment.questionnaireKey, signatory: signatory.title ? `${signatory.name} (${signatory.title})` : signatory.name, submittedAt: nowIso },
    );
    await enqueueClientEmail(
      {
        institutionId: assessment.institutionId,
        kind: "respondent.receipt",
        to: respondent.email,
        subject: receipt.subject,
        body: receipt.body,
        language: clientLang,
        now,
        attachment: { type: "submission-receipt", institutionId: assessment.institutionId, assessmentId: assessment.id, answerSetId, language: clientLang, fileName: lang === "es" ? "Comprobante-de-envio.pdf" : "Submission-receipt.pdf" },
      },
      tx,
    );
    // The parties the answers name are screened against the loaded lists (issue 15, O13).
    await screenSubmission({ institutionId: assessment.institutionId, actorId: null, now }, { clientId: assessment.clientId, assessmentId: assessment.id, answers }, tx);
    await refreshClientGate({ institutionId: assessment.institutionId, clientId: assessment.clientId, now, actorType: "respondent", actorId: respondent.respondentId }, tx);
    return { status: "submitted" };
  });
}

// ---------------------------------------------------------------------------------------------
// The receipt: the latest answer set exactly as frozen, with labels in the page language.

export type Receipt = {
  lang: Lang;
  institution: string;
  client: string;
  questionnaire: { key: string; version: number; sha256: string; title: string };
  submittedAt: string;
  signatory: Signatory;
  attestationText: string;
  sections: Array<{ title: string; answers: Array<{ id: string; question: string; answer: string; evidence: string[]; comment: string | null }> }>;
};

export async function submissionReceipt(respondent: RespondentContext, lang: Lang): Promise<Receipt | null> {
  return await receiptOf({ institutionId: respondent.institutionId, assessmentId: respondent.assessmentId, answerSetId: null }, lang, reads());
}

/** The receipt of one answer set (the latest when `answerSetId` is null): the page, the PDF and the e-mailed copy. */
export async function receiptOf(ref: { institutionId: string; assessmentId: string; answerSetId: string | null }, lang: Lang, tx: Reader): Promise<Receipt | null> {
  const assessment = await findAssessment(ref.institutionId, ref.assessmentId, tx);
  if (!assessment) return null;
  const latest = ref.answerSetId ? await findAnswerSet(assessment.institutionId, assessment.id, ref.answerSetId, tx) : await latestAnswerSet(assessment.institutionId, assessment.id, tx);
  if (!latest) return null;
  const { questionnaire } = questionnaireOf(assessment);
  const institution = await findInstitution(assessment.institutionId, tx);
  const client = await findClient(assessment.institutionId, assessment.clientId, tx);
  const documents = new Map((await assessmentDocuments(assessment.institutionId, assessment.id, tx)).map((d) => [d.id, d.fileName]));
  const answers = latest.answers as AnswerSet;
  const pick = (t: Record<string, string> | undefined) => (t ? (t[lang] ?? t.en ?? "") : "");
  return {
    lang,
    institution: institution?.name ?? "",
    client: client?.name ?? "",
    questionnaire: { key: assessment.questionnaireKey, version: assessment.questionnaireVersion, sha256: latest.questionnaireSha256, title: pick(questionnaire.title) },
    submittedAt: latest.submittedAt,
    signatory: latest.signatory,
    attestationText: latest.attestationText,
    sections: questionnaire.sections
      .map((section) => ({
        title: pick(section.title),
        answers: section.questions
          .filter((q) => answers[q.id] !== undefined)
          .map((q) => {
            const a = answers[q.id]!;
            return { id: q.id, question: pick(q.text), answer: answerText(q, a.value, lang), evidence: (a.evidence ?? []).flatMap((d) => { const name = documents.get(d); return name ? [name] : []; }), comment: a.comment ?? null };
          }),
      }))
      .filter((s) => s.answers.length > 0),
  };
}
