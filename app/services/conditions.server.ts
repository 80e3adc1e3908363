// Conditions as corrective-action plans (issue 17, F18; rules in ~/domain/condition-plan):
// - the client's no-account link (`/c/pvn_cli_<token>`, only its SHA-256 stored, expiring) is
//   issued in the approval's write and sent in the decision e-mail; it shows the results page and
//   takes proof and updates per condition;
// - the RM proposes "met" (with proof picked from the condition's uploads) or "not met", with a
//   comment; an approver who is not the proposer confirms "met"; the gate is refreshed in the same
//   write. Every step is one write with its audit event and its notifications.
import { reads, write, type Reader, type Tx } from "~/db.server";
import { acceptsClientUpdates, checkConfirmation, checkProposal, conditionStanding, daysOverdue, scorecard, type PlanProblem, type Scorecard } from "~/domain/condition-plan";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "~/domain/errors";
import type { GateResult } from "~/domain/gate";
import { ScoreResultSchema } from "~/domain/scoring/result-schema";
import { getEnv } from "~/env.server";
import { newId, newToken, sha256Hex } from "~/ids.server";
import type { Lang } from "~/i18n";
import { findAssessment, findClient } from "~/repositories/assessment-core.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import {
  clientConditionList,
  conditionUploads,
  confirmConditionMet,
  findClientLinkByTokenHash,
  findResult,
  insertClientLink,
  insertConditionUpdate,
  openConditions,
  setConditionProposal,
  type ClientLinkRow,
  type ConditionUpload,
  type OpenConditionFilter,
} from "~/repositories/condition-plans.server";
import { decisionConditions, findCondition, findDecision, type ConditionRow } from "~/repositories/decisions.server";
import { findInstitution } from "~/repositories/institutions.server";
import { findUserById } from "~/repositories/users.server";
import { uploadProofDocument } from "./documents.server";
import { refreshClientGate } from "./gate.server";
import { notifyStaff } from "./notifications.server";
import { questionnaireOf } from "./scoring.server";
import type { Actor } from "./review.server";
import type { QuotaRefusal } from "~/domain/upload-quota";

export const CLIENT_LINK_PREFIX = "pvn_cli_";
/** A link without a validity date (a decline) stays open this long. */
const DEFAULT_LINK_DAYS = 180;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Issues the client's link to its results and conditions, inside the approval's write. It opens
 * through the decision's last valid day (or DEFAULT_LINK_DAYS) and never before the last
 * condition's due date plus 30 days. Returns the real URL, for the e-mail only.
 */
export async function issueClientLink(
  input: { institutionId: string; decisionId: string; clientId: string; email: string; validUntil: string | null; conditionDueDates: readonly string[]; now: Date },
  tx: Tx,
): Promise<{ url: string; expiresDate: string }> {
  const today = input.now.toISOString().slice(0, 10);
  const lastDue = [...input.conditionDueDates].sort().at(-1);
  const candidates = [input.validUntil ?? addDays(today, DEFAULT_LINK_DAYS), lastDue ? addDays(lastDue, 30) : today];
  const expiresDate = candidates.sort().at(-1)!;
  const token = newToken(CLIENT_LINK_PREFIX);
  await insertClientLink(
    {
      id: newId(),
      institutionId: input.institutionId,
      decisionId: input.decisionId,
      clientId: input.clientId,
      email: input.email,
      tokenHash: sha256Hex(token),
      createdAt: input.now.toISOString(),
      expiresAt: `${addDays(expiresDate, 1)}T00:00:00.000Z`,
      revokedAt: null,
    },
    tx,
  );
  return { url: `${getEnv().publicUrl}/c/${token}`, expiresDate };
}

export type ClientLinkState = { state: "valid"; link: ClientLinkRow } | { state: "not-found" } | { state: "gone"; link: ClientLinkRow };

/** Unknown → not-found (404); expired, revoked or its decision no longer current → gone (410). */
export async function resolveClientLink(token: string, now: Date): Promise<ClientLinkState> {
  if (!token.startsWith(CLIENT_LINK_PREFIX) || token.length > 200) return { state: "not-found" };
  const link = await findClientLinkByTokenHash(sha256Hex(token), reads());
  if (!link) return { state: "not-found" };
  if (link.revokedAt || link.expiresAt <= now.toISOString()) return { state: "gone", link };
  const decision = await findDecision(link.institutionId, link.decisionId, reads());
  if (!decision || decision.status !== "approved") return { state: "gone", link };
  return { state: "valid", link };
}

