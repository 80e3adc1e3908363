// Questionnaire file rules: everything QUESTIONNAIRES.md and issue 4 require of a file beyond its
// shape (languages, unique ids, references to sources and earlier questions, option and scale
// rules, red flags that fit their question, evidence credit, remediation for scored questions).
// Source: shared/docs/QUESTIONNAIRES.md. Every rule has a stable name so that a refusal at start-up
// or in CI names the file, the question id and the rule, and tests can assert on it.
import type { z } from "zod";

import {
  COUNTRY_CODE_PATTERN,
  CRITERION_PATTERN,
  conditionLeaves,
  type Condition,
  NOT_APPLICABLE,
  QuestionnaireFileSchema,
  RED_FLAG_CODE_PATTERN,
  achievablePoints,
  deriveMaxPoints,
  isOptionType,
  isScaleType,
  toQuestionnaire,
  type LocalisedText,
  type QuestionFile,
  type QuestionType,
  type Questionnaire,
  type QuestionnaireFile,
  type ShowIf,
} from "./schema";

export type QuestionnaireProblem = {
  /** The file as the caller named it, e.g. "questionnaires/anti-trafficking/1.json". */
  file: string;
  questionId?: string;
  rule: string;
  message: string;
};

export type QuestionnaireValidation =
  | { ok: true; questionnaire: Questionnaire }
  | { ok: false; problems: QuestionnaireProblem[] };

/** The stable rule names, for tests and for anyone filtering problems. */
export const QUESTIONNAIRE_RULES = [
  "schema",
  "duplicate-language",
  "questionnaire-key-format",
  "section-key-format",
  "question-id-format",
  "source-id-format",
  "option-value-reserved",
  "unknown-field",
  "language-missing",
  "language-undeclared",
  "duplicate-source-id",
  "duplicate-section-key",
  "duplicate-question-id",
  "weight-positive",
  "options-not-allowed",
  "options-missing",
  "duplicate-option-value",
  "boolean-options",
  "scale-not-allowed",
  "scale-band-order",
  "scale-band-overlap",
  "scale-band-range",
  "maxpoints-unreachable",
  "criteria-format",
  "criteria-unknown-source",
  "showif-unknown-question",
  "showif-forward-reference",
  "showif-type",
  "showif-unknown-value",
  "redflag-code-format",
  "duplicate-redflag-code",
  "redflag-when-type",
  "redflag-unknown-value",
  "redflag-on-best-answer",
  "evidence-credit-range",
  "remediation-missing",
] as const;

/** The rules of the engine 2 constructs (docs/QUESTIONNAIRES-v2.md), reported like the others. */
export const ENGINE2_RULES = [
  "engine2-field",
  "condition-unknown-question",
  "condition-forward-reference",
  "condition-type",
  "condition-unknown-value",
  "condition-country",
  "rule-id-format",
  "duplicate-rule-id",
  "rule-no-action",
  "rule-unknown-question",
  "rule-void-not-allowed",
  "rule-points-range",
  "flag-severity-conflict",
  "declares-type",
  "core-unscored",
  "option-remediation-on-best",
  "option-goods-type",
] as const;
export type QuestionnaireRule = (typeof QUESTIONNAIRE_RULES)[number] | (typeof ENGINE2_RULES)[number];

export function formatProblem(problem: QuestionnaireProblem): string {
  const where = problem.questionId === undefined ? problem.file : `${problem.file} ${problem.questionId}`;
  return `${where}: ${problem.rule}: ${problem.message}`;
}

export function validateQuestionnaire(raw: unknown, fileName: string): QuestionnaireValidation {
  const parsed = QuestionnaireFileSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => problemFromIssue(issue, raw, fileName)) };
  }
  const problems = checkFile(parsed.data, raw, fileName);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, questionnaire: toQuestionnaire(parsed.data) };
}

// ---------------------------------------------------------------------------------------------
// Shape errors: turn a zod path into the question id where the path is inside a question.

type Issue = z.core.$ZodIssue;

