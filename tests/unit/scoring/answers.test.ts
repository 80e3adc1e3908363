import fc from "fast-check";
import {
  ANSWER_MESSAGES,
  AnswerSetSchema,
  isCalendarDate,
  missingRequired,
  validateAnswers,
  validateValue,
  valueCheck,
  visibleQuestionIds,
  type MessageCode,
} from "~/domain/scoring/answers";
import { allQuestionsOf, valueArb } from "./arbitraries";
import { SYNTHETIC_PATH, loadQuestionnaire } from "./load-fixture";

const { questionnaire } = loadQuestionnaire(SYNTHETIC_PATH);

/** Answers that satisfy every required question of the synthetic form (agencies: no). */
const complete = {
  "gov.policy": { value: "yes" },
  "gov.training": { value: 90 },
  "rec.fees": { value: "no" },
  "rec.agencies": { value: "no" },
  "work.passports": { value: "no" },
  "work.notice-days": { value: 14 },
  "voice.channel": { value: ["hotline"] },
};

type Case = { code: MessageCode; questionId: string; answers: unknown; en: string; es: string };

const cases: Case[] = [
  { code: "answers-not-object", questionId: "", answers: [], en: "The answers must be an object keyed by question id.", es: "Las respuestas deben ser un objeto indexado por identificador de pregunta." },
  {
    code: "answer-shape",
    questionId: "gov.policy",
    answers: { "gov.policy": "yes" },
    en: 'The answer must be an object with a "value", and optionally "evidence" (a list of document ids) and "comment" (text).',
    es: 'La respuesta debe ser un objeto con "value" y, opcionalmente, "evidence" (una lista de identificadores de documento) y "comment" (texto).',
  },
  { code: "unknown-question", questionId: "gov.nope", answers: { "gov.nope": { value: "yes" } }, en: 'There is no question "gov.nope" in this questionnaire.', es: 'No existe la pregunta "gov.nope" en este cuestionario.' },
  { code: "expected-yes-no", questionId: "gov.policy", answers: { "gov.policy": { value: true } }, en: 'Expected one of "yes", "no".', es: 'Se esperaba uno de "yes", "no".' },
  {
    code: "expected-option",
    questionId: "gov.officer",
    answers: { "gov.officer": { value: 2 } },
    en: 'Expected one of "none", "partial", "full".',
    es: 'Se esperaba uno de "none", "partial", "full".',
  },
  { code: "expected-option-list", questionId: "voice.channel", answers: { "voice.channel": { value: "hotline" } }, en: "Expected a list of the question's options.", es: "Se esperaba una lista de opciones de la pregunta." },
  {
    code: "unknown-option",
    questionId: "gov.officer",
    answers: { "gov.officer": { value: "most" } },
    en: '"most" is not an option of this question; expected one of "none", "partial", "full".',
    es: '"most" no es una opción de esta pregunta; se esperaba uno de "none", "partial", "full".',
  },
  { code: "duplicate-value", questionId: "voice.channel", answers: { "voice.channel": { value: ["app", "app"] } }, en: '"app" is given more than once.', es: '"app" aparece más de una vez.' },
  { code: "expected-number", questionId: "work.notice-days", answers: { "work.notice-days": { value: "14" } }, en: "Expected a number.", es: "Se esperaba un número." },
  { code: "not-finite", questionId: "work.notice-days", answers: { "work.notice-days": { value: Number.POSITIVE_INFINITY } }, en: "Expected a finite number.", es: "Se esperaba un número finito." },
  { code: "number-out-of-range", questionId: "work.notice-days", answers: { "work.notice-days": { value: -1 } }, en: "Expected a number of at least 0.", es: "Se esperaba un número mayor o igual que 0." },
  { code: "percent-out-of-range", questionId: "gov.training", answers: { "gov.training": { value: 100.5 } }, en: "Expected a percentage between 0 and 100.", es: "Se esperaba un porcentaje entre 0 y 100." },
  { code: "expected-text", questionId: "legal.notes", answers: { "legal.notes": { value: ["a"] } }, en: "Expected text.", es: "Se esperaba un texto." },
  { code: "text-too-long", questionId: "legal.notes", answers: { "legal.notes": { value: "x".repeat(5001) } }, en: "The text is longer than 5000 characters.", es: "El texto supera los 5000 caracteres." },
  {
    code: "comment-too-long",
    questionId: "gov.officer",
    answers: { "gov.officer": { value: "full", comment: "x".repeat(5001) } },
    en: "The comment is longer than 5000 characters.",
    es: "El comentario supera los 5000 caracteres.",
  },
  { code: "expected-date", questionId: "voice.since", answers: { "voice.since": { value: "31/01/2024" } }, en: "Expected a date written YYYY-MM-DD.", es: "Se esperaba una fecha con el formato AAAA-MM-DD." },
  { code: "invalid-date", questionId: "voice.since", answers: { "voice.since": { value: "2023-02-29" } }, en: '"2023-02-29" is not a real calendar date.', es: '"2023-02-29" no es una fecha real del calendario.' },
  {
    code: "expected-country-list",
    questionId: "voice.languages",
    answers: { "voice.languages": { value: "MX" } },
    en: "Expected a list of ISO 3166-1 alpha-2 country codes.",
    es: "Se esperaba una lista de códigos de país ISO 3166-1 alfa-2.",
  },
  { code: "unknown-country", questionId: "voice.languages", answers: { "voice.languages": { value: ["XX"] } }, en: '"XX" is not an ISO 3166-1 alpha-2 country code.', es: '"XX" no es un código de país ISO 3166-1 alfa-2.' },
  { code: "not-applicable-not-allowed", questionId: "gov.officer", answers: { "gov.officer": { value: "n/a" } }, en: '"n/a" is not allowed for this question.', es: '"n/a" no está permitido en esta pregunta.' },
  { code: "evidence-shape", questionId: "gov.policy", answers: { "gov.policy": { value: "yes", evidence: "doc-1" } }, en: "Evidence must be a list of document ids.", es: "La evidencia debe ser una lista de identificadores de documento." },
  {
    code: "exclusive-option",
    questionId: "voice.channel",
    answers: { "voice.channel": { value: ["hotline", "none"] } },
    en: '"None" cannot be combined with other answers (Hotline): untick "None" or the other answers.',
    es: "«Ninguno» no se puede combinar con otras respuestas (Línea telefónica): desmarque «Ninguno» o las demás respuestas.",
  },
  { code: "required", questionId: "rec.fees", answers: { ...complete, "rec.fees": { value: "" } }, en: "This question is required.", es: "Esta pregunta es obligatoria." },
];

