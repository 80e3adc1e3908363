// Portfolio test data written straight into the tables (the portfolio reads rows other areas
// write): clients with risk and gate, assessments in any state, submitted answer sets, results
// with sections and red flags, decisions and conditions. Ids are fresh per call; times default to
// a fixed "now" the tests pass in.
import { answerSets, assessments, clients, conditions, decisions, documents, results } from "../../db/tables";
import { write } from "~/db.server";
import { newId } from "~/ids.server";
import { latestPublished } from "~/services/questionnaires.server";
import { searchKey } from "~/domain/search-key";

type Risk = "low" | "medium" | "high" | "critical";
type Gate = "open" | "conditional" | "pending" | "closed";
type Status = (typeof assessments.$inferSelect)["status"];

export async function addClient(
  institutionId: string,
  opts: Partial<{ name: string; country: string; sector: string; inherentRisk: "low" | "medium" | "high" | "very-high"; residualRisk: Risk | null; gate: Gate; gateReason: string | null; rmUserId: string | null; updatedAt: string; contactEmail: string }> = {},
): Promise<string> {
  const id = newId();
  const iso = opts.updatedAt ?? "2026-01-01T00:00:00.000Z";
  await write({ institutionId }, async (tx) =>
    tx
    .insert(clients)
    .values({
      id,
      institutionId,
      name: opts.name ?? `Client ${id.slice(-6)}`,
      nameSearch: searchKey(opts.name ?? `Client ${id.slice(-6)}`),
      country: opts.country ?? "GT",
      sector: opts.sector ?? "14",
      registrationNumber: null,
      contactName: "Ana Contact",
      contactEmail: opts.contactEmail ?? `contact-${id.slice(-6).toLowerCase()}@client.example`,
      sourcingCountries: [],
      goods: [],
      rmUserId: opts.rmUserId ?? null,
      inherentRisk: opts.inherentRisk ?? "medium",
      residualRisk: opts.residualRisk === undefined ? null : opts.residualRisk,
      gate: opts.gate ?? "closed",
      gateReason: opts.gateReason === undefined ? (opts.gate === undefined || opts.gate === "closed" ? "never-assessed" : null) : opts.gateReason,
      createdAt: iso,
      updatedAt: iso,
    }));
  return id;
}

export function questionnaireRef(key = "anti-trafficking") {
  const loaded = latestPublished(key);
  if (!loaded) throw new Error(`no published ${key}`);
  return loaded;
}

export async function addAssessment(
  institutionId: string,
  clientId: string,
  sentBy: string,
  opts: Partial<{ status: Status; dueDate: string; sentAt: string; submittedAt: string | null; language: "en" | "es"; key: string; updatedAt: string }> = {},
): Promise<string> {
  const id = newId();
  const q = questionnaireRef(opts.key);
  const sentAt = opts.sentAt ?? "2026-01-02T00:00:00.000Z";
  await write({ institutionId }, async (tx) =>
    tx
    .insert(assessments)
    .values({
      id,
      institutionId,
      clientId,
      questionnaireKey: q.key,
      questionnaireVersion: q.version,
      questionnaireSha256: q.sha256,
      status: opts.status ?? "sent",
      language: opts.language ?? "en",
      dueDate: opts.dueDate ?? "2026-03-01",
      expiresAt: `${opts.dueDate ?? "2026-03-01"}T23:59:59.000Z`,
      sentBy,
      sentAt,
      startedAt: null,
      submittedAt: opts.submittedAt ?? null,
      previousAssessmentId: null,
      signatory: null,
      updatedAt: opts.updatedAt ?? sentAt,
    }));
  return id;
}

export type FakeFlag = { code: string; severity: "critical" | "major"; questionId?: string };

