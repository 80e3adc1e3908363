// Read queries behind the integration API's lists and summaries (issue 9), cursor-paginated on
// the time-ordered ids. Every query is scoped by institution.
import { and, asc, desc, eq, gt, gte, lt, sql, type SQL } from "drizzle-orm";
import { assessments, attestations, auditEvents, clients, decisions } from "../../db/tables";
import { preparedGet, type Reader } from "~/db.server";
import { clientMatches } from "./client-search.server";
import type { GateInput } from "~/domain/gate";
import { loadGateInput } from "./gate-inputs.server";

export type ClientFilter = { status?: "open" | "conditional" | "pending" | "closed"; residualRisk?: "low" | "medium" | "high" | "critical"; q?: string };

/** Newest first; `beforeId` is the last id of the previous page. Returns up to `limit` rows. */
export async function clientsPage(institutionId: string, filter: ClientFilter, pageInput: { beforeId?: string; limit: number }, tx: Reader) {
  const where: SQL[] = [eq(clients.institutionId, institutionId)];
  if (filter.status) where.push(eq(clients.gate, filter.status));
  if (filter.residualRisk) where.push(eq(clients.residualRisk, filter.residualRisk));
  if (filter.q) where.push(clientMatches(filter.q));
  if (pageInput.beforeId) where.push(lt(clients.id, pageInput.beforeId));
  return await tx
    .select()
    .from(clients)
    .where(and(...where))
    .orderBy(desc(clients.id))
    .limit(pageInput.limit);
}

export async function latestAssessmentOf(institutionId: string, clientId: string, tx: Reader) {
  return (await tx
    .select()
    .from(assessments)
    .where(and(eq(assessments.institutionId, institutionId), eq(assessments.clientId, clientId)))
    .orderBy(desc(assessments.sentAt), desc(assessments.id))
    .limit(1))[0];
}

export async function latestDecisionOf(institutionId: string, clientId: string, tx: Reader) {
  return (await tx
    .select({ id: decisions.id, outcome: decisions.outcome, status: decisions.status, proposedAt: decisions.proposedAt, reviewedAt: decisions.reviewedAt, validUntil: decisions.validUntil })
    .from(decisions)
    .where(and(eq(decisions.institutionId, institutionId), eq(decisions.clientId, clientId)))
    .orderBy(desc(decisions.proposedAt), desc(decisions.id))
    .limit(1))[0];
}

export async function decisionHeadline(institutionId: string, decisionId: string, tx: Reader) {
  return (await tx
    .select({ id: decisions.id, outcome: decisions.outcome, reviewedAt: decisions.reviewedAt, validUntil: decisions.validUntil })
    .from(decisions)
    .where(and(eq(decisions.institutionId, institutionId), eq(decisions.id, decisionId))).limit(1))[0];
}

const attestationColumns = {
  id: attestations.id,
  clientId: attestations.clientId,
  assessmentId: attestations.assessmentId,
  decisionId: attestations.decisionId,
  issuedAt: attestations.issuedAt,
  validUntil: attestations.validUntil,
  revokedAt: attestations.revokedAt,
  revocationReason: attestations.revocationReason,
  sha256: attestations.sha256,
  keyId: attestations.keyId,
};

/** Attestation metadata (never the PDF bytes), newest first. */
export async function attestationsPage(institutionId: string, filter: { clientId?: string }, pageInput: { beforeId?: string; limit: number }, tx: Reader) {
  const where: SQL[] = [eq(attestations.institutionId, institutionId)];
  if (filter.clientId) where.push(eq(attestations.clientId, filter.clientId));
  if (pageInput.beforeId) where.push(lt(attestations.id, pageInput.beforeId));
  return await tx.select(attestationColumns).from(attestations).where(and(...where)).orderBy(desc(attestations.id)).limit(pageInput.limit);
}

export async function attestationMeta(institutionId: string, id: string, tx: Reader) {
  return (await tx.select(attestationColumns).from(attestations).where(and(eq(attestations.institutionId, institutionId), eq(attestations.id, id))).limit(1))[0];
}

export async function attestationPdf(institutionId: string, id: string, tx: Reader) {
  return (await tx.select({ id: attestations.id, pdf: attestations.pdf, sha256: attestations.sha256 }).from(attestations).where(and(eq(attestations.institutionId, institutionId), eq(attestations.id, id))).limit(1))[0];
}

/** The institution's chain in order, from `since` and after `afterSeq`. */
export async function auditEventsPage(institutionId: string, filter: { since?: string; afterSeq?: number }, limit: number, tx: Reader) {
  const where: SQL[] = [eq(auditEvents.chain, institutionId)];
  if (filter.since) where.push(gte(auditEvents.createdAt, filter.since));
  if (filter.afterSeq !== undefined) where.push(gt(auditEvents.seq, filter.afterSeq));
  return await tx.select().from(auditEvents).where(and(...where)).orderBy(asc(auditEvents.seq)).limit(limit);
}

const clientExists = new WeakMap<Reader, { get(values: { institutionId: string; clientId: string }): unknown }>();

/** The gate's inputs for a client of the institution, or null when there is no such client. */
export async function gateInputOf(institutionId: string, clientId: string, now: Date, db: Reader): Promise<(GateInput & { decisionsById: Map<string, { outcome: string; reviewedAt: string | null; validUntil: string | null }> }) | null> {
  let exists = clientExists.get(db);
  if (!exists) {
    exists = db
      .select({ id: clients.id })
      .from(clients)
      .where(and(eq(clients.institutionId, sql.placeholder("institutionId")), eq(clients.id, sql.placeholder("clientId"))))
      .prepare();
    clientExists.set(db, exists);
  }
  if (!(await preparedGet(exists, { institutionId, clientId }))) return null;
  const input = await loadGateInput(institutionId, clientId, now, db);
  return { ...input, decisionsById: new Map(input.decisions.map((d) => [d.id, { outcome: d.outcome, reviewedAt: d.reviewedAt, validUntil: d.validUntil }])) };
}
