// Evidence documents (PRODUCT.md "Evidence files"): type checked by content, at most 10 MB, stored
// once by SHA-256 under DATA_DIR/documents/<sha256>, a documents row per upload, attached to one
// or more questions through the answer's evidence list, removable before submission, and served
// only to the assessment's own respondents. An upload writes its file before the transaction
// that inserts its row (the exceptions, below, are small and deliberate).
//
// Quotas (security review M5, limits in app/domain/upload-quota.ts) are counted from the rows in
// the transaction that inserts the new one. A stored file that no row needs any more is deleted:
// at once when a removal frees it, and by sweepUnreferencedDocuments (background jobs) for files
// left behind (a refused or interrupted upload). Files are shared by identical uploads of any
// assessment, so deletion and upload agree through the database's write lock:
// - deleteIfUnreferenced checks the references and unlinks the file inside one IMMEDIATE
//   transaction, so no upload's row can be inserted between the check and the unlink;
// - an upload writes its file first (outside the transaction), then, inside the transaction that
//   inserts its row, writes it again if a deletion removed it meanwhile.
// The rows that count are this database's, so a store used by two databases (the demo's and a
// development database both in ./data, say) must not delete anything: every database that
// writes a file is recorded in DATA_DIR/documents/.databases, and files are deleted only while
// that list names this database alone.
import { startPeriodic } from "./periodic.server";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { RespondentContext } from "~/auth/respondent.server";
import { databaseIdentity } from "../../db/dialect";
import { databasePathFromUrl } from "../../db/open";
import { write, reads, type Tx, type Reader } from "~/db.server";
import { InvalidInputError, NotFoundError } from "~/domain/errors";
import { cleanFileName } from "~/domain/file-name";
import { MAX_DOCUMENT_BYTES, sniffEvidenceType } from "~/domain/file-type";
import { quotaRefusal, rateWindowStart, UNREFERENCED_FILE_GRACE_MINUTES, type QuotaRefusal } from "~/domain/upload-quota";
import { getEnv } from "~/env.server";
import { newId } from "~/ids.server";
import { findAssessment, type Assessment } from "~/repositories/assessment-core.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import {
  assessmentDocumentUsage,
  findAssessmentDocument,
  findAssessmentDocumentEvenRemoved,
  findLiveDocumentBySha256,
  insertDocument,
  markDocumentRemoved,
  referencedSha256s,
  uploadsSince,
  type DocumentRow,
} from "~/repositories/documents.server";
import { listDraftAnswers, upsertDraftAnswer } from "~/repositories/drafts.server";
import { assertOpen, effectiveDraft, ensureDraftCopied, markStarted } from "./respondent.server";
import { questionnaireOf } from "./scoring.server";

export type UploadResult = { documentId: string; sha256: string } | { error: "unsupported-type" | "too-large" } | { error: "quota"; refusal: QuotaRefusal };

/** A document id that names no live document of this assessment; its name when it was one. */
export type DocumentUnavailable = { unavailable: true; fileName: string | null };

export function documentsDir(): string {
  return path.resolve(process.cwd(), getEnv().dataDir, "documents");
}

const SHA256_NAME = /^[0-9a-f]{64}$/;

function documentPath(sha256: string): string {
  if (!SHA256_NAME.test(sha256)) throw new Error("not a SHA-256");
  return path.join(documentsDir(), sha256);
}

const DATABASES_FILE = ".databases";
const recorded = new Set<string>();

/** Every database recorded as keeping files in the store, this one included (recorded if new). */
function storeDatabases(): { file: string; databases: string[] } {
  const file = path.join(documentsDir(), DATABASES_FILE);
  const me = databaseIdentity(getEnv().databaseUrl, databasePathFromUrl);
  let databases: string[] = [];
  try {
    databases = fs.readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (!databases.includes(me)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, `${me}\n`);
    databases.push(me);
  }
  recorded.add(`${file}\n${me}`);
  return { file, databases };
}