/** A submitted answer set and a result with the given section scores and red flags. */
export async function addResult(
  institutionId: string,
  assessmentId: string,
  opts: Partial<{ sections: Record<string, number | null>; redFlags: FakeFlag[]; residualRisk: Risk; createdAt: string; answers: Record<string, { value: unknown; comment?: string; evidence?: string[] }> }> = {},
): Promise<{ resultId: string; answerSetId: string }> {
  const q = questionnaireRef();
  const answerSetId = newId();
  const createdAt = opts.createdAt ?? "2026-01-10T00:00:00.000Z";
  const firstQuestion = q.questionnaire.sections[0]!.questions[0]!;
  await write({ institutionId }, async (tx) => tx.insert(answerSets)
    .values({
      id: answerSetId,
      institutionId,
      assessmentId,
      answers: (opts.answers ?? { [firstQuestion.id]: { value: "yes", comment: "Board-approved policy" } }) as Record<string, unknown>,
      signatory: { name: "Rosa Signatory", title: "CEO", email: "rosa@client.example" },
      attestationText: "I attest",
      questionnaireSha256: q.sha256,
      submittedAt: createdAt,
      submittedBy: null,
    }));
  const sections = Object.entries(opts.sections ?? { gov: 80, rec: 50 }).map(([key, score]) => ({
    key,
    score,
    band: score === null ? null : score >= 80 ? "strong" : score >= 60 ? "adequate" : score >= 40 ? "weak" : "poor",
    earned: score ?? 0,
    possible: 100,
    weight: 10,
    questions: key === firstQuestion.id.split(".")[0] ? [{ id: firstQuestion.id, visible: true, earned: 4, possible: 5, why: "policy covers own operations" }] : [],
  }));
  const scored = sections.filter((s) => s.score !== null);
  const overall = scored.length ? scored.reduce((n, s) => n + (s.score ?? 0), 0) / scored.length : null;
  const redFlags = (opts.redFlags ?? []).map((f) => ({ code: f.code, severity: f.severity, questionId: f.questionId ?? firstQuestion.id, answer: "no", message: `${f.code} raised` }));
  const resultId = newId();
  const residual = opts.residualRisk ?? "medium";
  await write({ institutionId }, async (tx) => tx.insert(results)
    .values({
      id: resultId,
      institutionId,
      assessmentId,
      answerSetId,
      result: { overall: { score: overall, band: null, why: "" }, sections, redFlags, residualRisk: residual, policy: { version: "default-1" } },
      engineVersion: "1.0.0",
      overallScore: overall === null ? null : Math.round(overall * 10),
      band: null,
      residualRisk: residual,
      recommendation: "approve-with-conditions",
      reason: "submission",
      createdAt,
    }));
  return { resultId, answerSetId };
}

export async function addDecision(
  institutionId: string,
  clientId: string,
  assessmentId: string,
  resultId: string,
  proposedBy: string,
  opts: Partial<{ status: "proposed" | "approved" | "rejected" | "superseded"; outcome: "approve" | "approve-with-conditions" | "enhanced-due-diligence" | "decline"; validUntil: string | null; reviewedBy: string | null; reviewedAt: string | null }> = {},
): Promise<string> {
  const id = newId();
  const status = opts.status ?? "approved";
  await write({ institutionId }, async (tx) =>
    tx
    .insert(decisions)
    .values({
      id,
      institutionId,
      clientId,
      assessmentId,
      resultId,
      outcome: opts.outcome ?? "approve-with-conditions",
      recommendation: "approve-with-conditions",
      residualRisk: "medium",
      rationale: "Controls adequate; recruitment fees to be repaid",
      justification: null,
      status,
      proposedBy,
      proposedAt: "2026-01-11T00:00:00.000Z",
      reviewedBy: opts.reviewedBy ?? null,
      reviewedAt: opts.reviewedAt === undefined ? (status === "approved" ? "2026-01-12T00:00:00.000Z" : null) : opts.reviewedAt,
      reviewComment: null,
      validFrom: status === "approved" ? "2026-01-12" : null,
      validUntil: opts.validUntil === undefined ? "2027-01-12" : opts.validUntil,
      validityMonths: 12,
      supersededBy: null,
      policy: { version: "default-1" },
    }));
  return id;
}

export async function addCondition(institutionId: string, clientId: string, decisionId: string, opts: Partial<{ dueDate: string; status: "open" | "met"; text: string }> = {}): Promise<string> {
  const id = newId();
  await write({ institutionId }, async (tx) =>
    tx
    .insert(conditions)
    .values({ id, institutionId, clientId, decisionId, questionId: null, text: opts.text ?? "Repay recruitment fees", dueDate: opts.dueDate ?? "2026-06-01", status: opts.status ?? "open", metAt: null, metBy: null, metNote: null, metDocumentId: null }));
  return id;
}

export async function addDocument(institutionId: string, assessmentId: string, opts: Partial<{ fileName: string; reviewState: "pending" | "accepted" | "rejected"; reviewReason: string | null }> = {}): Promise<string> {
  const id = newId();
  await write({ institutionId }, async (tx) =>
    tx
    .insert(documents)
    .values({
      id,
      institutionId,
      assessmentId,
      sha256: "a".repeat(64),
      fileName: opts.fileName ?? "policy.pdf",
      mediaType: "application/pdf",
      size: 1234,
      uploadedAt: "2026-01-05T00:00:00.000Z",
      uploadedBy: null,
      reviewState: opts.reviewState ?? "pending",
      reviewReason: opts.reviewReason ?? null,
      reviewedBy: null,
      reviewedAt: null,
      removedAt: null,
    }));
  return id;
}
