// Reminders and expiry of assessments (issue 6 "Reminders"; PRODUCT.md "E-mail": reminders go 7, 3
// and 1 days before the due date; API.md "Assessment states": expired past the due date plus
// grace). Pure: the job runner passes the clock and what the reminders table already records.
// Rules fixed here:
// - Reminder days are due date − 7, − 3, − 1 and the due date itself, counted in UTC calendar days.
// - Only assessments the respondent can still work on get reminders (sent, in-progress, returned).
// - A kind is sent at most once per assessment (the reminders table records it).
// - A run sends one reminder per assessment at most: the latest reminder day reached. A runner that
//   was down for a few days catches up with the most urgent reminder, not a burst of stale ones.
// - A reminder day on or before the day the questionnaire was sent is skipped: the invitation
//   itself is the reminder of that day.
// - No reminders after the due date: the grace period is for late answers, not for nagging.
import { canTransition, isOpenForAnswers, type AssessmentStatus } from "./assessment-state";

export const REMINDER_DAYS_BEFORE = [7, 3, 1, 0] as const;
export type ReminderKind = `due-${(typeof REMINDER_DAYS_BEFORE)[number]}`;

export type ReminderCandidate = {
  id: string;
  status: AssessmentStatus;
  /** YYYY-MM-DD */
  dueDate: string;
  /** ISO instant the invitation was sent. */
  sentAt: string;
  /** ISO instant the links stop working. */
  expiresAt: string;
  /** Kinds already recorded in the reminders table. */
  sentKinds: readonly string[];
};

export type DueReminder = { assessmentId: string; kind: ReminderKind; daysBefore: number };

const DAY_MS = 24 * 3600_000;

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

export function reminderKind(daysBefore: (typeof REMINDER_DAYS_BEFORE)[number]): ReminderKind {
  return `due-${daysBefore}`;
}

/** The reminders to send now, at most one per assessment. */
export function dueReminders(assessments: readonly ReminderCandidate[], now: Date): DueReminder[] {
  const today = dayNumber(now.toISOString());
  const due: DueReminder[] = [];
  for (const a of assessments) {
    if (!isOpenForAnswers(a.status)) continue;
    if (a.expiresAt <= now.toISOString()) continue;
    const dueDay = dayNumber(a.dueDate);
    const sentDay = dayNumber(a.sentAt);
    if (today > dueDay) continue;
    // Smallest offset whose day has been reached: the most urgent reminder applicable today.
    const reached = REMINDER_DAYS_BEFORE.filter((n) => dueDay - n <= today && dueDay - n > sentDay);
    const latest = reached.length > 0 ? Math.min(...reached) : undefined;
    if (latest === undefined) continue;
    const kind = reminderKind(latest as (typeof REMINDER_DAYS_BEFORE)[number]);
    if (a.sentKinds.includes(kind)) continue;
    due.push({ assessmentId: a.id, kind, daysBefore: latest });
  }
  return due;
}

/** Assessments whose links have passed their expiry (due date plus grace) and can still expire. */
export function expireOverdue(assessments: ReadonlyArray<Pick<ReminderCandidate, "id" | "status" | "expiresAt">>, now: Date): string[] {
  const nowIso = now.toISOString();
  return assessments.filter((a) => canTransition(a.status, "expire") && a.expiresAt <= nowIso).map((a) => a.id);
}

/**
 * Grace after the due date during which the respondent's link keeps working (policy of this
 * project: 14 days, long enough for a late answer to come in after one reminder by the RM, short
 * enough that a stale link does not stay live for a quarter). Past it the assessment expires.
 */
export const GRACE_DAYS = 14;

/** When the links stop working: the end (24:00 UTC) of the GRACE_DAYS-th day after the due date. */
export function expiresAtFor(dueDate: string): string {
  return new Date((dayNumber(dueDate) + GRACE_DAYS + 1) * DAY_MS).toISOString();
}
