// Factories for the review and decision tests: a client, a submitted assessment of
// anti-trafficking v1 with an answer set, evidence documents (with a file under DATA_DIR) and its
// first result, written straight through the repositories and the scoring service, so these tests
// do not depend on the clients or respondent services.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { answerSets, assessments, clients, documents, respondents } from "../../db/tables";
import { reads, write } from "~/db.server";
import type { AnswerSet, AnswerValue } from "~/domain/scoring/answers";
import type { Question } from "~/domain/questionnaire/schema";
import { inherentRisk } from "~/domain/risk/inherent-risk";
import { getEnv } from "~/env.server";
import { newId } from "~/ids.server";
import { findAssessment } from "~/repositories/assessment-core.server";
import { getQuestionnaire } from "~/services/questionnaires.server";
import { recordResult } from "~/services/scoring.server";
import { searchKey } from "~/domain/search-key";

export const QUESTIONNAIRE_KEY = "anti-trafficking";
export const QUESTIONNAIRE_VERSION = 1;

export function loadedQuestionnaire() {
  const loaded = getQuestionnaire(QUESTIONNAIRE_KEY, QUESTIONNAIRE_VERSION);
  if (!loaded) throw new Error("anti-trafficking v1 is not available");
  return loaded;
}

/** The full-points answer to a question (follow-up gates answered "no" where they carry no points). */
export function bestValue(q: Question): AnswerValue {
  switch (q.type) {
    case "boolean":
    case "single": {
      const options = q.options ?? [];
      if (options.every((o) => o.points === undefined)) return options.find((o) => o.value === "no")?.value ?? options[0]!.value;
      return [...options].sort((a, b) => (b.points ?? 0) - (a.points ?? 0))[0]!.value;
    }
    case "multi": {
      const scored = (q.options ?? []).filter((o) => (o.points ?? 0) > 0).map((o) => o.value);
      if (scored.length > 0 || !q.required) return scored;
      // A required fact without points (v2: activities, main products): "none" when offered
      // (no optional module opens), else the last option ("other").
      const options = q.options ?? [];
      return [(options.find((o) => o.value === "none") ?? options[options.length - 1]!).value];
    }
    case "number":
    case "percent": {
      const best = [...(q.scale ?? [])].sort((a, b) => b.points - a.points)[0];
      return best ? best.min : 0;
    }
    case "text":
      return "Described in the attached documents.";
    case "date":
      return "2026-01-15";
    case "countries":
      return ["CA"];
  }
}

export type SubmittedOptions = {
  institutionId: string;
  sentBy: string;
  rmUserId?: string | null;
  client?: { name?: string; country?: string; sector?: string; sourcingCountries?: string[]; goods?: string[]; contactEmail?: string };
  /** Answer values that replace the best ones, by question id. */
  values?: Record<string, AnswerValue>;
  /** Review state of each question's evidence document (default accepted). */
  documentStates?: Record<string, "pending" | "accepted" | "rejected">;
  defaultDocumentState?: "pending" | "accepted" | "rejected";
  status?: "submitted" | "under-review";
  language?: "en" | "es";
  now?: Date;
};

export type SubmittedAssessment = {
  clientId: string;
  assessmentId: string;
  answerSetId: string;
  resultId: string;
  /** Document id attached to each question that expects evidence. */
  documentOf: Record<string, string>;
  answers: AnswerSet;
  respondentEmail: string;
};

export const DOCUMENT_BYTES = Buffer.from("%PDF-1.4\n% evidence for the review tests\n%%EOF\n");

export function storeDocumentFile(bytes: Buffer = DOCUMENT_BYTES): string {
  const sha = crypto.createHash("sha256").update(bytes).digest("hex");
  const dir = path.resolve(getEnv().dataDir, "documents");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, sha), bytes);
  return sha;
}

