// Loads questionnaires for scoring tests through the questionnaire validator, so a broken fixture
// fails loudly with its rule names.
import { readFileSync } from "node:fs";
import path from "node:path";
import { questionnaireHash } from "~/domain/questionnaire/canonical";
import type { Questionnaire } from "~/domain/questionnaire/schema";
import { formatProblem, validateQuestionnaire } from "~/domain/questionnaire/validate";

export const SYNTHETIC_PATH = "tests/fixtures/scoring/synthetic-questionnaire.json";

export function loadQuestionnaire(relative: string): { questionnaire: Questionnaire; sha256: string } {
  const raw: unknown = JSON.parse(readFileSync(path.resolve(process.cwd(), relative), "utf8"));
  const result = validateQuestionnaire(raw, relative);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return { questionnaire: result.questionnaire, sha256: questionnaireHash(raw) };
}
