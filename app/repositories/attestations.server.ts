// Attestations: insert-only rows holding the signed PDF; revocation is the only update, and it
// only fills the revoked_* columns once. Reads are scoped by institution except the public
// verification lookups, which answer for any id (the verify page is public by design).
import { and, desc, eq, gte, inArray, isNotNull, isNull, lte, type SQL } from "drizzle-orm";
import { answerSets, assessments, attestations, clients, conditions, decisions, institutions, results, users } from "../../db/schema";
import type { Tx } from "~/db.server";

export type AttestationRow = typeof attestations.$inferSelect;

/** Everything an attestation states, read in one place. */
export function loadAttestationSource(institutionId: string, decisionId: string, tx: Tx) {
  const decision = tx.select().from(decisions).where(and(eq(decisions.institutionId, institutionId), eq(decisions.id, decisionId))).get();
  if (!decision) return undefined;
  const institution = tx.select().from(institutions).where(eq(institutions.id, institutionId)).get();
  const client = tx.select().from(clients).where(and(eq(clients.institutionId, institutionId), eq(clients.id, decision.clientId))).get();
  const assessment = tx.select().from(assessments).where(and(eq(assessments.institutionId, institutionId), eq(assessments.id, decision.assessmentId))).get();
  const result = tx.select().from(results).where(and(eq(results.institutionId, institutionId), eq(results.id, decision.resultId))).get();
  const answerSet = result ? tx.select().from(answerSets).where(and(eq(answerSets.institutionId, institutionId), eq(answerSets.id, result.answerSetId))).get() : undefined;
  const conditionRows = tx
    .select({ text: conditions.text, dueDate: conditions.dueDate })
    .from(conditions)
    .where(and(eq(conditions.institutionId, institutionId), eq(conditions.decisionId, decisionId)))
    .orderBy(conditions.dueDate, conditions.id)
    .all();
  const people = tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [decision.proposedBy, ...(decision.reviewedBy ? [decision.reviewedBy] : [])]))
    .all();
  if (!institution || !client || !assessment || !result || !answerSet) return undefined;
  const nameOf = (id: string | null) => people.find((p) => p.id === id)?.name ?? "";
  return { decision, institution, client, assessment, result, answerSet, conditions: conditionRows, proposerName: nameOf(decision.proposedBy), approverName: nameOf(decision.reviewedBy) };
}

export function userName(userId: string, tx: Tx): string | undefined {
  return tx.select({ name: users.name }).from(users).where(eq(users.id, userId)).get()?.name;
}

export function insertAttestation(values: AttestationRow, tx: Tx): void {
  tx.insert(attestations).values(values).run();
}

export function findAttestation(institutionId: string, attestationId: string, tx: Tx): AttestationRow | undefined {
  return tx.select().from(attestations).where(and(eq(attestations.institutionId, institutionId), eq(attestations.id, attestationId))).get();
}

export function attestationOfDecision(institutionId: string, decisionId: string, tx: Tx) {
  return tx
    .select({ id: attestations.id })
    .from(attestations)
    .where(and(eq(attestations.institutionId, institutionId), eq(attestations.decisionId, decisionId)))
    .get();
}

/** Public verification: the facts the verify page may show about any attestation id. */
export function findAttestationForVerification(attestationId: string, tx: Tx) {
  return tx
    .select({
      id: attestations.id,
      institutionId: attestations.institutionId,
      institutionName: institutions.name,
      clientName: clients.name,
      keyId: attestations.keyId,
      language: attestations.language,
      sha256: attestations.sha256,
      issuedAt: attestations.issuedAt,
      validUntil: attestations.validUntil,
      revokedAt: attestations.revokedAt,
      revocationReason: attestations.revocationReason,
    })
    .from(attestations)
    .innerJoin(institutions, eq(institutions.id, attestations.institutionId))
    .innerJoin(clients, and(eq(clients.institutionId, attestations.institutionId), eq(clients.id, attestations.clientId)))
    .where(eq(attestations.id, attestationId))
    .get();
}

/** Client-name search is done by the caller: SQLite's LIKE folds ASCII case only (Ñ ≠ ñ). */
export type AttestationFilter = { revoked?: "yes" | "no"; from?: string; to?: string };

export function listAttestations(institutionId: string, filter: AttestationFilter, tx: Tx) {
  const where: SQL[] = [eq(attestations.institutionId, institutionId)];
  if (filter.revoked === "yes") where.push(isNotNull(attestations.revokedAt));
  if (filter.revoked === "no") where.push(isNull(attestations.revokedAt));
  if (filter.from) where.push(gte(attestations.issuedAt, filter.from));
  if (filter.to) where.push(lte(attestations.issuedAt, `${filter.to}T23:59:59.999Z`));
  return tx
    .select({
      id: attestations.id,
      clientId: attestations.clientId,
      clientName: clients.name,
      assessmentId: attestations.assessmentId,
      decisionId: attestations.decisionId,
      keyId: attestations.keyId,
      language: attestations.language,
      sha256: attestations.sha256,
      issuedAt: attestations.issuedAt,
      validUntil: attestations.validUntil,
      revokedAt: attestations.revokedAt,
      revocationReason: attestations.revocationReason,
    })
    .from(attestations)
    .innerJoin(clients, and(eq(clients.institutionId, attestations.institutionId), eq(clients.id, attestations.clientId)))
    .where(and(...where))
    .orderBy(desc(attestations.issuedAt), desc(attestations.id))
    .all();
}

export function markRevoked(institutionId: string, attestationId: string, values: { revokedAt: string; revokedBy: string; revocationReason: string }, tx: Tx): boolean {
  return (
    tx
      .update(attestations)
      .set(values)
      .where(and(eq(attestations.institutionId, institutionId), eq(attestations.id, attestationId), isNull(attestations.revokedAt)))
      .run().changes === 1
  );
}
