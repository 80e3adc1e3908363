// Questionnaire file format: the shape of questionnaires/<key>/<version>.json.
// Source: shared/docs/QUESTIONNAIRES.md ("The questionnaire format and the scoring contract").
// Zod here checks structure and identifier formats only; the rules that relate one field to
// another (languages, references, band overlap, red-flag fit…) live in validate.ts so that every
// problem in a file is reported at once with its own stable rule name.
import { z } from "zod";

/** The value a respondent gives for "not applicable" where `notApplicable` allows it. */
export const NOT_APPLICABLE = "n/a";

export const QUESTION_ID_PATTERN = /^[a-z0-9]+(\.[a-z0-9-]+)+$/;
export const KEY_PATTERN = /^[a-z0-9-]+$/;
export const SOURCE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const CRITERION_PATTERN = /^([A-Za-z0-9][A-Za-z0-9._-]*):(\S+)$/;
export const RED_FLAG_CODE_PATTERN = /^RF-[A-Z0-9-]+$/;
export const COUNTRY_CODE_PATTERN = /^[A-Z]{2}$/;

/** A zod refinement that tags its issue with a stable rule name (read back by validate.ts). */
function matches(pattern: RegExp, rule: string, what: string) {
  return z.string().refine((s) => pattern.test(s), {
    error: `${what} must match ${pattern.source}`,
    params: { rule },
  });
}

export const LanguageSchema = z.enum(["en", "es"]);
export type Language = z.infer<typeof LanguageSchema>;
export const LANGUAGES: readonly Language[] = LanguageSchema.options;

/** Text per language; validate.ts checks that it carries every declared language. */
export const LocalisedTextSchema = z.record(z.string(), z.string());
export type LocalisedText = z.infer<typeof LocalisedTextSchema>;

export const SourceRefSchema = z.looseObject({
  id: matches(SOURCE_ID_PATTERN, "source-id-format", "source id"),
  title: z.string().min(1),
  url: z.url(),
});
export type SourceRef = z.infer<typeof SourceRefSchema>;

export const AnswerOptionSchema = z.looseObject({
  value: z.string().min(1).refine((v) => v !== NOT_APPLICABLE, {
    error: `"${NOT_APPLICABLE}" is reserved for notApplicable answers`,
    params: { rule: "option-value-reserved" },
  }),
  label: LocalisedTextSchema,
  points: z.number().finite().optional(),
  /** Engine 2: the covenant for this answer, replacing the question's remediation (O17). */
  remediation: LocalisedTextSchema.optional(),
  /** Engine 2: goods (DOL spelling) a respondent declares by choosing this option (O7). */
  goods: z.array(z.string().min(1)).optional(),
  /** Multi-choice: this option ("None of the above") cannot be chosen with any other (F11). */
  exclusive: z.boolean().optional(),
});
export type AnswerOption = z.infer<typeof AnswerOptionSchema>;

/** Half-open band [min, max); the last band of a scale is closed. */
export const ScaleBandSchema = z.strictObject({
  min: z.number().finite(),
  max: z.number().finite(),
  points: z.number().finite(),
});
export type ScaleBand = z.infer<typeof ScaleBandSchema>;

export type ShowIf = { question: string; in: string[] } | { all: ShowIf[] } | { any: ShowIf[] };
export const ShowIfSchema: z.ZodType<ShowIf> = z.lazy(() =>
  z.union([
    z.strictObject({ question: z.string().min(1), in: z.array(z.string()).min(1) }),
    z.strictObject({ all: z.array(ShowIfSchema).min(1) }),
    z.strictObject({ any: z.array(ShowIfSchema).min(1) }),
  ], { error: 'showIf must be exactly one of { "question", "in" }, { "all": [...] } or { "any": [...] }' }),
);

// ---------------------------------------------------------------------------------------------
// Engine 2: conditions over several answers and the client context (consistency rules, optional
// modules). Each leaf has exactly one operator; validate.ts checks references and values.

/** The right-hand side of a numeric comparison: a number or another (number/percent) answer. */
export type CompareTo = number | { answer: string };
export const CompareToSchema: z.ZodType<CompareTo> = z.union([z.number().finite(), z.strictObject({ answer: z.string().min(1) })]);