function problemFromIssue(issue: Issue, raw: unknown, file: string): QuestionnaireProblem {
  const rule = issue.code === "custom" && typeof issue.params?.rule === "string" ? issue.params.rule : "schema";
  const path = issue.path;
  const { questionId, rest } = locate(raw, path);
  const where = formatPath(rest);
  const message = `${where === "" ? "" : `${where}: `}${issue.message}`;
  return questionId === undefined ? { file, rule, message } : { file, questionId, rule, message };
}

/** If the path runs through sections[i].questions[j], name that question and return the rest. */
function locate(raw: unknown, path: readonly PropertyKey[]): { questionId?: string; rest: readonly PropertyKey[] } {
  if (path[0] !== "sections" || path[2] !== "questions" || typeof path[1] !== "number" || typeof path[3] !== "number") {
    return { rest: path };
  }
  const sections = isRecord(raw) ? raw.sections : undefined;
  const section = Array.isArray(sections) ? sections[path[1]] : undefined;
  const questions = isRecord(section) ? section.questions : undefined;
  const question = Array.isArray(questions) ? questions[path[3]] : undefined;
  const id = isRecord(question) ? question.id : undefined;
  // A malformed id still names the question best as written, so it is reported as the id too.
  if (typeof id === "string" && id !== "") return { questionId: id, rest: path.slice(4) };
  return { rest: path };
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Rules on a well-shaped file.

const ANSWER_IN_TYPES: readonly QuestionType[] = ["boolean", "single"];
const INCLUDES_ANY_TYPES: readonly QuestionType[] = ["multi", "countries"];
const SHOW_IF_TYPES: readonly QuestionType[] = ["boolean", "single", "multi", "countries"];

const KNOWN_FIELDS = {
  questionnaire: ["key", "version", "status", "title", "description", "languages", "sources", "engine", "sections", "consistencyRules"],
  source: ["id", "title", "url"],
  section: ["key", "title", "description", "weight", "appliesIf", "questions"],
  question: [
    "id",
    "type",
    "text",
    "help",
    "required",
    "criteria",
    "options",
    "scale",
    "maxPoints",
    "notApplicable",
    "showIf",
    "evidence",
    "redFlags",
    "remediation",
    "core",
    "declares",
  ],
  option: ["value", "label", "points", "remediation", "goods"],
  redFlag: ["code", "when", "severity", "message"],
  evidence: ["expected", "creditWithout", "description"],
  rule: ["id", "when", "explanation", "flag", "voidNotApplicable", "caps", "remediation"],
} as const;

function checkFile(file: QuestionnaireFile, raw: unknown, fileName: string): QuestionnaireProblem[] {
  const problems: QuestionnaireProblem[] = [];
  const add = (rule: QuestionnaireRule, message: string, questionId?: string) =>
    problems.push(questionId === undefined ? { file: fileName, rule, message } : { file: fileName, questionId, rule, message });

  const languages = file.languages;
  const text = (value: LocalisedText | undefined, where: string, questionId?: string) => {
    if (value === undefined) return;
    for (const language of languages) {
      const s = value[language];
      if (s === undefined) add("language-missing", `${where} has no "${language}" text`, questionId);
      else if (s.trim() === "") add("language-missing", `${where} has an empty "${language}" text`, questionId);
    }
    for (const language of Object.keys(value)) {
      if (!(languages as readonly string[]).includes(language)) {
        add("language-undeclared", `${where} has "${language}" text but languages are ${languages.join(", ")}`, questionId);
      }
    }
  };

  // Misspelt field names would otherwise be kept as harmless extra fields and silently ignored.
  const rawFile = isRecord(raw) ? raw : {};
  const fields = (value: unknown, known: readonly string[], where: string, questionId?: string) => {
    if (!isRecord(value)) return;
    const byNormalised = new Map(known.map((k) => [normaliseField(k), k]));
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const meant = byNormalised.get(normaliseField(key));
      if (meant !== undefined) add("unknown-field", `${where}: "${key}" is not a field; did you mean "${meant}"?`, questionId);
    }
  };
  fields(rawFile, KNOWN_FIELDS.questionnaire, "questionnaire");

  text(file.title, "title");
  text(file.description, "description");

  const sourceIds = new Set<string>();
  file.sources.forEach((source, i) => {
    fields(arrayItem(rawFile.sources, i), KNOWN_FIELDS.source, `sources[${i}]`);
    if (sourceIds.has(source.id)) add("duplicate-source-id", `source "${source.id}" is declared more than once`);
    sourceIds.add(source.id);
  });

  const sectionKeys = new Set<string>();
  // Questions seen so far, in file order: showIf may only look back, which also rules out cycles.
  const earlier = new Map<string, QuestionFile>();
  const allIds = new Set(file.sections.flatMap((s) => s.questions.map((q) => q.id)));
  const seenIds = new Set<string>();

  file.sections.forEach((section, si) => {
    const rawSection = arrayItem(rawFile.sections, si);
    fields(rawSection, KNOWN_FIELDS.section, `section "${section.key}"`);
    if (sectionKeys.has(section.key)) add("duplicate-section-key", `section "${section.key}" appears more than once`);
    sectionKeys.add(section.key);
    if (!(section.weight > 0)) add("weight-positive", `section "${section.key}" has weight ${section.weight}; weights must be > 0`);
    text(section.title, `section "${section.key}" title`);
    text(section.description, `section "${section.key}" description`);

    section.questions.forEach((question, qi) => {
      const id = question.id;
      const rawQuestion = isRecord(rawSection) ? arrayItem(rawSection.questions, qi) : undefined;
      fields(rawQuestion, KNOWN_FIELDS.question, "question", id);
      if (seenIds.has(id)) add("duplicate-question-id", `question id "${id}" is used more than once`, id);
      seenIds.add(id);

      text(question.text, "text", id);
      text(question.help, "help", id);
      text(question.remediation, "remediation", id);
      checkOptions(question, rawQuestion, { add, text, fields });
      checkScale(question, add);
      checkMaxPoints(question, add);

      for (const criterion of question.criteria) {
        const match = CRITERION_PATTERN.exec(criterion);
        if (match === null) add("criteria-format", `criterion "${criterion}" is not of the form "<sourceId>:<item>"`, id);
        else if (!sourceIds.has(match[1] ?? "")) {
          add("criteria-unknown-source", `criterion "${criterion}" cites source "${match[1]}", which is not declared in sources`, id);
        }
      }

      if (question.showIf !== undefined) {
        for (const leaf of showIfLeaves(question.showIf)) checkShowIfLeaf(leaf, question, earlier, allIds, add);
      }

      checkRedFlags(question, rawQuestion, { add, text, fields });
      if (!problems.some((p) => p.questionId === id && p.rule.startsWith("redflag-"))) checkBestAnswerIsClean(question, add);

      if (question.evidence !== undefined) {
        fields(isRecord(rawQuestion) ? rawQuestion.evidence : undefined, KNOWN_FIELDS.evidence, "evidence", id);
        const credit = question.evidence.creditWithout;
        if (!(credit >= 0 && credit <= 1)) add("evidence-credit-range", `evidence.creditWithout is ${credit}; it must be within [0, 1]`, id);
        text(question.evidence.description, "evidence.description", id);
      }

      // Draft files may still be incomplete; a published (or retired) file is what banks see.
      if (file.status !== "draft" && deriveMaxPoints(question) > 0 && question.remediation === undefined) {
        add("remediation-missing", "a question that can score below full needs remediation text", id);
      }

      earlier.set(id, question);
    });
  });

  checkEngine2(file, rawFile, { add, text, fields });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Engine 2: modules, consistency rules, per-answer remediation, core questions, declared facts.

export const RULE_ID_PATTERN = /^CR-[A-Z0-9-]+$/;
const COMPARE_TYPES: readonly QuestionType[] = ["number", "percent"];
const IN_TYPES: readonly QuestionType[] = ["boolean", "single", "multi", "countries"];

function checkEngine2(file: QuestionnaireFile, rawFile: Record<string, unknown>, { add, text, fields }: Helpers) {
  const engine2 = file.engine === 2;
  const byId = new Map(file.sections.flatMap((s) => s.questions.map((q) => [q.id, q] as const)));
  const v2Only = (what: string, questionId?: string) =>
    add("engine2-field", `${what} needs "engine": 2 (engine 1 would ignore it and score the file differently)`, questionId);

  // Questions of earlier sections, for module conditions (a module may only look back).
  const before = new Set<string>();
  for (const section of file.sections) {
    if (section.appliesIf !== undefined) {
      if (!engine2) v2Only(`section "${section.key}" appliesIf`);
      checkCondition(section.appliesIf, `section "${section.key}" appliesIf`, byId, before, add);
    }
    for (const q of section.questions) {
      if (q.core !== undefined && !engine2) v2Only('"core"', q.id);
      if (q.declares !== undefined && !engine2) v2Only('"declares"', q.id);
      if (q.core === true && deriveMaxPoints(q) <= 0) add("core-unscored", "a core question must be scored (it flags sub-maximal answers)", q.id);
      if (q.declares !== undefined) {
        const fits = q.declares === "goods" ? q.type === "multi" : q.type === "countries";
        if (!fits) add("declares-type", `"declares": "${q.declares}" needs a ${q.declares === "goods" ? "multi" : "countries"} question, not ${q.type}`, q.id);
      }
      const full = deriveMaxPoints(q);
      for (const option of q.options ?? []) {
        if (option.remediation !== undefined) {
          if (!engine2) v2Only(`option "${option.value}" remediation`, q.id);
          text(option.remediation, `option "${option.value}" remediation`, q.id);
          if (q.type !== "multi" && (option.points ?? 0) >= full) {
            add("option-remediation-on-best", `option "${option.value}" earns the full ${full} points, so its remediation would never apply`, q.id);
          }
        }
        if (option.goods !== undefined) {
          if (!engine2) v2Only(`option "${option.value}" goods`, q.id);
          if (q.declares !== "goods") add("option-goods-type", `option "${option.value}" lists goods but the question does not declare goods`, q.id);
        }
      }
    }
    for (const q of section.questions) before.add(q.id);
  }

  const rules = file.consistencyRules;
  if (rules === undefined) return;
  if (!engine2) v2Only('"consistencyRules"');
  const all = new Set(byId.keys());
  // The same red-flag code must mean the same severity wherever it is raised.
  const severities = new Map<string, string>();
  for (const q of byId.values()) for (const f of q.redFlags) if (!severities.has(f.code)) severities.set(f.code, f.severity);
  const ids = new Set<string>();
  rules.forEach((rule, i) => {
    const where = `consistencyRules[${i}] "${rule.id}"`;
    fields(arrayItem(rawFile.consistencyRules, i), KNOWN_FIELDS.rule, where);
    if (!RULE_ID_PATTERN.test(rule.id)) add("rule-id-format", `${where}: rule id must match ${RULE_ID_PATTERN.source}`);
    if (ids.has(rule.id)) add("duplicate-rule-id", `${where}: rule id appears more than once`);
    ids.add(rule.id);
    text(rule.explanation, `${where} explanation`);
    text(rule.remediation, `${where} remediation`);
    checkCondition(rule.when, `${where} when`, byId, all, add);
    if (rule.flag === undefined && rule.voidNotApplicable === undefined && rule.caps === undefined) {
      add("rule-no-action", `${where}: a rule must raise a flag, void "n/a" answers or cap points`);
    }
    if (rule.flag !== undefined) {
      const flag = rule.flag;
      if (!RED_FLAG_CODE_PATTERN.test(flag.code)) add("redflag-code-format", `${where}: red-flag code "${flag.code}" must match ${RED_FLAG_CODE_PATTERN.source}`);
      if (!byId.has(flag.question)) add("rule-unknown-question", `${where}: flag.question "${flag.question}" is not a question in this file`);
      text(flag.message, `${where} flag message`);
      const known = severities.get(flag.code);
      if (known !== undefined && known !== flag.severity) {
        add("flag-severity-conflict", `${where}: red flag "${flag.code}" is ${flag.severity} here but ${known} elsewhere; one code, one severity`);
      }
      if (!severities.has(flag.code)) severities.set(flag.code, flag.severity);
    }
    for (const id of rule.voidNotApplicable?.questions ?? []) {
      const q = byId.get(id);
      if (q === undefined) add("rule-unknown-question", `${where}: voidNotApplicable names "${id}", which is not a question in this file`);
      else if (!q.notApplicable) add("rule-void-not-allowed", `${where}: "${id}" does not allow "n/a", so there is nothing to void`);
      else {
        const points = rule.voidNotApplicable?.points ?? 0;
        if (points > deriveMaxPoints(q)) add("rule-points-range", `${where}: voided "${id}" earns ${points}, above its ${deriveMaxPoints(q)} points`);
      }
    }
    for (const cap of rule.caps ?? []) {
      const q = byId.get(cap.question);
      if (q === undefined) add("rule-unknown-question", `${where}: caps names "${cap.question}", which is not a question in this file`);
      else if (!(cap.points < deriveMaxPoints(q))) add("rule-points-range", `${where}: a cap of ${cap.points} on "${cap.question}" must be below its ${deriveMaxPoints(q)} points`);
    }
  });
}

function checkCondition(
  condition: Condition,
  where: string,
  byId: ReadonlyMap<string, QuestionFile>,
  allowed: ReadonlySet<string>,
  add: Helpers["add"],
) {
  const question = (id: string): QuestionFile | undefined => {
    const q = byId.get(id);
    if (q === undefined) add("condition-unknown-question", `${where} refers to "${id}", which is not a question in this file`);
    else if (!allowed.has(id)) add("condition-forward-reference", `${where} refers to "${id}", which is not in an earlier section`);
    return q;
  };
  for (const leaf of conditionLeaves(condition)) {
    if ("answer" in leaf) {
      const q = question(leaf.answer);
      if (q === undefined) continue;
      if ("in" in leaf) {
        // "n/a" may be tested on any question that allows it; other values need options or countries.
        const onlyNa = leaf.in.every((v) => v === NOT_APPLICABLE);
        if (onlyNa && !q.notApplicable) add("condition-unknown-value", `${where} tests "${q.id}" for "${NOT_APPLICABLE}", which it does not allow`);
        else if (onlyNa) continue;
        else if (!IN_TYPES.includes(q.type)) add("condition-type", `${where}: "in" fits ${IN_TYPES.join("/")} questions, not the ${q.type} "${q.id}"`);
        else for (const v of leaf.in) if (!answerValueExists(q, v)) add("condition-unknown-value", `${where} tests "${q.id}" for "${v}", ${valueHint(q)}`);
      } else if (!("answered" in leaf)) {
        if (!COMPARE_TYPES.includes(q.type)) add("condition-type", `${where}: a comparison fits number/percent questions, not the ${q.type} "${q.id}"`);
        const rhs = "gt" in leaf ? leaf.gt : "gte" in leaf ? leaf.gte : "lt" in leaf ? leaf.lt : leaf.lte;
        if (typeof rhs === "object") {
          const other = question(rhs.answer);
          if (other !== undefined && !COMPARE_TYPES.includes(other.type)) add("condition-type", `${where}: "${other.id}" is a ${other.type} question and cannot be compared`);
        }
      }
    } else if ("context" in leaf && leaf.context === "countries") {
      for (const c of leaf.includesAny) if (!COUNTRY_CODE_PATTERN.test(c)) add("condition-country", `${where}: "${c}" is not an ISO 3166-1 alpha-2 code`);
    }
  }
}

type Helpers = {
  add: (rule: QuestionnaireRule, message: string, questionId?: string) => void;
  text: (value: LocalisedText | undefined, where: string, questionId?: string) => void;
  fields: (value: unknown, known: readonly string[], where: string, questionId?: string) => void;
};

function checkOptions(question: QuestionFile, rawQuestion: unknown, { add, text, fields }: Helpers) {
  const id = question.id;
  const options = question.options;
  if (!isOptionType(question.type)) {
    if (options !== undefined) add("options-not-allowed", `a ${question.type} question takes no options`, id);
    return;
  }
  if (options === undefined || options.length === 0) {
    add("options-missing", `a ${question.type} question needs options`, id);
    return;
  }
  const seen = new Set<string>();
  options.forEach((option, i) => {
    fields(isRecord(rawQuestion) ? arrayItem(rawQuestion.options, i) : undefined, KNOWN_FIELDS.option, `options[${i}]`, id);
    if (seen.has(option.value)) add("duplicate-option-value", `option value "${option.value}" appears more than once`, id);
    seen.add(option.value);
    text(option.label, `option "${option.value}" label`, id);
  });
  if (question.type === "boolean") {
    const values = options.map((o) => o.value);
    if (values.length !== 2 || !values.includes("yes") || !values.includes("no")) {
      add("boolean-options", `boolean options must be exactly "yes" and "no" (found ${values.map((v) => `"${v}"`).join(", ")})`, id);
    }
  }
}

function checkScale(question: QuestionFile, add: Helpers["add"]) {
  const id = question.id;
  const scale = question.scale;
  if (scale === undefined) return;
  if (!isScaleType(question.type)) {
    add("scale-not-allowed", `a ${question.type} question takes no scale (only number and percent do)`, id);
    return;
  }
  scale.forEach((band, i) => {
    if (!(band.min < band.max)) add("scale-band-order", `scale[${i}] has min ${band.min} ≥ max ${band.max}`, id);
    if (question.type === "percent" && (band.min < 0 || band.max > 100)) {
      add("scale-band-range", `scale[${i}] [${band.min}, ${band.max}] leaves [0, 100]`, id);
    }
  });
  // Bands are half-open [min, max) and the last is closed, so touching ends do not overlap.
  const sorted = [...scale].sort((a, b) => a.min - b.min || a.max - b.max);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    const band = sorted[i];
    if (previous !== undefined && band !== undefined && band.min < previous.max) {
      add("scale-band-overlap", `bands [${previous.min}, ${previous.max}) and [${band.min}, ${band.max}) overlap`, id);
    }
  }
}

