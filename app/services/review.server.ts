// The RM's review of a submitted assessment: evidence review with immediate re-scoring, moving the
// assessment under review, and returning it to the respondent with comments on chosen questions.
// Every change is one transaction with its audit event (STYLE.md §4).
import fs from "node:fs";
import path from "node:path";
import type { StaffContext } from "~/auth/session.server";
import { write, type Reader } from "~/db.server";
import { transition, type AssessmentStatus } from "~/domain/assessment-state";
import { ConflictError, InvalidInputError, NotFoundError } from "~/domain/errors";
import { AnswerSetSchema, type AnswerSet } from "~/domain/scoring/answers";
import { score, type ScoreResult } from "~/domain/scoring/score";
import { overallExplanation, policyName, questionExplanation, residualExplanation } from "~/domain/scoring/plain-words";
import { redFlagTitle } from "~/i18n/red-flags";
import { NOT_APPLICABLE, type Language, type Question, type Questionnaire } from "~/domain/questionnaire/schema";
import { countryName } from "~/domain/risk/inherent-risk";
import { inlinePreviewKind } from "~/domain/file-type";
import { getEnv } from "~/env.server";
import { formatFileSize } from "~/i18n/evidence";
import { rt } from "~/i18n/review";
import { newId } from "~/ids.server";
import { assessmentDocuments, findAssessment, findClient, latestAnswerSet, latestResult, type Assessment, type ResultRow } from "~/repositories/assessment-core.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { findInstitution } from "~/repositories/institutions.server";
import {
  findDocument,
  insertReviewComments,
  listResults,
  listReviewComments,
  primaryRespondent,
  replaceDraft,
  respondentNames,
  setAssessmentStatus,
  setDocumentReview,
  userNames,
} from "~/repositories/review.server";
import { refreshClientGate } from "./gate.server";
import { formatDate } from "~/domain/notifications";
import { enqueueEmail } from "./outbox.server";
import { questionnaireOf, recordResult } from "./scoring.server";

export type Actor = Pick<StaffContext, "institutionId" | "userId">;

/** Statuses in which the RM reviews evidence and proposes decisions. */
export const REVIEWABLE: readonly AssessmentStatus[] = ["submitted", "under-review"];

export function isReviewable(status: AssessmentStatus): boolean {
  return REVIEWABLE.includes(status);
}

export async function requireAssessment(institutionId: string, assessmentId: string, tx: Reader): Promise<Assessment> {
  const assessment = await findAssessment(institutionId, assessmentId, tx);
  if (!assessment) throw new NotFoundError("Assessment");
  return assessment;
}

function requireReviewable(assessment: Assessment): void {
  if (!isReviewable(assessment.status)) throw new ConflictError(`The assessment is ${assessment.status}; only a submitted or under-review assessment can be reviewed`);
}

export function parseAnswers(raw: unknown): AnswerSet {
  const parsed = AnswerSetSchema.safeParse(raw);
  if (!parsed.success) throw new Error("A stored answer set does not match the answer schema");
  return parsed.data;
}

/** The headline of a result, as the audit log records it before and after a re-score. */
export function headline(row: Pick<ResultRow, "id" | "overallScore" | "band" | "residualRisk" | "recommendation">) {
  return {
    resultId: row.id,
    score: row.overallScore === null ? null : row.overallScore / 10,
    band: row.band,
    residualRisk: row.residualRisk,
    recommendation: row.recommendation,
  };
}

export function resultJson(row: ResultRow): ScoreResult {
  return row.result as unknown as ScoreResult;
}

/**
 * Accepts or rejects one evidence document, re-scores the latest answer set at once (reason
 * "evidence-review": the new result becomes current, the previous one stays stored) and audits the
 * review with both results' headlines.
 */
