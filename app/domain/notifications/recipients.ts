// Who is told (issue 17 "Notifications"): a decision awaiting approval → every active approver but
// its proposer (four-eyes: the proposer cannot act on it); approved or sent back → the proposer and
// the client's RM; a submission → the client's RM (the sender when the client has none); a
// condition reminder → the client's RM; an API key created → every active admin. The person whose
// action caused the event is never told about it, except by a security notice.
import type { StaffKind } from "./kinds";

export type Member = { userId: string; roles: readonly string[]; isActive: boolean };

export type RecipientEvent =
  | { kind: "decision.proposed"; actorId: string }
  | { kind: "decision.approved" | "decision.rejected"; actorId: string; proposerId: string; rmUserId: string | null }
  | { kind: "assessment.submitted"; rmUserId: string | null; sentBy: string }
  | { kind: "condition.reminder"; rmUserId: string | null; proposerId: string }
  | { kind: "security.api-key-created"; actorId: string };

export function recipientsFor(event: RecipientEvent & { kind: StaffKind }, members: readonly Member[]): string[] {
  const active = new Map(members.filter((m) => m.isActive).map((m) => [m.userId, m]));
  const pick = (ids: Array<string | null>, except?: string) => [...new Set(ids.filter((id): id is string => id !== null && id !== except && active.has(id)))];
  switch (event.kind) {
    case "decision.proposed":
      return [...active.values()].filter((m) => m.roles.includes("approver") && m.userId !== event.actorId).map((m) => m.userId);
    case "decision.approved":
    case "decision.rejected":
      return pick([event.proposerId, event.rmUserId], event.actorId);
    case "assessment.submitted":
      return pick([event.rmUserId && active.has(event.rmUserId) ? event.rmUserId : event.sentBy]);
    case "condition.reminder":
      return pick([event.rmUserId && active.has(event.rmUserId) ? event.rmUserId : event.proposerId]);
    case "security.api-key-created":
      return [...active.values()].filter((m) => m.roles.includes("admin")).map((m) => m.userId);
  }
}