export const GOODS_LISTS = ["any", "dol", "uflpa"] as const;
export type GoodsList = (typeof GOODS_LISTS)[number];

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { answer: string; in: string[] }
  | { answer: string; gt: CompareTo }
  | { answer: string; gte: CompareTo }
  | { answer: string; lt: CompareTo }
  | { answer: string; lte: CompareTo }
  | { answer: string; answered: boolean }
  | { context: "sector"; in: string[] }
  | { context: "sector-class"; gte: number }
  | { context: "countries"; includesAny: string[] }
  | { context: "goods"; includesAny: string[] }
  | { context: "listed-goods"; list: GoodsList; forDeclaredCountry: boolean }
  | { context: "country-risk"; gte: number };

const answerId = z.string().min(1);
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union(
    [
      z.strictObject({ all: z.array(ConditionSchema).min(1) }),
      z.strictObject({ any: z.array(ConditionSchema).min(1) }),
      z.strictObject({ not: ConditionSchema }),
      z.strictObject({ answer: answerId, in: z.array(z.string()).min(1) }),
      z.strictObject({ answer: answerId, gt: CompareToSchema }),
      z.strictObject({ answer: answerId, gte: CompareToSchema }),
      z.strictObject({ answer: answerId, lt: CompareToSchema }),
      z.strictObject({ answer: answerId, lte: CompareToSchema }),
      z.strictObject({ answer: answerId, answered: z.boolean() }),
      z.strictObject({ context: z.literal("sector"), in: z.array(z.string().regex(/^\d{2}$/)).min(1) }),
      z.strictObject({ context: z.literal("sector-class"), gte: z.number().int().min(1).max(4) }),
      z.strictObject({ context: z.literal("countries"), includesAny: z.array(z.string()).min(1) }),
      z.strictObject({ context: z.literal("goods"), includesAny: z.array(z.string().min(1)).min(1) }),
      z.strictObject({ context: z.literal("listed-goods"), list: z.enum(GOODS_LISTS), forDeclaredCountry: z.boolean() }),
      z.strictObject({ context: z.literal("country-risk"), gte: z.number().int().min(1).max(6) }),
    ],
    {
      error:
        'a condition must be exactly one of { "all" }, { "any" }, { "not" }, { "answer", "in" | "gt" | "gte" | "lt" | "lte" | "answered" } or { "context", … }',
    },
  ),
);

/** Exactly one operator per condition, so `{ gte, lte }` cannot silently lose half of itself. */
export const RedFlagWhenSchema = z.union([
  z.strictObject({ in: z.array(z.string()).min(1) }),
  z.strictObject({ gte: z.number().finite() }),
  z.strictObject({ lte: z.number().finite() }),
  z.strictObject({ includesAny: z.array(z.string()).min(1) }),
], { error: 'when must have exactly one of "in", "gte", "lte" or "includesAny"' });
export type RedFlagWhen = z.infer<typeof RedFlagWhenSchema>;

export const RedFlagSeveritySchema = z.enum(["critical", "major"]);
export type RedFlagSeverity = z.infer<typeof RedFlagSeveritySchema>;

export const RedFlagRuleSchema = z.looseObject({
  code: z.string(),
  when: RedFlagWhenSchema,
  severity: RedFlagSeveritySchema,
  message: LocalisedTextSchema,
});
export type RedFlagRule = z.infer<typeof RedFlagRuleSchema>;

/** Engine 2: a rule over several answers and the context (QUESTIONNAIRES-v2.md). */
export const ConsistencyRuleSchema = z.looseObject({
  id: z.string(),
  when: ConditionSchema,
  /** Why the rule exists, shown in the result next to its effects. */
  explanation: LocalisedTextSchema,
  /** A red flag reported on `question` (its answer is shown with the flag). */
  flag: z
    .strictObject({ code: z.string(), severity: RedFlagSeveritySchema, question: z.string(), message: LocalisedTextSchema })
    .optional(),
  /** "n/a" on these questions is refused: they stay in the denominator and earn `points` (default 0). */
  voidNotApplicable: z.strictObject({ questions: z.array(z.string()).min(1), points: z.number().finite().nonnegative().optional() }).optional(),
  /** The question earns at most `points`. */
  caps: z.array(z.strictObject({ question: z.string(), points: z.number().finite().nonnegative() })).min(1).optional(),
  /** A covenant added to the conditions when the rule fires. */
  remediation: LocalisedTextSchema.optional(),
});
export type ConsistencyRule = z.infer<typeof ConsistencyRuleSchema>;

