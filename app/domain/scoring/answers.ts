// Answer sets: their shape, their validation against a questionnaire, and question visibility.
// Source: shared/docs/QUESTIONNAIRES.md "Answers" (value is a string for boolean/single/date/text, a
// string array for multi/countries, a number for number/percent, or "n/a" where notApplicable
// allows it; anything else names the question and says what was expected) and `showIf` ("a hidden
// question is neither required nor scored"). API.md: issues are `{ questionId, message }`.
// Rules the contract leaves open, fixed here:
// - number answers must be finite and ≥ 0 (counts, amounts), or within the question's own numeric
//   `min`/`max` fields when it has them; percent answers within [0, 100];
// - dates are YYYY-MM-DD and must exist on the calendar (2023-02-29 is refused);
// - text answers and comments are at most MAX_TEXT_LENGTH characters;
// - an answer to a hidden question is not an error (a respondent may change the answer that
//   revealed it); it is simply ignored by scoring;
// - showIf `{ question, in }` holds when the referenced question is itself visible and its answer
//   (a string, any element of a list, or a number spelled as a string) is one of `in`;
// - an empty string or empty list counts as unanswered for `required`.
import { z } from "zod";
import { isIsoCountry } from "~/domain/risk/iso-countries";
import { NOT_APPLICABLE, type Condition, type Language, type Question, type Questionnaire, type ShowIf } from "~/domain/questionnaire/schema";
import { exclusiveConflict } from "~/domain/questionnaire/exclusive";
import { contextFacts, evaluateCondition, type ConditionContextInput, type ContextFacts } from "./conditions";

export const MAX_TEXT_LENGTH = 5000;

export const AnswerValueSchema = z.union([z.string(), z.number(), z.array(z.string())]);
export type AnswerValue = z.infer<typeof AnswerValueSchema>;

export const AnswerSchema = z.strictObject({
  value: AnswerValueSchema,
  evidence: z.array(z.string().min(1)).optional(),
  comment: z.string().max(MAX_TEXT_LENGTH).optional(),
});
export type Answer = z.infer<typeof AnswerSchema>;

export const AnswerSetSchema = z.record(z.string(), AnswerSchema);
export type AnswerSet = z.infer<typeof AnswerSetSchema>;

export interface AnswerIssue {
  questionId: string;
  /** Stable identifier of the message, for tests and UIs that map it themselves. */
  code: MessageCode;
  message: string;
}

const quoteList = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(", ");

const en = {
  "answers-not-object": () => "The answers must be an object keyed by question id.",
  "answer-shape": () => 'The answer must be an object with a "value", and optionally "evidence" (a list of document ids) and "comment" (text).',
  "unknown-question": (p: { id: string }) => `There is no question "${p.id}" in this questionnaire.`,
  "expected-yes-no": (p: { options: readonly string[] }) => `Expected one of ${quoteList(p.options)}.`,
  "expected-option": (p: { options: readonly string[] }) => `Expected one of ${quoteList(p.options)}.`,
  "expected-option-list": () => "Expected a list of the question's options.",
  "unknown-option": (p: { value: string; options: readonly string[] }) =>
    `"${p.value}" is not an option of this question; expected one of ${quoteList(p.options)}.`,
  "duplicate-value": (p: { value: string }) => `"${p.value}" is given more than once.`,
  "expected-number": () => "Expected a number.",
  "not-finite": () => "Expected a finite number.",
  "number-out-of-range": (p: { min: number; max: number | null }) =>
    p.max === null ? `Expected a number of at least ${p.min}.` : `Expected a number between ${p.min} and ${p.max}.`,
  "percent-out-of-range": () => "Expected a percentage between 0 and 100.",
  "expected-text": () => "Expected text.",
  "text-too-long": (p: { max: number }) => `The text is longer than ${p.max} characters.`,
  "comment-too-long": (p: { max: number }) => `The comment is longer than ${p.max} characters.`,
  "expected-date": () => "Expected a date written YYYY-MM-DD.",
  "invalid-date": (p: { value: string }) => `"${p.value}" is not a real calendar date.`,
  "expected-country-list": () => "Expected a list of ISO 3166-1 alpha-2 country codes.",
  "unknown-country": (p: { value: string }) => `"${p.value}" is not an ISO 3166-1 alpha-2 country code.`,
  "not-applicable-not-allowed": () => '"n/a" is not allowed for this question.',
  "evidence-shape": () => "Evidence must be a list of document ids.",
  required: () => "This question is required.",
  "exclusive-option": (p: { option: string; others: readonly string[] }) =>
    `"${p.option}" cannot be combined with other answers (${p.others.join("; ")}): untick "${p.option}" or the other answers.`,
};

