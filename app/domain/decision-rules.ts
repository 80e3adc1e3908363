// Decision rules: leniency order, justification, conditions, validity period and four-eyes.
// Sources: shared/docs/PRODUCT.md golden path step 5 ("a deviation from the recommendation needs a
// written justification"; validity by residual risk from policy) and "Rules that matter"
// (segregation of duties: the approver of a decision is never its proposer); QUESTIONNAIRES.md
// step 8 and its invariant "a critical red flag never yields approve or approve-with-conditions";
// DOMAIN-RESEARCH.md §5.6 (re-assessment cycle: low 24 months, medium 12, high 12).
//
// Rules fixed here where the documents are silent:
// - Leniency order: approve < approve-with-conditions < enhanced-due-diligence < decline. An outcome
//   earlier in the order than the result's recommendation is "more lenient" and needs a written
//   justification. A stricter outcome needs none.
// - A result with a critical red flag may be proposed as approve or approve-with-conditions only
//   with a justification (the engine never recommends it; a person may overrule it in writing, and
//   the four-eyes approver sees the justification).
// - approve-with-conditions needs at least one condition. Conditions belong only to that outcome:
//   for any other outcome the proposed conditions are not recorded (approve means unconditional;
//   EDD and decline keep the gate closed, so conditions would have no effect).
// - Each condition's due date is a calendar date not before the proposal day.
// - Validity: the policy's validityMonths for the result's residual risk. When that is 0 (by
//   default for critical, where the policy expects no approval), the shortest positive period of
//   the policy applies, so an approval that overrules the engine never lasts longer than the most
//   cautious cycle. Every outcome gets a period: for EDD and decline it dates the next look.
// - valid_until = valid_from + N calendar months, clamped to the month's last day (31 Jan + 1
//   month = 28/29 Feb); the decision is valid through that day (see gate.ts).
import type { Policy, Recommendation, ResidualLevel } from "~/domain/policy/policy";

export const OUTCOMES = ["approve", "approve-with-conditions", "enhanced-due-diligence", "decline"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Index in the leniency order: lower is more lenient. */
export function leniencyRank(outcome: Outcome | Recommendation): number {
  return OUTCOMES.indexOf(outcome);
}

export function isMoreLenient(outcome: Outcome, recommendation: Recommendation): boolean {
  return leniencyRank(outcome) < leniencyRank(recommendation);
}

export function isApproval(outcome: Outcome): boolean {
  return outcome === "approve" || outcome === "approve-with-conditions";
}

export type ProposalIssueCode =
  | "justification-required-lenient"
  | "justification-required-critical"
  | "condition-required"
  | "condition-due-past";

export type ProposalIssue = { path: string; code: ProposalIssueCode };

export type ProposalInput = {
  outcome: Outcome;
  recommendation: Recommendation;
  hasCriticalFlag: boolean;
  justification: string | null;
  conditions: ReadonlyArray<{ text: string; dueDate: string }>;
  /** The proposal day, YYYY-MM-DD (UTC). */
  today: string;
};

/** Every rule a proposal breaks, each tied to the form field it concerns. */
export function proposalIssues(input: ProposalInput): ProposalIssue[] {
  const issues: ProposalIssue[] = [];
  const hasJustification = (input.justification ?? "").trim().length > 0;
  if (!hasJustification) {
    if (isMoreLenient(input.outcome, input.recommendation)) issues.push({ path: "justification", code: "justification-required-lenient" });
    else if (input.hasCriticalFlag && isApproval(input.outcome)) issues.push({ path: "justification", code: "justification-required-critical" });
  }
  if (input.outcome === "approve-with-conditions") {
    if (input.conditions.length === 0) issues.push({ path: "conditions", code: "condition-required" });
    input.conditions.forEach((c, i) => {
      if (c.dueDate < input.today) issues.push({ path: `conditions[${i}].dueDate`, code: "condition-due-past" });
    });
  }
  return issues;
}

/** The conditions a decision records: only approve-with-conditions carries any. */
export function recordedConditions<T>(outcome: Outcome, conditions: readonly T[]): T[] {
  return outcome === "approve-with-conditions" ? [...conditions] : [];
}

export function validityMonthsFor(policy: Pick<Policy, "validityMonths">, residual: ResidualLevel): number {
  const months = policy.validityMonths[residual];
  if (months > 0) return months;
  const positive = Object.values(policy.validityMonths).filter((m) => m > 0);
  return positive.length > 0 ? Math.min(...positive) : 12;
}

/** YYYY-MM-DD plus calendar months, clamped to the last day of the target month. */
export function addCalendarMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const totalMonths = y * 12 + (m - 1) + months;
  const year = Math.floor(totalMonths / 12);
  const month = totalMonths % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export type ApprovalCheck = { ok: true } | { ok: false; code: "own-proposal" | "not-proposed" };

/** Four-eyes: only a proposed decision can be approved or rejected, never by its proposer. */
export function checkReviewer(decision: { proposedBy: string; status: string }, reviewerId: string): ApprovalCheck {
  if (decision.proposedBy === reviewerId) return { ok: false, code: "own-proposal" };
  if (decision.status !== "proposed") return { ok: false, code: "not-proposed" };
  return { ok: true };
}

/**
 * The due date a condition suggests for itself: remediation texts are written as loan conditions
 * ("Within 60 days, the Borrower shall…", "En un plazo de 6 meses, el Prestatario deberá…"), so
 * the proposal form pre-fills each due date from its own deadline; `fallbackDays` otherwise.
 */
export function suggestedDueDate(text: string, today: string, fallbackDays = 90): string {
  const match = /(?:within|en un plazo de|dentro de(?: los)?)\s+(\d{1,3})\s+(days?|d[ií]as|months?|meses|mes|years?|años?|año)/i.exec(text);
  const base = new Date(`${today}T00:00:00Z`);
  if (!match) return new Date(base.getTime() + fallbackDays * 86_400_000).toISOString().slice(0, 10);
  const n = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  if (/^(day|días|dias|d)/.test(unit)) return new Date(base.getTime() + n * 86_400_000).toISOString().slice(0, 10);
  const months = /^(year|año)/.test(unit) ? n * 12 : n;
  const target = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(base.getUTCDate(), lastDay));
  return target.toISOString().slice(0, 10);
}