export async function reviewDocument(
  actor: Actor,
  input: { assessmentId: string; documentId: string; verdict: "accept" | "reject"; reason: string | null },
  now: Date,
): Promise<{ resultId: string; before: Awaited<ReturnType<typeof headline>> | null; after: Awaited<ReturnType<typeof headline>> }> {
  const reason = input.reason?.trim() || null;
  if (input.verdict === "reject" && !reason) throw new InvalidInputError("A rejection needs a reason", [{ path: "reason", message: "reason" }]);
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const assessment = await requireAssessment(actor.institutionId, input.assessmentId, tx);
    const document = await findDocument(actor.institutionId, assessment.id, input.documentId, tx);
    if (!document || document.removedAt) throw new NotFoundError("Document");
    requireReviewable(assessment);
    const answerSet = await latestAnswerSet(actor.institutionId, assessment.id, tx);
    if (!answerSet) throw new ConflictError("The assessment has no submitted answers");
    const previous = await latestResult(actor.institutionId, assessment.id, tx);
    const nowIso = now.toISOString();
    const state = input.verdict === "accept" ? "accepted" : "rejected";
    await setDocumentReview(actor.institutionId, document.id, { reviewState: state, reviewReason: state === "rejected" ? reason : null, reviewedBy: actor.userId, reviewedAt: nowIso }, tx);
    const { row } = await recordResult({ assessment, answerSetId: answerSet.id, answers: parseAnswers(answerSet.answers), reason: "evidence-review", now }, tx);
    const before = previous ? headline(previous) : null;
    const after = headline(row);
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        actorType: "user",
        actorId: actor.userId,
        action: state === "accepted" ? "document.accepted" : "document.rejected",
        subjectType: "document",
        subjectId: document.id,
        before: { reviewState: document.reviewState, reviewReason: document.reviewReason, result: before },
        after: { reviewState: state, reviewReason: state === "rejected" ? reason : null, result: after, assessmentId: assessment.id },
        reason,
        now,
      },
      tx,
    );
    return { resultId: row.id, before, after };
  });
}

/** submitted → under-review (transition start-review), audited. */
export async function startReview(actor: Actor, assessmentId: string, now: Date): Promise<void> {
  await write({ institutionId: actor.institutionId }, async (tx) => {
    const assessment = await requireAssessment(actor.institutionId, assessmentId, tx);
    const next = transition(assessment.status, "start-review");
    if (!next.ok) throw new ConflictError(next.reason);
    await setAssessmentStatus(actor.institutionId, assessment.id, next.status, now.toISOString(), tx);
    await appendAuditEvent(
      { institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "assessment.review-started", subjectType: "assessment", subjectId: assessment.id, before: { status: assessment.status }, after: { status: next.status }, now },
      tx,
    );
    await refreshClientGate({ institutionId: actor.institutionId, clientId: assessment.clientId, now, actorType: "user", actorId: actor.userId }, tx);
  });
}

/**
 * Returns a submission to the respondent: comments on chosen questions (review_comments rows tied
 * to the answer set they concern), the latest answer set copied into the draft so it reopens,
 * transition `return`, an e-mail to the primary respondent in the assessment's language, audit.
 */
export async function returnAssessment(
  actor: Actor,
  input: { assessmentId: string; comments: Array<{ questionId: string; comment: string }>; message: string | null },
  now: Date,
): Promise<{ commentCount: number; emailId: string | null }> {
  const comments = input.comments.map((c) => ({ questionId: c.questionId, comment: c.comment.trim() })).filter((c) => c.comment.length > 0);
  if (comments.length === 0) throw new InvalidInputError("Comment on at least one question", [{ path: "comments", message: "comments" }]);
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const assessment = await requireAssessment(actor.institutionId, input.assessmentId, tx);
    const loaded = questionnaireOf(assessment);
    const known = new Set(loaded.questionnaire.sections.flatMap((s) => s.questions.map((q) => q.id)));
    const unknown = comments.find((c) => !known.has(c.questionId));
    if (unknown) throw new InvalidInputError(`Unknown question ${unknown.questionId}`, [{ path: "comments", message: "comments" }]);
    const next = transition(assessment.status, "return");
    if (!next.ok) throw new ConflictError(next.reason);
    const answerSet = await latestAnswerSet(actor.institutionId, assessment.id, tx);
    if (!answerSet) throw new ConflictError("The assessment has no submitted answers");
    const nowIso = now.toISOString();
    await insertReviewComments(
      comments.map((c) => ({ id: newId(), institutionId: actor.institutionId, assessmentId: assessment.id, answerSetId: answerSet.id, questionId: c.questionId, comment: c.comment, createdBy: actor.userId, createdAt: nowIso })),
      tx,
    );
    const answers = parseAnswers(answerSet.answers);
    await replaceDraft(actor.institutionId, assessment.id, answers, nowIso, actor.userId, tx);
    await setAssessmentStatus(actor.institutionId, assessment.id, next.status, nowIso, tx);

    let emailId: string | null = null;
    const respondent = await primaryRespondent(actor.institutionId, assessment.id, tx);
    const client = await findClient(actor.institutionId, assessment.clientId, tx);
    const institution = await findInstitution(actor.institutionId, tx);
    const to = respondent?.email ?? client?.contactEmail;
    if (to) {
      const lang = assessment.language;
      const questionText = new Map(loaded.questionnaire.sections.flatMap((s) => s.questions.map((q) => [q.id, q.text[lang] ?? q.text.en ?? q.id] as const)));
      // Question texts only: the client never reads a question key (F20).
      const list = comments.map((c) => `- ${questionText.get(c.questionId) ?? c.questionId}: ${c.comment}`).join("\n");
      emailId = await enqueueEmail(
        {
          institutionId: actor.institutionId,
          kind: "assessment.returned",
          to,
          subject: rt(lang, "email.returned.subject", { institution: institution?.name ?? "" }),
          body: rt(lang, "email.returned.body", {
            institution: institution?.name ?? "",
            client: client?.name ?? "",
            comments: list,
            message: input.message?.trim() ? `\n${input.message.trim()}\n` : "",
            due: formatDate(assessment.dueDate, lang),
          }),
          language: lang,
          now,
        },
        tx,
      );
    }
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        actorType: "user",
        actorId: actor.userId,
        action: "assessment.returned",
        subjectType: "assessment",
        subjectId: assessment.id,
        before: { status: assessment.status },
        after: { status: next.status, answerSetId: answerSet.id, comments, emailTo: to ?? null },
        reason: input.message?.trim() || null,
        now,
      },
      tx,
    );
    await refreshClientGate({ institutionId: actor.institutionId, clientId: assessment.clientId, now, actorType: "user", actorId: actor.userId }, tx);
    return { commentCount: comments.length, emailId };
  });
}