/** Records this database before its first file write in this process. */
function recordDatabase(): void {
  const key = `${path.join(documentsDir(), DATABASES_FILE)}\n${databaseIdentity(getEnv().databaseUrl, databasePathFromUrl)}`;
  if (!recorded.has(key)) storeDatabases();
}

let warnedShared = false;

/** Whether this database alone uses the store, so that its rows say which files are needed. */
function storeIsOurs(): boolean {
  const { file, databases } = storeDatabases();
  if (databases.length === 1) return true;
  if (!warnedShared) {
    warnedShared = true;
    console.warn(`documents: ${file} lists ${databases.length} databases sharing this store, so no stored file is deleted; give each database its own DATA_DIR, or remove the lines of databases that no longer use it`);
  }
  return false;
}

/** Writes the bytes once per content hash (a temporary file renamed into place). */
async function storeOnce(sha256: string, bytes: Uint8Array): Promise<void> {
  recordDatabase();
  const target = documentPath(sha256);
  if (fs.existsSync(target)) return;
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${crypto.randomBytes(6).toString("hex")}.part`;
  await fs.promises.writeFile(temporary, bytes);
  await fs.promises.rename(temporary, target);
}

/** storeOnce for inside a transaction: only when a deletion removed the file since storeOnce. */
function restoreIfDeleted(sha256: string, bytes: Uint8Array): void {
  const target = documentPath(sha256);
  if (fs.existsSync(target)) return;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.${crypto.randomBytes(6).toString("hex")}.part`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, target);
}

/**
 * Deletes the stored file of `sha256` unless a document row still needs it (any institution).
 * The check and the unlink share one IMMEDIATE transaction (see the top of this file).
 */
export async function deleteIfUnreferenced(sha256: string): Promise<boolean> {
  if (!SHA256_NAME.test(sha256) || !storeIsOurs()) return false;
  return await write({ institutionId: null }, async (tx) => {
    if ((await referencedSha256s(tx, sha256)).has(sha256)) return false;
    try {
      fs.unlinkSync(documentPath(sha256));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
  });
}

export type SweepReport = { deleted: string[]; kept: number; partialFilesDeleted: number; shared: boolean };

/**
 * Deletes the stored files that no document row needs and that are older than the grace period
 * (UNREFERENCED_FILE_GRACE_MINUTES), plus temporary files of interrupted writes as old. Run by
 * the background jobs; `now` is injected so tests can age files.
 */
export async function sweepUnreferencedDocuments(now: Date, graceMinutes = UNREFERENCED_FILE_GRACE_MINUTES): Promise<SweepReport> {
  const report: SweepReport = { deleted: [], kept: 0, partialFilesDeleted: 0, shared: false };
  const dir = documentsDir();
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return report;
    throw error;
  }
  if (!storeIsOurs()) return { ...report, shared: true };
  const cutoff = now.getTime() - graceMinutes * 60_000;
  const olderThanGrace = (name: string) => {
    try {
      return fs.statSync(path.join(dir, name)).mtimeMs < cutoff;
    } catch {
      return false;
    }
  };
  const candidates: string[] = [];
  for (const name of names) {
    if (SHA256_NAME.test(name)) {
      if (olderThanGrace(name)) candidates.push(name);
      else report.kept += 1;
    } else if (/^[0-9a-f]{64}\.[0-9a-f]{12}\.part$/.test(name) && olderThanGrace(name)) {
      fs.rmSync(path.join(dir, name), { force: true });
      report.partialFilesDeleted += 1;
    }
  }
  if (candidates.length === 0) return report;
  await write({ institutionId: null }, async (tx) => {
    const referenced = await referencedSha256s(tx);
    for (const sha256 of candidates) {
      if (referenced.has(sha256)) {
        report.kept += 1;
        continue;
      }
      fs.rmSync(documentPath(sha256), { force: true });
      report.deleted.push(sha256);
    }
  });
  return report;
}

