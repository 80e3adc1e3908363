// The respondent's use cases (issue 6): reading the workspace a respondent sees, saving answers
// (merged by question, validated by the Scoring issue's validator, audited once per save) and
// inviting colleagues. Every function takes the RespondentContext that the link token or the
// session cookie resolved to; that context is the only source of the tenant and the assessment.
import { createCookie } from "@remix-run/node";
import { newRespondentToken, type RespondentContext } from "~/auth/respondent.server";
import { reads, write, type Tx, type Reader } from "~/db.server";
import { answerDefaults, answerFingerprint, readSectionPost, type FormDefaults, type FormReader } from "~/domain/answer-form";
import { isOpenForAnswers, transition, type AssessmentStatus } from "~/domain/assessment-state";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "~/domain/errors";
import { isExclusiveOption } from "~/domain/questionnaire/exclusive";
import { MAX_DOCUMENT_BYTES } from "~/domain/file-type";
import type { Question, Questionnaire } from "~/domain/questionnaire/schema";
import { countryName, ISO_COUNTRIES } from "~/domain/risk/inherent-risk";
import { isAnswered, missingRequired, numberRange, validateAnswers, visibilityMap, type AnswerSet, type VisibilityContext } from "~/domain/scoring/answers";
import { contextFacts } from "~/domain/scoring/conditions";
import { getEnv } from "~/env.server";
import { newId, sha256Hex } from "~/ids.server";
import { isLang, type Lang } from "~/i18n";
import { rt } from "~/i18n/respondent";
import { findAssessment, findClient, latestAnswerSet, assessmentDocuments, type Assessment, type DocumentRow } from "~/repositories/assessment-core.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { findAssessmentDocument } from "~/repositories/documents.server";
import { listDraftAnswers, listReviewComments, updateAssessmentForRespondent, upsertDraftAnswer, type ReviewCommentRow } from "~/repositories/drafts.server";
import { findInstitution } from "~/repositories/institutions.server";
import { insertRespondent, listRespondents } from "~/repositories/respondents.server";
import { findUserById } from "~/repositories/users.server";
import { formatDate } from "~/domain/notifications";
import { enqueueEmail } from "./outbox.server";
import { questionnaireOf } from "./scoring.server";

// ---------------------------------------------------------------------------------------------
// Preferences cookie: the respondent's chosen language, and which assessment the browser was
// last opened for (so that a page for a revoked or expired link can still say whom to contact).
// Signed with the session secrets; it holds no credential.

type RespondentPrefs = { lang: Lang; assessmentId: string; institutionId: string };

let prefsCookie: Awaited<ReturnType<typeof createCookie>> | undefined;
function respondentPrefsCookie() {
  const env = getEnv();
  prefsCookie ??= createCookie("__respondent_prefs", {
    secrets: env.sessionSecrets,
    httpOnly: true,
    sameSite: "lax",
    secure: env.isProduction && env.publicUrl.startsWith("https://"),
    path: "/",
    maxAge: 365 * 24 * 3600,
  });
  return prefsCookie;
}

