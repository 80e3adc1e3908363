// Decisions: an RM proposes (outcome, rationale, justification, conditions), a different approver
// approves with their password typed for that approval (step-up) or rejects with a comment.
// Decisions are never edited; approving one supersedes the client's previous proposed/approved
// decisions. Rules: ~/domain/decision-rules.
import type { StaffContext } from "~/auth/session.server";
import { isStepUpFor, type StepUpProof } from "~/services/auth.server";
import { reads, write, type Tx, type Reader } from "~/db.server";
import { transition } from "~/domain/assessment-state";
import {
  addCalendarMonths,
  checkReviewer,
  proposalIssues,
  recordedConditions,
  validityMonthsFor,
  type Outcome,
} from "~/domain/decision-rules";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "~/domain/errors";
import { screeningStanding } from "~/domain/screening/hits";
import { hitsOfClient } from "~/repositories/screening.server";
import type { GateResult } from "~/domain/gate";
import type { Policy, Recommendation } from "~/domain/policy/policy";
import { newId } from "~/ids.server";
import { findAssessment, findClient, latestResult, type Assessment, type Client, type ResultRow } from "~/repositories/assessment-core.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import {
  decisionConditions,
  findDecision,
  insertConditions,
  insertDecision,
  setDecisionReviewed,
  supersedableDecisions,
  supersede,
  type ConditionRow,
  type DecisionRow,
} from "~/repositories/decisions.server";
import { setAssessmentStatus } from "~/repositories/review.server";
import { DEFAULT_TIME_ZONE, renderClientDecision } from "~/domain/notifications";
import { getEnv } from "~/env.server";
import { attestationOfDecision } from "~/repositories/attestations.server";
import { findInstitution } from "~/repositories/institutions.server";
import { issueClientLink } from "./conditions.server";
import { findUserById } from "~/repositories/users.server";
import { emitEvent } from "./events.server";
import { enqueueClientEmail, notifyStaff } from "./notifications.server";
import { refreshClientGate } from "./gate.server";
import { headline, isReviewable, requireAssessment, resultJson, type Actor } from "./review.server";

export type ProposalConditionInput = { text: string; dueDate: string; questionId?: string | null };
export type ProposalInput = {
  assessmentId: string;
  outcome: Outcome;
  rationale: string;
  justification: string | null;
  conditions: ProposalConditionInput[];
};

/** Rule codes → the message key each field error carries (see app/i18n/review.ts `rule.*`). */
export async function proposeDecision(actor: Actor, input: ProposalInput, now: Date): Promise<{ decisionId: string; conditionIds: string[] }> {
  const rationale = input.rationale.trim();
  if (!rationale) throw new InvalidInputError("A rationale is required", [{ path: "rationale", message: "rule.rationale-required" }]);
  const justification = input.justification?.trim() || null;
  const conditions = input.conditions.map((c) => ({ text: c.text.trim(), dueDate: c.dueDate, questionId: c.questionId ?? null })).filter((c) => c.text.length > 0);
  const today = now.toISOString().slice(0, 10);
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const assessment = await requireAssessment(actor.institutionId, input.assessmentId, tx);
    if (!isReviewable(assessment.status)) throw new ConflictError(`The assessment is ${assessment.status}; a decision can be proposed only on a submitted or under-review assessment`);
    const resultRow = await latestResult(actor.institutionId, assessment.id, tx);
    if (!resultRow) throw new ConflictError("The assessment has no scoring result");
    const result = resultJson(resultRow);
    const recommendation = resultRow.recommendation as Recommendation;
    // Bank-side screening (issue 15): an undisposed potential match blocks a proposal; a
    // confirmed one is a critical red flag, like one the answers raise.
    const screening = screeningStanding(await hitsOfClient(actor.institutionId, assessment.clientId, tx));
    if (screening.pendingCount > 0) {
      throw new InvalidInputError(
        `${screening.pendingCount} potential screening match(es) of this client need a disposition before a decision can be proposed`,
        [{ path: "outcome", message: "rule.screening-undisposed" }],
      );
    }
    const issues = proposalIssues({
      outcome: input.outcome,
      recommendation,
      hasCriticalFlag: result.redFlags.some((f) => f.severity === "critical") || screening.confirmed.length > 0,
      justification,
      conditions,
      today,
    });
    if (issues.length > 0) {
      throw new InvalidInputError(
        "The proposal breaks a decision rule",
        issues.map((i) => ({ path: i.path, message: `rule.${i.code}` })),
      );
    }
    const policy = result.policy as Policy;
    const validityMonths = validityMonthsFor(policy, resultRow.residualRisk);
    const decisionId = newId();
    const nowIso = now.toISOString();
    await insertDecision(
      {
        id: decisionId,
        institutionId: actor.institutionId,
        clientId: assessment.clientId,
        assessmentId: assessment.id,
        resultId: resultRow.id,
        outcome: input.outcome,
        recommendation,
        residualRisk: resultRow.residualRisk,
        rationale,
        justification,
        status: "proposed",
        proposedBy: actor.userId,
        proposedAt: nowIso,
        reviewedBy: null,
        reviewedAt: null,
        reviewComment: null,
        validFrom: null,
        validUntil: null,
        validityMonths,
        supersededBy: null,
        policy,
      },
      tx,
    );
    // Conditions are stored with the proposal; the gate reads only an approved decision's
    // conditions, so they count from approval on.
    const rows: ConditionRow[] = recordedConditions(input.outcome, conditions).map((c) => ({
      id: newId(),
      institutionId: actor.institutionId,
      decisionId,
      clientId: assessment.clientId,
      questionId: c.questionId,
      text: c.text,
      dueDate: c.dueDate,
      status: "open",
      metAt: null,
      metBy: null,
      metNote: null,
      metDocumentId: null,
      proposal: null,
      proposedBy: null,
      proposedAt: null,
      proposalComment: null,
      proposalDocumentId: null,
    }));
    await insertConditions(rows, tx);
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        actorType: "user",
        actorId: actor.userId,
        action: "decision.proposed",
        subjectType: "decision",
        subjectId: decisionId,
        after: {
          clientId: assessment.clientId,
          assessmentId: assessment.id,
          outcome: input.outcome,
          recommendation,
          residualRisk: resultRow.residualRisk,
          rationale,
          justification,
          validityMonths,
          result: headline(resultRow),
          conditions: rows.map((r) => ({ id: r.id, text: r.text, dueDate: r.dueDate })),
        },
        reason: justification,
        now,
      },
      tx,
    );
    const client = await findClient(actor.institutionId, assessment.clientId, tx);
    await notifyStaff(
      {
        institutionId: actor.institutionId,
        event: { kind: "decision.proposed", actorId: actor.userId },
        notification: {
          kind: "decision.proposed",
          params: { decisionId, clientId: assessment.clientId, clientName: client?.name ?? "", outcome: input.outcome, proposerName: (await findUserById(actor.userId, tx))?.name ?? "", proposedAt: nowIso },
        },
        now,
      },
      tx,
    );
    return { decisionId, conditionIds: rows.map((r) => r.id) };
  });
}

