// Attestations (issue 8): issued when a decision is approved, signed with the institution's
// current key, verified three ways with one core (~/domain/pdf-signature), revoked with a reason.
//
// Issuing: prepareAttestation reads (through the handle it is given), builds and signs;
// storeAttestation re-checks the decision inside the caller's write, inserts the row, audits
// `attestation.issued` and refreshes the gate. approveDecisionWithAttestation runs both inside the
// approval's own write; issueAttestation does the same for an already approved decision.
import { residualExplanation } from "~/domain/scoring/plain-words";
import { redFlagTitle } from "~/i18n/red-flags";
import crypto from "node:crypto";
import { z } from "zod";
import { reads, write, type Tx, type Reader } from "~/db.server";
import { attestationStanding, gateOfOutcome } from "~/domain/attestation-standing";
import { approveDecision, type Approver } from "~/services/decisions.server";
import { getEnv } from "~/env.server";
import { newId } from "~/ids.server";
import type { Lang } from "~/i18n";
import { ConflictError, InvalidInputError, NotFoundError } from "~/domain/errors";
import { verifySignedPdf, type SignatureVerdict } from "~/domain/pdf-signature";
import { csvCell } from "~/exports/csv";
import { countryName } from "~/domain/risk/inherent-risk";
import type { AnswerSet } from "~/domain/scoring/answers";
import { score, type ScoreResult } from "~/domain/scoring/score";
import { buildSignedAttestationPdf, type AttestationContent } from "~/pdf/attestation-pdf.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import {
  attestationOfDecision,
  findAttestation,
  findAttestationForVerification,
  insertAttestation,
  listAttestations,
  loadAttestationSource,
  markRevoked,
  userName,
  type AttestationFilter,
} from "~/repositories/attestations.server";
import { emitEvent } from "./events.server";
import { refreshClientGate } from "./gate.server";
import { questionnaireOf } from "./scoring.server";
import { ensureCurrentSigningKey, knownKeys, parsedSigningKey } from "./signing-keys.server";

export type PreparedAttestation = {
  attestationId: string;
  institutionId: string;
  clientId: string;
  assessmentId: string;
  decisionId: string;
  keyId: string;
  language: Lang;
  pdf: Buffer;
  sha256: string;
  issuedAt: string;
  validUntil: string;
  approverId: string;
};

export type PrepareInput = {
  institutionId: string;
  decisionId: string;
  language: Lang;
  now: Date;
  /**
   * For a decision being approved in the same transaction as storeAttestation: the approver and
   * the validity the approval will record. Without it the decision must already be approved.
   */
  approval?: { approverId: string; validUntil: string };
  /** Fixed only by tests that check reproducibility; otherwise a new id. */
  attestationId?: string;
};

function localised(text: Record<string, string> | undefined, lang: Lang, fallback: string): string {
  return text?.[lang] ?? text?.en ?? fallback;
}

/** The stored result in the attestation's language: re-scored from its own inputs when needed. */
function resultIn(stored: ScoreResult, answers: Record<string, unknown>, questionnaire: Awaited<ReturnType<typeof questionnaireOf>>, lang: Lang): ScoreResult {
  if (stored.language === lang) return stored;
  return score(questionnaire.questionnaire, answers as AnswerSet, stored.inputs, { sha256: questionnaire.sha256, policy: stored.policy, inherentRisk: stored.inherentRisk, lang });
}

