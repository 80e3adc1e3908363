// Factories for the attestation tests: an approved decision with everything an attestation states
// (institution, users, a client with an accented name, a decided assessment of anti-trafficking
// v1, its answer set, a result recorded by the scoring service, conditions), written straight
// into the tables so these tests do not wait for the review and decision services.
import { answerSets, assessments, clients, conditions, decisions } from "../../db/tables";
import { write } from "~/db.server";
import type { Question } from "~/domain/questionnaire/schema";
import type { AnswerSet, AnswerValue } from "~/domain/scoring/answers";
import { inherentRisk } from "~/domain/risk/inherent-risk";
import { newId } from "~/ids.server";
import { findAssessment } from "~/repositories/assessment-core.server";
import { getQuestionnaire } from "~/services/questionnaires.server";
import { recordResult } from "~/services/scoring.server";
import { createInstitution, createUser } from "./factories";
import { searchKey } from "~/domain/search-key";

export const CLIENT_NAME = "Café Ñandú S.A.";

/** The highest-scoring answer; gates that carry no points answered "no" so follow-ups stay hidden. */
function strongValue(q: Question): AnswerValue {
  switch (q.type) {
    case "boolean":
    case "single": {
      const options = q.options ?? [];
      if (options.every((o) => o.points === undefined)) return options.find((o) => o.value === "no")?.value ?? options[0]!.value;
      return [...options].sort((a, b) => (b.points ?? 0) - (a.points ?? 0))[0]!.value;
    }
    case "multi":
      return (q.options ?? []).filter((o) => (o.points ?? 0) > 0).map((o) => o.value);
    case "number":
    case "percent":
      return [...(q.scale ?? [])].sort((a, b) => b.points - a.points)[0]?.min ?? 0;
    case "text":
      return "Política publicada y auditada por terceros.";
    case "date":
      return "2026-01-15";
    case "countries":
      return ["PY"];
  }
}

export type Bank = { institutionId: string; rm: { id: string; institutionId: string }; approver: { id: string; institutionId: string }; admin: { id: string; institutionId: string }; auditor: { id: string; institutionId: string } };

export async function createBank(name = "Banco Austral"): Promise<Bank> {
  const institutionId = await createInstitution(name);
  return {
    institutionId,
    rm: await createUser(institutionId, ["rm"], { name: "Rosa Méndez" }),
    approver: await createUser(institutionId, ["approver"], { name: "Íñigo Aprobador" }),
    admin: await createUser(institutionId, ["admin"], { name: "Ada Admin" }),
    auditor: await createUser(institutionId, ["auditor"], { name: "Aurelio Auditor" }),
  };
}

export type ApprovedDecision = { clientId: string; assessmentId: string; answerSetId: string; resultId: string; decisionId: string; validUntil: string };

/**
 * An approved decision (approve-with-conditions, two conditions) over a decided assessment; with
 * `proposed`, the same decision still awaiting four-eyes approval over an assessment under review.
 */