export async function readRespondentPrefs(request: Request): Promise<RespondentPrefs | null> {
  const value: unknown = await respondentPrefsCookie().parse(request.headers.get("Cookie"));
  if (value === null || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  if (!isLang(v.lang) || typeof v.assessmentId !== "string" || typeof v.institutionId !== "string") return null;
  return { lang: v.lang, assessmentId: v.assessmentId, institutionId: v.institutionId };
}

export function serializeRespondentPrefs(prefs: RespondentPrefs): Promise<string> {
  return respondentPrefsCookie().serialize(prefs);
}

/** The page language: the respondent's choice for this assessment, else the assessment's. */
export async function respondentLang(request: Request, respondent: RespondentContext): Promise<Lang> {
  const prefs = await readRespondentPrefs(request);
  return prefs && prefs.assessmentId === respondent.assessmentId ? prefs.lang : respondent.language;
}

// ---------------------------------------------------------------------------------------------
// Contacts

export type Contact = { institution: string; name: string | null; email: string | null };

/** Whom a respondent should contact: the client's RM, else the user who sent the assessment. */
export async function contactFor(institutionId: string, assessmentId: string, tx: Reader = reads()): Promise<Contact | null> {
  const institution = await findInstitution(institutionId, tx);
  const assessment = await findAssessment(institutionId, assessmentId, tx);
  if (!institution || !assessment) return null;
  const client = await findClient(institutionId, assessment.clientId, tx);
  const user = await findUserById(client?.rmUserId ?? assessment.sentBy, tx) ?? await findUserById(assessment.sentBy, tx);
  return { institution: institution.name, name: user?.name ?? null, email: user?.email ?? institution.financialCrimeEmail ?? null };
}

// ---------------------------------------------------------------------------------------------
// The draft

export type DraftEntry = { value: unknown; evidence: string[]; comment: string | null; updatedBy: string | null; updatedAt: string | null };

/**
 * The answers the respondent is working on. A returned assessment whose draft was not copied yet
 * reads from its latest answer set (the copy happens in the transaction of the first write, so
 * that no GET writes).
 */
export async function effectiveDraft(assessment: Assessment, tx: Reader): Promise<Record<string, DraftEntry>> {
  const rows = await listDraftAnswers(assessment.institutionId, assessment.id, tx);
  if (rows.length > 0 || assessment.status !== "returned") {
    return Object.fromEntries(rows.map((r) => [r.questionId, { value: r.value, evidence: r.evidence, comment: r.comment, updatedBy: r.updatedBy, updatedAt: r.updatedAt }]));
  }
  const latest = await latestAnswerSet(assessment.institutionId, assessment.id, tx);
  const answers = (latest?.answers ?? {}) as AnswerSet;
  return Object.fromEntries(
    Object.entries(answers).map(([id, a]) => [id, { value: a.value, evidence: a.evidence ?? [], comment: a.comment ?? null, updatedBy: null, updatedAt: latest?.submittedAt ?? null }]),
  );
}

/** Copies the latest answer set into draft_answers when a returned assessment has no draft rows. */
export async function ensureDraftCopied(assessment: Assessment, nowIso: string, tx: Tx): Promise<void> {
  if (assessment.status !== "returned") return;
  if ((await listDraftAnswers(assessment.institutionId, assessment.id, tx)).length > 0) return;
  const latest = await latestAnswerSet(assessment.institutionId, assessment.id, tx);
  for (const [questionId, answer] of Object.entries((latest?.answers ?? {}) as AnswerSet)) {
    await upsertDraftAnswer(
      {
        institutionId: assessment.institutionId,
        assessmentId: assessment.id,
        questionId,
        value: answer.value,
        evidence: answer.evidence ?? [],
        comment: answer.comment ?? null,
        updatedAt: nowIso,
        updatedBy: null,
      },
      tx,
    );
  }
}

/** The draft as an answer set: answered questions only, in the shape the validator and scorer read. */
export function draftToAnswerSet(draft: Record<string, DraftEntry>): AnswerSet {
  const out: AnswerSet = {};
  for (const [id, entry] of Object.entries(draft)) {
    if (!isAnswered(entry.value)) continue;
    const answer: AnswerSet[string] = { value: entry.value as AnswerSet[string]["value"] };
    if (entry.evidence.length > 0) answer.evidence = entry.evidence;
    if (entry.comment) answer.comment = entry.comment;
    out[id] = answer;
  }
  return out;
}

async function requireAssessment(respondent: RespondentContext, tx: Reader): Promise<Assessment> {
  const assessment = await findAssessment(respondent.institutionId, respondent.assessmentId, tx);
  if (!assessment) throw new NotFoundError("Assessment");
  return assessment;
}

/** Moves sent → in-progress on the first save (API.md "Assessment states"). */
export async function markStarted(assessment: Assessment, now: Date, tx: Tx): Promise<void> {
  if (assessment.status !== "sent") return;
  const next = transition(assessment.status, "save");
  if (!next.ok) throw new ConflictError(next.reason);
  await updateAssessmentForRespondent(assessment.institutionId, assessment.id, { status: next.status, startedAt: now.toISOString(), updatedAt: now.toISOString() }, tx);
}

export function assertOpen(assessment: Assessment): void {
  if (!isOpenForAnswers(assessment.status)) throw new ConflictError(`The assessment is ${assessment.status} and no longer takes answers`);
}

// ---------------------------------------------------------------------------------------------
// Saving answers

export type AnswerInput = { value: unknown; evidence?: unknown; comment?: unknown };
export type SaveResult = { saved: string[]; issues: Array<{ questionId: string; message: string }> };

/**
 * Merges answers into the draft, one row per question; questions not named are never touched.
 * Invalid answers are reported and not saved; valid ones are saved even when others are not.
 * `evidence` or `comment` left out keep what the draft has. Throws ConflictError when the
 * assessment no longer takes answers.
 */
export async function saveAnswers(respondent: RespondentContext, answers: Record<string, AnswerInput>, now: Date, lang: Lang = respondent.language): Promise<SaveResult> {
  return await write({ institutionId: respondent.institutionId }, async (tx) => {
    const assessment = await requireAssessment(respondent, tx);
    assertOpen(assessment);
    const { questionnaire } = questionnaireOf(assessment);
    const context = await clientContextOf(assessment, tx);
    const issues: SaveResult["issues"] = validateAnswers(questionnaire, answers, lang, { partial: true, context }).map((i) => ({ questionId: i.questionId, message: i.message }));
    const rejected = new Set(issues.map((i) => i.questionId));
    for (const [questionId, answer] of Object.entries(answers)) {
      if (rejected.has(questionId) || !Array.isArray(answer.evidence)) continue;
      for (const documentId of answer.evidence as string[]) {
        if (!(await findAssessmentDocument(respondent.institutionId, respondent.assessmentId, documentId, tx))) {
          issues.push({ questionId, message: rt(lang, "evidence.unknownDocument", { id: documentId }) });
          rejected.add(questionId);
        }
      }
    }
    const accepted = Object.keys(answers).filter((id) => !rejected.has(id));
    if (accepted.length === 0) return { saved: [], issues };

    const nowIso = now.toISOString();
    await ensureDraftCopied(assessment, nowIso, tx);
    const existing = await effectiveDraft(assessment, tx);
    const values: Record<string, unknown> = {};
    for (const questionId of accepted) {
      const answer = answers[questionId]!;
      const before = existing[questionId];
      const comment = typeof answer.comment === "string" ? (answer.comment.trim() === "" ? null : answer.comment.trim()) : (before?.comment ?? null);
      const value = isAnswered(answer.value) ? answer.value : null;
      values[questionId] = value;
      await upsertDraftAnswer(
        {
          institutionId: respondent.institutionId,
          assessmentId: respondent.assessmentId,
          questionId,
          value,
          evidence: Array.isArray(answer.evidence) ? (answer.evidence as string[]) : (before?.evidence ?? []),
          comment,
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
        action: "answer.saved",
        subjectType: "assessment",
        subjectId: respondent.assessmentId,
        after: { questionIds: accepted, values, respondentId: respondent.respondentId },
        now,
      },
      tx,
    );
    return { saved: accepted, issues };
  });
}

/**
 * Saves what a section post (or an autosave of one question) changed: the questions the form
 * declared present, limited to one section when `sectionKey` is given. Null when there is no
 * such section.
 */
export async function saveFormAnswers(
  respondent: RespondentContext,
  form: FormReader,
  now: Date,
  lang: Lang,
  sectionKey?: string,
): Promise<(SaveResult & { posted: Record<string, FormDefaults>; questionIds: string[] }) | null> {
  const assessment = await requireAssessment(respondent, reads());
  const { questionnaire } = questionnaireOf(assessment);
  const questions =
    sectionKey === undefined ? questionnaire.sections.flatMap((s) => s.questions) : questionnaire.sections.find((s) => s.key === sectionKey)?.questions;
  if (!questions) return null;
  const { changed, posted } = readSectionPost(questions, form);
  const result = Object.keys(changed).length > 0 ? await saveAnswers(respondent, changed, now, lang) : { saved: [], issues: [] };
  return { ...result, posted, questionIds: Object.keys(posted) };
}

// ---------------------------------------------------------------------------------------------
// Colleagues

export type ColleagueRow = { id: string; email: string; name: string | null; isPrimary: boolean; lastSeenAt: string | null };

export async function listColleagues(respondent: RespondentContext): Promise<ColleagueRow[]> {
  return (await listRespondents(respondent.institutionId, respondent.assessmentId, reads()))
    .filter((r) => !r.revokedAt)
    .map((r) => ({ id: r.id, email: r.email, name: r.name, isPrimary: r.isPrimary, lastSeenAt: r.lastSeenAt }));
}

/**
 * The primary contact invites a colleague: a respondent row with its own link token (only the
 * hash stored) and an invitation e-mail in the assessment's language through the outbox.
 */
export async function addColleague(respondent: RespondentContext, input: { email: string; name?: string | undefined }, now: Date): Promise<{ respondentId: string }> {
  if (!respondent.isPrimary) throw new ForbiddenError("Only the primary contact can invite colleagues");
  const email = input.email.trim().toLowerCase();
  const name = input.name?.trim() || null;
  return await write({ institutionId: respondent.institutionId }, async (tx) => {
    const assessment = await requireAssessment(respondent, tx);
    assertOpen(assessment);
    const taken = (await listRespondents(respondent.institutionId, respondent.assessmentId, tx)).some((r) => !r.revokedAt && r.email.toLowerCase() === email);
    if (taken) throw new InvalidInputError(`${email} is already invited`, [{ path: "email", message: rt(assessment.language, "colleagues.alreadyInvited", { email }) }]);
    const institution = await findInstitution(respondent.institutionId, tx);
    const client = await findClient(respondent.institutionId, assessment.clientId, tx);
    const token = newRespondentToken();
    const id = newId();
    const nowIso = now.toISOString();
    await insertRespondent(
      { id, institutionId: respondent.institutionId, assessmentId: respondent.assessmentId, email, name, isPrimary: false, tokenHash: sha256Hex(token), createdAt: nowIso, revokedAt: null, lastSeenAt: null },
      tx,
    );
    const lang = assessment.language;
    const vars = { institution: institution?.name ?? "", client: client?.name ?? "" };
    await enqueueEmail(
      {
        institutionId: respondent.institutionId,
        kind: "respondent.colleague-invitation",
        to: email,
        subject: rt(lang, "email.colleague.subject", vars),
        body: rt(lang, "email.colleague.body", {
          ...vars,
          name: name ? ` ${name}` : "",
          inviter: respondent.name ? `${respondent.name} (${respondent.email})` : respondent.email,
          link: `${getEnv().publicUrl}/r/${token}`,
          dueDate: formatDate(assessment.dueDate, lang),
        }),
        language: lang,
        now,
      },
      tx,
    );
    await appendAuditEvent(
      {
        institutionId: respondent.institutionId,
        actorType: "respondent",
        actorId: respondent.respondentId,
        action: "respondent.colleague-added",
        subjectType: "assessment",
        subjectId: respondent.assessmentId,
        after: { respondentId: id, email, name },
        now,
      },
      tx,
    );
    return { respondentId: id };
  });
}

// ---------------------------------------------------------------------------------------------
// What the pages show

export type OptionView = { value: string; label: string; exclusive?: boolean };
/** A question a document is evidence for, named as the respondent reads it. */
export type SupportedQuestion = { questionId: string; sectionKey: string; text: string };
/** A document of the assessment, listed once with every question it supports (F02). */
export type DocumentView = { id: string; fileName: string; size: number; supports: SupportedQuestion[] };
export type QuestionView = {
  id: string;
  type: Question["type"];
  text: string;
  help: string | null;
  required: boolean;
  notApplicable: boolean;
  options: OptionView[];
  min: number | null;
  max: number | null;
  step: string | null;
  evidenceExpected: boolean;
  evidenceDescription: string | null;
  defaults: FormDefaults;
  fingerprint: string;
  answered: boolean;
  answerText: string;
  comment: string | null;
  attached: DocumentView[];
  reviewComments: string[];
};
export type SectionSummary = { key: string; title: string; index: number; answered: number; required: number; visible: number };

export type Workspace = {
  lang: Lang;
  respondent: { id: string; email: string; name: string | null; isPrimary: boolean };
  institution: string;
  client: string;
  contact: Contact | null;
  status: AssessmentStatus;
  editable: boolean;
  dueDate: string;
  submittedAt: string | null;
  questionnaire: { key: string; version: number; sha256: string; title: string };
  sections: SectionSummary[];
  totals: { answered: number; required: number; visible: number };
  reviewComments: Array<{ questionId: string; question: string; sectionKey: string; comment: string }>;
  documents: DocumentView[];
};

type Loaded = {
  assessment: Assessment;
  questionnaire: Questionnaire;
  /** The client's profile, which engine-2 modules read (a fishing module for ISIC 03). */
  context: VisibilityContext | undefined;
  draft: Record<string, DraftEntry>;
  visible: Map<string, boolean>;
  documents: DocumentRow[];
  comments: ReviewCommentRow[];
};

function pick(text: Record<string, string> | undefined, lang: Lang): string {
  if (!text) return "";
  return text[lang] ?? text.en ?? Object.values(text)[0] ?? "";
}

/** The comments of the current return: those on the latest answer set, or made after it. */
async function currentReviewComments(assessment: Assessment, tx: Reader): Promise<ReviewCommentRow[]> {
  if (assessment.status !== "returned") return [];
  const latest = await latestAnswerSet(assessment.institutionId, assessment.id, tx);
  return (await listReviewComments(assessment.institutionId, assessment.id, tx)).filter(
    (c) => !latest || c.answerSetId === latest.id || (c.answerSetId === null && c.createdAt >= latest.submittedAt),
  );
}

/**
 * What the questionnaire's conditions may read about the client besides the answers: its country,
 * sector, sourcing countries and goods (engine-2 modules). Undefined when the client is gone.
 */
export async function clientContextOf(assessment: Pick<Assessment, "institutionId" | "clientId">, q: Reader): Promise<VisibilityContext | undefined> {
  const client = await findClient(assessment.institutionId, assessment.clientId, q);
  return client ? contextFacts({ country: client.country, sector: client.sector, sourcingCountries: client.sourcingCountries, goods: client.goods }) : undefined;
}

async function load(respondent: RespondentContext, tx: Reader): Promise<Loaded> {
  const assessment = await requireAssessment(respondent, tx);
  const { questionnaire } = questionnaireOf(assessment);
  const draft = await effectiveDraft(assessment, tx);
  const answers = draftToAnswerSet(draft);
  const context = await clientContextOf(assessment, tx);
  return {
    assessment,
    questionnaire,
    context,
    draft,
    visible: visibilityMap(questionnaire, answers, context),
    documents: await assessmentDocuments(assessment.institutionId, assessment.id, tx),
    comments: await currentReviewComments(assessment, tx),
  };
}

function summarise(loaded: Loaded, lang: Lang): { sections: SectionSummary[]; totals: Workspace["totals"] } {
  const totals = { answered: 0, required: 0, visible: 0 };
  // Progress counts saved answers that would pass submission (F31): a draft saved before a rule
  // existed (an exclusive option combined with others) is not counted as answered.
  const invalid = new Set(validateAnswers(loaded.questionnaire, draftToAnswerSet(loaded.draft), lang, { partial: true, context: loaded.context }).map((i) => i.questionId));
  const sections = loaded.questionnaire.sections.map((section, index) => {
    let answered = 0;
    let required = 0;
    let visible = 0;
    for (const q of section.questions) {
      if (loaded.visible.get(q.id) !== true) continue;
      visible += 1;
      if (q.required) {
        required += 1;
        if (isAnswered(loaded.draft[q.id]?.value) && !invalid.has(q.id)) answered += 1;
      }
    }
    totals.answered += answered;
    totals.required += required;
    totals.visible += visible;
    return { key: section.key, title: pick(section.title, lang), index: index + 1, answered, required, visible };
  });
  // An optional module that does not apply (engine 2: a section whose questions are all hidden)
  // is not shown at all; the others are numbered as the respondent sees them.
  return { sections: sections.filter((s) => s.visible > 0).map((s, i) => ({ ...s, index: i + 1 })), totals };
}

/** A human-readable answer in the page language (labels for options, names for countries). */
export function answerText(question: Question, value: unknown, lang: Lang): string {
  if (!isAnswered(value)) return "";
  if (value === "n/a") return rt(lang, "section.notApplicable");
  const label = (v: string) => pick(question.options?.find((o) => o.value === v)?.label, lang) || (question.type === "boolean" ? v : v);
  // Names only: the client reads this (receipt, read-back), not ISO codes (F20).
  if (question.type === "countries" && Array.isArray(value)) return value.map((c) => countryName(String(c), lang)).join(", ");
  if (Array.isArray(value)) return value.map((v) => label(String(v))).join("; ");
  if (question.type === "boolean" || question.type === "single") return label(String(value));
  if (question.type === "percent") return `${String(value)} %`;
  return String(value);
}

function questionView(q: Question, loaded: Loaded, lang: Lang, docsById: Map<string, DocumentView>): QuestionView {
  const entry = loaded.draft[q.id];
  const range = q.type === "number" || q.type === "percent" ? numberRange(q) : null;
  const booleanOptions = [
    { value: "yes", label: lang === "es" ? "Sí" : "Yes" },
    { value: "no", label: "No" },
  ];
  const options =
    q.options && q.options.length > 0
      ? q.options.map((o) => ({ value: o.value, label: pick(o.label, lang), ...(q.type === "multi" && isExclusiveOption(o) ? { exclusive: true } : {}) }))
      : q.type === "boolean"
        ? booleanOptions
        : [];
  return {
    id: q.id,
    type: q.type,
    text: pick(q.text, lang),
    help: q.help ? pick(q.help, lang) : null,
    required: q.required,
    notApplicable: q.notApplicable,
    options,
    min: range ? range.min : null,
    max: range ? range.max : null,
    step: range ? "any" : null,
    evidenceExpected: q.evidence?.expected === true,
    evidenceDescription: q.evidence?.description ? pick(q.evidence.description, lang) : null,
    defaults: answerDefaults(q, entry ? { value: entry.value, comment: entry.comment } : undefined),
    fingerprint: answerFingerprint(entry?.value, entry?.comment),
    answered: isAnswered(entry?.value),
    answerText: answerText(q, entry?.value, lang),
    comment: entry?.comment ?? null,
    attached: (entry?.evidence ?? []).flatMap((id) => {
      const doc = docsById.get(id);
      return doc ? [doc] : [];
    }),
    reviewComments: loaded.comments.filter((c) => c.questionId === q.id).map((c) => c.comment),
  };
}

async function workspaceFrom(respondent: RespondentContext, loaded: Loaded, lang: Lang, tx: Reader): Promise<Workspace> {
  const { assessment, questionnaire } = loaded;
  const client = await findClient(assessment.institutionId, assessment.clientId, tx);
  const contact = await contactFor(assessment.institutionId, assessment.id, tx);
  const { sections, totals } = summarise(loaded, lang);
  const questionsById = new Map(questionnaire.sections.flatMap((s) => s.questions.map((q) => [q.id, { q, section: s.key }] as const)));
  return {
    lang,
    respondent: { id: respondent.respondentId, email: respondent.email, name: respondent.name, isPrimary: respondent.isPrimary },
    institution: contact?.institution ?? "",
    client: client?.name ?? "",
    contact,
    status: assessment.status,
    editable: isOpenForAnswers(assessment.status),
    dueDate: assessment.dueDate,
    submittedAt: assessment.submittedAt,
    questionnaire: { key: assessment.questionnaireKey, version: assessment.questionnaireVersion, sha256: assessment.questionnaireSha256, title: pick(questionnaire.title, lang) },
    sections,
    totals,
    reviewComments: loaded.comments.map((c) => {
      const found = questionsById.get(c.questionId);
      return { questionId: c.questionId, question: found ? pick(found.q.text, lang) : c.questionId, sectionKey: found?.section ?? "", comment: c.comment };
    }),
    documents: documentViews(loaded, lang),
  };
}

/**
 * Each document of the assessment once, with the questions whose draft evidence names it, in
 * questionnaire order (hidden follow-ups included: the evidence is still attached to them).
 */
function documentViews(loaded: Loaded, lang: Lang): DocumentView[] {
  const supports = new Map<string, SupportedQuestion[]>();
  for (const section of loaded.questionnaire.sections) {
    for (const q of section.questions) {
      for (const id of new Set(loaded.draft[q.id]?.evidence ?? [])) {
        const list = supports.get(id) ?? [];
        list.push({ questionId: q.id, sectionKey: section.key, text: pick(q.text, lang) });
        supports.set(id, list);
      }
    }
  }
  return loaded.documents.map((d) => ({ id: d.id, fileName: d.fileName, size: d.size, supports: supports.get(d.id) ?? [] }));
}

export async function respondentWorkspace(respondent: RespondentContext, lang: Lang): Promise<Workspace> {
  const tx = reads();
  return await workspaceFrom(respondent, await load(respondent, tx), lang, tx);
}

export type SectionPage = Workspace & {
  section: SectionSummary & { description: string | null };
  previousKey: string | null;
  nextKey: string | null;
  questions: QuestionView[];
  countries: OptionView[];
  /** The server's limit for one document, so the page can refuse a larger file before sending it. */
  maxUploadBytes: number;
};

/** One section's page: its visible questions (showIf on the saved draft), in order. */
export async function sectionPage(respondent: RespondentContext, sectionKey: string, lang: Lang): Promise<SectionPage | null> {
  const tx = reads();
  const loaded = await load(respondent, tx);
  const section = loaded.questionnaire.sections.find((s) => s.key === sectionKey);
  if (!section) return null;
  const workspace = await workspaceFrom(respondent, loaded, lang, tx);
  // The sections the respondent sees (a module that does not apply is not one of them).
  const index = workspace.sections.findIndex((s) => s.key === sectionKey);
  if (index < 0) return null;
  const docsById = new Map(workspace.documents.map((d) => [d.id, d]));
  const questions = section.questions.filter((q) => loaded.visible.get(q.id) === true).map((q) => questionView(q, loaded, lang, docsById));
  const hasCountries = questions.some((q) => q.type === "countries");
  const collator = new Intl.Collator(lang);
  return {
    ...workspace,
    section: { ...workspace.sections[index]!, description: section.description ? pick(section.description, lang) : null },
    previousKey: workspace.sections[index - 1]?.key ?? null,
    nextKey: workspace.sections[index + 1]?.key ?? null,
    questions,
    maxUploadBytes: MAX_DOCUMENT_BYTES,
    countries: hasCountries ? ISO_COUNTRIES.map((c) => ({ value: c, label: countryName(c, lang) })).sort((a, b) => collator.compare(a.label, b.label)) : [],
  };
}

export type ChecklistItem = { questionId: string; sectionKey: string; sectionTitle: string; question: string };

/** One section of the read-back before signing (F30): its answers as labels, and what is missing. */
export type ReadBackSection = {
  key: string;
  title: string;
  answers: Array<{ questionId: string; question: string; answer: string; comment: string | null; documents: string[] }>;
  missingRequired: ChecklistItem[];
  missingEvidence: ChecklistItem[];
};

export type ReviewPage = Workspace & {
  unanswered: ChecklistItem[];
  missingEvidence: ChecklistItem[];
  readBack: ReadBackSection[];
  /** The signatory the form starts with: the person the invitation was sent to (editable). */
  signatory: { name: string; email: string };
};

/** The review step: the answers section by section, what is still missing, and the signatory. */
export async function reviewChecklist(respondent: RespondentContext, lang: Lang): Promise<ReviewPage> {
  const tx = reads();
  const loaded = await load(respondent, tx);
  const answers = draftToAnswerSet(loaded.draft);
  const blocking = new Set([...missingRequired(loaded.questionnaire, answers, loaded.context), ...validateAnswers(loaded.questionnaire, answers, lang, { context: loaded.context }).map((i) => i.questionId)]);
  const unanswered: ChecklistItem[] = [];
  const missingEvidence: ChecklistItem[] = [];
  const readBack: ReadBackSection[] = [];
  const docsById = new Map(loaded.documents.map((d) => [d.id, d]));
  for (const section of loaded.questionnaire.sections) {
    const title = pick(section.title, lang);
    const part: ReadBackSection = { key: section.key, title, answers: [], missingRequired: [], missingEvidence: [] };
    for (const q of section.questions) {
      if (loaded.visible.get(q.id) !== true) continue;
      const item = { questionId: q.id, sectionKey: section.key, sectionTitle: title, question: pick(q.text, lang) };
      const entry = loaded.draft[q.id];
      const value = entry?.value;
      if (blocking.has(q.id)) {
        unanswered.push(item);
        part.missingRequired.push(item);
      }
      if (q.evidence?.expected && isAnswered(value) && value !== "n/a" && (entry?.evidence.length ?? 0) === 0) {
        missingEvidence.push(item);
        part.missingEvidence.push(item);
      }
      part.answers.push({
        questionId: q.id,
        question: item.question,
        answer: answerText(q, value, lang),
        comment: entry?.comment ?? null,
        documents: (entry?.evidence ?? []).flatMap((id) => {
          const doc = docsById.get(id);
          return doc ? [doc.fileName] : [];
        }),
      });
    }
    if (part.answers.length > 0) readBack.push(part);
  }
  const workspace = await workspaceFrom(respondent, loaded, lang, tx);
  const client = await findClient(loaded.assessment.institutionId, loaded.assessment.clientId, tx);
  const name = respondent.name ?? (respondent.isPrimary ? (client?.contactName ?? null) : null) ?? "";
  return { ...workspace, unanswered, missingEvidence, readBack, signatory: { name, email: respondent.email } };
}
