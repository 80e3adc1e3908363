// Sending questionnaires to clients and managing them from the bank (issue 6 "Invitation"):
// send (with the questionnaire suggested by inherent risk), resend a respondent's link, withdraw.
// The respondent link is <PUBLIC_URL>/r/<token>; only the token's SHA-256 is stored, the raw token
// goes only into the sealed invitation e-mail (never to a bank user, the API or the audit log:
// whoever holds it can answer as the client). One assessment under way per client at a time. Every change is one
// transaction with its audit event and the client's gate refresh.
import type { Lang } from "~/i18n";
import { write, type Tx } from "~/db.server";
import { getEnv } from "~/env.server";
import { newRespondentToken } from "~/auth/respondent.server";
import { isUnderWay, transition } from "~/domain/assessment-state";
import { ConflictError, InvalidInputError, NotFoundError } from "~/domain/errors";
import { prefillDraft } from "~/domain/prefill";
import { allQuestions } from "~/domain/questionnaire/schema";
import { expiresAtFor, GRACE_DAYS } from "~/domain/reminders";
import type { InherentLevel } from "~/domain/risk/inherent-risk";
import { ct } from "~/i18n/clients";
import { newId, sha256Hex } from "~/ids.server";
import { findAssessment, findClient, latestAnswerSet, type Assessment, type Client } from "~/repositories/assessment-core.server";
import { clientAssessments, insertAssessment, insertDraftAnswer, setAssessmentStatus } from "~/repositories/assessments.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { findInstitution } from "~/repositories/institutions.server";
import { insertRespondent, listRespondents, revokeRespondents, type Respondent } from "~/repositories/respondents.server";
import { findUserById } from "~/repositories/users.server";
import { SendAssessmentSchema, type SendAssessmentInput } from "~/schemas/assessments";
import { auditActor, invalidInput, type Actor } from "./clients.server";
import { refreshClientGate } from "./gate.server";
import { calendarDateIn, formatDate, formatDateTime } from "~/domain/notifications";
import { institutionTimeZone } from "./notifications.server";
import { enqueueEmail } from "./outbox.server";
import { getQuestionnaire, latestPublished, type LoadedQuestionnaire } from "./questionnaires.server";

export { GRACE_DAYS };
export const FULL_QUESTIONNAIRE_KEY = "anti-trafficking";
export const SME_QUESTIONNAIRE_KEY = "anti-trafficking-sme";
/** A questionnaire due more than a year out is a typo, not a plan. */
export const MAX_DUE_DAYS = 366;

/** The SME short form for low inherent risk, the full questionnaire otherwise (issue 6). */
export function suggestedQuestionnaireKey(level: InherentLevel): string {
  return level === "low" ? SME_QUESTIONNAIRE_KEY : FULL_QUESTIONNAIRE_KEY;
}

export function suggestedQuestionnaire(level: InherentLevel): LoadedQuestionnaire | undefined {
  return latestPublished(suggestedQuestionnaireKey(level));
}

export function respondUrlFor(token: string): string {
  return `${getEnv().publicUrl}/r/${token}`;
}

function questionnaireTitle(loaded: Pick<LoadedQuestionnaire, "questionnaire">, lang: Lang): string {
  const title = loaded.questionnaire.title as Partial<Record<Lang, string>>;
  return title[lang] ?? title.en ?? loaded.questionnaire.key;
}

type EmailContext = {
  institutionId: string;
  institutionName: string;
  client: Pick<Client, "name">;
  respondent: Pick<Respondent, "email" | "name">;
  assessment: Pick<Assessment, "language" | "dueDate" | "expiresAt" | "sentAt" | "sentBy" | "questionnaireKey" | "questionnaireVersion">;
  now: Date;
};

async function rmOf(ctx: EmailContext, tx: Tx) {
  const rm = await findUserById(ctx.assessment.sentBy, tx);
  return { rm: rm?.name ?? ctx.institutionName, rmEmail: rm?.email ?? "" };
}

function titleOf(ctx: EmailContext): string {
  const loaded = getQuestionnaire(ctx.assessment.questionnaireKey, ctx.assessment.questionnaireVersion);
  return loaded ? questionnaireTitle(loaded, ctx.assessment.language) : ctx.assessment.questionnaireKey;
}

export async function enqueueInvitationEmail(ctx: EmailContext & { token: string }, tx: Tx): Promise<string> {
  const lang = ctx.assessment.language;
  const vars = {
    institution: ctx.institutionName,
    client: ctx.client.name,
    name: ctx.respondent.name ?? ctx.respondent.email,
    questionnaire: titleOf(ctx),
    due: formatDate(ctx.assessment.dueDate, lang),
    expires: formatDateTime(ctx.assessment.expiresAt, lang, await institutionTimeZone(ctx.institutionId, tx)),
    link: respondUrlFor(ctx.token),
    ...(await rmOf(ctx, tx)),
  };
  return await enqueueEmail(
    { institutionId: ctx.institutionId, kind: "assessment.invitation", to: ctx.respondent.email, subject: ct(lang, "email.assessment.subject", vars), body: ct(lang, "email.assessment.body", vars), language: lang, now: ctx.now },
    tx,
  );
}

