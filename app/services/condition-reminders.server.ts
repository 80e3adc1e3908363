// Reminders about the conditions of approved decisions (issue 17): 14 and 3 days before the due
// date and once overdue, to the client's contact (in the assessment's language) and to the client's
// RM (in-app, and e-mail unless they chose in-app only). Each stage once: the condition_reminders
// row, the notifications and the e-mails are written in one transaction, so a crash cannot send a
// reminder twice or record one that was never sent. "Today" is the institution's calendar day in
// its time zone. Rules: app/domain/notifications/condition-reminders.ts. Run with the reminder jobs.
import { read, write } from "~/db.server";
import { calendarDateIn, DEFAULT_TIME_ZONE, dueConditionReminders, renderClientConditionReminder, type ConditionStage } from "~/domain/notifications";
import { findAssessment, findClient } from "~/repositories/assessment-core.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { findCondition, findDecision } from "~/repositories/decisions.server";
import { findInstitution } from "~/repositories/institutions.server";
import { conditionsForReminders, recordConditionReminder } from "~/repositories/notifications.server";
import { findUserById } from "~/repositories/users.server";
import { enqueueClientEmail, notifyStaff } from "./notifications.server";

export type ConditionReminderReport = Array<{ institutionId: string; conditionId: string; stage: ConditionStage; emails: number }>;

export async function runConditionReminders(now: Date): Promise<ConditionReminderReport> {
  const candidates = await read((q) => conditionsForReminders(q));
  const zones = new Map<string, string>();
  const report: ConditionReminderReport = [];
  for (const c of candidates) {
    const institutionId = c.condition.institutionId;
    if (!zones.has(institutionId)) zones.set(institutionId, (await read((q) => findInstitution(institutionId, q)))?.timeZone ?? DEFAULT_TIME_ZONE);
    const today = calendarDateIn(now, zones.get(institutionId)!);
    const [due] = dueConditionReminders(
      [{ id: c.condition.id, status: c.condition.status, decisionStatus: c.decisionStatus, dueDate: c.condition.dueDate, approvedDate: c.validFrom ?? today, sentStages: c.sentStages }],
      today,
    );
    if (!due) continue;
    const emails = await write({ institutionId }, async (tx) => {
      // Re-read inside the transaction: the condition may have been met since the scan.
      const condition = await findCondition(institutionId, c.condition.id, tx);
      const decision = condition ? await findDecision(institutionId, condition.decisionId, tx) : undefined;
      if (!condition || !decision || condition.status !== "open" || decision.status !== "approved") return null;
      if (!(await recordConditionReminder({ institutionId, conditionId: condition.id, kind: due.stage, sentAt: now.toISOString() }, tx))) return null;
      // Stages the job slept through are recorded as passed, never sent late.
      for (const stage of due.passed) await recordConditionReminder({ institutionId, conditionId: condition.id, kind: stage, sentAt: now.toISOString() }, tx);
      const client = await findClient(institutionId, condition.clientId, tx);
      const assessment = await findAssessment(institutionId, decision.assessmentId, tx);
      const institution = await findInstitution(institutionId, tx);
      if (!client || !assessment || !institution) return null;
      const staff = await notifyStaff(
        {
          institutionId,
          event: { kind: "condition.reminder", rmUserId: client.rmUserId, proposerId: decision.proposedBy },
          notification: { kind: "condition.reminder", params: { conditionId: condition.id, decisionId: decision.id, clientId: client.id, clientName: client.name, text: condition.text, dueDate: condition.dueDate, stage: due.stage } },
          now,
        },
        tx,
      );
      let clientEmails = 0;
      if (client.contactEmail) {
        const rm = await findUserById(client.rmUserId ?? decision.proposedBy, tx);
        const email = renderClientConditionReminder(
          { lang: assessment.language, timeZone: institution.timeZone, institution: institution.name, client: client.name, contactName: client.contactName ?? client.name, rm: rm?.name ?? institution.name, rmEmail: rm?.email ?? "" },
          { stage: due.stage, text: condition.text, dueDate: condition.dueDate },
        );
        await enqueueClientEmail({ institutionId, kind: "client.condition-reminder", to: client.contactEmail, subject: email.subject, body: email.body, language: assessment.language, now }, tx);
        clientEmails = 1;
      }
      await appendAuditEvent(
        {
          institutionId,
          actorType: "system",
          actorId: null,
          action: "condition.reminder-sent",
          subjectType: "condition",
          subjectId: condition.id,
          after: { stage: due.stage, passed: due.passed, dueDate: condition.dueDate, staff: staff.userIds.length, clientEmails },
          now,
        },
        tx,
      );
      return staff.emailIds.length + clientEmails;
    });
    if (emails !== null) report.push({ institutionId, conditionId: c.condition.id, stage: due.stage, emails });
  }
  return report;
}