export type MessageCode = keyof typeof en;
type Catalogue = { [K in MessageCode]: (typeof en)[K] };

const es: Catalogue = {
  "answers-not-object": () => "Las respuestas deben ser un objeto indexado por identificador de pregunta.",
  "answer-shape": () =>
    'La respuesta debe ser un objeto con "value" y, opcionalmente, "evidence" (una lista de identificadores de documento) y "comment" (texto).',
  "unknown-question": (p) => `No existe la pregunta "${p.id}" en este cuestionario.`,
  "expected-yes-no": (p) => `Se esperaba uno de ${quoteList(p.options)}.`,
  "expected-option": (p) => `Se esperaba uno de ${quoteList(p.options)}.`,
  "expected-option-list": () => "Se esperaba una lista de opciones de la pregunta.",
  "unknown-option": (p) => `"${p.value}" no es una opción de esta pregunta; se esperaba uno de ${quoteList(p.options)}.`,
  "duplicate-value": (p) => `"${p.value}" aparece más de una vez.`,
  "expected-number": () => "Se esperaba un número.",
  "not-finite": () => "Se esperaba un número finito.",
  "number-out-of-range": (p) =>
    p.max === null ? `Se esperaba un número mayor o igual que ${p.min}.` : `Se esperaba un número entre ${p.min} y ${p.max}.`,
  "percent-out-of-range": () => "Se esperaba un porcentaje entre 0 y 100.",
  "expected-text": () => "Se esperaba un texto.",
  "text-too-long": (p) => `El texto supera los ${p.max} caracteres.`,
  "comment-too-long": (p) => `El comentario supera los ${p.max} caracteres.`,
  "expected-date": () => "Se esperaba una fecha con el formato AAAA-MM-DD.",
  "invalid-date": (p) => `"${p.value}" no es una fecha real del calendario.`,
  "expected-country-list": () => "Se esperaba una lista de códigos de país ISO 3166-1 alfa-2.",
  "unknown-country": (p) => `"${p.value}" no es un código de país ISO 3166-1 alfa-2.`,
  "not-applicable-not-allowed": () => '"n/a" no está permitido en esta pregunta.',
  "evidence-shape": () => "La evidencia debe ser una lista de identificadores de documento.",
  required: () => "Esta pregunta es obligatoria.",
  "exclusive-option": (p) => `«${p.option}» no se puede combinar con otras respuestas (${p.others.join("; ")}): desmarque «${p.option}» o las demás respuestas.`,
};

export const ANSWER_MESSAGES: Readonly<Record<Language, Catalogue>> = { en, es };

type Params<K extends MessageCode> = Parameters<Catalogue[K]>[0];

/** An option's label in the message language (its value when the label is missing). */
function optionLabel(q: Question, value: string, lang: Language): string {
  const label = q.options?.find((o) => o.value === value)?.label;
  return (label && (label[lang] ?? label.en)) || value;
}

function issue<K extends MessageCode>(lang: Language, questionId: string, code: K, ...params: Params<K> extends undefined ? [] : [Params<K>]): AnswerIssue {
  const fn = ANSWER_MESSAGES[lang][code] as (p?: unknown) => string;
  return { questionId, code, message: fn(params[0]) };
}

// ---------------------------------------------------------------------------------------------
// Questionnaire indexing (memoised per loaded questionnaire object; loaded questionnaires are
// treated as immutable, as published files are).

export interface QuestionIndex {
  questions: readonly Question[];
  byId: ReadonlyMap<string, Question>;
  position: ReadonlyMap<string, number>;
}

const indexCache = new WeakMap<Questionnaire, QuestionIndex>();

export function indexQuestions(questionnaire: Questionnaire): QuestionIndex {
  const cached = indexCache.get(questionnaire);
  if (cached !== undefined) return cached;
  const questions = questionnaire.sections.flatMap((s) => s.questions);
  const byId = new Map<string, Question>();
  const position = new Map<string, number>();
  questions.forEach((q, i) => {
    byId.set(q.id, q);
    position.set(q.id, i);
  });
  const index = { questions, byId, position };
  indexCache.set(questionnaire, index);
  return index;
}