/** Reads through `db` (the approval's own transaction when called inside it), builds and signs. */
export async function prepareAttestation(input: PrepareInput, db: Reader = reads()): Promise<PreparedAttestation> {
  const source = await loadAttestationSource(input.institutionId, input.decisionId, db);
  if (!source) throw new NotFoundError("Decision");
  const { decision } = source;
  if (input.approval ? decision.status !== "proposed" && decision.status !== "approved" : decision.status !== "approved") {
    throw new ConflictError(`Only an approved decision gets an attestation (this one is ${decision.status})`);
  }
  if ((await attestationOfDecision(input.institutionId, input.decisionId, db))) throw new ConflictError("This decision already has an attestation");
  const approverId = input.approval?.approverId ?? decision.reviewedBy;
  const validUntil = input.approval?.validUntil ?? decision.validUntil;
  if (!approverId || !validUntil) throw new ConflictError("The decision has no approver or validity yet");
  const approverName = input.approval ? (await userName(approverId, db) ?? "") : source.approverName;

  const key = await ensureCurrentSigningKey(input.institutionId, input.now);
  const attestationId = input.attestationId ?? newId();
  const lang = input.language;
  const loaded = questionnaireOf(source.assessment);
  const result = resultIn(source.result.result as unknown as ScoreResult, source.answerSet.answers, loaded, lang);
  const sectionTitles = new Map(loaded.questionnaire.sections.map((s) => [s.key, localised(s.title, lang, s.key)]));
  const content: AttestationContent = {
    attestationId,
    keyId: key.id,
    language: lang,
    issuedAt: input.now.toISOString(),
    validUntil,
    verifyUrl: `${getEnv().publicUrl}/verify/${attestationId}`,
    institution: { id: source.institution.id, name: source.institution.name },
    client: { name: source.client.name, country: source.client.country, countryName: countryName(source.client.country, lang), registrationNumber: source.client.registrationNumber },
    questionnaire: { key: source.assessment.questionnaireKey, title: localised(loaded.questionnaire.title, lang, loaded.key), version: source.assessment.questionnaireVersion, sha256: source.assessment.questionnaireSha256 },
    submission: { submittedAt: source.answerSet.submittedAt, signatory: source.answerSet.signatory },
    overall: { score: result.overall.score, band: result.overall.band },
    sections: result.sections.map((s) => ({ key: s.key, title: sectionTitles.get(s.key) ?? s.key, score: s.score, band: s.band })),
    redFlags: result.redFlags.map((f) => ({ code: f.code, title: redFlagTitle(f.code, lang), severity: f.severity, message: f.message })),
    inherentRisk: {
      level: result.inherentRisk.level,
      points: result.inherentRisk.points,
      components: result.inherentRisk.components.map((c) => ({ kind: c.kind, value: c.value, points: c.points, explanation: lang === "es" ? c.explanationEs : c.explanation })),
    },
    // Plain sentences naming flags and sections by their titles (issue 14, F05); the exact steps stay in the stored result.
    residualRisk: { level: result.residualRisk, steps: residualExplanation(result, loaded.questionnaire, (code) => redFlagTitle(code, lang), lang) },
    decision: { outcome: decision.outcome, recommendation: decision.recommendation, rationale: decision.rationale, justification: decision.justification },
    conditions: source.conditions,
    proposerName: source.proposerName,
    approverName,
  };
  const pdf = await buildSignedAttestationPdf(content, parsedSigningKey(key));
  return {
    attestationId,
    institutionId: input.institutionId,
    clientId: decision.clientId,
    assessmentId: decision.assessmentId,
    decisionId: decision.id,
    keyId: key.id,
    language: lang,
    pdf,
    sha256: crypto.createHash("sha256").update(pdf).digest("hex"),
    issuedAt: input.now.toISOString(),
    validUntil,
    approverId,
  };
}

/**
 * Stores a prepared attestation inside the caller's transaction. The decision must by now be
 * approved by the approver and with the validity the PDF states; one attestation per decision.
 */