export async function createApprovedDecision(
  bank: Bank,
  opts: { clientName?: string; now?: Date; validUntil?: string; proposed?: boolean; outcome?: "approve" | "approve-with-conditions" | "enhanced-due-diligence" | "decline" } = {},
): Promise<ApprovedDecision> {
  const now = opts.now ?? new Date();
  const nowIso = now.toISOString();
  const loaded = getQuestionnaire("anti-trafficking", 1);
  if (!loaded) throw new Error("anti-trafficking v1 is not available");
  const answers: AnswerSet = {};
  for (const section of loaded.questionnaire.sections) for (const q of section.questions) answers[q.id] = { value: strongValue(q) };
  const clientId = newId();
  const assessmentId = newId();
  const answerSetId = newId();
  const profile = { country: "PY", sector: "01", sourcingCountries: ["PY", "BR"], goods: [] as string[] };
  const signatory = { name: "José Pérez", title: "Gerente general", email: "jose@cafe-nandu.example" };
  await write({ institutionId: null }, async (tx) => {
    await tx.insert(clients)
      .values({
        id: clientId,
        institutionId: bank.institutionId,
        name: opts.clientName ?? CLIENT_NAME,
        nameSearch: searchKey(opts.clientName ?? CLIENT_NAME),
        country: profile.country,
        sector: profile.sector,
        registrationNumber: "RUC 80012345-6",
        contactName: signatory.name,
        contactEmail: signatory.email,
        sourcingCountries: profile.sourcingCountries,
        goods: profile.goods,
        rmUserId: bank.rm.id,
        inherentRisk: inherentRisk(profile).level,
        residualRisk: null,
        gate: "pending",
        gateReason: "assessment-under-way",
        createdAt: nowIso,
        updatedAt: nowIso,
      });
    await tx.insert(assessments)
      .values({
        id: assessmentId,
        institutionId: bank.institutionId,
        clientId,
        questionnaireKey: "anti-trafficking",
        questionnaireVersion: 1,
        questionnaireSha256: loaded.sha256,
        status: opts.proposed ? "under-review" : "decided",
        language: "es",
        dueDate: nowIso.slice(0, 10),
        expiresAt: nowIso,
        sentBy: bank.rm.id,
        sentAt: nowIso,
        startedAt: nowIso,
        submittedAt: nowIso,
        previousAssessmentId: null,
        signatory,
        updatedAt: nowIso,
      });
    await tx.insert(answerSets)
      .values({ id: answerSetId, institutionId: bank.institutionId, assessmentId, answers, signatory, attestationText: "Declaro que las respuestas son verdaderas.", questionnaireSha256: loaded.sha256, submittedAt: nowIso, submittedBy: null });
  });
  return await write({ institutionId: null }, async (tx) => {
    const assessment = (await findAssessment(bank.institutionId, assessmentId, tx))!;
    const { row } = await recordResult({ assessment, answerSetId, answers, reason: "submission", now }, tx);
    const decisionId = newId();
    const validUntil = opts.validUntil ?? new Date(now.getTime() + 365 * 86_400_000).toISOString().slice(0, 10);
    await tx.insert(decisions)
      .values({
        id: decisionId,
        institutionId: bank.institutionId,
        clientId,
        assessmentId,
        resultId: row.id,
        outcome: opts.outcome ?? "approve-with-conditions",
        recommendation: row.recommendation,
        residualRisk: row.residualRisk,
        rationale: "Controles sólidos; faltan dos mejoras menores.",
        justification: null,
        status: opts.proposed ? "proposed" : "approved",
        proposedBy: bank.rm.id,
        proposedAt: nowIso,
        reviewedBy: opts.proposed ? null : bank.approver.id,
        reviewedAt: opts.proposed ? null : nowIso,
        reviewComment: null,
        validFrom: opts.proposed ? null : nowIso.slice(0, 10),
        validUntil: opts.proposed ? null : validUntil,
        validityMonths: 12,
        supersededBy: null,
        policy: {},
      });
    for (const [i, text] of ["Publicar la política de contratación responsable", "Auditoría social del proveedor principal"].entries()) {
      await tx.insert(conditions)
        .values({ id: newId(), institutionId: bank.institutionId, decisionId, clientId, questionId: null, text, dueDate: new Date(now.getTime() + (90 + i * 30) * 86_400_000).toISOString().slice(0, 10), status: "open" });
    }
    return { clientId, assessmentId, answerSetId, resultId: row.id, decisionId, validUntil };
  });
}

/**
 * For the browser test: an approved decision and its attestation for the demo bank's users, in
 * whatever database DATABASE_URL names (run with `npx tsx --eval`); prints the attestation id.
 */
export async function seedDemoAttestation(clientName: string): Promise<string> {
  const { issueAttestation } = await import("~/services/attestations.server");
  const demo = (id: string) => ({ id, institutionId: "inst_banco_demo" });
  const bank: Bank = { institutionId: "inst_banco_demo", rm: demo("usr_bd_rm"), approver: demo("usr_bd_approver"), admin: demo("usr_bd_admin"), auditor: demo("usr_bd_auditor") };
  const decision = await createApprovedDecision(bank, { clientName });
  const { attestationId } = await issueAttestation({ institutionId: bank.institutionId, decisionId: decision.decisionId, language: "es", now: new Date() });
  return attestationId;
}