/** A stated maximum the best answer cannot reach would make 100 impossible (contract property). */
function checkMaxPoints(question: QuestionFile, add: Helpers["add"]) {
  const explicit = question.maxPoints;
  if (explicit === undefined) return;
  const scored = isOptionType(question.type) || (isScaleType(question.type) && question.scale !== undefined);
  if (!scored || question.type === "multi") return;
  const best = achievablePoints(question);
  if (explicit > best) add("maxpoints-unreachable", `maxPoints is ${explicit} but the best answer earns ${best}`, question.id);
}

type ShowIfLeaf = { question: string; in: string[] };

function showIfLeaves(condition: ShowIf): ShowIfLeaf[] {
  if ("all" in condition) return condition.all.flatMap(showIfLeaves);
  if ("any" in condition) return condition.any.flatMap(showIfLeaves);
  return [condition];
}

function checkShowIfLeaf(
  leaf: ShowIfLeaf,
  question: QuestionFile,
  earlier: ReadonlyMap<string, QuestionFile>,
  allIds: ReadonlySet<string>,
  add: Helpers["add"],
) {
  const id = question.id;
  const target = earlier.get(leaf.question);
  if (target === undefined) {
    if (allIds.has(leaf.question)) {
      add("showif-forward-reference", `showIf refers to "${leaf.question}", which does not come before this question`, id);
    } else add("showif-unknown-question", `showIf refers to "${leaf.question}", which is not a question in this file`, id);
    return;
  }
  if (!SHOW_IF_TYPES.includes(target.type)) {
    add("showif-type", `showIf refers to "${leaf.question}", a ${target.type} question; only ${SHOW_IF_TYPES.join(", ")} can be tested with "in"`, id);
    return;
  }
  for (const value of leaf.in) {
    if (!answerValueExists(target, value)) add("showif-unknown-value", `showIf tests "${leaf.question}" for "${value}", ${valueHint(target)}`, id);
  }
}