export async function storeAttestation(prepared: PreparedAttestation, tx: Tx): Promise<{ attestationId: string }> {
  const source = await loadAttestationSource(prepared.institutionId, prepared.decisionId, tx);
  if (!source) throw new NotFoundError("Decision");
  const { decision } = source;
  if (decision.status !== "approved") throw new ConflictError(`Only an approved decision gets an attestation (this one is ${decision.status})`);
  if (decision.reviewedBy !== prepared.approverId || decision.validUntil !== prepared.validUntil) {
    throw new ConflictError("The decision changed while its attestation was being prepared");
  }
  if ((await attestationOfDecision(prepared.institutionId, prepared.decisionId, tx))) throw new ConflictError("This decision already has an attestation");
  await insertAttestation(
    {
      id: prepared.attestationId,
      institutionId: prepared.institutionId,
      clientId: prepared.clientId,
      assessmentId: prepared.assessmentId,
      decisionId: prepared.decisionId,
      keyId: prepared.keyId,
      language: prepared.language,
      pdf: prepared.pdf,
      sha256: prepared.sha256,
      issuedAt: prepared.issuedAt,
      validUntil: prepared.validUntil,
      revokedAt: null,
      revokedBy: null,
      revocationReason: null,
    },
    tx,
  );
  const now = new Date(prepared.issuedAt);
  await appendAuditEvent(
    {
      institutionId: prepared.institutionId,
      actorType: "user",
      actorId: prepared.approverId,
      action: "attestation.issued",
      subjectType: "attestation",
      subjectId: prepared.attestationId,
      after: { decisionId: prepared.decisionId, clientId: prepared.clientId, keyId: prepared.keyId, sha256: prepared.sha256, language: prepared.language, validUntil: prepared.validUntil },
      now,
    },
    tx,
  );
  await refreshClientGate({ institutionId: prepared.institutionId, clientId: prepared.clientId, now, actorType: "user", actorId: prepared.approverId }, tx);
  return { attestationId: prepared.attestationId };
}

/** prepare + store in one call, for an already approved decision (scripts, seeds, tests). */
export async function issueAttestation(input: PrepareInput, tx?: Tx): Promise<{ attestationId: string; pdf: Buffer }> {
  const issue = async (t: Tx) => {
    const prepared = await prepareAttestation(input, t);
    return { ...(await storeAttestation(prepared, t)), pdf: prepared.pdf };
  };
  return tx ? issue(tx) : write({ institutionId: input.institutionId }, issue);
}

export const RevokeAttestationSchema = z.object({
  reason: z
    .string({ error: "detail.reasonRequired" })
    .trim()
    .min(5, { error: "detail.reasonRequired" })
    .max(1000),
});

export async function revokeAttestation(actor: { institutionId: string; userId: string }, attestationId: string, reason: string, now: Date): Promise<void> {
  await write({ institutionId: actor.institutionId }, async (tx) => {
    const attestation = await findAttestation(actor.institutionId, attestationId, tx);
    if (!attestation) throw new NotFoundError("Attestation");
    if (attestation.revokedAt) throw new ConflictError("This attestation is already revoked");
    if (reason.trim().length < 5) throw new InvalidInputError("Give a reason", [{ path: "reason", message: "detail.reasonRequired" }]);
    const revokedAt = now.toISOString();
    await markRevoked(actor.institutionId, attestationId, { revokedAt, revokedBy: actor.userId, revocationReason: reason.trim() }, tx);
    await appendAuditEvent(
      { institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "attestation.revoked", subjectType: "attestation", subjectId: attestationId, before: { revokedAt: null }, after: { revokedAt }, reason: reason.trim(), now },
      tx,
    );
    await emitEvent(
      { institutionId: actor.institutionId, event: "attestation.revoked", data: { attestationId, clientId: attestation.clientId, decisionId: attestation.decisionId, revokedAt, reason: reason.trim() }, now },
      tx,
    );
    await refreshClientGate({ institutionId: actor.institutionId, clientId: attestation.clientId, now, actorType: "user", actorId: actor.userId }, tx);
  });
}

// ---- verification (online layer over the pure core) ---------------------------------------------

export const VERIFY_STATUSES = ["valid", "not-approved", "revoked", "expired", "altered", "unknown-key", "not-signed", "unknown"] as const;

export type VerifyStatus = (typeof VERIFY_STATUSES)[number];

/**
 * What every verification answers (page, API, and the API helper's routes reuse it).
 * `valid` is true only for an authentic attestation in force; `authentic` is true whenever the
 * signature is intact, made with a published key and matches an issued attestation (so a revoked
 * or expired attestation is authentic but not valid). `decision` says what the bank decided:
 * an attestation of a decline or of enhanced due diligence is authentic but never in force
 * (status "not-approved"), whatever its dates.
 */