/** creditWithout is range-checked in validate.ts (rule evidence-credit-range). */
export const EvidenceRuleSchema = z.looseObject({
  expected: z.boolean(),
  creditWithout: z.number().finite(),
  description: LocalisedTextSchema.optional(),
});
export type EvidenceRule = z.infer<typeof EvidenceRuleSchema>;

export const QuestionTypeSchema = z.enum(["boolean", "single", "multi", "number", "percent", "text", "date", "countries"]);
export type QuestionType = z.infer<typeof QuestionTypeSchema>;
export const QUESTION_TYPES: readonly QuestionType[] = QuestionTypeSchema.options;

export const OPTION_TYPES = ["boolean", "single", "multi"] as const satisfies readonly QuestionType[];
export type OptionQuestionType = (typeof OPTION_TYPES)[number];
export const SCALE_TYPES = ["number", "percent"] as const satisfies readonly QuestionType[];
export type ScaleQuestionType = (typeof SCALE_TYPES)[number];
/** Types whose answer is a list of strings. */
export const LIST_TYPES = ["multi", "countries"] as const satisfies readonly QuestionType[];

export function isOptionType(type: QuestionType): type is OptionQuestionType {
  return (OPTION_TYPES as readonly QuestionType[]).includes(type);
}
export function isScaleType(type: QuestionType): type is ScaleQuestionType {
  return (SCALE_TYPES as readonly QuestionType[]).includes(type);
}

/** A question as written in the file: `maxPoints` may be absent. */
export const QuestionFileSchema = z.looseObject({
  id: matches(QUESTION_ID_PATTERN, "question-id-format", "question id"),
  type: QuestionTypeSchema,
  text: LocalisedTextSchema,
  help: LocalisedTextSchema.optional(),
  required: z.boolean().default(false),
  criteria: z.array(z.string()).default([]),
  options: z.array(AnswerOptionSchema).optional(),
  scale: z.array(ScaleBandSchema).optional(),
  maxPoints: z.number().finite().nonnegative().optional(),
  notApplicable: z.boolean().default(false),
  showIf: ShowIfSchema.optional(),
  evidence: EvidenceRuleSchema.optional(),
  redFlags: z.array(RedFlagRuleSchema).default([]),
  remediation: LocalisedTextSchema.optional(),
  /** Engine 2: a core ILO forced-labour question; a sub-maximal answer means at least approve-with-conditions (O8). */
  core: z.boolean().optional(),
  /** Engine 2: the answer declares a fact merged into the scoring context (O7). */
  declares: z.enum(["sourcing-countries", "goods", "migrant-origins"]).optional(),
});
export type QuestionFile = z.output<typeof QuestionFileSchema>;

/** A loaded question: `maxPoints` is always present (explicit or derived). */
export const QuestionSchema = QuestionFileSchema.extend({
  maxPoints: z.number().finite().nonnegative(),
});
export type Question = z.output<typeof QuestionSchema>;

export const SectionFileSchema = z.looseObject({
  key: matches(KEY_PATTERN, "section-key-format", "section key"),
  title: LocalisedTextSchema,
  description: LocalisedTextSchema.optional(),
  weight: z.number().finite(),
  /** Engine 2: an optional module; its questions are shown only when this holds (answers and context). */
  appliesIf: ConditionSchema.optional(),
  questions: z.array(QuestionFileSchema).min(1),
});
export type SectionFile = z.output<typeof SectionFileSchema>;

export const SectionSchema = SectionFileSchema.extend({ questions: z.array(QuestionSchema).min(1) });
export type Section = z.output<typeof SectionSchema>;

export const QuestionnaireStatusSchema = z.enum(["draft", "published", "retired"]);
export type QuestionnaireStatus = z.infer<typeof QuestionnaireStatusSchema>;

/** The raw file, exactly as stored on disk (its canonical JSON is what gets hashed). */
export const QuestionnaireFileSchema = z.looseObject({
  key: matches(KEY_PATTERN, "questionnaire-key-format", "questionnaire key"),
  version: z.number().int().positive(),
  status: QuestionnaireStatusSchema,
  title: LocalisedTextSchema,
  description: LocalisedTextSchema,
  languages: z
    .array(LanguageSchema)
    .min(1)
    .refine((ls) => new Set(ls).size === ls.length, { error: "languages must not repeat", params: { rule: "duplicate-language" } }),
  sources: z.array(SourceRefSchema),
  /** The scoring engine the file is written for: absent = engine 1 (v1 files), 2 = engine 2. */
  engine: z.literal(2).optional(),
  sections: z.array(SectionFileSchema).min(1),
  /** Engine 2: rules over several answers and the context. */
  consistencyRules: z.array(ConsistencyRuleSchema).optional(),
});
export type QuestionnaireFile = z.output<typeof QuestionnaireFileSchema>;