describe("validateAnswers: every message, in English and Spanish", () => {
  it("the cases cover every message code", () => {
    expect(new Set(cases.map((c) => c.code))).toEqual(new Set(Object.keys(ANSWER_MESSAGES.en)));
    expect(Object.keys(ANSWER_MESSAGES.es).sort()).toEqual(Object.keys(ANSWER_MESSAGES.en).sort());
  });

  it.each(cases)("$code", ({ code, questionId, answers, en, es }) => {
    const partial = code !== "required";
    expect(validateAnswers(questionnaire, answers, "en", { partial })).toEqual([{ questionId, code, message: en }]);
    expect(validateAnswers(questionnaire, answers, "es", { partial })).toEqual([{ questionId, code, message: es }]);
  });
});

describe("validateAnswers: accepted answers", () => {
  it("a complete, valid answer set has no issues", () => {
    expect(validateAnswers(questionnaire, complete, "en")).toEqual([]);
  });

  it("accepts n/a where allowed, leap days, ISO countries, percent edges, decimals and comments", () => {
    const answers = {
      ...complete,
      "work.housing": { value: "n/a" },
      "legal.statement": { value: "n/a" },
      "voice.since": { value: "2024-02-29" },
      "voice.languages": { value: ["MX", "GT"] },
      "gov.training": { value: 0 },
      "work.notice-days": { value: 30.5, comment: "thirty days and a half", evidence: ["d1"] },
      "legal.notes": { value: "x".repeat(5000) },
    };
    expect(validateAnswers(questionnaire, answers, "en")).toEqual([]);
  });

  it("drafts may leave required questions open; submissions list them", () => {
    expect(validateAnswers(questionnaire, {}, "en", { partial: true })).toEqual([]);
    const ids = validateAnswers(questionnaire, {}, "en").map((i) => i.questionId);
    expect(ids).toEqual(["gov.policy", "gov.training", "rec.fees", "rec.agencies", "work.passports", "work.notice-days", "voice.channel"]);
  });

  it("reports several problems of one answer set at once, in questionnaire order", () => {
    const issues = validateAnswers(questionnaire, { "voice.channel": { value: ["app", "fax", "app"] }, "gov.policy": { value: "maybe" } }, "en", { partial: true });
    expect(issues.map((i) => [i.questionId, i.code])).toEqual([
      ["gov.policy", "unknown-option"],
      ["voice.channel", "unknown-option"],
      ["voice.channel", "duplicate-value"],
    ]);
  });

  it("the zod schema accepts the three value shapes and refuses others", () => {
    expect(AnswerSetSchema.safeParse({ a: { value: "x" }, b: { value: 3 }, c: { value: ["x"], evidence: ["d"], comment: "" } }).success).toBe(true);
    expect(AnswerSetSchema.safeParse({ a: { value: true } }).success).toBe(false);
    expect(AnswerSetSchema.safeParse({ a: { value: "x", extra: 1 } }).success).toBe(false);
  });

  it("checks calendar dates", () => {
    expect(isCalendarDate("2000-02-29")).toBe(true);
    expect(isCalendarDate("1900-02-29")).toBe(false);
    expect(isCalendarDate("2024-04-31")).toBe(false);
    expect(isCalendarDate("2024-13-01")).toBe(false);
    expect(isCalendarDate("2024-12-31")).toBe(true);
  });
});