// ---------------------------------------------------------------------------------------------
// Visibility

/** The answers as a plain lookup; tolerant of any input so visibility never throws. */
function valueOf(answers: unknown, id: string): unknown {
  if (answers === null || typeof answers !== "object") return undefined;
  const a = (answers as Record<string, unknown>)[id];
  if (a === null || typeof a !== "object") return undefined;
  return (a as { value?: unknown }).value;
}

function valueMatches(value: unknown, allowed: readonly string[]): boolean {
  if (typeof value === "string") return allowed.includes(value);
  if (typeof value === "number") return allowed.includes(String(value));
  if (Array.isArray(value)) return value.some((v) => typeof v === "string" && allowed.includes(v));
  return false;
}

/**
 * The client context visibility may read (engine 2 modules: `appliesIf` with context leaves such
 * as the sector). Without it every context leaf is false, so a module driven only by the sector
 * stays hidden until the caller passes the client's context.
 */
export type VisibilityContext = ConditionContextInput | ContextFacts;

function factsOf(context: VisibilityContext | undefined): ContextFacts | undefined {
  if (context === undefined) return undefined;
  return "sectorClass" in context ? context : contextFacts(context);
}

/** Each question's module condition (its section's `appliesIf`), when it has one. */
const moduleCache = new WeakMap<Questionnaire, ReadonlyMap<string, Condition>>();
function moduleConditions(questionnaire: Questionnaire): ReadonlyMap<string, Condition> {
  const cached = moduleCache.get(questionnaire);
  if (cached !== undefined) return cached;
  const out = new Map<string, Condition>();
  for (const section of questionnaire.sections) {
    if (section.appliesIf === undefined) continue;
    for (const q of section.questions) out.set(q.id, section.appliesIf);
  }
  moduleCache.set(questionnaire, out);
  return out;
}

function asAnswerValue(value: unknown): AnswerValue | undefined {
  if (typeof value === "string" || typeof value === "number") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  return undefined;
}

/**
 * Visibility of every question, in questionnaire order. A condition on a hidden question is false
 * (hiding cascades). A reference to an unknown question, or a cycle, is false: the questionnaire
 * validator refuses both, so this only keeps the function total. Engine 2: a question in a module
 * section is visible only when the module's `appliesIf` holds (read with `context`) and its own
 * showIf holds.
 */
export function visibilityMap(questionnaire: Questionnaire, answers: unknown, context?: VisibilityContext): Map<string, boolean> {
  const { questions, byId } = indexQuestions(questionnaire);
  const modules = moduleConditions(questionnaire);
  const facts = modules.size === 0 ? undefined : factsOf(context);
  const visible = new Map<string, boolean>();
  const inProgress = new Set<string>();
  const moduleValue = (id: string): AnswerValue | undefined => {
    const target = byId.get(id);
    return target !== undefined && isVisible(target) ? asAnswerValue(valueOf(answers, id)) : undefined;
  };

  const isVisible = (q: Question): boolean => {
    const known = visible.get(q.id);
    if (known !== undefined) return known;
    const module = modules.get(q.id);
    if (q.showIf === undefined && module === undefined) {
      visible.set(q.id, true);
      return true;
    }
    if (inProgress.has(q.id)) return false;
    inProgress.add(q.id);
    const result =
      (module === undefined || evaluateCondition(module, { value: moduleValue, ...(facts === undefined ? {} : { context: facts }) })) &&
      (q.showIf === undefined || holds(q.showIf));
    inProgress.delete(q.id);
    visible.set(q.id, result);
    return result;
  };

  const holds = (cond: ShowIf): boolean => {
    if ("all" in cond) return cond.all.every(holds);
    if ("any" in cond) return cond.any.some(holds);
    const target = byId.get(cond.question);
    if (target === undefined || !isVisible(target)) return false;
    return valueMatches(valueOf(answers, cond.question), cond.in);
  };

  for (const q of questions) isVisible(q);
  return visible;
}

/** Ids of the visible questions, in questionnaire order. */
export function visibleQuestionIds(questionnaire: Questionnaire, answers: unknown, context?: VisibilityContext): string[] {
  const visible = visibilityMap(questionnaire, answers, context);
  return indexQuestions(questionnaire).questions.filter((q) => visible.get(q.id) === true).map((q) => q.id);
}