/** A loaded questionnaire: defaults filled and every question's `maxPoints` derived. */
export const QuestionnaireSchema = QuestionnaireFileSchema.extend({ sections: z.array(SectionSchema).min(1) });
export type Questionnaire = z.output<typeof QuestionnaireSchema>;

/**
 * The points a perfect answer earns, per QUESTIONNAIRES.md: the best option (single, boolean), the
 * sum of positive options capped by an explicit maxPoints (multi), the best band (number, percent
 * with a scale); text, date, countries and unscaled numbers score nothing unless maxPoints is given.
 * Never below 0: a question whose best answer costs points has nothing to earn.
 */
export function achievablePoints(question: Pick<QuestionFile, "type" | "options" | "scale">): number {
  const points = (xs: readonly { points?: number | undefined }[]) => xs.map((x) => x.points ?? 0);
  switch (question.type) {
    case "boolean":
    case "single":
      return Math.max(0, ...points(question.options ?? []));
    case "multi":
      return points(question.options ?? []).reduce((sum, p) => sum + Math.max(0, p), 0);
    case "number":
    case "percent":
      return Math.max(0, ...(question.scale ?? []).map((band) => band.points));
    case "text":
    case "date":
    case "countries":
      return 0;
  }
}

export function deriveMaxPoints(question: Pick<QuestionFile, "type" | "options" | "scale" | "maxPoints">): number {
  const achievable = achievablePoints(question);
  if (question.maxPoints === undefined) return achievable;
  // An explicit maxPoints caps a multi's sum; for other scored types it states the best answer.
  if (question.type === "multi") return Math.min(question.maxPoints, achievable);
  return question.maxPoints;
}

/** Fill derived fields. Does not validate: call validateQuestionnaire for files from outside. */
export function toQuestionnaire(file: QuestionnaireFile): Questionnaire {
  return {
    ...file,
    sections: file.sections.map((section) => ({
      ...section,
      questions: section.questions.map((question) => ({ ...question, maxPoints: deriveMaxPoints(question) })),
    })),
  };
}

export function allQuestions(questionnaire: { sections: readonly { questions: readonly Question[] }[] }): Question[] {
  return questionnaire.sections.flatMap((section) => section.questions);
}

/** Sum of every question's maxPoints (ignores showIf and section weights; a size figure only). */
export function totalMaxPoints(questionnaire: Questionnaire): number {
  return allQuestions(questionnaire).reduce((sum, question) => sum + question.maxPoints, 0);
}

/** The engine a questionnaire is scored with: 1 for files without `engine`, else its value. */
export function engineOf(questionnaire: { engine?: 2 | undefined }): 1 | 2 {
  return questionnaire.engine === 2 ? 2 : 1;
}

/** Every condition leaf, in order (all/any/not flattened). */
export function conditionLeaves(condition: Condition, into: Condition[] = []): Condition[] {
  if ("all" in condition) condition.all.forEach((c) => conditionLeaves(c, into));
  else if ("any" in condition) condition.any.forEach((c) => conditionLeaves(c, into));
  else if ("not" in condition) conditionLeaves(condition.not, into);
  else into.push(condition);
  return into;
}

/** The question ids a condition reads (answer leaves and `{ answer }` right-hand sides). */
export function conditionQuestions(condition: Condition): string[] {
  const out: string[] = [];
  for (const leaf of conditionLeaves(condition)) {
    if (!("answer" in leaf)) continue;
    if (!out.includes(leaf.answer)) out.push(leaf.answer);
    for (const op of ["gt", "gte", "lt", "lte"] as const) {
      const rhs = (leaf as Record<string, unknown>)[op];
      if (typeof rhs === "object" && rhs !== null && "answer" in rhs) {
        const id = (rhs as { answer: string }).answer;
        if (!out.includes(id)) out.push(id);
      }
    }
  }
  return out;
}