/** What an approval hook sees: the decision as it will be once approved, and what it rests on. */
export type ApprovalContext = {
  institutionId: string;
  decision: DecisionRow & { validFrom: string; validUntil: string };
  conditions: ConditionRow[];
  client: Client;
  assessment: Assessment;
  result: ResultRow;
  approver: { userId: string; name: string };
  comment: string | null;
  now: Date;
};

/**
 * The extension point for work that must accompany an approval (issue 8: the signed attestation).
 * `prepare` runs before the transaction and may be async (build and sign the PDF); `commit` runs
 * inside the approval's transaction with what `prepare` returned (insert the attestation row and
 * its audit event). A throw in either aborts the approval: nothing is written.
 */
export type ApprovalHooks<P> = {
  prepare?: (ctx: ApprovalContext) => Promise<P>;
  commit?: (ctx: ApprovalContext, prepared: P | undefined, tx: Tx) => Promise<unknown> | void;
};

/** The approver, with the proof that they typed their password for this approval (step-up). */
export type Approver = Pick<StaffContext, "institutionId" | "userId" | "name"> & { stepUp: StepUpProof | null };

async function approvalContext(actor: Approver, decisionId: string, comment: string | null, now: Date, tx: Reader): Promise<ApprovalContext> {
  const decision = await findDecision(actor.institutionId, decisionId, tx);
  if (!decision) throw new NotFoundError("Decision");
  const check = checkReviewer(decision, actor.userId);
  if (!check.ok) {
    if (check.code === "own-proposal") throw new ForbiddenError("The approver of a decision can never be its proposer");
    throw new ConflictError(`The decision is ${decision.status}; only a proposed decision can be approved or rejected`);
  }
  const assessment = await findAssessment(actor.institutionId, decision.assessmentId, tx);
  const client = await findClient(actor.institutionId, decision.clientId, tx);
  if (!assessment || !client) throw new NotFoundError("Decision");
  const next = transition(assessment.status, "decide");
  if (!next.ok) throw new ConflictError(next.reason);
  const current = await latestResult(actor.institutionId, assessment.id, tx);
  if (!current || current.id !== decision.resultId) {
    throw new ConflictError("The assessment was re-scored after this proposal; the RM must propose again on the current result");
  }
  const validFrom = now.toISOString().slice(0, 10);
  const validUntil = addCalendarMonths(validFrom, decision.validityMonths);
  return {
    institutionId: actor.institutionId,
    decision: { ...decision, status: "approved", reviewedBy: actor.userId, reviewedAt: now.toISOString(), reviewComment: comment, validFrom, validUntil },
    conditions: await decisionConditions(actor.institutionId, decision.id, tx),
    client,
    assessment,
    result: current,
    approver: { userId: actor.userId, name: actor.name },
    comment,
    now,
  };
}