function checkRedFlags(question: QuestionFile, rawQuestion: unknown, { add, text, fields }: Helpers) {
  const id = question.id;
  const codes = new Set<string>();
  question.redFlags.forEach((flag, i) => {
    fields(isRecord(rawQuestion) ? arrayItem(rawQuestion.redFlags, i) : undefined, KNOWN_FIELDS.redFlag, `redFlags[${i}]`, id);
    if (!RED_FLAG_CODE_PATTERN.test(flag.code)) add("redflag-code-format", `red-flag code "${flag.code}" must match ${RED_FLAG_CODE_PATTERN.source}`, id);
    if (codes.has(flag.code)) add("duplicate-redflag-code", `red-flag code "${flag.code}" appears more than once on this question`, id);
    codes.add(flag.code);
    text(flag.message, `red flag "${flag.code}" message`, id);

    const when = flag.when;
    const [operator, allowed] =
      "in" in when ? ["in", ANSWER_IN_TYPES] : "includesAny" in when ? ["includesAny", INCLUDES_ANY_TYPES] : ["gte" in when ? "gte" : "lte", ["number", "percent"] as const];
    if (!(allowed as readonly QuestionType[]).includes(question.type)) {
      add("redflag-when-type", `red flag "${flag.code}" uses "${operator}", which fits ${allowed.join("/")} questions, not ${question.type}`, id);
      return;
    }
    const values = "in" in when ? when.in : "includesAny" in when ? when.includesAny : [];
    for (const value of values) {
      if (!answerValueExists(question, value)) add("redflag-unknown-value", `red flag "${flag.code}" tests for "${value}", ${valueHint(question)}`, id);
    }
  });
}