export type ClientCondition = {
  id: string;
  text: string;
  dueDate: string;
  standing: ReturnType<typeof conditionStanding>;
  acceptsUpdates: boolean;
  /** The bank's "not met" comment, which tells the client what is still missing. */
  bankComment: string | null;
  updates: Array<{ id: string; note: string | null; fileName: string | null; createdAt: string }>;
};

export type ClientResultsPage = {
  lang: Lang;
  institution: string;
  client: string;
  outcome: "approve" | "approve-with-conditions" | "enhanced-due-diligence" | "decline";
  validUntil: string | null;
  decidedAt: string | null;
  scorecard: Scorecard | null;
  conditions: ClientCondition[];
  contact: { name: string; email: string } | null;
};

function localText(text: Record<string, string> | undefined, lang: Lang): string {
  if (!text) return "";
  return text[lang] ?? text.en ?? Object.values(text)[0] ?? "";
}

/**
 * What the client's page shows, in the assessment's language. Built field by field from the
 * decision's outcome and validity, the scoring result's scores, and the conditions: the decision's
 * rationale, justification, review comment and the bank's financial observations are never read.
 */
export async function clientResultsPage(link: ClientLinkRow, now: Date, q: Reader = reads()): Promise<ClientResultsPage> {
  const decision = await findDecision(link.institutionId, link.decisionId, q);
  if (!decision) throw new NotFoundError("Link");
  const assessment = await findAssessment(link.institutionId, decision.assessmentId, q);
  const client = await findClient(link.institutionId, link.clientId, q);
  if (!assessment || !client) throw new NotFoundError("Link");
  const lang = assessment.language;
  const institution = await findInstitution(link.institutionId, q);
  const rm = await findUserById(client.rmUserId ?? assessment.sentBy, q);
  const rows = await decisionConditions(link.institutionId, decision.id, q);
  const uploads = await conditionUploads(link.institutionId, rows.map((c) => c.id), q);
  const today = now.toISOString().slice(0, 10);

  let card: Scorecard | null = null;
  const resultRow = await findResult(link.institutionId, decision.resultId, q);
  const parsed = resultRow ? ScoreResultSchema.safeParse(resultRow.result) : undefined;
  if (parsed?.success) {
    const questionnaire = questionnaireOf(assessment).questionnaire;
    const sectionTitle = new Map(questionnaire.sections.map((s) => [s.key, localText(s.title, lang)]));
    const questionOf = new Map(questionnaire.sections.flatMap((s) => s.questions.map((qq) => [qq.id, { text: localText(qq.text, lang), section: localText(s.title, lang) }] as const)));
    card = scorecard({
      overall: { score: parsed.data.overall.score, band: parsed.data.overall.band },
      sections: parsed.data.sections.map((s) => ({ key: s.key, title: sectionTitle.get(s.key) ?? "", score: s.score, band: s.band })).filter((s) => s.title !== ""),
      conditionQuestions: rows.map((c) => ({ questionId: c.questionId, questionText: c.questionId ? (questionOf.get(c.questionId)?.text ?? null) : null, sectionTitle: c.questionId ? (questionOf.get(c.questionId)?.section ?? null) : null })),
    });
  }
  return {
    lang,
    institution: institution?.name ?? "",
    client: client.name,
    outcome: decision.outcome,
    validUntil: decision.validUntil,
    decidedAt: decision.reviewedAt,
    scorecard: card,
    conditions: rows.map((c) => ({
      id: c.id,
      text: c.text,
      dueDate: c.dueDate,
      standing: conditionStanding(c, today),
      acceptsUpdates: acceptsClientUpdates(c, decision.status),
      bankComment: c.status === "open" && c.proposal === "not-met" ? c.proposalComment : null,
      updates: uploads.filter((u) => u.conditionId === c.id).map((u) => ({ id: u.updateId, note: u.note, fileName: u.document?.fileName ?? null, createdAt: u.createdAt })),
    })),
    contact: rm ? { name: rm.name, email: rm.email } : null,
  };
}