/**
 * Whether the actor could approve the decision now (throws the approval's 404/403/409 errors):
 * the route asks first, so nobody is asked for a password for an approval that cannot happen.
 */
export async function checkApprovable(actor: Pick<StaffContext, "institutionId" | "userId" | "name">, decisionId: string, now: Date): Promise<void> {
  await approvalContext({ ...actor, stepUp: null }, decisionId, null, now, reads());
}

/**
 * Four-eyes approval. In one transaction: status approved with reviewer and validity (valid_from =
 * today, valid_until = today + validity months), the client's other proposed/approved decisions
 * superseded, assessment → decided, audit `decision.approved`, webhook event, gate refreshed, and
 * the hook's commit. The approver must not be the proposer (403) and must have re-entered their
 * password in this very request: a proof from verifyStepUp, not a recent sign-in (403 without).
 */
export async function approveDecision<P = undefined>(
  actor: Approver,
  decisionId: string,
  input: { comment: string | null },
  now: Date,
  hooks?: ApprovalHooks<P>,
): Promise<{ decisionId: string; validFrom: string; validUntil: string; superseded: string[]; gate: GateResult; prepared: P | undefined }> {
  if (!isStepUpFor(actor.stepUp, actor.userId, now)) throw new ForbiddenError("Approving a decision needs the approver's password, entered for this approval");
  const comment = input.comment?.trim() || null;
  const preview = await approvalContext(actor, decisionId, comment, now, reads());
  const prepared = hooks?.prepare ? await hooks.prepare(preview) : undefined;
  return write({ institutionId: actor.institutionId }, async (tx) => {
    // Re-checked inside the transaction: another approver may have acted while `prepare` ran.
    const ctx = await approvalContext(actor, decisionId, comment, now, tx);
    const { decision } = ctx;
    const nowIso = now.toISOString();
    await setDecisionReviewed(
      actor.institutionId,
      decision.id,
      { status: "approved", reviewedBy: actor.userId, reviewedAt: nowIso, reviewComment: comment, validFrom: decision.validFrom, validUntil: decision.validUntil },
      tx,
    );
    const previous = await supersedableDecisions(actor.institutionId, decision.clientId, decision.id, tx);
    await supersede(actor.institutionId, previous.map((d) => d.id), decision.id, tx);
    for (const old of previous) {
      await appendAuditEvent(
        { institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "decision.superseded", subjectType: "decision", subjectId: old.id, before: { status: old.status }, after: { status: "superseded", supersededBy: decision.id }, now },
        tx,
      );
    }
    await setAssessmentStatus(actor.institutionId, ctx.assessment.id, "decided", nowIso, tx);
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        actorType: "user",
        actorId: actor.userId,
        action: "decision.approved",
        subjectType: "decision",
        subjectId: decision.id,
        before: { status: "proposed" },
        after: {
          status: "approved",
          outcome: decision.outcome,
          clientId: decision.clientId,
          assessmentId: decision.assessmentId,
          proposedBy: decision.proposedBy,
          validFrom: decision.validFrom,
          validUntil: decision.validUntil,
          superseded: previous.map((d) => d.id),
          assessmentStatus: { from: ctx.assessment.status, to: "decided" },
        },
        reason: comment,
        now,
      },
      tx,
    );
    await emitEvent(
      {
        institutionId: actor.institutionId,
        event: "decision.approved",
        data: {
          decisionId: decision.id,
          clientId: decision.clientId,
          assessmentId: decision.assessmentId,
          outcome: decision.outcome,
          residualRisk: decision.residualRisk,
          validFrom: decision.validFrom,
          validUntil: decision.validUntil,
          conditions: ctx.conditions.map((c) => ({ id: c.id, text: c.text, dueDate: c.dueDate })),
        },
        now,
      },
      tx,
    );
    await hooks?.commit?.(ctx, prepared, tx);
    await notifyStaff(
      {
        institutionId: actor.institutionId,
        event: { kind: "decision.approved", actorId: actor.userId, proposerId: decision.proposedBy, rmUserId: ctx.client.rmUserId },
        notification: {
          kind: "decision.approved",
          params: { decisionId: decision.id, clientId: decision.clientId, clientName: ctx.client.name, outcome: decision.outcome, reviewerName: actor.name, reviewedAt: nowIso, validUntil: decision.validUntil, comment },
        },
        now,
      },
      tx,
    );
    await enqueueClientDecisionEmail(ctx, tx);
    const gate = await refreshClientGate({ institutionId: actor.institutionId, clientId: decision.clientId, now, actorType: "user", actorId: actor.userId }, tx);
    return { decisionId: decision.id, validFrom: decision.validFrom, validUntil: decision.validUntil, superseded: previous.map((d) => d.id), gate, prepared };
  });
}