export async function enqueueReminderEmail(ctx: EmailContext & { kind: "due-7" | "due-3" | "due-1" | "due-0" }, tx: Tx): Promise<string> {
  const lang = ctx.assessment.language;
  const vars = {
    institution: ctx.institutionName,
    client: ctx.client.name,
    name: ctx.respondent.name ?? ctx.respondent.email,
    questionnaire: titleOf(ctx),
    due: formatDate(ctx.assessment.dueDate, lang),
    when: ct(lang, `email.reminder.when.${ctx.kind}`),
    sent: formatDate(calendarDateIn(new Date(ctx.assessment.sentAt), await institutionTimeZone(ctx.institutionId, tx)), lang),
    ...(await rmOf(ctx, tx)),
  };
  return await enqueueEmail(
    { institutionId: ctx.institutionId, kind: "assessment.reminder", to: ctx.respondent.email, subject: ct(lang, "email.reminder.subject", vars), body: ct(lang, "email.reminder.body", vars), language: lang, now: ctx.now },
    tx,
  );
}

function newRespondentRow(input: { institutionId: string; assessmentId: string; email: string; name: string | null; isPrimary: boolean; token: string; nowIso: string }): Respondent {
  return {
    id: newId(),
    institutionId: input.institutionId,
    assessmentId: input.assessmentId,
    email: input.email,
    name: input.name,
    isPrimary: input.isPrimary,
    tokenHash: sha256Hex(input.token),
    createdAt: input.nowIso,
    revokedAt: null,
    lastSeenAt: null,
  };
}

/**
 * `respondUrl` is for the system's own callers (seeding, tests): no route or API response may pass it
 * on, since whoever holds it can answer and attest as the client (security review H3). The link
 * reaches the respondent only in the sealed invitation e-mail.
 */
export type SendResult = { assessment: Assessment; respondUrl: string; respondentId: string; respondentEmail: string; emailId: string; prefilled: number };

/**
 * Sends a questionnaire to a client's contact. With `previousAssessmentId` (a re-assessment of the
 * same client) the draft starts from that assessment's latest submitted answers, minus questions
 * the new version no longer has (app/domain/prefill.ts).
 */
export async function sendAssessment(actor: Actor, clientId: string, input: SendAssessmentInput, now: Date): Promise<SendResult> {
  const parsed = SendAssessmentSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const value = parsed.data;
  const loaded = getQuestionnaire(value.questionnaire.key, value.questionnaire.version);
  if (!loaded || loaded.status !== "published") {
    throw new InvalidInputError("Choose a published questionnaire", [{ path: "questionnaire", message: "clients.error.questionnaire" }]);
  }
  if (!loaded.questionnaire.languages.includes(value.language)) {
    throw new InvalidInputError("This questionnaire is not available in that language", [{ path: "language", message: "clients.error.questionnaireLanguage" }]);
  }
  const today = now.toISOString().slice(0, 10);
  if (value.dueDate < today) {
    throw new InvalidInputError("The due date cannot be in the past", [{ path: "dueDate", message: "clients.error.dueDatePast" }]);
  }
  if (value.dueDate > new Date(now.getTime() + MAX_DUE_DAYS * 24 * 3600_000).toISOString().slice(0, 10)) {
    throw new InvalidInputError(`The due date must be within ${MAX_DUE_DAYS} days`, [{ path: "dueDate", message: "clients.error.dueDateTooFar" }]);
  }
  const token = newRespondentToken();
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const client = await findClient(actor.institutionId, clientId, tx);
    if (!client) throw new NotFoundError("Client");
    const institution = await findInstitution(actor.institutionId, tx);
    if (!institution) throw new NotFoundError("Institution");
    const open = (await clientAssessments(actor.institutionId, clientId, tx)).find((a) => isUnderWay(a.status));
    if (open) throw new ConflictError(`An assessment of this client is already under way (${open.status}); withdraw it before sending another`);

    let prefill: Awaited<ReturnType<typeof prefillDraft>> = [];
    if (value.previousAssessmentId) {
      const previous = await findAssessment(actor.institutionId, value.previousAssessmentId, tx);
      if (!previous || previous.clientId !== clientId) throw new NotFoundError("Previous assessment");
      const answers = await latestAnswerSet(actor.institutionId, previous.id, tx);
      if (answers) prefill = prefillDraft(answers.answers, allQuestions(loaded.questionnaire).map((q) => q.id));
    }

    const nowIso = now.toISOString();
    const assessment: Assessment = {
      id: newId(),
      institutionId: actor.institutionId,
      clientId,
      questionnaireKey: loaded.key,
      questionnaireVersion: loaded.version,
      questionnaireSha256: loaded.sha256,
      status: "sent",
      language: value.language,
      dueDate: value.dueDate,
      expiresAt: expiresAtFor(value.dueDate),
      sentBy: actor.userId,
      sentAt: nowIso,
      startedAt: null,
      submittedAt: null,
      previousAssessmentId: value.previousAssessmentId ?? null,
      signatory: null,
      updatedAt: nowIso,
    };
    await insertAssessment(assessment, tx);
    const respondent = newRespondentRow({ institutionId: actor.institutionId, assessmentId: assessment.id, email: client.contactEmail, name: client.contactName, isPrimary: true, token, nowIso });
    await insertRespondent(respondent, tx);
    for (const answer of prefill) {
      await insertDraftAnswer({ institutionId: actor.institutionId, assessmentId: assessment.id, questionId: answer.questionId, value: answer.value, evidence: [], comment: answer.comment, updatedAt: nowIso, updatedBy: null }, tx);
    }
    const emailId = await enqueueInvitationEmail({ institutionId: actor.institutionId, institutionName: institution.name, client, respondent, assessment, token, now }, tx);
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        ...auditActor(actor),
        action: "assessment.sent",
        subjectType: "assessment",
        subjectId: assessment.id,
        after: {
          clientId,
          status: "sent",
          questionnaire: { key: loaded.key, version: loaded.version, sha256: loaded.sha256 },
          language: value.language,
          dueDate: value.dueDate,
          expiresAt: assessment.expiresAt,
          respondentId: respondent.id,
          respondentEmail: respondent.email,
          previousAssessmentId: assessment.previousAssessmentId,
          prefilledAnswers: prefill.length,
        },
        now,
      },
      tx,
    );
    await refreshClientGate({ institutionId: actor.institutionId, clientId, now, actorType: auditActor(actor).actorType, actorId: auditActor(actor).actorId }, tx);
    return { assessment, respondUrl: respondUrlFor(token), respondentId: respondent.id, respondentEmail: respondent.email, emailId, prefilled: prefill.length };
  });
}

