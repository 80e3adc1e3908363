// Reminders about the conditions of an approved decision (issue 17, "condition due in 14/3 days and
// overdue → client and RM"). Pure: the job passes today's date in the institution's time zone and
// the stages already sent (the condition_reminders table). Rules fixed here:
// - Stages: due-14 when 14 days or fewer remain, due-3 when 3 or fewer, overdue the day after the
//   due date. Each stage is sent at most once per condition.
// - One reminder per condition and run: the most urgent stage reached. A job that was down catches
//   up with that one, not with a burst of stale ones (a skipped stage is recorded as passed).
// - A due-N stage whose day is on or before the approval day is skipped: the decision e-mail the
//   client got that day already named the due date. Overdue is always sent.
// - Only open conditions of an approved decision get reminders.
import { daysBetween } from "./dates";
import { CONDITION_STAGES, type ConditionStage } from "./kinds";

export type ConditionCandidate = {
  id: string;
  status: "open" | "met";
  decisionStatus: string;
  /** YYYY-MM-DD */
  dueDate: string;
  /** YYYY-MM-DD: the day the decision was approved. */
  approvedDate: string;
  sentStages: readonly string[];
};

export type DueConditionReminder = { conditionId: string; stage: ConditionStage; passed: ConditionStage[] };

const DAYS_BEFORE: Record<Exclude<ConditionStage, "overdue">, number> = { "due-14": 14, "due-3": 3 };

function reached(stage: ConditionStage, c: ConditionCandidate, today: string): boolean {
  const left = daysBetween(today, c.dueDate);
  if (stage === "overdue") return left < 0;
  const days = DAYS_BEFORE[stage];
  return left <= days && daysBetween(c.approvedDate, c.dueDate) > days;
}

export function dueConditionReminders(conditions: readonly ConditionCandidate[], today: string): DueConditionReminder[] {
  const due: DueConditionReminder[] = [];
  for (const c of conditions) {
    if (c.status !== "open" || c.decisionStatus !== "approved") continue;
    const hit = CONDITION_STAGES.filter((s) => reached(s, c, today));
    const latest = hit[hit.length - 1];
    if (!latest || c.sentStages.includes(latest)) continue;
    due.push({ conditionId: c.id, stage: latest, passed: hit.filter((s) => s !== latest && !c.sentStages.includes(s)) });
  }
  return due;
}