export function isAnswered(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Visible required questions without an answer, in questionnaire order (the submit checklist). */
export function missingRequired(questionnaire: Questionnaire, answers: unknown, context?: VisibilityContext): string[] {
  const visible = visibilityMap(questionnaire, answers, context);
  return indexQuestions(questionnaire)
    .questions.filter((q) => q.required && visible.get(q.id) === true && !isAnswered(valueOf(answers, q.id)))
    .map((q) => q.id);
}

// ---------------------------------------------------------------------------------------------
// Validation

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (m === null) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

function numericField(q: Question, field: "min" | "max"): number | undefined {
  const v = (q as Record<string, unknown>)[field];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** The accepted range of a number or percent answer (see the header for the rule). */
export function numberRange(q: Question): { min: number; max: number | null } {
  if (q.type === "percent") return { min: 0, max: 100 };
  return { min: numericField(q, "min") ?? 0, max: numericField(q, "max") ?? null };
}

function optionValues(q: Question): string[] {
  if (q.options !== undefined && q.options.length > 0) return q.options.map((o) => o.value);
  return q.type === "boolean" ? ["yes", "no"] : [];
}

/** The issues of one value for one question (no required check). */
export function validateValue(q: Question, value: unknown, lang: Language): AnswerIssue[] {
  const id = q.id;
  if (value === NOT_APPLICABLE) return q.notApplicable ? [] : [issue(lang, id, "not-applicable-not-allowed")];
  switch (q.type) {
    case "boolean":
    case "single": {
      const options = optionValues(q);
      const code = q.type === "boolean" ? "expected-yes-no" : "expected-option";
      if (typeof value !== "string") return [issue(lang, id, code, { options })];
      if (!options.includes(value)) return [issue(lang, id, "unknown-option", { value, options })];
      return [];
    }
    case "multi": {
      const options = optionValues(q);
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) return [issue(lang, id, "expected-option-list")];
      const out: AnswerIssue[] = [];
      const seen = new Set<string>();
      for (const v of value as string[]) {
        if (!options.includes(v)) out.push(issue(lang, id, "unknown-option", { value: v, options }));
        else if (seen.has(v)) out.push(issue(lang, id, "duplicate-value", { value: v }));
        seen.add(v);
      }
      return out;
    }
    case "countries": {
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) return [issue(lang, id, "expected-country-list")];
      const out: AnswerIssue[] = [];
      const seen = new Set<string>();
      for (const v of value as string[]) {
        if (!isIsoCountry(v)) out.push(issue(lang, id, "unknown-country", { value: v }));
        else if (seen.has(v)) out.push(issue(lang, id, "duplicate-value", { value: v }));
        seen.add(v);
      }
      return out;
    }
    case "number":
    case "percent": {
      if (typeof value !== "number") return [issue(lang, id, "expected-number")];
      if (!Number.isFinite(value)) return [issue(lang, id, "not-finite")];
      const { min, max } = numberRange(q);
      if (value < min || (max !== null && value > max)) {
        return [q.type === "percent" ? issue(lang, id, "percent-out-of-range") : issue(lang, id, "number-out-of-range", { min, max })];
      }
      return [];
    }
    case "text": {
      if (typeof value !== "string") return [issue(lang, id, "expected-text")];
      if (value.length > MAX_TEXT_LENGTH) return [issue(lang, id, "text-too-long", { max: MAX_TEXT_LENGTH })];
      return [];
    }
    case "date": {
      if (typeof value !== "string" || !DATE_PATTERN.test(value)) return [issue(lang, id, "expected-date")];
      if (!isCalendarDate(value)) return [issue(lang, id, "invalid-date", { value })];
      return [];
    }
  }
}

const checkCache = new WeakMap<Question, (value: unknown) => boolean>();

function isStringList(value: unknown): value is string[] {
  if (!Array.isArray(value)) return false;
  for (const v of value) if (typeof v !== "string") return false;
  return true;
}

function distinctWithin(value: readonly string[], allowed: (v: string) => boolean): boolean {
  for (let i = 0; i < value.length; i++) {
    const v = value[i] as string;
    if (!allowed(v)) return false;
    for (let j = 0; j < i; j++) if (value[j] === v) return false;
  }
  return true;
}