/** In-process runner for the server: a first sweep shortly after start, then every `intervalMs`. */
export function startDocumentSweep(intervalMs = 15 * 60_000): () => void {
  return startPeriodic({
    name: "document sweep",
    firstDelayMs: 30_000,
    intervalMs,
    run: async (now) => {
      const report = await sweepUnreferencedDocuments(now);
      if (report.deleted.length > 0 || report.partialFilesDeleted > 0) {
        console.info(`documents: ${report.deleted.length} unreferenced file(s) and ${report.partialFilesDeleted} partial write(s) deleted`);
      }
    },
  });
}

/** The quota check for one more file of `size` bytes, counted from the rows as `tx` sees them. */
async function refusalFor(respondent: RespondentContext, size: number, now: Date, tx: Reader): Promise<QuotaRefusal | null> {
  const held = await assessmentDocumentUsage(respondent.institutionId, respondent.assessmentId, tx);
  const recent = await uploadsSince(respondent.institutionId, respondent.assessmentId, respondent.respondentId, rateWindowStart(now).toISOString(), tx);
  return quotaRefusal({ assessmentDocuments: held.documents, assessmentBytes: held.bytes, recent }, size, now);
}

async function requireAssessment(respondent: RespondentContext, tx: Reader): Promise<Assessment> {
  const assessment = await findAssessment(respondent.institutionId, respondent.assessmentId, tx);
  if (!assessment) throw new NotFoundError("Assessment");
  return assessment;
}

/**
 * Checks and stores an uploaded file; the draft is not touched (attach it with attachDocument).
 * The quota is checked before writing (to spare the disk) and again, authoritatively, in the
 * transaction that inserts the row.
 */