/** Four-eyes rejection with a required comment; the RM may propose again. */
export async function rejectDecision(actor: Actor, decisionId: string, input: { comment: string }, now: Date): Promise<void> {
  const comment = input.comment.trim();
  if (!comment) throw new InvalidInputError("A rejection needs a comment", [{ path: "comment", message: "rule.comment-required" }]);
  await write({ institutionId: actor.institutionId }, async (tx) => {
    const decision = await findDecision(actor.institutionId, decisionId, tx);
    if (!decision) throw new NotFoundError("Decision");
    const check = checkReviewer(decision, actor.userId);
    if (!check.ok) {
      if (check.code === "own-proposal") throw new ForbiddenError("The reviewer of a decision can never be its proposer");
      throw new ConflictError(`The decision is ${decision.status}; only a proposed decision can be approved or rejected`);
    }
    await setDecisionReviewed(actor.institutionId, decision.id, { status: "rejected", reviewedBy: actor.userId, reviewedAt: now.toISOString(), reviewComment: comment }, tx);
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        actorType: "user",
        actorId: actor.userId,
        action: "decision.rejected",
        subjectType: "decision",
        subjectId: decision.id,
        before: { status: "proposed" },
        after: { status: "rejected", outcome: decision.outcome, clientId: decision.clientId, assessmentId: decision.assessmentId },
        reason: comment,
        now,
      },
      tx,
    );
    const client = await findClient(actor.institutionId, decision.clientId, tx);
    await notifyStaff(
      {
        institutionId: actor.institutionId,
        event: { kind: "decision.rejected", actorId: actor.userId, proposerId: decision.proposedBy, rmUserId: client?.rmUserId ?? null },
        notification: {
          kind: "decision.rejected",
          params: { decisionId: decision.id, clientId: decision.clientId, clientName: client?.name ?? "", outcome: decision.outcome, reviewerName: (await findUserById(actor.userId, tx))?.name ?? "", reviewedAt: now.toISOString(), comment },
        },
        now,
      },
      tx,
    );
  });
}

/**
 * The client's contact is told, in the assessment's language, the outcome in words, the conditions
 * with their due dates and how to send proof, with the signed attestation attached when one was
 * issued in this approval.
 */
async function enqueueClientDecisionEmail(ctx: ApprovalContext, tx: Tx): Promise<void> {
  const { client, assessment, decision } = ctx;
  if (!client.contactEmail) return;
  const institution = await findInstitution(ctx.institutionId, tx);
  const rm = await findUserById(client.rmUserId ?? assessment.sentBy, tx);
  const attestation = await attestationOfDecision(ctx.institutionId, decision.id, tx);
  const lang = assessment.language;
  // The client's private results-and-conditions page (F18), issued in the approval's write.
  const link = await issueClientLink(
    { institutionId: ctx.institutionId, decisionId: decision.id, clientId: client.id, email: client.contactEmail, validUntil: decision.validUntil, conditionDueDates: ctx.conditions.map((c) => c.dueDate), now: ctx.now },
    tx,
  );
  const email = renderClientDecision(
    {
      lang,
      timeZone: institution?.timeZone ?? DEFAULT_TIME_ZONE,
      institution: institution?.name ?? "",
      client: client.name,
      contactName: client.contactName ?? client.name,
      rm: rm?.name ?? institution?.name ?? "",
      rmEmail: rm?.email ?? "",
    },
    {
      outcome: decision.outcome,
      validUntil: decision.validUntil,
      submittedAt: assessment.submittedAt ?? ctx.now.toISOString(),
      conditions: ctx.conditions.map((c) => ({ text: c.text, dueDate: c.dueDate })),
      verifyUrl: `${getEnv().publicUrl}/verify`,
      hasAttestation: attestation !== undefined,
      link,
    },
  );
  await enqueueClientEmail(
    {
      institutionId: ctx.institutionId,
      kind: "client.decision",
      to: client.contactEmail,
      subject: email.subject,
      body: email.body,
      language: lang,
      now: ctx.now,
      ...(attestation ? { attachment: { type: "attestation" as const, institutionId: ctx.institutionId, attestationId: attestation.id, fileName: attestationFileName(lang, client.name) } } : {}),
    },
    tx,
  );
}

/** The attachment's name as the client sees it: words, not ids. */
function attestationFileName(lang: "en" | "es", clientName: string): string {
  const base = (lang === "es" ? "Constancia" : "Attestation") + " " + clientName;
  return `${base.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9 .-]+/g, "").trim().replace(/\s+/g, "-")}.pdf`;
}
