// Who is told (issue 17 "Notifications"): a decision awaiting approval → every active approver but
// its proposer (four-eyes: the proposer cannot act on it); approved or sent back → the proposer and
// the client's RM; a submission → the client's RM (the sender when the client has none); a
// condition reminder → the client's RM; an API key created → every active admin. The person whose
// action caused the event is never told about it, except by a security notice. A condition's plan
// (F18): proof received or a "not met" → the client's RM; "met" proposed → every approver but the
// proposer (four-eyes); confirmed → the proposer and the RM.
import type { StaffKind } from "./kinds";

export type Member = { userId: string; roles: readonly string[]; isActive: boolean };

export type RecipientEvent =
  | { kind: "decision.proposed"; actorId: string }
  | { kind: "decision.approved" | "decision.rejected"; actorId: string; proposerId: string; rmUserId: string | null }
  | { kind: "assessment.submitted"; rmUserId: string | null; sentBy: string }
  | { kind: "condition.reminder"; rmUserId: string | null; proposerId: string }
  | { kind: "condition.update"; step: "proof-received" | "proposed-met" | "proposed-not-met" | "confirmed"; actorId: string | null; rmUserId: string | null; proposerId: string }
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
    case "condition.update": {
      const rm = event.rmUserId && active.has(event.rmUserId) ? event.rmUserId : event.proposerId;
      if (event.step === "proposed-met") return [...active.values()].filter((m) => m.roles.includes("approver") && m.userId !== event.actorId).map((m) => m.userId);
      if (event.step === "confirmed") return pick([event.proposerId, rm], event.actorId ?? undefined);
      return pick([rm], event.actorId ?? undefined);
    }
    case "security.api-key-created":
      return [...active.values()].filter((m) => m.roles.includes("admin")).map((m) => m.userId);
  }
}
