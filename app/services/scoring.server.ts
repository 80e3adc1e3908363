// Scores an assessment's answers with the pure engine, using the questionnaire version the
// assessment was sent with, the client's profile, each document's review state and the
// institution's policy in force; and stores results (insert-only) with their headline columns.
import type { Tx, Reader } from "~/db.server";
import { DEFAULT_POLICY, parsePolicyOverride, type Policy } from "~/domain/policy/policy";
import type { AnswerSet } from "~/domain/scoring/answers";
import { score, type ScoreResult } from "~/domain/scoring/score";
import { newId } from "~/ids.server";
import { assessmentDocuments, findClient, insertResult, setClientResidualRisk, type Assessment } from "~/repositories/assessment-core.server";
import { findInstitution } from "~/repositories/institutions.server";
import { getQuestionnaire } from "./questionnaires.server";

export async function institutionPolicy(institutionId: string, tx: Reader): Promise<Policy> {
  const institution = await findInstitution(institutionId, tx);
  if (!institution?.policy) return DEFAULT_POLICY;
  const parsed = parsePolicyOverride(institution.policy);
  if (!parsed.ok) throw new Error(`The stored policy of institution ${institutionId} is invalid: ${parsed.error}`);
  return parsed.policy;
}

export function questionnaireOf(assessment: Pick<Assessment, "questionnaireKey" | "questionnaireVersion" | "questionnaireSha256">) {
  const loaded = getQuestionnaire(assessment.questionnaireKey, assessment.questionnaireVersion);
  if (!loaded) throw new Error(`Questionnaire ${assessment.questionnaireKey} v${assessment.questionnaireVersion} is not available`);
  if (loaded.sha256 !== assessment.questionnaireSha256) {
    throw new Error(`Questionnaire ${assessment.questionnaireKey} v${assessment.questionnaireVersion} changed after it was sent (hash mismatch)`);
  }
  return loaded;
}

export async function scoreAssessment(assessment: Assessment, answers: AnswerSet, tx: Tx, lang: "en" | "es" = "en"): Promise<ScoreResult> {
  const client = await findClient(assessment.institutionId, assessment.clientId, tx);
  if (!client) throw new Error(`Client ${assessment.clientId} not found`);
  const loaded = questionnaireOf(assessment);
  const docs = Object.fromEntries((await assessmentDocuments(assessment.institutionId, assessment.id, tx)).map((d) => [d.id, d.reviewState]));
  return score(
    loaded.questionnaire,
    answers,
    { country: client.country, sector: client.sector, sourcingCountries: client.sourcingCountries, goods: client.goods, documents: docs },
    { sha256: loaded.sha256, policy: await institutionPolicy(assessment.institutionId, tx), lang },
  );
}

/** Scores and stores a result row; returns it. `reason` says why (submission, evidence review…). */
export async function recordResult(input: { assessment: Assessment; answerSetId: string; answers: AnswerSet; reason: string; now: Date }, tx: Tx) {
  const result = await scoreAssessment(input.assessment, input.answers, tx);
  const row = {
    id: newId(),
    institutionId: input.assessment.institutionId,
    assessmentId: input.assessment.id,
    answerSetId: input.answerSetId,
    result: result as unknown as Record<string, unknown>,
    engineVersion: result.engineVersion,
    overallScore: result.overall.score === null ? null : Math.round(result.overall.score * 10),
    band: result.overall.band,
    residualRisk: result.residualRisk,
    recommendation: result.recommendation,
    reason: input.reason,
    createdAt: input.now.toISOString(),
  };
  await insertResult(row, tx);
  // The client list shows the residual risk of its latest result.
  await setClientResidualRisk(input.assessment.institutionId, input.assessment.clientId, result.residualRisk, input.now.toISOString(), tx);
  return { row, result };
}