/**
 * A fast yes/no form of validateValue for one question, built once per question (the scoring
 * engine calls it for every answer). It must agree with validateValue; a property test checks so.
 */
export function valueCheck(q: Question): (value: unknown) => boolean {
  const cached = checkCache.get(q);
  if (cached !== undefined) return cached;
  const options = new Set(optionValues(q));
  const { min, max } = numberRange(q);
  const notApplicable = q.notApplicable;
  const isOption = (x: string) => options.has(x);
  let check: (value: unknown) => boolean;
  switch (q.type) {
    case "boolean":
    case "single":
      check = (v) => typeof v === "string" && options.has(v);
      break;
    case "multi":
      check = (v) => isStringList(v) && distinctWithin(v, isOption);
      break;
    case "countries":
      check = (v) => isStringList(v) && distinctWithin(v, isIsoCountry);
      break;
    case "number":
    case "percent":
      check = (v) => typeof v === "number" && Number.isFinite(v) && v >= min && (max === null || v <= max);
      break;
    case "text":
      check = (v) => typeof v === "string" && v.length <= MAX_TEXT_LENGTH;
      break;
    case "date":
      check = (v) => typeof v === "string" && isCalendarDate(v);
      break;
  }
  const withNotApplicable = (v: unknown) => (v === NOT_APPLICABLE ? notApplicable : check(v));
  checkCache.set(q, withNotApplicable);
  return withNotApplicable;
}

/** True when the value is acceptable for the question (the scoring engine ignores anything else). */
export function isValidValue(q: Question, value: unknown): boolean {
  return valueCheck(q)(value);
}

/**
 * Every problem in an answer set, in questionnaire order (unknown ids last, in input order).
 * `partial: true` is for drafts: required questions may still be open. Without it (submission),
 * every visible required question left unanswered is reported too.
 */
export function validateAnswers(
  questionnaire: Questionnaire,
  answers: unknown,
  lang: Language,
  opts?: { partial?: boolean; context?: VisibilityContext },
): AnswerIssue[] {
  if (answers === null || typeof answers !== "object" || Array.isArray(answers)) return [issue(lang, "", "answers-not-object")];
  const { questions, byId } = indexQuestions(questionnaire);
  const set = answers as Record<string, unknown>;
  const out: AnswerIssue[] = [];
  for (const q of questions) {
    if (!Object.prototype.hasOwnProperty.call(set, q.id)) continue;
    const answer = set[q.id];
    if (answer === null || typeof answer !== "object" || Array.isArray(answer) || !("value" in answer)) {
      out.push(issue(lang, q.id, "answer-shape"));
      continue;
    }
    const { value, evidence, comment, ...rest } = answer as { value: unknown; evidence?: unknown; comment?: unknown };
    if (Object.keys(rest).length > 0) out.push(issue(lang, q.id, "answer-shape"));
    // An empty string or list is a cleared field: unanswered, reported only by `required`.
    if (isAnswered(value)) {
      const problems = validateValue(q, value, lang);
      out.push(...problems);
      // Validation only, not valueCheck: stored answer sets keep scoring as they always did.
      const conflict = problems.length === 0 ? exclusiveConflict(q, value) : null;
      if (conflict) {
        const label = (v: string) => optionLabel(q, v, lang);
        out.push(issue(lang, q.id, "exclusive-option", { option: label(conflict.exclusive), others: conflict.others.map(label) }));
      }
    }
    if (evidence !== undefined && !(Array.isArray(evidence) && evidence.every((e) => typeof e === "string" && e !== ""))) {
      out.push(issue(lang, q.id, "evidence-shape"));
    }
    if (comment !== undefined) {
      if (typeof comment !== "string") out.push(issue(lang, q.id, "answer-shape"));
      else if (comment.length > MAX_TEXT_LENGTH) out.push(issue(lang, q.id, "comment-too-long", { max: MAX_TEXT_LENGTH }));
    }
  }
  for (const id of Object.keys(set)) {
    if (!byId.has(id)) out.push(issue(lang, id, "unknown-question", { id }));
  }
  if (opts?.partial !== true) {
    for (const id of missingRequired(questionnaire, answers, opts?.context)) out.push(issue(lang, id, "required"));
  }
  return out;
}