/**
 * QUESTIONNAIRES.md: "the best answer everywhere ... gives 100 and no red flag". So some answer
 * that earns a question's full points must raise none of its red flags.
 */
function checkBestAnswerIsClean(question: QuestionFile, add: Helpers["add"]) {
  const full = deriveMaxPoints(question);
  if (full <= 0 || question.redFlags.length === 0) return;
  const whens = question.redFlags.map((flag) => flag.when);
  let clean = true;
  if (question.type === "boolean" || question.type === "single") {
    const flagged = new Set(whens.flatMap((w) => ("in" in w ? w.in : [])));
    clean = (question.options ?? []).some((o) => (o.points ?? 0) >= full && !flagged.has(o.value));
  } else if (question.type === "multi") {
    const flagged = new Set(whens.flatMap((w) => ("includesAny" in w ? w.includesAny : [])));
    const reachable = (question.options ?? []).reduce((sum, o) => sum + (flagged.has(o.value) ? 0 : Math.max(0, o.points ?? 0)), 0);
    clean = reachable >= full;
  } else if (isScaleType(question.type) && question.scale !== undefined) {
    const gte = Math.min(...whens.flatMap((w) => ("gte" in w ? [w.gte] : [])));
    const lte = Math.max(...whens.flatMap((w) => ("lte" in w ? [w.lte] : [])));
    const top = Math.max(...question.scale.map((b) => b.max));
    clean = question.scale.some((band) => {
      if (band.points < full) return false;
      // The answers in this band that neither `lte` (x ≤ lte) nor `gte` (x ≥ gte) catches.
      const lowOpen = lte >= band.min;
      const low = lowOpen ? lte : band.min;
      const highOpen = gte <= band.max || band.max !== top;
      const high = Math.min(band.max, gte);
      return low < high || (low === high && !lowOpen && !highOpen);
    });
  } else return;
  if (!clean) add("redflag-on-best-answer", `every answer that earns the full ${full} points raises a red flag`, question.id);
}

function answerValueExists(question: QuestionFile, value: string): boolean {
  if (value === NOT_APPLICABLE) return question.notApplicable;
  if (question.type === "countries") return COUNTRY_CODE_PATTERN.test(value);
  return (question.options ?? []).some((option) => option.value === value);
}

function valueHint(question: QuestionFile): string {
  if (question.type === "countries") return "which is not an ISO 3166-1 alpha-2 code";
  const values = (question.options ?? []).map((o) => `"${o.value}"`);
  if (question.notApplicable) values.push(`"${NOT_APPLICABLE}"`);
  return `which is not one of its values (${values.join(", ")})`;
}

function arrayItem(value: unknown, index: number): unknown {
  return Array.isArray(value) ? value[index] : undefined;
}

function normaliseField(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, "");
}