/** Where a stored document's bytes live: DATA_DIR/documents/<sha256>, scoped to the institution. */
export async function documentFile(institutionId: string, assessmentId: string, documentId: string, tx: Reader) {
  const assessment = await requireAssessment(institutionId, assessmentId, tx);
  const document = await findDocument(institutionId, assessment.id, documentId, tx);
  if (!document || !/^[0-9a-f]{64}$/.test(document.sha256)) throw new NotFoundError("Document");
  const file = path.resolve(getEnv().dataDir, "documents", document.sha256);
  if (!fs.existsSync(file)) throw new NotFoundError("Document file");
  return { document, file };
}

async function readStored(file: string): Promise<Buffer> {
  try {
    return await fs.promises.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new NotFoundError("Document file");
    throw error;
  }
}

/**
 * An evidence file for a bank user to take away: read and audited (document.downloaded, with its
 * SHA-256) in one write, like every other download of the product (attestations, exports). A
 * missing file writes nothing.
 */
export async function downloadDocument(actor: Actor, assessmentId: string, documentId: string, now: Date) {
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const { document, file } = await documentFile(actor.institutionId, assessmentId, documentId, tx);
    const bytes = await readStored(file);
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        actorType: "user",
        actorId: actor.userId,
        action: "document.downloaded",
        subjectType: "document",
        subjectId: document.id,
        after: { assessmentId: document.assessmentId, sha256: document.sha256, size: bytes.byteLength },
        now,
      },
      tx,
    );
    return { document, bytes };
  });
}

/**
 * An evidence file for the review page's own preview (an <img>, or pdf.js's fetch). Not audited:
 * the page loads every preview it shows, so an event per preview would record page views, not a
 * person taking the file; taking it is the download, which is audited.
 */
export async function previewDocument(institutionId: string, assessmentId: string, documentId: string, tx: Reader) {
  const { document, file } = await documentFile(institutionId, assessmentId, documentId, tx);
  return { document, bytes: await readStored(file) };
}

// ---------------------------------------------------------------------------------------------
// The review screen's view: everything a reviewer reads, in the UI language.

function answerLabel(q: Question, value: unknown, lang: Language): string {
  if (value === undefined || value === null || value === "") return "";
  if (value === NOT_APPLICABLE) return "n/a";
  const label = (v: string) => {
    const option = q.options?.find((o) => o.value === v);
    return option ? (option.label[lang] ?? option.label.en ?? v) : v;
  };
  if (Array.isArray(value)) {
    if (q.type === "countries") return value.map((c) => countryName(String(c), lang)).join(", ");
    return value.map((v) => label(String(v))).join("; ");
  }
  if (q.type === "percent" && typeof value === "number") return `${value}%`;
  if (typeof value === "string") return q.options ? label(value) : value;
  return String(value);
}