describe("visibility and the submit checklist", () => {
  it("follow-ups appear only when their condition holds, and hiding cascades", () => {
    const base = visibleQuestionIds(questionnaire, { "rec.agencies": { value: "no" } });
    expect(base).not.toContain("rec.agency-vetting");
    expect(base).not.toContain("rec.agency-contracts");
    const vetting = visibleQuestionIds(questionnaire, { "rec.agencies": { value: "yes" } });
    expect(vetting).toContain("rec.agency-vetting");
    expect(vetting).not.toContain("rec.agency-contracts");
    const both = visibleQuestionIds(questionnaire, { "rec.agencies": { value: "yes" }, "rec.agency-vetting": { value: "basic" } });
    expect(both).toContain("rec.agency-contracts");
    // The vetting answer stays, but its question is hidden once agencies is "no": so is contracts.
    const cascaded = visibleQuestionIds(questionnaire, { "rec.agencies": { value: "no" }, "rec.agency-vetting": { value: "basic" } });
    expect(cascaded).not.toContain("rec.agency-contracts");
  });

  it("a hidden required question is never missing", () => {
    expect(missingRequired(questionnaire, complete)).toEqual([]);
    expect(missingRequired(questionnaire, { ...complete, "rec.agencies": { value: "yes" } })).toEqual(["rec.agency-vetting"]);
  });

  it("an empty list counts as unanswered for a required question", () => {
    expect(missingRequired(questionnaire, { ...complete, "voice.channel": { value: [] } })).toEqual(["voice.channel"]);
  });
});

describe("valueCheck agrees with validateValue", () => {
  it("on valid, invalid and odd values for every question of the synthetic form", () => {
    const questions = allQuestionsOf(questionnaire);
    const odd = fc.oneof(
      fc.constantFrom<unknown>("n/a", "", "yes", "maybe", "XX", "2023-02-29", "2024-1-1", Number.NaN, -1, 100.5, 1e9, null, true, {}, ["MX", "MX"], ["app", "app"], ["hotline", 3]),
      fc.string(),
      fc.double(),
      fc.array(fc.string(), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...questions).chain((q) => fc.tuple(fc.constant(q), fc.oneof(valueArb(q) as fc.Arbitrary<unknown>, odd))),
        ([q, value]) => {
          expect(valueCheck(q)(value)).toBe(validateValue(q, value, "en").length === 0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
