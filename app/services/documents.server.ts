// Evidence documents (PRODUCT.md "Evidence files"): type checked by content, at most 10 MB, stored
// once by SHA-256 under DATA_DIR/documents/<sha256>, a documents row per upload, attached to one
// or more questions through the answer's evidence list, removable before submission, and served
// only to the assessment's own respondents. File IO happens before the transaction.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { RespondentContext } from "~/auth/respondent.server";
import { inTransaction, getDb, type Tx } from "~/db.server";
import { MAX_DOCUMENT_BYTES, sniffEvidenceType } from "~/domain/file-type";
import { InvalidInputError, NotFoundError } from "~/domain/errors";
import { getEnv } from "~/env.server";
import { newId } from "~/ids.server";
import { findAssessment, type Assessment } from "~/repositories/assessment-core.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { findAssessmentDocument, insertDocument, markDocumentRemoved, type DocumentRow } from "~/repositories/documents.server";
import { listDraftAnswers, upsertDraftAnswer } from "~/repositories/drafts.server";
import { assertOpen, effectiveDraft, ensureDraftCopied, markStarted } from "./respondent.server";
import { questionnaireOf } from "./scoring.server";

export type UploadResult = { documentId: string; sha256: string } | { error: "unsupported-type" | "too-large" };

export function documentsDir(): string {
  return path.resolve(process.cwd(), getEnv().dataDir, "documents");
}

function documentPath(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error("not a SHA-256");
  return path.join(documentsDir(), sha256);
}