function localText(text: Record<string, string> | undefined, lang: Language): string {
  if (!text) return "";
  return text[lang] ?? text.en ?? Object.values(text)[0] ?? "";
}

/**
 * The stored result is written in English; for another UI language the same inputs (stored with
 * the result: client context, document states, policy) are scored again in that language for the
 * explanations only. The stored numbers stay authoritative: if the replay disagrees (risk data
 * changed since), the stored English texts are shown.
 */
function localisedResult(stored: ScoreResult, questionnaire: Questionnaire, answers: AnswerSet, sha256: string, lang: Language): ScoreResult {
  if ((stored.language ?? "en") === lang) return stored;
  const replay = score(
    questionnaire,
    answers,
    stored.inputs,
    // The stored inherent risk (not today's risk data), so the replay can only differ in language.
    { sha256, policy: stored.policy, inherentRisk: stored.inherentRisk, lang },
  );
  if (replay.overall.score !== stored.overall.score || replay.residualRisk !== stored.residualRisk) return stored;
  // Engine 2 stores the context with the declared facts already merged in, so a replay cannot tell
  // what the declaration added: that part is the stored result's.
  return stored.declaredFacts === undefined ? replay : { ...replay, declaredFacts: stored.declaredFacts };
}

export async function reviewView(institutionId: string, assessmentId: string, lang: Language, tx: Reader) {
  const assessment = await requireAssessment(institutionId, assessmentId, tx);
  const client = await findClient(institutionId, assessment.clientId, tx);
  if (!client) throw new NotFoundError("Assessment");
  const loaded = questionnaireOf(assessment);
  const q = loaded.questionnaire;
  const answerSet = await latestAnswerSet(institutionId, assessment.id, tx);
  const resultRow = await latestResult(institutionId, assessment.id, tx);
  const docs = await assessmentDocuments(institutionId, assessment.id, tx);
  const comments = await listReviewComments(institutionId, assessment.id, tx);
  const history = await listResults(institutionId, assessment.id, tx);
  const names = await userNames(docs.map((d) => d.reviewedBy).filter((x): x is string => Boolean(x)), tx);
  const uploaders = await respondentNames(institutionId, assessment.id, tx);
  const sourceTitle = new Map(q.sources.map((s) => [s.id, s.title]));
  const institution = await findInstitution(institutionId, tx);
  const questionById = new Map(q.sections.flatMap((s) => s.questions.map((qq) => [qq.id, qq] as const)));
  const base = {
    assessment: {
      id: assessment.id,
      status: assessment.status,
      language: assessment.language,
      submittedAt: assessment.submittedAt,
      questionnaireKey: assessment.questionnaireKey,
      questionnaireVersion: assessment.questionnaireVersion,
      questionnaireTitle: localText(q.title, lang),
      isReviewable: isReviewable(assessment.status),
    },
    client: { id: client.id, name: client.name, country: client.country, countryName: countryName(client.country, lang), sector: client.sector, gate: client.gate, gateReason: client.gateReason },
    comments: comments.map((c) => ({ ...c, questionText: localText(questionById.get(c.questionId)?.text, lang) })),
    history: history.map((h, i) => ({ ...h, score: h.overallScore === null ? null : h.overallScore / 10, isCurrent: i === 0 })),
  };
  if (!answerSet || !resultRow) return { ...base, result: null, sections: [] };
  const answers = parseAnswers(answerSet.answers);
  const result = localisedResult(resultJson(resultRow), q, answers, loaded.sha256, lang);
  const scoreById = new Map(result.sections.flatMap((s) => s.questions.map((qs) => [qs.id, qs] as const)));
  const docById = new Map(docs.map((d) => [d.id, d]));
  const documentNames = new Map(docs.map((d) => [d.id, d.fileName]));
  /** The engine's exact sentence with document ids replaced by the documents' names. */
  const calculation = (why: string) => docs.reduce((out, d) => out.split(d.id).join(`“${d.fileName}”`), why);
  // A document used on several questions is shown in full once, with the first question (in
  // questionnaire order) that names it; the others point there (F02).
  const supports = new Map<string, Array<{ questionId: string; text: string }>>();
  for (const question of q.sections.flatMap((s) => s.questions)) {
    for (const id of new Set(answers[question.id]?.evidence ?? [])) {
      if (!docById.has(id)) continue;
      supports.set(id, [...(supports.get(id) ?? []), { questionId: question.id, text: localText(question.text, lang) }]);
    }
  }
  const sections = q.sections.map((section) => {
    const sectionScore = result.sections.find((s) => s.key === section.key);
    return {
      key: section.key,
      title: localText(section.title, lang),
      score: sectionScore?.score ?? null,
      band: sectionScore?.band ?? null,
      earned: sectionScore?.earned ?? 0,
      possible: sectionScore?.possible ?? 0,
      weight: section.weight,
      questions: section.questions.map((question) => {
        const answer = answers[question.id];
        const qs = scoreById.get(question.id);
        return {
          id: question.id,
          text: localText(question.text, lang),
          answer: answerLabel(question, answer?.value, lang),
          comment: answer?.comment ?? null,
          visible: qs?.visible ?? false,
          earned: qs?.earned ?? 0,
          possible: qs?.possible ?? 0,
          why: questionExplanation(
            { question, value: answer?.value, evidence: answer?.evidence ?? [], visible: qs?.visible ?? false, earned: qs?.earned ?? 0, possible: qs?.possible ?? 0, documentStates: result.inputs.documents, documentNames },
            lang,
          ),
          calculation: calculation(qs?.why ?? ""),
          needsAttention:
            (qs?.visible ?? false) &&
            ((qs?.earned ?? 0) < (qs?.possible ?? 0) ||
              result.redFlags.some((f) => f.questionId === question.id) ||
              (answer?.evidence ?? []).some((id) => docById.get(id)?.reviewState !== "accepted")),
          // The published sources a question rests on, once each (the criterion ids stay in the JSON).
          sources: [...new Set(question.criteria.map((id) => sourceTitle.get(id.split(":")[0] ?? "") ?? null).filter((x): x is string => x !== null))],
          evidenceCredit: question.evidence?.expected ? question.evidence.creditWithout : null,
          documents: [...new Set(answer?.evidence ?? [])].map((id) => {
            const d = docById.get(id);
            const supported = supports.get(id) ?? [];
            return d
              ? {
                  id: d.id,
                  fileName: d.fileName,
                  size: d.size,
                  sizeLabel: formatFileSize(d.size, lang),
                  mediaType: d.mediaType,
                  previewKind: inlinePreviewKind(d.mediaType),
                  uploadedAt: d.uploadedAt,
                  uploadedDate: formatDate(d.uploadedAt, lang),
                  uploader: d.uploadedBy ? (uploaders.get(d.uploadedBy) ?? null) : null,
                  supports: supported,
                  /** The question whose card shows this document in full (preview, download, review). */
                  shownWith: supported[0] ?? { questionId: question.id, text: localText(question.text, lang) },
                  state: d.reviewState,
                  reason: d.reviewReason,
                  reviewedBy: d.reviewedBy ? (names.get(d.reviewedBy) ?? null) : null,
                  reviewedAt: d.reviewedAt,
                }
              : null;
          }).filter((d): d is NonNullable<typeof d> => d !== null),
        };
      }),
    };
  });
  return {
    ...base,
    result: {
      id: resultRow.id,
      createdAt: resultRow.createdAt,
      overall: { ...result.overall, why: overallExplanation(result, q, lang), calculation: result.overall.why },
      redFlags: result.redFlags.map((f) => {
        const question = questionById.get(f.questionId);
        return { ...f, title: redFlagTitle(f.code, lang), questionText: localText(question?.text, lang), answerLabel: question ? answerLabel(question, f.answer, lang) : String(f.answer) };
      }),
      inherentRisk: result.inherentRisk,
      residualRisk: result.residualRisk,
      residualRiskSteps: result.residualRiskSteps,
      residualExplanation: residualExplanation(result, q, (code) => redFlagTitle(code, lang), lang),
      recommendation: result.recommendation,
      validityMonths: result.validityMonths,
      policyVersion: result.policy.version,
      policyName: policyName(result.policy.version, institution?.name ?? "", lang),
      policy: result.policy,
      conditions: result.conditions.map((c) => ({ ...c, questionText: localText(questionById.get(c.questionId)?.text, lang) })),
      engineVersion: result.engineVersion,
      // Engine 2: what the client declared (merged into the risk), and the consistency rules that
      // changed something (their sentences are in the result's language and name no question id).
      declaredFacts: result.declaredFacts ?? null,
      consistency: (result.consistency ?? []).map((c) => ({ id: c.id, explanation: c.explanation })),
    },
    sections,
  };
}

export type ReviewView = Awaited<ReturnType<typeof reviewView>>;
