// The clock's work on assessments (issue 6 "Reminders"): reminder e-mails 7, 3 and 1 days before
// the due date and on it, to every respondent whose link is live, each kind once (the reminders
// table); assessments past due date plus grace become expired (audited, gate refreshed); then
// reminders about approved decisions' conditions (condition-reminders.server.ts); then
// every gate is re-evaluated for changes time alone causes. Rules: app/domain/reminders.ts.
// Run by `npm run jobs` (scripts/jobs.ts) and in-process by the server (startReminderJobs).
import { startPeriodic } from "./periodic.server";
import { read, write } from "~/db.server";
import { transition } from "~/domain/assessment-state";
import { dueReminders, expireOverdue, type ReminderKind } from "~/domain/reminders";
import { findAssessment, findClient } from "~/repositories/assessment-core.server";
import { activeRespondents, assessmentsForJobs, recordReminder, setAssessmentStatus } from "~/repositories/assessments.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { findInstitution } from "~/repositories/institutions.server";
import { enqueueReminderEmail } from "./assessments.server";
import { runConditionReminders, type ConditionReminderReport } from "./condition-reminders.server";
import { refreshAllGates, refreshClientGate } from "./gate.server";

export type JobReport = {
  now: string;
  expired: Array<{ institutionId: string; assessmentId: string }>;
  reminders: Array<{ institutionId: string; assessmentId: string; kind: ReminderKind; emails: number }>;
  conditionReminders: ConditionReminderReport;
  gatesChanged: number;
};

export async function runReminderJobs(now: Date): Promise<JobReport> {
  const nowIso = now.toISOString();
  const candidates = await read((q) => assessmentsForJobs(q));
  const report: JobReport = { now: nowIso, expired: [], reminders: [], conditionReminders: [], gatesChanged: 0 };

  const toExpire = new Set(expireOverdue(candidates, now));
  for (const candidate of candidates.filter((c) => toExpire.has(c.id))) {
    const done = await write({ institutionId: candidate.institutionId }, async (tx) => {
      // Re-read inside the transaction: a submission may have landed since the scan.
      const fresh = await findAssessment(candidate.institutionId, candidate.id, tx);
      if (!fresh || expireOverdue([fresh], now).length === 0) return false;
      const step = transition(fresh.status, "expire");
      if (!step.ok) return false;
      await setAssessmentStatus(fresh.institutionId, fresh.id, step.status, nowIso, tx);
      await appendAuditEvent(
        {
          institutionId: fresh.institutionId,
          actorType: "system",
          actorId: null,
          action: "assessment.expired",
          subjectType: "assessment",
          subjectId: fresh.id,
          before: { status: fresh.status },
          after: { status: step.status, expiresAt: fresh.expiresAt },
          reason: "past the due date plus grace",
          now,
        },
        tx,
      );
      await refreshClientGate({ institutionId: fresh.institutionId, clientId: fresh.clientId, now }, tx);
      return true;
    });
    if (done) report.expired.push({ institutionId: candidate.institutionId, assessmentId: candidate.id });
  }

  const live = candidates.filter((c) => !toExpire.has(c.id));
  for (const due of dueReminders(live, now)) {
    const candidate = live.find((c) => c.id === due.assessmentId)!;
    const emails = await write({ institutionId: candidate.institutionId }, async (tx) => {
      const fresh = await findAssessment(candidate.institutionId, candidate.id, tx);
      if (!fresh || dueReminders([{ ...fresh, sentKinds: [] }], now).length === 0) return null;
      if (!(await recordReminder({ institutionId: fresh.institutionId, assessmentId: fresh.id, kind: due.kind, sentAt: nowIso }, tx))) return null;
      const client = await findClient(fresh.institutionId, fresh.clientId, tx);
      const institution = await findInstitution(fresh.institutionId, tx);
      if (!client || !institution) return null;
      const respondents = await activeRespondents(fresh.institutionId, fresh.id, tx);
      for (const respondent of respondents) {
        await enqueueReminderEmail({ institutionId: fresh.institutionId, institutionName: institution.name, client, respondent, assessment: fresh, kind: due.kind, now }, tx);
      }
      await appendAuditEvent(
        {
          institutionId: fresh.institutionId,
          actorType: "system",
          actorId: null,
          action: "assessment.reminder-sent",
          subjectType: "assessment",
          subjectId: fresh.id,
          after: { kind: due.kind, recipients: respondents.length },
          now,
        },
        tx,
      );
      return respondents.length;
    });
    if (emails !== null) report.reminders.push({ institutionId: candidate.institutionId, assessmentId: candidate.id, kind: due.kind, emails });
  }

  report.conditionReminders = await runConditionReminders(now);
  report.gatesChanged = await refreshAllGates(now);
  return report;
}

/** In-process runner for the server: once at start, then every `intervalMs`. */
export function startReminderJobs(intervalMs = 15 * 60_000): () => void {
  return startPeriodic({
    name: "reminder jobs",
    firstDelayMs: 5_000,
    intervalMs,
    run: async (now) => {
      const report = await runReminderJobs(now);
      if (report.expired.length > 0 || report.reminders.length > 0 || report.conditionReminders.length > 0) {
        console.info(`jobs: ${report.reminders.length} reminder(s), ${report.conditionReminders.length} condition reminder(s), ${report.expired.length} expired, ${report.gatesChanged} gate(s) changed`);
      }
    },
  });
}