/** Writes the bytes once per content hash (a temporary file renamed into place). */
async function storeOnce(sha256: string, bytes: Uint8Array): Promise<void> {
  const target = documentPath(sha256);
  if (fs.existsSync(target)) return;
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${crypto.randomBytes(6).toString("hex")}.part`;
  await fs.promises.writeFile(temporary, bytes);
  await fs.promises.rename(temporary, target);
}

/** A display name: the last path segment, without control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f\u007f"]/g, "").trim();
  return (base || "document").slice(0, 200);
}

function requireAssessment(respondent: RespondentContext, tx: Tx): Assessment {
  const assessment = findAssessment(respondent.institutionId, respondent.assessmentId, tx);
  if (!assessment) throw new NotFoundError("Assessment");
  return assessment;
}

/** Checks and stores an uploaded file; the draft is not touched (attach it with attachDocument). */
export async function uploadDocument(respondent: RespondentContext, input: { fileName: string; bytes: Uint8Array }, now: Date): Promise<UploadResult> {
  if (input.bytes.byteLength > MAX_DOCUMENT_BYTES) return { error: "too-large" };
  const type = sniffEvidenceType(input.bytes);
  if (!type) return { error: "unsupported-type" };
  // Refuse before writing anything when the assessment no longer takes answers.
  assertOpen(requireAssessment(respondent, getDb()));
  const sha256 = crypto.createHash("sha256").update(input.bytes).digest("hex");
  await storeOnce(sha256, input.bytes);
  const documentId = newId();
  const fileName = cleanFileName(input.fileName);
  inTransaction((tx) => {
    assertOpen(requireAssessment(respondent, tx));
    insertDocument(
      {
        id: documentId,
        institutionId: respondent.institutionId,
        assessmentId: respondent.assessmentId,
        sha256,
        fileName,
        mediaType: type.mediaType,
        size: input.bytes.byteLength,
        uploadedAt: now.toISOString(),
        uploadedBy: respondent.respondentId,
      },
      tx,
    );
    appendAuditEvent(
      {
        institutionId: respondent.institutionId,
        actorType: "respondent",
        actorId: respondent.respondentId,
        action: "document.uploaded",
        subjectType: "document",
        subjectId: documentId,
        after: { assessmentId: respondent.assessmentId, sha256, fileName, mediaType: type.mediaType, size: input.bytes.byteLength },
        now,
      },
      tx,
    );
  });
  return { documentId, sha256 };
}

/** Adds a document to a question's evidence (the answer's value and comment are kept). */
export function attachDocument(respondent: RespondentContext, documentId: string, questionId: string, now: Date): void {
  inTransaction((tx) => {
    const assessment = requireAssessment(respondent, tx);
    assertOpen(assessment);
    const { questionnaire } = questionnaireOf(assessment);
    if (!questionnaire.sections.some((s) => s.questions.some((q) => q.id === questionId))) {
      throw new InvalidInputError(`There is no question "${questionId}"`, [{ path: "questionId", message: `There is no question "${questionId}"` }]);
    }
    if (!findAssessmentDocument(respondent.institutionId, respondent.assessmentId, documentId, tx)) throw new NotFoundError("Document");
    const nowIso = now.toISOString();
    ensureDraftCopied(assessment, nowIso, tx);
    const entry = effectiveDraft(assessment, tx)[questionId];
    const evidence = entry?.evidence ?? [];
    if (!evidence.includes(documentId)) {
      upsertDraftAnswer(
        {
          institutionId: respondent.institutionId,
          assessmentId: respondent.assessmentId,
          questionId,
          value: entry?.value ?? null,
          evidence: [...evidence, documentId],
          comment: entry?.comment ?? null,
          updatedAt: nowIso,
          updatedBy: respondent.respondentId,
        },
        tx,
      );
    }
    markStarted(assessment, now, tx);
    appendAuditEvent(
      {
        institutionId: respondent.institutionId,
        actorType: "respondent",
        actorId: respondent.respondentId,
        action: "answer.evidence-attached",
        subjectType: "assessment",
        subjectId: respondent.assessmentId,
        after: { questionId, documentId },
        now,
      },
      tx,
    );
  });
}

function detachEverywhere(respondent: RespondentContext, documentId: string, onlyQuestionId: string | null, nowIso: string, tx: Tx): boolean {
  let stillAttached = false;
  for (const row of listDraftAnswers(respondent.institutionId, respondent.assessmentId, tx)) {
    if (!row.evidence.includes(documentId)) continue;
    if (onlyQuestionId !== null && row.questionId !== onlyQuestionId) {
      stillAttached = true;
      continue;
    }
    upsertDraftAnswer({ ...row, evidence: row.evidence.filter((id) => id !== documentId), updatedAt: nowIso, updatedBy: respondent.respondentId }, tx);
  }
  return stillAttached;
}

/**
 * Detaches a document from one question; when no other question keeps it, the document itself
 * is removed (removed_at set; the stored file stays, as other rows may share its content).
 */
export function detachDocument(respondent: RespondentContext, documentId: string, questionId: string, now: Date): { removed: boolean } {
  return inTransaction((tx) => {
    const assessment = requireAssessment(respondent, tx);
    assertOpen(assessment);
    if (!findAssessmentDocument(respondent.institutionId, respondent.assessmentId, documentId, tx)) throw new NotFoundError("Document");
    const nowIso = now.toISOString();
    ensureDraftCopied(assessment, nowIso, tx);
    const stillAttached = detachEverywhere(respondent, documentId, questionId, nowIso, tx);
    if (!stillAttached) markDocumentRemoved(respondent.institutionId, respondent.assessmentId, documentId, nowIso, tx);
    appendAuditEvent(
      {
        institutionId: respondent.institutionId,
        actorType: "respondent",
        actorId: respondent.respondentId,
        action: stillAttached ? "answer.evidence-detached" : "document.removed",
        subjectType: "document",
        subjectId: documentId,
        after: { questionId, removed: !stillAttached },
        now,
      },
      tx,
    );
    return { removed: !stillAttached };
  });
}

/** Removes a document before submission: removed_at set and detached from every answer. */
export function removeDocument(respondent: RespondentContext, documentId: string, now: Date): void {
  inTransaction((tx) => {
    const assessment = requireAssessment(respondent, tx);
    assertOpen(assessment);
    if (!findAssessmentDocument(respondent.institutionId, respondent.assessmentId, documentId, tx)) throw new NotFoundError("Document");
    const nowIso = now.toISOString();
    ensureDraftCopied(assessment, nowIso, tx);
    detachEverywhere(respondent, documentId, null, nowIso, tx);
    markDocumentRemoved(respondent.institutionId, respondent.assessmentId, documentId, nowIso, tx);
    appendAuditEvent(
      {
        institutionId: respondent.institutionId,
        actorType: "respondent",
        actorId: respondent.respondentId,
        action: "document.removed",
        subjectType: "document",
        subjectId: documentId,
        now,
      },
      tx,
    );
  });
}

/** A document of the respondent's own assessment with its bytes; any other id is NotFound. */
export async function readDocument(respondent: RespondentContext, documentId: string): Promise<{ document: DocumentRow; bytes: Buffer }> {
  const document = findAssessmentDocument(respondent.institutionId, respondent.assessmentId, documentId, getDb());
  if (!document) throw new NotFoundError("Document");
  try {
    return { document, bytes: await fs.promises.readFile(documentPath(document.sha256)) };
  } catch {
    throw new NotFoundError("Document file");
  }
}
