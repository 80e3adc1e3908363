// Evidence documents of an assessment (files live under DATA_DIR/documents/<sha256>; these rows
// say who uploaded what, for which assessment). Every read is scoped by institution and
// assessment: another assessment's document id looks missing.
import { and, eq, isNull } from "drizzle-orm";
import { documents } from "../../db/schema";
import type { Tx } from "~/db.server";

export type DocumentRow = typeof documents.$inferSelect;

export function insertDocument(values: typeof documents.$inferInsert, tx: Tx): void {
  tx.insert(documents).values(values).run();
}

/** A document of this assessment that has not been removed. */
export function findAssessmentDocument(institutionId: string, assessmentId: string, documentId: string, tx: Tx): DocumentRow | undefined {
  return tx
    .select()
    .from(documents)
    .where(and(eq(documents.institutionId, institutionId), eq(documents.assessmentId, assessmentId), eq(documents.id, documentId), isNull(documents.removedAt)))
    .get();
}

export function markDocumentRemoved(institutionId: string, assessmentId: string, documentId: string, nowIso: string, tx: Tx): void {
  tx.update(documents)
    .set({ removedAt: nowIso })
    .where(and(eq(documents.institutionId, institutionId), eq(documents.assessmentId, assessmentId), eq(documents.id, documentId)))
    .run();
}