export type ClientUpdateResult = { ok: true } | { ok: false; error: "empty" | "unsupported-type" | "too-large" | "closed" } | { ok: false; error: "quota"; refusal: QuotaRefusal };

const MAX_NOTE = 5000;

/**
 * The client sends proof (a file) and/or an update (text) for one condition of its link's
 * decision. The document, the update, the audit event and the RM's notification are one write.
 */
export async function submitConditionUpdate(link: ClientLinkRow, conditionId: string, input: { note: string; file: { fileName: string; bytes: Uint8Array } | null }, now: Date): Promise<ClientUpdateResult> {
  const note = input.note.trim().slice(0, MAX_NOTE);
  if (!note && !input.file) return { ok: false, error: "empty" };
  const condition = await findCondition(link.institutionId, conditionId, reads());
  if (!condition || condition.decisionId !== link.decisionId) throw new NotFoundError("Condition");
  const decision = await findDecision(link.institutionId, link.decisionId, reads());
  if (!decision || !acceptsClientUpdates(condition, decision.status)) return { ok: false, error: "closed" };

  const record = async (tx: Tx, documentId: string | null, fileName: string | null) => {
    const fresh = await findCondition(link.institutionId, conditionId, tx);
    const freshDecision = await findDecision(link.institutionId, link.decisionId, tx);
    if (!fresh || !freshDecision || !acceptsClientUpdates(fresh, freshDecision.status)) throw new ConflictError("The condition no longer takes updates");
    const updateId = newId();
    await insertConditionUpdate({ id: updateId, institutionId: link.institutionId, conditionId, linkId: link.id, documentId, note: note || null, createdAt: now.toISOString() }, tx);
    await appendAuditEvent(
      {
        institutionId: link.institutionId,
        actorType: "respondent",
        actorId: link.id,
        action: "condition.update-received",
        subjectType: "condition",
        subjectId: conditionId,
        after: { decisionId: link.decisionId, clientId: link.clientId, documentId, fileName, hasNote: note !== "" },
        now,
      },
      tx,
    );
    const client = await findClient(link.institutionId, link.clientId, tx);
    await notifyStaff(
      {
        institutionId: link.institutionId,
        event: { kind: "condition.update", step: "proof-received", actorId: null, rmUserId: client?.rmUserId ?? null, proposerId: freshDecision.proposedBy },
        notification: { kind: "condition.update", params: { conditionId, decisionId: link.decisionId, clientId: link.clientId, clientName: client?.name ?? "", text: fresh.text, step: "proof-received", actorName: client?.name ?? "" } },
        now,
      },
      tx,
    );
  };

  if (!input.file) {
    try {
      await write({ institutionId: link.institutionId }, (tx) => record(tx, null, null));
    } catch (error) {
      if (error instanceof ConflictError) return { ok: false, error: "closed" };
      throw error;
    }
    return { ok: true };
  }
  try {
    const out = await uploadProofDocument({ institutionId: link.institutionId, assessmentId: decision.assessmentId, uploaderId: link.id }, input.file, now, async (tx, document) => {
      await appendAuditEvent(
        {
          institutionId: link.institutionId,
          actorType: "respondent",
          actorId: link.id,
          action: "document.uploaded",
          subjectType: "document",
          subjectId: document.id,
          after: { assessmentId: decision.assessmentId, conditionId, sha256: document.sha256, fileName: document.fileName, mediaType: document.mediaType, size: document.size },
          now,
        },
        tx,
      );
      await record(tx, document.id, document.fileName);
    });
    if (!out.ok) return out.error === "quota" ? { ok: false, error: "quota", refusal: out.refusal } : { ok: false, error: out.error };
  } catch (error) {
    if (error instanceof ConflictError) return { ok: false, error: "closed" };
    throw error;
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// The bank's side.

function problemError(problem: PlanProblem): Error {
  switch (problem.code) {
    case "decision-not-approved":
      return new ConflictError("Only the conditions of the approved decision can be reviewed");
    case "already-met":
      return new ConflictError("The condition is already met");
    case "comment-required":
      return new InvalidInputError("Say what the proof shows", [{ path: "comment", message: "condition.error.comment" }]);
    case "proof-required":
      return new InvalidInputError("Pick the proof that shows the condition is met", [{ path: "documentId", message: "condition.error.proof" }]);
    case "proof-unknown":
      return new InvalidInputError("Pick one of the client's uploads for this condition", [{ path: "documentId", message: "condition.error.proofUnknown" }]);
    case "nothing-to-confirm":
      return new ConflictError("No proposal that the condition is met waits for confirmation");
    case "own-proposal":
      return new ForbiddenError("The person who proposed that a condition is met cannot confirm it");
  }
}

async function loadCondition(institutionId: string, conditionId: string, tx: Reader) {
  const condition = await findCondition(institutionId, conditionId, tx);
  if (!condition) throw new NotFoundError("Condition");
  const decision = await findDecision(institutionId, condition.decisionId, tx);
  if (!decision) throw new NotFoundError("Condition");
  const client = await findClient(institutionId, condition.clientId, tx);
  return { condition, decision, client };
}

/** The RM proposes "met" (with proof from the condition's uploads) or "not met", with a comment. */
export async function proposeCondition(actor: Actor, conditionId: string, input: { outcome: "met" | "not-met"; comment: string; documentId: string | null }, now: Date): Promise<{ decisionId: string; clientId: string }> {
  const comment = input.comment.trim();
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const { condition, decision, client } = await loadCondition(actor.institutionId, conditionId, tx);
    const uploads = (await conditionUploads(actor.institutionId, [condition.id], tx)).flatMap((u) => (u.document ? [u.document.id] : []));
    const problem = checkProposal(condition, decision.status, { outcome: input.outcome, comment, documentId: input.documentId }, uploads);
    if (problem) throw problemError(problem);
    const nowIso = now.toISOString();
    await setConditionProposal(actor.institutionId, condition.id, { proposal: input.outcome, proposedBy: actor.userId, proposedAt: nowIso, proposalComment: comment, proposalDocumentId: input.documentId }, tx);
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        actorType: "user",
        actorId: actor.userId,
        action: input.outcome === "met" ? "condition.proposed-met" : "condition.proposed-not-met",
        subjectType: "condition",
        subjectId: condition.id,
        before: { proposal: condition.proposal, proposedBy: condition.proposedBy },
        after: { proposal: input.outcome, decisionId: decision.id, clientId: condition.clientId, documentId: input.documentId },
        reason: comment,
        now,
      },
      tx,
    );
    const step = input.outcome === "met" ? "proposed-met" : "proposed-not-met";
    const actorName = (await findUserById(actor.userId, tx))?.name ?? "";
    await notifyStaff(
      {
        institutionId: actor.institutionId,
        event: { kind: "condition.update", step, actorId: actor.userId, rmUserId: client?.rmUserId ?? null, proposerId: decision.proposedBy },
        notification: { kind: "condition.update", params: { conditionId: condition.id, decisionId: decision.id, clientId: condition.clientId, clientName: client?.name ?? "", text: condition.text, step, actorName } },
        now,
      },
      tx,
    );
    return { decisionId: decision.id, clientId: condition.clientId };
  });
}

