// Attestations: insert-only rows holding the signed PDF; revocation is the only update, and it
// only fills the revoked_* columns once. Reads are scoped by institution except the public
// verification lookups, which answer for any id (the verify page is public by design).
import { and, desc, eq, gte, inArray, isNotNull, isNull, lte, type SQL } from "drizzle-orm";
import { answerSets, assessments, attestations, clients, conditions, decisions, institutions, results, users } from "../../db/tables";
import { affected, type Tx, type Reader } from "~/db.server";
import { clientMatches } from "./client-search.server";

export type AttestationRow = typeof attestations.$inferSelect;

/** Everything an attestation states, read in one place. */
export async function loadAttestationSource(institutionId: string, decisionId: string, tx: Reader) {
  const decision = (await tx.select().from(decisions).where(and(eq(decisions.institutionId, institutionId), eq(decisions.id, decisionId))).limit(1))[0];
  if (!decision) return undefined;
  const institution = (await tx.select().from(institutions).where(eq(institutions.id, institutionId)).limit(1))[0];
  const client = (await tx.select().from(clients).where(and(eq(clients.institutionId, institutionId), eq(clients.id, decision.clientId))).limit(1))[0];
  const assessment = (await tx.select().from(assessments).where(and(eq(assessments.institutionId, institutionId), eq(assessments.id, decision.assessmentId))).limit(1))[0];
  const result = (await tx.select().from(results).where(and(eq(results.institutionId, institutionId), eq(results.id, decision.resultId))).limit(1))[0];
  const answerSet = result ? (await tx.select().from(answerSets).where(and(eq(answerSets.institutionId, institutionId), eq(answerSets.id, result.answerSetId))).limit(1))[0] : undefined;
  const conditionRows = await tx
    .select({ text: conditions.text, dueDate: conditions.dueDate })
    .from(conditions)
    .where(and(eq(conditions.institutionId, institutionId), eq(conditions.decisionId, decisionId)))
    .orderBy(conditions.dueDate, conditions.id);
  const people = await tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [decision.proposedBy, ...(decision.reviewedBy ? [decision.reviewedBy] : [])]));
  if (!institution || !client || !assessment || !result || !answerSet) return undefined;
  const nameOf = (id: string | null) => people.find((p) => p.id === id)?.name ?? "";
  return { decision, institution, client, assessment, result, answerSet, conditions: conditionRows, proposerName: nameOf(decision.proposedBy), approverName: nameOf(decision.reviewedBy) };
}

export async function userName(userId: string, tx: Reader): Promise<string | undefined> {
  return (await tx.select({ name: users.name }).from(users).where(eq(users.id, userId)).limit(1))[0]?.name;
}

export async function insertAttestation(values: AttestationRow, tx: Tx): Promise<void> {
  await tx.insert(attestations).values(values);
}

export async function findAttestation(institutionId: string, attestationId: string, tx: Reader): Promise<AttestationRow | undefined> {
  return (await tx.select().from(attestations).where(and(eq(attestations.institutionId, institutionId), eq(attestations.id, attestationId))).limit(1))[0];
}

export async function attestationOfDecision(institutionId: string, decisionId: string, tx: Reader) {
  return (await tx
    .select({ id: attestations.id })
    .from(attestations)
    .where(and(eq(attestations.institutionId, institutionId), eq(attestations.decisionId, decisionId))).limit(1))[0];
}

/** Public verification: the facts the verify page may show about any attestation id. */
export async function findAttestationForVerification(attestationId: string, tx: Reader) {
  return (await tx
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
      outcome: decisions.outcome,
      decidedAt: decisions.reviewedAt,
    })
    .from(attestations)
    .innerJoin(institutions, eq(institutions.id, attestations.institutionId))
    .innerJoin(clients, and(eq(clients.institutionId, attestations.institutionId), eq(clients.id, attestations.clientId)))
    .innerJoin(decisions, and(eq(decisions.institutionId, attestations.institutionId), eq(decisions.id, attestations.decisionId)))
    .where(eq(attestations.id, attestationId)).limit(1))[0];
}

/** Client-name search is done by the caller: SQLite's LIKE folds ASCII case only (Ñ ≠ ñ). */
export type AttestationFilter = { q?: string; revoked?: "yes" | "no"; from?: string; to?: string; limit?: number };

export async function listAttestations(institutionId: string, filter: AttestationFilter, tx: Reader) {
  const where: SQL[] = [eq(attestations.institutionId, institutionId)];
  if (filter.revoked === "yes") where.push(isNotNull(attestations.revokedAt));
  if (filter.revoked === "no") where.push(isNull(attestations.revokedAt));
  if (filter.from) where.push(gte(attestations.issuedAt, filter.from));
  if (filter.to) where.push(lte(attestations.issuedAt, `${filter.to}T23:59:59.999Z`));
  if (filter.q) where.push(clientMatches(filter.q));
  const query = tx
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
      outcome: decisions.outcome,
    })
    .from(attestations)
    .innerJoin(clients, and(eq(clients.institutionId, attestations.institutionId), eq(clients.id, attestations.clientId)))
    .innerJoin(decisions, and(eq(decisions.institutionId, attestations.institutionId), eq(decisions.id, attestations.decisionId)))
    .where(and(...where))
    .orderBy(desc(attestations.issuedAt), desc(attestations.id));
  return await (filter.limit === undefined ? query : query.limit(filter.limit));
}

export async function markRevoked(institutionId: string, attestationId: string, values: { revokedAt: string; revokedBy: string; revocationReason: string }, tx: Tx): Promise<boolean> {
  return (
    affected(await tx
      .update(attestations)
      .set(values)
      .where(and(eq(attestations.institutionId, institutionId), eq(attestations.id, attestationId), isNull(attestations.revokedAt)))) === 1
  );
}