export const VerifyResponseSchema = z.object({
  valid: z.boolean(),
  authentic: z.boolean(),
  status: z.enum(VERIFY_STATUSES),
  attestationId: z.string().nullable(),
  institution: z.object({ id: z.string(), name: z.string() }).nullable(),
  clientName: z.string().nullable(),
  keyId: z.string().nullable(),
  revoked: z.boolean(),
  revokedAt: z.string().nullable(),
  reason: z.string().nullable(),
  issuedAt: z.string().nullable(),
  validUntil: z.string().nullable(),
  decision: z
    .object({
      outcome: z.enum(["approve", "approve-with-conditions", "enhanced-due-diligence", "decline"]),
      decidedAt: z.string().nullable(),
      gate: z.enum(["open", "conditional", "closed"]),
    })
    .nullable(),
  details: z.array(z.string()),
});
export type VerifyResponse = z.infer<typeof VerifyResponseSchema>;

export const MAX_VERIFY_BYTES = 10 * 1024 * 1024;

function empty(status: VerifyStatus, details: string[], extra: Partial<VerifyResponse> = {}): VerifyResponse {
  return { valid: false, authentic: false, status, attestationId: null, institution: null, clientName: null, keyId: null, revoked: false, revokedAt: null, reason: null, issuedAt: null, validUntil: null, decision: null, details, ...extra };
}

type Issued = NonNullable<Awaited<ReturnType<typeof findAttestationForVerification>>>;

function standing(row: Issued, now: Date, details: string[], keyId: string | null): VerifyResponse {
  const today = now.toISOString().slice(0, 10);
  const standing = attestationStanding(row, today);
  const status: VerifyStatus = standing === "in-force" ? "valid" : standing === "not-in-force" ? "not-approved" : standing;
  return {
    valid: status === "valid",
    authentic: true,
    status,
    attestationId: row.id,
    institution: { id: row.institutionId, name: row.institutionName },
    clientName: row.clientName,
    keyId: keyId ?? row.keyId,
    revoked: row.revokedAt !== null,
    revokedAt: row.revokedAt,
    reason: row.revocationReason,
    issuedAt: row.issuedAt,
    validUntil: row.validUntil,
    decision: { outcome: row.outcome, decidedAt: row.decidedAt, gate: gateOfOutcome(row.outcome) },
    details,
  };
}

/**
 * Verifies uploaded PDF bytes: the cryptographic verdict is the offline core's, the very function
 * `npm run verify` calls; only when it says valid does the server add what it alone knows: that
 * this is the issued copy, and its revocation and expiry.
 */
export async function verifyAttestationPdf(pdf: Uint8Array, now: Date, q: Reader = reads()): Promise<VerifyResponse> {
  const verdict: SignatureVerdict = verifySignedPdf(pdf, await knownKeys(q));
  const partial = { attestationId: verdict.attestationId ?? null, institution: verdict.institution ?? null, keyId: verdict.keyId ?? null };
  if (verdict.status !== "valid") return empty(verdict.status, verdict.details, partial);
  if (!verdict.attestationId) return empty("unknown", ["the PDF is signed with a published key but names no attestation id"], partial);
  const row = await findAttestationForVerification(verdict.attestationId, q);
  if (!row || row.institutionId !== verdict.institution?.id) return empty("unknown", [`no attestation ${verdict.attestationId} was issued by ${verdict.institution?.name ?? "this key's institution"}`], partial);
  const sha256 = crypto.createHash("sha256").update(pdf).digest("hex");
  if (sha256 !== row.sha256) return empty("unknown", [`this signed PDF is not the issued copy of attestation ${row.id}`], partial);
  return standing(row, now, verdict.details, verdict.keyId ?? null);
}