export async function uploadDocument(respondent: RespondentContext, input: { fileName: string; bytes: Uint8Array }, now: Date): Promise<UploadResult> {
  if (input.bytes.byteLength > MAX_DOCUMENT_BYTES) return { error: "too-large" };
  const type = sniffEvidenceType(input.bytes);
  if (!type) return { error: "unsupported-type" };
  // Refuse before writing anything when the assessment no longer takes answers or is full.
  assertOpen(await requireAssessment(respondent, reads()));
  const early = await refusalFor(respondent, input.bytes.byteLength, now, reads());
  if (early) return { error: "quota", refusal: early };
  const sha256 = crypto.createHash("sha256").update(input.bytes).digest("hex");
  await storeOnce(sha256, input.bytes);
  const documentId = newId();
  const fileName = cleanFileName(input.fileName);
  const refusal = await write({ institutionId: respondent.institutionId }, async (tx) => {
    assertOpen(await requireAssessment(respondent, tx));
    const late = await refusalFor(respondent, input.bytes.byteLength, now, tx);
    if (late) return late;
    restoreIfDeleted(sha256, input.bytes);
    await insertDocument(
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
    await appendAuditEvent(
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
    return null;
  });
  if (refusal) {
    // A concurrent upload took the last room: the file just written may be needed by no row.
    await deleteIfUnreferenced(sha256);
    return { error: "quota", refusal };
  }
  return { documentId, sha256 };
}

/**
 * uploadDocument, except that content already stored as a live document of this assessment is
 * that document (F02: the same policy uploaded twice is one document supporting two questions,
 * not two copies). The look-up runs in the caller's write when there is one, so two identical
 * files in one post make one document.
 */
export async function uploadOrReuseDocument(respondent: RespondentContext, input: { fileName: string; bytes: Uint8Array }, now: Date): Promise<UploadResult> {
  if (input.bytes.byteLength <= MAX_DOCUMENT_BYTES && sniffEvidenceType(input.bytes)) {
    const sha256 = crypto.createHash("sha256").update(input.bytes).digest("hex");
    const existing = await write({ institutionId: respondent.institutionId }, (tx) => findLiveDocumentBySha256(respondent.institutionId, respondent.assessmentId, sha256, tx));
    if (existing) return { documentId: existing.id, sha256 };
  }
  return await uploadDocument(respondent, input, now);
}

/** The answer for an id that names no live document of this assessment (never another's name). */
async function unavailable(respondent: RespondentContext, documentId: string, tx: Tx): Promise<DocumentUnavailable> {
  const row = await findAssessmentDocumentEvenRemoved(respondent.institutionId, respondent.assessmentId, documentId, tx);
  return { unavailable: true, fileName: row?.fileName ?? null };
}

/**
 * Adds a document to a question's evidence (the answer's value and comment are kept). An id that
 * names no live document of this assessment (removed, another assessment's, made up) changes
 * nothing and answers DocumentUnavailable.
 */
export async function attachDocument(respondent: RespondentContext, documentId: string, questionId: string, now: Date): Promise<DocumentUnavailable | null> {
  return await write({ institutionId: respondent.institutionId }, async (tx) => {
    const assessment = await requireAssessment(respondent, tx);
    assertOpen(assessment);
    const { questionnaire } = questionnaireOf(assessment);
    if (!questionnaire.sections.some((s) => s.questions.some((q) => q.id === questionId))) {
      throw new InvalidInputError(`There is no question "${questionId}"`, [{ path: "questionId", message: `There is no question "${questionId}"` }]);
    }
    if (!(await findAssessmentDocument(respondent.institutionId, respondent.assessmentId, documentId, tx))) return unavailable(respondent, documentId, tx);
    const nowIso = now.toISOString();
    await ensureDraftCopied(assessment, nowIso, tx);
    const entry = (await effectiveDraft(assessment, tx))[questionId];
    const evidence = entry?.evidence ?? [];
    if (!evidence.includes(documentId)) {
      await upsertDraftAnswer(
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
    await markStarted(assessment, now, tx);
    await appendAuditEvent(
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
    return null;
  });
}

async function detachEverywhere(respondent: RespondentContext, documentId: string, onlyQuestionId: string | null, nowIso: string, tx: Tx): Promise<boolean> {
  let stillAttached = false;
  for (const row of (await listDraftAnswers(respondent.institutionId, respondent.assessmentId, tx))) {
    if (!row.evidence.includes(documentId)) continue;
    if (onlyQuestionId !== null && row.questionId !== onlyQuestionId) {
      stillAttached = true;
      continue;
    }
    await upsertDraftAnswer({ ...row, evidence: row.evidence.filter((id) => id !== documentId), updatedAt: nowIso, updatedBy: respondent.respondentId }, tx);
  }
  return stillAttached;
}

/**
 * Detaches a document from one question; when no other question keeps it, the document itself
 * is removed (removed_at set) and its stored file deleted unless another row shares its content.
 * An id that names no live document of this assessment changes nothing (DocumentUnavailable).
 */
export async function detachDocument(respondent: RespondentContext, documentId: string, questionId: string, now: Date): Promise<{ removed: boolean } | DocumentUnavailable> {
  const outcome = await write({ institutionId: respondent.institutionId }, async (tx): Promise<{ removed: boolean; sha256: string } | DocumentUnavailable> => {
    const assessment = await requireAssessment(respondent, tx);
    assertOpen(assessment);
    const document = await findAssessmentDocument(respondent.institutionId, respondent.assessmentId, documentId, tx);
    if (!document) return unavailable(respondent, documentId, tx);
    const nowIso = now.toISOString();
    await ensureDraftCopied(assessment, nowIso, tx);
    const stillAttached = await detachEverywhere(respondent, documentId, questionId, nowIso, tx);
    if (!stillAttached) await markDocumentRemoved(respondent.institutionId, respondent.assessmentId, documentId, nowIso, tx);
    await appendAuditEvent(
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
    return { removed: !stillAttached, sha256: document.sha256 };
  });
  if ("unavailable" in outcome) return outcome;
  if (outcome.removed) await deleteIfUnreferenced(outcome.sha256);
  return { removed: outcome.removed };
}

/**
 * Removes a document before submission: removed_at set, detached from every answer, and its
 * stored file deleted unless another row shares its content.
 */
export async function removeDocument(respondent: RespondentContext, documentId: string, now: Date): Promise<void> {
  const sha256 = await write({ institutionId: respondent.institutionId }, async (tx) => {
    const assessment = await requireAssessment(respondent, tx);
    assertOpen(assessment);
    const document = await findAssessmentDocument(respondent.institutionId, respondent.assessmentId, documentId, tx);
    if (!document) throw new NotFoundError("Document");
    const nowIso = now.toISOString();
    await ensureDraftCopied(assessment, nowIso, tx);
    await detachEverywhere(respondent, documentId, null, nowIso, tx);
    await markDocumentRemoved(respondent.institutionId, respondent.assessmentId, documentId, nowIso, tx);
    await appendAuditEvent(
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
    return document.sha256;
  });
  await deleteIfUnreferenced(sha256);
}

/** A document of the respondent's own assessment with its bytes; any other id is NotFound. */
export async function readDocument(respondent: RespondentContext, documentId: string): Promise<{ document: DocumentRow; bytes: Buffer }> {
  const document = await findAssessmentDocument(respondent.institutionId, respondent.assessmentId, documentId, reads());
  if (!document) throw new NotFoundError("Document");
  try {
    return { document, bytes: await fs.promises.readFile(documentPath(document.sha256)) };
  } catch {
    throw new NotFoundError("Document file");
  }
}

/**
 * A client's proof for a condition (issue 17, F18), sent through its results link: the same type
 * check, size limit, store and quotas as a respondent's evidence, stored as a document of the
 * decision's assessment (so the bank's evidence viewer shows it). `inWrite` runs in the write
 * that inserts the row, for the caller's own rows, audit event and notifications.
 */
export async function uploadProofDocument<T>(
  uploader: { institutionId: string; assessmentId: string; uploaderId: string },
  input: { fileName: string; bytes: Uint8Array },
  now: Date,
  inWrite: (tx: Tx, document: { id: string; sha256: string; fileName: string; mediaType: string; size: number }) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: "unsupported-type" | "too-large" } | { ok: false; error: "quota"; refusal: QuotaRefusal }> {
  if (input.bytes.byteLength > MAX_DOCUMENT_BYTES) return { ok: false, error: "too-large" };
  const type = sniffEvidenceType(input.bytes);
  if (!type) return { ok: false, error: "unsupported-type" };
  const refusalOf = async (tx: Reader) => {
    const held = await assessmentDocumentUsage(uploader.institutionId, uploader.assessmentId, tx);
    const recent = await uploadsSince(uploader.institutionId, uploader.assessmentId, uploader.uploaderId, rateWindowStart(now).toISOString(), tx);
    return quotaRefusal({ assessmentDocuments: held.documents, assessmentBytes: held.bytes, recent }, input.bytes.byteLength, now);
  };
  const early = await refusalOf(reads());
  if (early) return { ok: false, error: "quota", refusal: early };
  const sha256 = crypto.createHash("sha256").update(input.bytes).digest("hex");
  await storeOnce(sha256, input.bytes);
  const document = { id: newId(), sha256, fileName: cleanFileName(input.fileName), mediaType: type.mediaType, size: input.bytes.byteLength };
  const out = await write({ institutionId: uploader.institutionId }, async (tx) => {
    const late = await refusalOf(tx);
    if (late) return { ok: false as const, error: "quota" as const, refusal: late };
    restoreIfDeleted(sha256, input.bytes);
    await insertDocument({ ...document, institutionId: uploader.institutionId, assessmentId: uploader.assessmentId, uploadedAt: now.toISOString(), uploadedBy: uploader.uploaderId }, tx);
    return { ok: true as const, value: await inWrite(tx, document) };
  });
  if (!out.ok) await deleteIfUnreferenced(sha256);
  return out;
}
