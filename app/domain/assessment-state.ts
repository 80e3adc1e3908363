// Assessment state machine (shared/docs/API.md "Assessment states"):
// sent → in-progress (first save) → submitted → under-review → decided; a reviewer may return a
// submission (returned, reopening the draft); expired past the due date plus grace; withdrawn by
// the bank. Pure: every transition a service makes goes through `transition`.
export const ASSESSMENT_STATUSES = ["sent", "in-progress", "submitted", "under-review", "decided", "returned", "expired", "withdrawn"] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export type AssessmentEvent = "save" | "submit" | "start-review" | "return" | "decide" | "expire" | "withdraw" | "resend";

const TRANSITIONS: Record<AssessmentStatus, Partial<Record<AssessmentEvent, AssessmentStatus>>> = {
  sent: { save: "in-progress", submit: "submitted", expire: "expired", withdraw: "withdrawn", resend: "sent" },
  "in-progress": { save: "in-progress", submit: "submitted", expire: "expired", withdraw: "withdrawn", resend: "in-progress" },
  returned: { save: "returned", submit: "submitted", expire: "expired", withdraw: "withdrawn", resend: "returned" },
  submitted: { "start-review": "under-review", return: "returned", decide: "decided", withdraw: "withdrawn" },
  "under-review": { return: "returned", decide: "decided", withdraw: "withdrawn" },
  decided: {},
  expired: {},
  withdrawn: {},
};

export type TransitionResult = { ok: true; status: AssessmentStatus } | { ok: false; reason: string };

export function transition(status: AssessmentStatus, event: AssessmentEvent): TransitionResult {
  const next = TRANSITIONS[status][event];
  if (!next) return { ok: false, reason: `cannot ${event} an assessment that is ${status}` };
  return { ok: true, status: next };
}

export function canTransition(status: AssessmentStatus, event: AssessmentEvent): boolean {
  return TRANSITIONS[status][event] !== undefined;
}

/** States in which the respondent may edit the draft. */
export function isOpenForAnswers(status: AssessmentStatus): boolean {
  return status === "sent" || status === "in-progress" || status === "returned";
}

/** States in which the client's assessment counts as "under way" for the gate. */
export function isUnderWay(status: AssessmentStatus): boolean {
  return status === "sent" || status === "in-progress" || status === "returned" || status === "submitted" || status === "under-review";
}

export const ALL_EVENTS: readonly AssessmentEvent[] = ["save", "submit", "start-review", "return", "decide", "expire", "withdraw", "resend"];
