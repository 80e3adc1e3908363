// Exclusive options of multi-choice questions: "None of the above" cannot be ticked together with
// another option (issue 17, walkthrough F11: "Ninguno de los anteriores" was accepted, submitted
// and scored alongside real answers). An option is exclusive when the questionnaire marks it
// `exclusive: true`, or, for the published files that predate the flag (v1 and v2 are immutable),
// when its value is "none" or "not-communicated" (each published "none of these" option uses one
// of these two values). A file may also set `exclusive: false` to opt an option named "none" out.
// Scoring is unchanged (a stored answer set scores as it always did); this rule is enforced where
// answers are written and submitted.
import type { AnswerOption, Question } from "./schema";

const IMPLICITLY_EXCLUSIVE = new Set(["none", "not-communicated"]);

export function isExclusiveOption(option: Pick<AnswerOption, "value"> & { exclusive?: unknown }): boolean {
  if (option.exclusive === true) return true;
  if (option.exclusive === false) return false;
  return IMPLICITLY_EXCLUSIVE.has(option.value);
}

/** The values of a question's exclusive options (only multi-choice questions have any). */
export function exclusiveValues(question: Pick<Question, "type" | "options">): string[] {
  if (question.type !== "multi") return [];
  return (question.options ?? []).filter((o) => isExclusiveOption(o)).map((o) => o.value);
}

/**
 * The conflict in a multi-choice answer: an exclusive option chosen together with any other
 * option. Null when the answer is consistent (or not a list).
 */
export function exclusiveConflict(question: Pick<Question, "type" | "options">, value: unknown): { exclusive: string; others: string[] } | null {
  if (!Array.isArray(value) || value.length < 2) return null;
  const exclusive = exclusiveValues(question);
  const chosen = value.filter((v): v is string => typeof v === "string");
  const hit = chosen.find((v) => exclusive.includes(v));
  if (hit === undefined) return null;
  const others = chosen.filter((v) => v !== hit);
  return others.length > 0 ? { exclusive: hit, others } : null;
}