/**
 * A new link for one respondent (the primary contact unless `respondentId` says otherwise): the
 * old link is revoked at once (it then answers 410), a new respondent row carries the new token's
 * hash, and the invitation e-mail goes again.
 */
export async function resendAssessment(actor: Actor, assessmentId: string, options: { respondentId?: string }, now: Date): Promise<{ respondUrl: string; respondentId: string; email: string }> {
  const token = newRespondentToken();
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const assessment = await findAssessment(actor.institutionId, assessmentId, tx);
    if (!assessment) throw new NotFoundError("Assessment");
    const step = transition(assessment.status, "resend");
    if (!step.ok) throw new ConflictError(`Cannot resend the link of an assessment that is ${assessment.status}`);
    if (assessment.expiresAt <= now.toISOString()) throw new ConflictError("The assessment has passed its due date plus grace");
    const active = (await listRespondents(actor.institutionId, assessmentId, tx)).filter((r) => !r.revokedAt);
    const target = options.respondentId ? active.find((r) => r.id === options.respondentId) : active.filter((r) => r.isPrimary).at(-1);
    if (!target) throw new NotFoundError("Respondent");
    const client = (await findClient(actor.institutionId, assessment.clientId, tx))!;
    const institution = (await findInstitution(actor.institutionId, tx))!;
    const nowIso = now.toISOString();
    await revokeRespondents(actor.institutionId, assessmentId, nowIso, tx, target.id);
    const replacement = newRespondentRow({ institutionId: actor.institutionId, assessmentId, email: target.email, name: target.name, isPrimary: target.isPrimary, token, nowIso });
    await insertRespondent(replacement, tx);
    await enqueueInvitationEmail({ institutionId: actor.institutionId, institutionName: institution.name, client, respondent: replacement, assessment, token, now }, tx);
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        ...auditActor(actor),
        action: "assessment.link-resent",
        subjectType: "assessment",
        subjectId: assessmentId,
        before: { respondentId: target.id },
        after: { respondentId: replacement.id, email: replacement.email, previousLinkRevoked: true },
        now,
      },
      tx,
    );
    return { respondUrl: respondUrlFor(token), respondentId: replacement.id, email: replacement.email };
  });
}

/** Withdraws an assessment: every link is revoked and the client's gate recomputed. */
export async function withdrawAssessment(actor: Actor, assessmentId: string, options: { reason?: string }, now: Date): Promise<Assessment> {
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const assessment = await findAssessment(actor.institutionId, assessmentId, tx);
    if (!assessment) throw new NotFoundError("Assessment");
    const step = transition(assessment.status, "withdraw");
    if (!step.ok) throw new ConflictError(`Cannot withdraw an assessment that is ${assessment.status}`);
    const nowIso = now.toISOString();
    await setAssessmentStatus(actor.institutionId, assessmentId, step.status, nowIso, tx);
    await revokeRespondents(actor.institutionId, assessmentId, nowIso, tx);
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        ...auditActor(actor),
        action: "assessment.withdrawn",
        subjectType: "assessment",
        subjectId: assessmentId,
        before: { status: assessment.status },
        after: { status: step.status, linksRevoked: true },
        reason: options.reason?.trim() || null,
        now,
      },
      tx,
    );
    await refreshClientGate({ institutionId: actor.institutionId, clientId: assessment.clientId, now, actorType: auditActor(actor).actorType, actorId: auditActor(actor).actorId }, tx);
    return { ...assessment, status: step.status, updatedAt: nowIso };
  });
}