/** An approver who did not propose it confirms "met"; the gate follows in the same write. */
export async function confirmCondition(actor: Actor, conditionId: string, now: Date): Promise<{ decisionId: string; clientId: string; gate: GateResult }> {
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const { condition, decision, client } = await loadCondition(actor.institutionId, conditionId, tx);
    const problem = checkConfirmation(condition, decision.status, actor.userId);
    if (problem) throw problemError(problem);
    const nowIso = now.toISOString();
    await confirmConditionMet(actor.institutionId, condition.id, { metAt: nowIso, metBy: actor.userId, metNote: condition.proposalComment ?? "", metDocumentId: condition.proposalDocumentId }, tx);
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        actorType: "user",
        actorId: actor.userId,
        action: "condition.met",
        subjectType: "condition",
        subjectId: condition.id,
        before: { status: "open", dueDate: condition.dueDate, proposal: "met", proposedBy: condition.proposedBy },
        after: { status: "met", decisionId: decision.id, clientId: condition.clientId, note: condition.proposalComment, documentId: condition.proposalDocumentId, confirmedBy: actor.userId, wasOverdue: condition.dueDate < nowIso.slice(0, 10) },
        now,
      },
      tx,
    );
    const actorName = (await findUserById(actor.userId, tx))?.name ?? "";
    await notifyStaff(
      {
        institutionId: actor.institutionId,
        event: { kind: "condition.update", step: "confirmed", actorId: actor.userId, rmUserId: client?.rmUserId ?? null, proposerId: condition.proposedBy ?? decision.proposedBy },
        notification: { kind: "condition.update", params: { conditionId: condition.id, decisionId: decision.id, clientId: condition.clientId, clientName: client?.name ?? "", text: condition.text, step: "confirmed", actorName } },
        now,
      },
      tx,
    );
    const gate = await refreshClientGate({ institutionId: actor.institutionId, clientId: condition.clientId, now, actorType: "user", actorId: actor.userId }, tx);
    return { decisionId: decision.id, clientId: condition.clientId, gate };
  });
}

