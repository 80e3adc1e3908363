// Notification kinds (issue 17 "Notifications", F13): what each event tells staff, with the
// parameters it is stored with (JSON text in notifications.params, parsed by these schemas both
// ways), whether a person may turn its e-mail off, and the page it opens. Security-relevant kinds
// are always e-mailed: nobody can silence the news that an API key was created in their bank.
import { z } from "zod";

export type Lang = "en" | "es";

export const OUTCOMES = ["approve", "approve-with-conditions", "enhanced-due-diligence", "decline"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const CONDITION_STAGES = ["due-14", "due-3", "overdue"] as const;
export type ConditionStage = (typeof CONDITION_STAGES)[number];

/** The steps of a condition's corrective-action plan that staff hear about (F18). */
export const CONDITION_STEPS = ["proof-received", "proposed-met", "proposed-not-met", "confirmed"] as const;
export type ConditionStep = (typeof CONDITION_STEPS)[number];

const Localised = z.object({ en: z.string(), es: z.string() });

export const PARAMS = {
  "decision.proposed": z.object({ decisionId: z.string(), clientId: z.string(), clientName: z.string(), outcome: z.enum(OUTCOMES), proposerName: z.string(), proposedAt: z.string() }),
  "decision.approved": z.object({ decisionId: z.string(), clientId: z.string(), clientName: z.string(), outcome: z.enum(OUTCOMES), reviewerName: z.string(), reviewedAt: z.string(), validUntil: z.string(), comment: z.string().nullable() }),
  "decision.rejected": z.object({ decisionId: z.string(), clientId: z.string(), clientName: z.string(), outcome: z.enum(OUTCOMES), reviewerName: z.string(), reviewedAt: z.string(), comment: z.string() }),
  "assessment.submitted": z.object({ assessmentId: z.string(), clientId: z.string(), clientName: z.string(), questionnaire: Localised, submittedAt: z.string(), signatoryName: z.string(), signatoryTitle: z.string(), resubmission: z.boolean() }),
  "condition.reminder": z.object({ conditionId: z.string(), decisionId: z.string(), clientId: z.string(), clientName: z.string(), text: z.string(), dueDate: z.string(), stage: z.enum(CONDITION_STAGES) }),
  "condition.update": z.object({ conditionId: z.string(), decisionId: z.string(), clientId: z.string(), clientName: z.string(), text: z.string(), step: z.enum(CONDITION_STEPS), actorName: z.string() }),
  "security.api-key-created": z.object({ apiKeyId: z.string(), keyName: z.string(), scope: z.enum(["read", "read-write"]), canReadAudit: z.boolean(), creatorName: z.string(), createdAt: z.string() }),
} as const;

export type StaffKind = keyof typeof PARAMS;
export const STAFF_KINDS = Object.keys(PARAMS) as StaffKind[];
export type ParamsOf<K extends StaffKind> = z.infer<(typeof PARAMS)[K]>;
export type StaffNotification = { [K in StaffKind]: { kind: K; params: ParamsOf<K> } }[StaffKind];

/** Kinds whose e-mail cannot be turned off. */
export const SECURITY_KINDS: readonly StaffKind[] = ["security.api-key-created"];

export function isStaffKind(value: string): value is StaffKind {
  return value in PARAMS;
}

export function isSecurityKind(kind: StaffKind): boolean {
  return SECURITY_KINDS.includes(kind);
}

/** Parses a stored row back; undefined for a kind or params this version does not know. */
export function parseStored(kind: string, params: string): StaffNotification | undefined {
  if (!isStaffKind(kind)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(params);
  } catch {
    return undefined;
  }
  const parsed = PARAMS[kind].safeParse(json);
  return parsed.success ? ({ kind, params: parsed.data } as StaffNotification) : undefined;
}

/** The JSON text a notification is stored with, checked against its kind's schema. */
export function serialiseParams(n: StaffNotification): string {
  return JSON.stringify(PARAMS[n.kind].parse(n.params));
}

/** The page a notification opens (a path in the staff app). */
export function linkOf(n: StaffNotification): string {
  switch (n.kind) {
    case "decision.proposed":
    case "decision.approved":
    case "decision.rejected":
      return `/app/decisions/${n.params.decisionId}`;
    case "assessment.submitted":
      return `/app/assessments/${n.params.assessmentId}/review`;
    case "condition.reminder":
    case "condition.update":
      return `/app/conditions/${n.params.conditionId}`;
    case "security.api-key-created":
      return "/app/admin/api-keys";
  }
}

/**
 * The channels of one notification: always in-app; e-mail unless the person chose in-app only for
 * this kind (`byEmail` false), which a security-relevant kind ignores.
 */
export function channelsFor(kind: StaffKind, byEmail: boolean | undefined): { inApp: true; email: boolean } {
  return { inApp: true, email: isSecurityKind(kind) || byEmail !== false };
}