export async function createSubmittedAssessment(opts: SubmittedOptions): Promise<SubmittedAssessment> {
  const now = opts.now ?? new Date();
  const nowIso = now.toISOString();
  const loaded = loadedQuestionnaire();
  const profile = {
    name: opts.client?.name ?? `Client ${newId().slice(-6)}`,
    country: opts.client?.country ?? "CA",
    sector: opts.client?.sector ?? "62",
    sourcingCountries: opts.client?.sourcingCountries ?? [],
    goods: opts.client?.goods ?? [],
    contactEmail: opts.client?.contactEmail ?? `contact-${newId().slice(-6).toLowerCase()}@client.example`,
  };
  const clientId = newId();
  const assessmentId = newId();
  const answerSetId = newId();
  const sha = storeDocumentFile();
  const documentOf: Record<string, string> = {};
  const answers: AnswerSet = {};
  for (const section of loaded.questionnaire.sections) {
    for (const q of section.questions) {
      const value = opts.values?.[q.id] ?? bestValue(q);
      const entry: AnswerSet[string] = { value };
      if (q.evidence?.expected) {
        const docId = newId();
        documentOf[q.id] = docId;
        entry.evidence = [docId];
      }
      answers[q.id] = entry;
    }
  }
  const level = inherentRisk({ country: profile.country, sector: profile.sector, sourcingCountries: profile.sourcingCountries, goods: profile.goods }).level;
  const dueDate = new Date(now.getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
  await write({ institutionId: null }, async (tx) => {
    await tx.insert(clients)
      .values({
        id: clientId,
        institutionId: opts.institutionId,
        name: profile.name,
        nameSearch: searchKey(profile.name),
        country: profile.country,
        sector: profile.sector,
        registrationNumber: null,
        contactName: "Ana Contact",
        contactEmail: profile.contactEmail,
        sourcingCountries: profile.sourcingCountries,
        goods: profile.goods,
        rmUserId: opts.rmUserId ?? opts.sentBy,
        inherentRisk: level,
        residualRisk: null,
        gate: "pending",
        gateReason: "assessment-under-way",
        createdAt: nowIso,
        updatedAt: nowIso,
      });
    await tx.insert(assessments)
      .values({
        id: assessmentId,
        institutionId: opts.institutionId,
        clientId,
        questionnaireKey: QUESTIONNAIRE_KEY,
        questionnaireVersion: QUESTIONNAIRE_VERSION,
        questionnaireSha256: loaded.sha256,
        status: opts.status ?? "submitted",
        language: opts.language ?? "en",
        dueDate,
        expiresAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
        sentBy: opts.sentBy,
        sentAt: nowIso,
        startedAt: nowIso,
        submittedAt: nowIso,
        previousAssessmentId: null,
        signatory: { name: "Ana Contact", title: "Director", email: profile.contactEmail },
        updatedAt: nowIso,
      });
    await tx.insert(respondents)
      .values({
        id: newId(),
        institutionId: opts.institutionId,
        assessmentId,
        email: profile.contactEmail,
        name: "Ana Contact",
        isPrimary: true,
        tokenHash: crypto.randomBytes(32).toString("hex"),
        createdAt: nowIso,
        revokedAt: null,
        lastSeenAt: null,
      });
    for (const [questionId, docId] of Object.entries(documentOf)) {
      const state = opts.documentStates?.[questionId] ?? opts.defaultDocumentState ?? "accepted";
      await tx.insert(documents)
        .values({
          id: docId,
          institutionId: opts.institutionId,
          assessmentId,
          sha256: sha,
          fileName: `${questionId}.pdf`,
          mediaType: "application/pdf",
          size: DOCUMENT_BYTES.length,
          uploadedAt: nowIso,
          uploadedBy: null,
          reviewState: state,
          reviewReason: state === "rejected" ? "Illegible" : null,
          reviewedBy: state === "pending" ? null : opts.sentBy,
          reviewedAt: state === "pending" ? null : nowIso,
          removedAt: null,
        });
    }
    await tx.insert(answerSets)
      .values({
        id: answerSetId,
        institutionId: opts.institutionId,
        assessmentId,
        answers,
        signatory: { name: "Ana Contact", title: "Director", email: profile.contactEmail },
        attestationText: "I attest that these answers are true.",
        questionnaireSha256: loaded.sha256,
        submittedAt: nowIso,
        submittedBy: null,
      });
  });
  const resultId = await write({ institutionId: null }, async (tx) => {
    const assessment = (await findAssessment(opts.institutionId, assessmentId, tx))!;
    return (await recordResult({ assessment, answerSetId, answers, reason: "submission", now }, tx)).row.id;
  });
  return { clientId, assessmentId, answerSetId, resultId, documentOf, answers, respondentEmail: profile.contactEmail };
}

export function dbHandle() {
  return reads();
}