export type StaffConditionPage = {
  condition: ConditionRow;
  decision: { id: string; status: string; outcome: string };
  client: { id: string; name: string };
  standing: ReturnType<typeof conditionStanding>;
  daysOverdue: number;
  uploads: ConditionUpload[];
  proposerName: string | null;
  metByName: string | null;
};

/** The bank's condition page: the condition, the client's uploads and updates, the proposal. */
export async function staffConditionPage(institutionId: string, conditionId: string, now: Date, q: Reader = reads()): Promise<StaffConditionPage> {
  const { condition, decision, client } = await loadCondition(institutionId, conditionId, q);
  if (!client) throw new NotFoundError("Condition");
  const today = now.toISOString().slice(0, 10);
  const uploads = await conditionUploads(institutionId, [condition.id], q);
  const nameOf = async (id: string | null) => (id ? ((await findUserById(id, q))?.name ?? null) : null);
  return {
    condition,
    decision: { id: decision.id, status: decision.status, outcome: decision.outcome },
    client: { id: client.id, name: client.name },
    standing: conditionStanding(condition, today),
    daysOverdue: condition.status === "open" ? daysOverdue(condition.dueDate, today) : 0,
    uploads,
    proposerName: await nameOf(condition.proposedBy),
    metByName: await nameOf(condition.metBy),
  };
}

export type ConditionListItem = { id: string; text: string; dueDate: string; clientId: string; clientName?: string; standing: ReturnType<typeof conditionStanding>; daysOverdue: number; isCurrent: boolean };

/** A client's conditions (current decision first), for the client page. */
export async function clientConditions(institutionId: string, clientId: string, now: Date, q: Reader = reads()): Promise<ConditionListItem[]> {
  const today = now.toISOString().slice(0, 10);
  return (await clientConditionList(institutionId, clientId, q)).map((r) => ({
    id: r.condition.id,
    text: r.condition.text,
    dueDate: r.condition.dueDate,
    clientId,
    standing: conditionStanding(r.condition, today),
    daysOverdue: r.condition.status === "open" ? daysOverdue(r.condition.dueDate, today) : 0,
    isCurrent: r.decisionStatus === "approved",
  }));
}

/** Open conditions across the portfolio, by due date, with their ageing. */
export async function portfolioOpenConditions(institutionId: string, filter: OpenConditionFilter & { overdueOnly?: boolean | undefined }, now: Date, q: Reader = reads()): Promise<ConditionListItem[]> {
  const today = now.toISOString().slice(0, 10);
  const dueBy = filter.overdueOnly ? addDays(today, -1) : filter.dueBy;
  return (await openConditions(institutionId, { ...filter, dueBy }, 500, q)).map((r) => ({
    id: r.condition.id,
    text: r.condition.text,
    dueDate: r.condition.dueDate,
    clientId: r.condition.clientId,
    clientName: r.clientName,
    standing: conditionStanding(r.condition, today),
    daysOverdue: daysOverdue(r.condition.dueDate, today),
    isCurrent: true,
  }));
}