/** The QR link: the standing of an attestation id, with no PDF to check. */
export async function verifyAttestationId(attestationId: string, now: Date, q: Reader = reads()): Promise<VerifyResponse> {
  const row = /^[A-Za-z0-9_-]{1,64}$/.test(attestationId) ? await findAttestationForVerification(attestationId, q) : undefined;
  if (!row) return empty("unknown", [`no attestation ${attestationId.slice(0, 64)} was issued`]);
  return standing(row, now, [], null);
}

// ---- the bank's list, download and CSV -------------------------------------------------------------

export const AttestationFilterSchema = z.object({
  q: z.string().trim().max(200).optional(),
  revoked: z.enum(["", "yes", "no"]).optional(),
  from: z.union([z.literal(""), z.iso.date({ error: "from must be a date (YYYY-MM-DD)" })]).optional(),
  to: z.union([z.literal(""), z.iso.date({ error: "to must be a date (YYYY-MM-DD)" })]).optional(),
});
export type AttestationFilterInput = z.infer<typeof AttestationFilterSchema>;

export function toRepositoryFilter(input: AttestationFilterInput): AttestationFilter {
  return {
    q: input.q || undefined,
    revoked: input.revoked === "yes" || input.revoked === "no" ? input.revoked : undefined,
    from: input.from || undefined,
    to: input.to || undefined,
  };
}

/** The client search of every list (repositories/client-search.server.ts): "nandu" finds "Café Ñandú S.A.". */
async function filtered(institutionId: string, input: AttestationFilterInput, tx: Reader, limit?: number) {
  return await listAttestations(institutionId, { ...toRepositoryFilter(input), limit }, tx);
}

export async function attestationList(institutionId: string, input: AttestationFilterInput, limit = 500) {
  return await filtered(institutionId, input, reads(), limit);
}

/** The PDF bytes for a download, audited as an export in the same transaction as the read. */
export async function downloadAttestation(actor: { institutionId: string; userId: string }, attestationId: string, now: Date): Promise<{ pdf: Buffer; fileName: string }> {
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const row = await findAttestation(actor.institutionId, attestationId, tx);
    if (!row) throw new NotFoundError("Attestation");
    await appendAuditEvent({ institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "attestation.downloaded", subjectType: "attestation", subjectId: row.id, after: { sha256: row.sha256 }, now }, tx);
    return { pdf: Buffer.from(row.pdf), fileName: `attestation-${row.id}.pdf` };
  });
}

export async function attestationsCsv(actor: { institutionId: string; userId: string }, input: AttestationFilterInput, now: Date): Promise<string> {
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const rows = await filtered(actor.institutionId, input, tx);
    await appendAuditEvent({ institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "attestation.exported", subjectType: "attestation", after: { filter: input, rows: rows.length }, now }, tx);
    const header = ["attestation_id", "client_id", "client_name", "decision_id", "assessment_id", "issued_at", "valid_until", "language", "key_id", "sha256", "revoked_at", "revocation_reason"];
    const lines = rows.map((r) => [r.id, r.clientId, r.clientName, r.decisionId, r.assessmentId, r.issuedAt, r.validUntil, r.language, r.keyId, r.sha256, r.revokedAt, r.revocationReason].map(csvCell).join(","));
    return [header.join(","), ...lines].join("\r\n") + "\r\n";
  });
}

/**
 * The approval a bank user makes: approve the decision (four-eyes, step-up) and issue its signed
 * attestation in the same write, so an approval never exists without its attestation, nor the
 * reverse. The PDF is built and signed inside the transaction (bench/attestation.ts: a median of
 * well under 50 ms, so the write lock is held briefly) from what the transaction itself sees.
 */
export async function approveDecisionWithAttestation(actor: Approver, decisionId: string, input: { comment: string | null }, now: Date) {
  return approveDecision(actor, decisionId, input, now, {
    commit: async (ctx, _prepared, tx) => {
      const prepared = await prepareAttestation({ institutionId: ctx.institutionId, decisionId: ctx.decision.id, language: ctx.assessment.language, now: ctx.now }, tx);
      await storeAttestation(prepared, tx);
    },
  });
}
