// Evidence documents of an assessment (files live under DATA_DIR/documents/<sha256>; these rows
// say who uploaded what, for which assessment). Every read is scoped by institution and
// assessment: another assessment's document id looks missing. The exceptions are the file-store
// questions (is a stored file still referenced?), which span every institution because files are
// content-addressed and shared by identical uploads.
import { and, asc, count, eq, gt, isNull, sql, sum } from "drizzle-orm";
import { documents } from "../../db/tables";
import { answerEvidenceJoin } from "./dialect.server";
import { rawAll, type Tx, type Reader } from "~/db.server";

export type DocumentRow = typeof documents.$inferSelect;

export async function insertDocument(values: typeof documents.$inferInsert, tx: Tx): Promise<void> {
  await tx.insert(documents).values(values);
}

/** A document of this assessment that has not been removed. */
export async function findAssessmentDocument(institutionId: string, assessmentId: string, documentId: string, tx: Reader): Promise<DocumentRow | undefined> {
  return (await tx
    .select()
    .from(documents)
    .where(and(eq(documents.institutionId, institutionId), eq(documents.assessmentId, assessmentId), eq(documents.id, documentId), isNull(documents.removedAt))).limit(1))[0];
}

/** The oldest live document of this assessment with this content, if any. */
export async function findLiveDocumentBySha256(institutionId: string, assessmentId: string, sha256: string, tx: Reader): Promise<DocumentRow | undefined> {
  return (await tx
    .select()
    .from(documents)
    .where(and(eq(documents.institutionId, institutionId), eq(documents.assessmentId, assessmentId), eq(documents.sha256, sha256), isNull(documents.removedAt)))
    .orderBy(asc(documents.uploadedAt), asc(documents.id))
    .limit(1))[0];
}

export async function markDocumentRemoved(institutionId: string, assessmentId: string, documentId: string, nowIso: string, tx: Tx): Promise<void> {
  await tx.update(documents)
    .set({ removedAt: nowIso })
    .where(and(eq(documents.institutionId, institutionId), eq(documents.assessmentId, assessmentId), eq(documents.id, documentId)));
}

/** Any document row of this assessment, removed or not (to name it in a message). */
export async function findAssessmentDocumentEvenRemoved(institutionId: string, assessmentId: string, documentId: string, tx: Reader): Promise<DocumentRow | undefined> {
  return (await tx
    .select()
    .from(documents)
    .where(and(eq(documents.institutionId, institutionId), eq(documents.assessmentId, assessmentId), eq(documents.id, documentId))).limit(1))[0];
}

/** What the assessment holds now: its documents that are not removed, and their total size. */
export async function assessmentDocumentUsage(institutionId: string, assessmentId: string, tx: Reader): Promise<{ documents: number; bytes: number }> {
  const row = (await tx
    .select({ documents: count(), bytes: sum(documents.size) })
    .from(documents)
    .where(and(eq(documents.institutionId, institutionId), eq(documents.assessmentId, assessmentId), isNull(documents.removedAt))).limit(1))[0];
  return { documents: row?.documents ?? 0, bytes: Number(row?.bytes ?? 0) };
}

/** The respondent's uploads to this assessment since `sinceIso` (removed ones too), oldest first. */
export async function uploadsSince(institutionId: string, assessmentId: string, respondentId: string, sinceIso: string, tx: Reader): Promise<Array<{ uploadedAt: string; size: number }>> {
  return await tx
    .select({ uploadedAt: documents.uploadedAt, size: documents.size })
    .from(documents)
    .where(and(eq(documents.institutionId, institutionId), eq(documents.assessmentId, assessmentId), eq(documents.uploadedBy, respondentId), gt(documents.uploadedAt, sinceIso)))
    .orderBy(asc(documents.uploadedAt));
}

/**
 * The content hashes that some document row still needs, across every institution: a document
 * that is not removed; a removed one that a submitted answer set names as evidence (the bank
 * keeps what was submitted, even after a return let the respondent remove it); a removed one
 * that met a condition. With `sha256`, only whether that one hash is needed.
 */
export async function referencedSha256s(tx: Reader, only?: string): Promise<Set<string>> {
  const filter = only === undefined ? sql`1 = 1` : sql`d.sha256 = ${only}`;
  const rows = await rawAll<{ sha256: string }>(tx, sql`
    select d.sha256 as sha256 from documents d where d.removed_at is null and ${filter}
    union
    select d.sha256 from documents d
      join answer_sets a on a.institution_id = d.institution_id and a.assessment_id = d.assessment_id
      ${answerEvidenceJoin()}
    where d.removed_at is not null and ${filter}
    union
    select d.sha256 from documents d
      join conditions c on c.institution_id = d.institution_id and c.met_document_id = d.id
    where d.removed_at is not null and ${filter}`);
  return new Set(rows.map((r) => r.sha256));
}
