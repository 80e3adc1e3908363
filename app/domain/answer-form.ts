// Respondent form fields ↔ answer values (QUESTIONNAIRES.md "Answers": a string for
// boolean/single/date/text, a string array for multi/countries, a number for number/percent, or
// "n/a" where notApplicable allows it). Pure and isomorphic: the section page renders from it, the
// section action and the autosave route read posts with it.
// Merge rule (issue 6: "saves merge by question, so two tabs or two colleagues never erase each
// other's other answers"): every rendered question carries a fingerprint of the answer it was
// rendered with; a post saves only the questions whose posted answer differs from that
// fingerprint, so a stale page never writes back answers it did not change.
// Form values are never coerced into something valid: a number field holding "abc" yields the
// string "abc", which the validator reports (expected a number) and the page shows again.
import { z } from "zod";
import { NOT_APPLICABLE, type Question } from "~/domain/questionnaire/schema";

export const PRESENT_FIELD = "q";

export const fieldName = {
  value: (id: string) => `v:${id}`,
  notApplicable: (id: string) => `na:${id}`,
  comment: (id: string) => `c:${id}`,
  original: (id: string) => `o:${id}`,
};

/** What FormData and URLSearchParams both offer. */
export type FormReader = { getAll(name: string): unknown[] };

/** What a question's inputs show: selected or typed values, the n/a box and the comment. */
export type FormDefaults = { values: string[]; notApplicable: boolean; comment: string };

export type PostedAnswer = { value: string | number | string[]; comment: string | undefined };

function strings(form: FormReader, name: string): string[] {
  return form.getAll(name).filter((v): v is string => typeof v === "string");
}

/** Radios show n/a as one of the choices; other types show a separate "not applicable" box. */
export function notApplicableIsChoice(question: Pick<Question, "type">): boolean {
  return question.type === "boolean" || question.type === "single";
}

const NUMBER_PATTERN = /^-?\d+(?:[.,]\d+)?$/;

/** Reads one question's fields from a post. An empty value means "unanswered" ("" or []). */
export function readQuestion(question: Question, form: FormReader): { answer: PostedAnswer; defaults: FormDefaults } {
  const id = question.id;
  const values = strings(form, fieldName.value(id));
  const commentValues = strings(form, fieldName.comment(id));
  const comment = commentValues.length > 0 ? (commentValues[0] ?? "").trim() : undefined;
  const naBox = question.notApplicable && strings(form, fieldName.notApplicable(id)).length > 0;
  const naChoice = question.notApplicable && notApplicableIsChoice(question) && values[0] === NOT_APPLICABLE;
  const defaults: FormDefaults = { values, notApplicable: naBox || naChoice, comment: comment ?? "" };
  if (naBox || naChoice) return { answer: { value: NOT_APPLICABLE, comment }, defaults };
  switch (question.type) {
    case "multi":
    case "countries":
      return { answer: { value: values.filter((v) => v !== ""), comment }, defaults };
    case "number":
    case "percent": {
      const raw = (values[0] ?? "").trim();
      if (raw === "") return { answer: { value: "", comment }, defaults };
      const value = NUMBER_PATTERN.test(raw) ? Number(raw.replace(",", ".")) : raw;
      return { answer: { value, comment }, defaults };
    }
    case "text":
      return { answer: { value: values[0] ?? "", comment }, defaults };
    case "boolean":
    case "single":
    case "date":
      return { answer: { value: (values[0] ?? "").trim(), comment }, defaults };
  }
}

/** The inputs' initial state for a saved answer (or none). */
export function answerDefaults(question: Question, answer: { value?: unknown; comment?: string | null } | undefined): FormDefaults {
  const value = answer?.value;
  const comment = answer?.comment ?? "";
  if (value === NOT_APPLICABLE && question.notApplicable) {
    return { values: notApplicableIsChoice(question) ? [NOT_APPLICABLE] : [], notApplicable: true, comment };
  }
  if (Array.isArray(value)) return { values: value.filter((v): v is string => typeof v === "string"), notApplicable: false, comment };
  if (typeof value === "number") return { values: [String(value)], notApplicable: false, comment };
  if (typeof value === "string") return { values: [value], notApplicable: false, comment };
  return { values: [], notApplicable: false, comment };
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0);
}

/** FNV-1a (32 bit): a short, deterministic fingerprint; collisions only cost a redundant save. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** Fingerprint of an answer as the page showed it: empty values and comments compare equal. */
export function answerFingerprint(value: unknown, comment: string | null | undefined): string {
  const normalisedComment = comment === undefined || comment === null || comment.trim() === "" ? null : comment.trim();
  return fnv1a(JSON.stringify([isEmpty(value) ? null : value, normalisedComment]));
}

/**
 * The answers a section post changes: for every question the form declared present, the posted
 * answer when it differs from the fingerprint the page was rendered with (a question without a
 * fingerprint counts as changed unless its post is empty). `posted` keeps what was typed, to show
 * it again on an error.
 */
export function readSectionPost(questions: readonly Question[], form: FormReader): { changed: Record<string, PostedAnswer>; posted: Record<string, FormDefaults> } {
  const present = new Set(strings(form, PRESENT_FIELD));
  const changed: Record<string, PostedAnswer> = {};
  const posted: Record<string, FormDefaults> = {};
  for (const question of questions) {
    if (!present.has(question.id)) continue;
    const { answer, defaults } = readQuestion(question, form);
    posted[question.id] = defaults;
    const original = strings(form, fieldName.original(question.id))[0];
    if (original !== undefined && original === answerFingerprint(answer.value, answer.comment)) continue;
    // Without a fingerprint, an empty post cannot tell "cleared" from "not shown": keep the draft.
    if (original === undefined && isEmpty(answer.value) && answer.comment === undefined) continue;
    changed[question.id] = answer;
  }
  return { changed, posted };
}

// ---------------------------------------------------------------------------------------------
// Form schemas of the respondent pages; messages are keys of app/i18n/respondent.ts.

export const SignatorySchema = z.object({
  name: z.string({ error: "form.required" }).trim().min(1, "form.required").max(200, "form.tooLong"),
  title: z.string({ error: "form.required" }).trim().min(1, "form.required").max(200, "form.tooLong"),
  email: z.email({ error: "form.email" }).max(254, "form.tooLong"),
});

export const SubmitFormSchema = SignatorySchema.extend({
  attest: z.literal("on", { error: "submit.attestRequired" }),
});

export const ColleagueFormSchema = z.object({
  email: z.email({ error: "form.email" }).max(254, "form.tooLong"),
  name: z.string().trim().max(200, "form.tooLong").optional(),
});
