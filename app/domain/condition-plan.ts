// Conditions as corrective-action plans (issue 17, walkthrough F18): the client sends proof and
// updates through its link; the RM proposes "met" or "not met" with a comment and, for "met", a
// piece of proof picked from the condition's own uploads; a second person with the approver role
// confirms "met" (four-eyes, as decisions: the proposer can never confirm). Only a confirmation
// makes a condition met, so the gate (app/domain/gate.ts) counts a condition as met only once
// confirmed, and an overdue condition closes it until then. Also: the ageing of an open condition
// and what the client's scorecard may show (never the bank's rationale or observations).

export type PlanCondition = {
  status: "open" | "met";
  dueDate: string;
  proposal: "met" | "not-met" | null;
  proposedBy: string | null;
};

export type PlanProblem =
  | { code: "decision-not-approved" }
  | { code: "already-met" }
  | { code: "comment-required" }
  | { code: "proof-required" }
  | { code: "proof-unknown" }
  | { code: "nothing-to-confirm" }
  | { code: "own-proposal" };

/** Whether the RM may propose `outcome` with this comment and proof (ids of the condition's uploads). */
export function checkProposal(
  condition: PlanCondition,
  decisionStatus: string,
  input: { outcome: "met" | "not-met"; comment: string; documentId: string | null },
  uploadIds: readonly string[],
): PlanProblem | null {
  if (decisionStatus !== "approved") return { code: "decision-not-approved" };
  if (condition.status === "met") return { code: "already-met" };
  if (!input.comment.trim()) return { code: "comment-required" };
  if (input.documentId !== null && !uploadIds.includes(input.documentId)) return { code: "proof-unknown" };
  if (input.outcome === "met" && input.documentId === null) return { code: "proof-required" };
  return null;
}

/** Whether `actorId` may confirm the proposal: only a pending "met" by someone else. */
export function checkConfirmation(condition: PlanCondition, decisionStatus: string, actorId: string): PlanProblem | null {
  if (decisionStatus !== "approved") return { code: "decision-not-approved" };
  if (condition.status === "met") return { code: "already-met" };
  if (condition.proposal !== "met" || !condition.proposedBy) return { code: "nothing-to-confirm" };
  if (condition.proposedBy === actorId) return { code: "own-proposal" };
  return null;
}

/** Whether the client may still send proof or an update for this condition. */
export function acceptsClientUpdates(condition: Pick<PlanCondition, "status">, decisionStatus: string): boolean {
  return decisionStatus === "approved" && condition.status === "open";
}

/** Days past its due date of an open condition (0 when not overdue). Due dates are UTC calendar days. */
export function daysOverdue(dueDate: string, today: string): number {
  if (dueDate >= today) return 0;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000);
}

/** Where a condition stands, in one word for lists and the client's page. */
export type ConditionStanding = "met" | "awaiting-confirmation" | "more-proof-needed" | "overdue" | "open";

export function conditionStanding(condition: PlanCondition, today: string): ConditionStanding {
  if (condition.status === "met") return "met";
  if (condition.proposal === "met") return "awaiting-confirmation";
  if (condition.dueDate < today) return "overdue";
  if (condition.proposal === "not-met") return "more-proof-needed";
  return "open";
}

export type ScoreBand = "strong" | "adequate" | "weak" | "poor";

/**
 * The client's scorecard (issue 17 "A client-facing results page"): only the scores, the
 * strengths (sections in the strong or adequate band) and the improvement areas (the questions
 * that conditions were set on). It is built from these inputs alone, so nothing the bank keeps
 * internal (the rationale, justification, review comments, financial observations) can reach it.
 */
export type ScorecardInput = {
  overall: { score: number | null; band: ScoreBand | null };
  sections: Array<{ key: string; title: string; score: number | null; band: ScoreBand | null }>;
  conditionQuestions: Array<{ questionId: string | null; questionText: string | null; sectionTitle: string | null }>;
};

export type Scorecard = {
  overall: { score: number | null; band: ScoreBand | null };
  sections: Array<{ key: string; title: string; score: number | null; band: ScoreBand | null }>;
  strengths: string[];
  improvementAreas: Array<{ questionText: string; sectionTitle: string | null }>;
};

export function scorecard(input: ScorecardInput): Scorecard {
  const strengths = input.sections.filter((s) => s.band === "strong" || s.band === "adequate").map((s) => s.title);
  const seen = new Set<string>();
  const improvementAreas: Scorecard["improvementAreas"] = [];
  for (const c of input.conditionQuestions) {
    if (!c.questionId || !c.questionText || seen.has(c.questionId)) continue;
    seen.add(c.questionId);
    improvementAreas.push({ questionText: c.questionText, sectionTitle: c.sectionTitle });
  }
  return { overall: input.overall, sections: input.sections, strengths, improvementAreas };
}
