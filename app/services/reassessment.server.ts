// The re-assessment list (clients whose approved decision ends within 60 days or has ended, or
// whose gate closed after an assessment) and the "re-assess" action: the latest published version
// of the questionnaire key the client last answered, sent with the previous answers prefilled by
// sendAssessment (app/services/assessments.server.ts; prefill rules in app/domain/prefill.ts).
import type { StaffContext } from "~/auth/session.server";
import { reads } from "~/db.server";
import { ConflictError, InvalidInputError, NotFoundError } from "~/domain/errors";
import { addDays, reassessmentReason, REASSESS_WITHIN_DAYS, todayOf, type ReassessmentReason } from "~/domain/portfolio";
import { findClient } from "~/repositories/assessment-core.server";
import { latestAnsweredAssessment, reassessmentCandidates } from "~/repositories/portfolio.server";
import { sendAssessment, type SendResult } from "./assessments.server";
import { latestPublished } from "./questionnaires.server";

export type ReassessmentRow = {
  clientId: string;
  name: string;
  country: string;
  gate: string;
  gateReason: string | null;
  residualRisk: string | null;
  rmName: string | null;
  validUntil: string | null;
  reason: ReassessmentReason;
  previous: { assessmentId: string; questionnaireKey: string; questionnaireVersion: number; language: "en" | "es" } | null;
  latestVersion: number | null;
};

export async function reassessmentList(institutionId: string, now: Date): Promise<ReassessmentRow[]> {
  const db = reads();
  const today = todayOf(now);
  const rows: ReassessmentRow[] = [];
  for (const c of (await reassessmentCandidates(institutionId, addDays(today, REASSESS_WITHIN_DAYS), db))) {
    const reason = reassessmentReason({ gate: c.gate, gateReason: c.gateReason, validUntil: c.validUntil, hasAssessmentUnderWay: false, today });
    if (!reason) continue;
    const previous = await latestAnsweredAssessment(institutionId, c.clientId, db);
    rows.push({
      ...c,
      reason,
      previous: previous ? { assessmentId: previous.id, questionnaireKey: previous.questionnaireKey, questionnaireVersion: previous.questionnaireVersion, language: previous.language } : null,
      latestVersion: previous ? (latestPublished(previous.questionnaireKey)?.version ?? null) : null,
    });
  }
  return rows;
}

export const DEFAULT_REASSESS_DAYS = 30;

export async function reassess(
  actor: Pick<StaffContext, "institutionId" | "userId">,
  clientId: string,
  input: { dueDate?: string; language?: "en" | "es" },
  now: Date,
): Promise<SendResult> {
  const db = reads();
  if (!(await findClient(actor.institutionId, clientId, db))) throw new NotFoundError("Client");
  const previous = await latestAnsweredAssessment(actor.institutionId, clientId, db);
  if (!previous) throw new ConflictError("This client has never answered a questionnaire: send one from the client page");
  const latest = latestPublished(previous.questionnaireKey);
  if (!latest) throw new InvalidInputError(`No published version of ${previous.questionnaireKey}`, [{ path: "questionnaire", message: "reassessment.error.noVersion" }]);
  return sendAssessment(
    actor,
    clientId,
    {
      questionnaire: { key: latest.key, version: latest.version },
      dueDate: input.dueDate ?? addDays(todayOf(now), DEFAULT_REASSESS_DAYS),
      language: input.language ?? previous.language,
      previousAssessmentId: previous.id,
    },
    now,
  );
}
