// The scoring engine: answers + client context → explainable control score, red flags, inherent
// and residual risk, recommendation and conditions.
// Source: shared/docs/QUESTIONNAIRES.md "Scoring" steps 1–8 and its result shape; DOMAIN-RESEARCH
// §5.3 (evidence), §5.4 (bands), §5.6 (residual matrix, in ~/domain/policy/residual.ts).
// Pure: no I/O, no clock, no randomness; the same inputs give byte-identical JSON.
//
// Rules fixed here where the contract is silent:
// - Evidence: when a question has `evidence.expected`, its points earn full credit only if at least
//   one document attached to the answer is `accepted` in context.documents; otherwise (pending,
//   rejected, unknown id or nothing attached) points × creditWithout. The `why` says which.
// - Order inside a question: points of the answer → evidence multiplier → clamp to [0, maxPoints].
//   A multi sums its selected options' points (negative ones included) before the clamp; a list
//   that repeats an option is not a valid answer.
// - `n/a` (where allowed) leaves the denominator: earned 0, possible 0. An unanswered question, or
//   an answer that is not valid for the question (see answers.ts), earns 0 and stays in the
//   denominator. Hidden questions drop: visible false, earned 0, possible 0, no red flag, no
//   condition (their answers may be stale from a branch the respondent left).
// - number/percent: the points of the band the value falls in ([min, max), the last band closed);
//   a value in no band earns 0. text, date, countries and unscaled numbers score only when the
//   file gives them maxPoints: then a valid answer earns maxPoints (giving it is the control).
// - A section whose visible questions can earn nothing (possible 0) drops out: score and band null,
//   its weight shared by the rest. If every section drops, the overall score and band are null and
//   the residual matrix reads the band as `poor` (no control demonstrated).
// - Overall = Σ weight × section score / Σ weight over the remaining sections, computed exactly
//   from unrounded section scores and rounded half-up to one decimal at the end. Section scores are
//   shown rounded to one decimal, earned/possible to two. Bands are read from the rounded score
//   shown, so a reader never sees 80.0 labelled `adequate`.
// - Red flags fire on the raw, valid answer of a visible question regardless of evidence (§5.3),
//   in questionnaire order; `in` matches a string answer, any element of a list answer, or a number
//   spelled as a string; `includesAny` matches any element of a list; `gte`/`lte` compare numbers.
//   Their `message` is in the result language (`options.lang`, default en, falling back to the
//   questionnaire's first language); both languages are in the questionnaire for anyone who needs
//   the other.
// - Conditions: the remediation of every visible scored question that earned below its possible,
//   in section then question order, in the result language (questions without remediation text,
//   which only a draft file can have, are skipped).
// - The result language also governs every `why` and residual-risk step.
import { inherentRisk as computeInherentRisk, type InherentRisk } from "~/domain/risk/inherent-risk";
import { DEFAULT_POLICY, type Policy, type Recommendation, type ResidualLevel } from "~/domain/policy/policy";
import { residualRisk, type ControlBand, type ResidualStep } from "~/domain/policy/residual";
import {
  NOT_APPLICABLE,
  type Language,
  type LocalisedText,
  type Question,
  type Questionnaire,
  type RedFlagRule,
  type RedFlagSeverity,
  type ShowIf,
  engineOf,
} from "~/domain/questionnaire/schema";
import { scoreV2Impl } from "./score-v2";
import { valueCheck, visibilityMap, type AnswerSet, type AnswerValue } from "./answers";
import { formatPercent, fractionOf, formatUnits, lcm, percentOf, roundFraction, roundUnits } from "./exact";

export const ENGINE_VERSION = "1.0.0";
export { ENGINE_V2_VERSION } from "./score-v2";

export type DocumentState = "accepted" | "pending" | "rejected";

export interface ScoringContext {
  country: string;
  sector: string;
  sourcingCountries: readonly string[];
  goods: readonly string[];
  /** Review state of each evidence document, by document id. */
  documents: Readonly<Record<string, DocumentState>>;
  /**
   * Engine 2 (O6): the review of each (question, document) pair, by question id then document id.
   * When present it replaces `documents` for evidence credit: a document earns credit on a question
   * only when accepted for that question. Engine 1 ignores it.
   */
  evidenceReviews?: Readonly<Record<string, Readonly<Record<string, DocumentState>>>>;
}

export type { InherentRisk };

export interface ScoreOptions {
  /** SHA-256 of the questionnaire file's canonical JSON (questionnaireHash). */
  sha256: string;
  policy?: Policy;
  /**
   * Precomputed inherent risk, e.g. the client's stored one (it depends only on the context);
   * computed from the context when absent, which is about a fifth of the cost of a scoring.
   */
  inherentRisk?: InherentRisk;
  lang?: Language;
}

export type Band = ControlBand;

export interface QuestionScore {
  id: string;
  visible: boolean;
  earned: number;
  possible: number;
  why: string;
}

export interface SectionScore {
  key: string;
  score: number | null;
  band: Band | null;
  earned: number;
  possible: number;
  weight: number;
  questions: QuestionScore[];
}

export interface RedFlagHit {
  code: string;
  severity: RedFlagSeverity;
  questionId: string;
  answer: AnswerValue;
  message: string;
  /** Engine 2: the consistency rule that raised the flag (absent for a question's own flag). */
  ruleId?: string;
}

/** Engine 2: a consistency rule that fired, and what it did. */
export interface ConsistencyHit {
  id: string;
  explanation: string;
  effects: string[];
}

/** Engine 2: the facts the client declared, what they added to the profile and the profile's own inherent risk. */
export interface DeclaredFactsResult {
  sourcingCountries: string[];
  goods: string[];
  migrantOrigins: string[];
  added: { sourcingCountries: string[]; goods: string[] };
  profileInherentRisk: { level: InherentRisk["level"]; points: number };
}

export interface ScoreResult {
  questionnaire: { key: string; version: number; sha256: string };
  engineVersion: string;
  language: Language;
  overall: { score: number | null; band: Band | null; why: string };
  sections: SectionScore[];
  redFlags: RedFlagHit[];
  inherentRisk: InherentRisk;
  residualRisk: ResidualLevel;
  residualRiskSteps: ResidualStep[];
  recommendation: Recommendation;
  validityMonths: number;
  conditions: { questionId: string; text: string }[];
  policy: Policy;
  inputs: {
    country: string;
    sector: string;
    sourcingCountries: string[];
    goods: string[];
    documents: Record<string, DocumentState>;
    /** Engine 2: the per-(question, document) reviews used, when given. */
    evidenceReviews?: Record<string, Record<string, DocumentState>>;
  };
  /** Engine 2: consistency rules that fired. */
  consistency?: ConsistencyHit[];
  /** Engine 2: declared facts (O7). */
  declaredFacts?: DeclaredFactsResult;
  /** Engine 2: false when a critical flag makes the control score meaningless for the decision (O19). */
  controlsAssessable?: boolean;
  /** Engine 2: the control score had every expected document been accepted. */
  overallWithEvidence?: { score: number | null; band: Band | null };
  /** Engine 2: why the recommendation differs from the policy's mapping of the residual risk (O8). */
  recommendationSteps?: string[];
}

export function bandOf(score: number): Band {
  if (score >= 80) return "strong";
  if (score >= 60) return "adequate";
  if (score >= 40) return "weak";
  return "poor";
}

// ---------------------------------------------------------------------------------------------
// Compilation: every point value of a questionnaire as an integer count of 1/unit, visibility
// conditions as indexes, and the fixed sentences, once per loaded questionnaire object (memoised;
// loaded questionnaires are immutable). This keeps the per-submission work to lookups and sums.

type Cond = { leaf: true; target: number; values: ReadonlySet<string> } | { leaf: false; all: boolean; items: Cond[] };

interface CompiledBand {
  min: number;
  max: number;
  closed: boolean;
  label: string;
  pointsU: number;
  pointsText: string;
}

interface FixedWhy {
  hidden: string;
  notApplicable: string;
  notScored: string;
  unanswered: string;
  invalid: string;
  given: string;
}

/**
 * An option's points in units, as spelt, the sentence for answering it in each language, and its
 * term in a multi's sum (`"v" (p)`).
 */
interface CompiledOption {
  u: number;
  text: string;
  why: Readonly<Record<Language, string>>;
  term: string;
}

interface CompiledQuestion {
  q: Question;
  index: number;
  maxU: number;
  maxText: string;
  /** maxPoints as shown (two decimals), the common value of `possible` and a full `earned`. */
  maxShown: number;
  options: ReadonlyMap<string, CompiledOption>;
  bands: readonly CompiledBand[];
  /** evidence.creditWithout as a reduced fraction, when evidence is expected. */
  credit: { n: number; d: number; text: string } | null;
  cond: Cond | null;
  valid: (value: unknown) => boolean;
  why: Readonly<Record<Language, FixedWhy>>;
}

interface CompiledSection {
  key: string;
  weight: number;
  weightN: bigint;
  questions: CompiledQuestion[];
}

interface Compiled {
  unit: number;
  weightUnit: bigint;
  sections: CompiledSection[];
  questions: CompiledQuestion[];
  /** showIf only looks back (the validator's rule); otherwise fall back to visibilityMap. */
  backwardOnly: boolean;
  toUnits: (x: number) => number;
}

const compiledCache = new WeakMap<Questionnaire, Compiled>();

/** Units stay far below 2^53 even after ×2000 for rounding and summing a few hundred questions. */
const UNIT_LIMIT = 2 ** 53 / 1e6;

function compile(questionnaire: Questionnaire): Compiled {
  const cached = compiledCache.get(questionnaire);
  if (cached !== undefined) return cached;

  let unit = 1n;
  for (const section of questionnaire.sections) {
    for (const question of section.questions) {
      let qd = fractionOf(question.maxPoints).d;
      for (const o of question.options ?? []) qd = lcm(qd, fractionOf(o.points ?? 0).d);
      for (const b of question.scale ?? []) qd = lcm(qd, fractionOf(b.points).d);
      if (question.evidence?.expected === true) qd *= fractionOf(question.evidence.creditWithout).d;
      unit = lcm(unit, qd);
    }
  }
  // Engine 2: the points consistency rules give or cap must count in the same units.
  for (const rule of questionnaire.consistencyRules ?? []) {
    if (rule.voidNotApplicable?.points !== undefined) unit = lcm(unit, fractionOf(rule.voidNotApplicable.points).d);
    for (const cap of rule.caps ?? []) unit = lcm(unit, fractionOf(cap.points).d);
  }
  const unitN = Number(unit);
  const toUnits = (x: number): number => {
    const f = fractionOf(x);
    const n = Number((f.n * unit) / f.d);
    if (Math.abs(n) > UNIT_LIMIT) throw new Error(`questionnaire ${questionnaire.key}: points too large or too precise to score exactly (${x})`);
    return n;
  };

  let weightUnit = 1n;
  for (const section of questionnaire.sections) weightUnit = lcm(weightUnit, fractionOf(section.weight).d);

  const position = new Map<string, number>();
  questionnaire.sections.forEach((section) => section.questions.forEach((question) => position.set(question.id, position.size)));
  let backwardOnly = true;
  const compileCond = (cond: ShowIf, own: number): Cond => {
    if ("all" in cond) return { leaf: false, all: true, items: cond.all.map((c) => compileCond(c, own)) };
    if ("any" in cond) return { leaf: false, all: false, items: cond.any.map((c) => compileCond(c, own)) };
    const target = position.get(cond.question);
    if (target === undefined || target >= own) backwardOnly = false;
    return { leaf: true, target: target ?? -1, values: new Set(cond.in) };
  };

  const questions: CompiledQuestion[] = [];
  const sections = questionnaire.sections.map((section): CompiledSection => {
    const w = fractionOf(section.weight);
    return {
      key: section.key,
      weight: section.weight,
      weightN: (w.n * weightUnit) / w.d,
      questions: section.questions.map((question): CompiledQuestion => {
        const index = questions.length;
        const scale = question.scale ?? [];
        const credit = question.evidence?.expected === true ? fractionOf(question.evidence.creditWithout) : null;
        const maxU = toUnits(question.maxPoints);
        const maxText = formatUnits(maxU, unitN);
        const on = question.showIf === undefined ? "" : showIfQuestions(question.showIf).join(", ");
        const fixed = (t: Why): FixedWhy => ({
          hidden: t.hidden(on),
          notApplicable: t.notApplicable(),
          notScored: t.notScored(question.type),
          unanswered: t.unanswered(maxText),
          invalid: t.invalid(maxText),
          given: t.given(maxText),
        });
        const compiledQuestion: CompiledQuestion = {
          q: question,
          index,
          maxU,
          maxText,
          maxShown: roundUnits(maxU, unitN, 2),
          options: new Map(
            (question.options ?? []).map((o): [string, CompiledOption] => {
              const u = toUnits(o.points ?? 0);
              const text = formatUnits(u, unitN);
              const why = { en: WHY.en.option(o.value, text, maxText), es: WHY.es.option(o.value, text, maxText) };
              return [o.value, { u, text, why, term: `${q(o.value)} (${text})` }];
            }),
          ),
          bands: scale.map((b, i) => {
            const closed = i === scale.length - 1;
            const pointsU = toUnits(b.points);
            return { min: b.min, max: b.max, closed, label: `[${b.min}, ${b.max}${closed ? "]" : ")"}`, pointsU, pointsText: formatUnits(pointsU, unitN) };
          }),
          credit: credit === null ? null : { n: Number(credit.n), d: Number(credit.d), text: String(question.evidence?.creditWithout) },
          cond: question.showIf === undefined ? null : compileCond(question.showIf, index),
          valid: valueCheck(question),
          why: { en: fixed(WHY.en), es: fixed(WHY.es) },
        };
        questions.push(compiledQuestion);
        return compiledQuestion;
      }),
    };
  });
  const compiled: Compiled = { unit: unitN, weightUnit, sections, questions, backwardOnly, toUnits };
  compiledCache.set(questionnaire, compiled);
  return compiled;
}

// ---------------------------------------------------------------------------------------------
// Explanations (en / es). Values are quoted as the file and the answer spell them.

const q = (s: string) => `"${s}"`;

const WHY = {
  en: {
    hidden: (on: string) => `hidden (its condition on ${on} does not hold): not required, not scored`,
    notApplicable: () => `answered "n/a": not applicable, left out of the denominator`,
    notScored: (type: string) => `not scored (a ${type} answer carries no points)`,
    unanswered: (max: string) => `not answered: 0 of ${max} points`,
    invalid: (max: string) => `answer not valid for this question, counted as unanswered: 0 of ${max} points`,
    option: (v: string, p: string, max: string) => `answered ${q(v)} = ${p} of ${max} points`,
    multi: (parts: string, sum: string, max: string) => `selected ${parts} = ${sum} of ${max} points`,
    multiNone: (max: string) => `selected nothing = 0 of ${max} points`,
    band: (v: string, band: string, p: string, max: string) => `answered ${v}, band ${band} = ${p} of ${max} points`,
    noBand: (v: string, max: string) => `answered ${v}, in no band = 0 of ${max} points`,
    given: (max: string) => `answered = ${max} of ${max} points (giving this answer earns its points)`,
    accepted: (doc: string) => `; evidence expected: document ${doc} accepted, full credit`,
    notAccepted: (docs: string, c: string, after: string) => `; evidence expected, none accepted (${docs}): × ${c} = ${after}`,
    noDocs: () => "nothing attached",
    clamp: (max: string, v: string) => `; clamped to [0, ${max}] = ${v}`,
    overall: (terms: string, total: string, exact: string, shown: string) => `(${terms}) / ${total} = ${exact} → ${shown}`,
    overallNone: () => "no section has anything scorable: no control score",
    dropped: (key: string) => `${key} dropped (nothing scorable)`,
  },
  es: {
    hidden: (on: string) => `oculta (no se cumple su condición sobre ${on}): ni obligatoria ni puntuada`,
    notApplicable: () => `respondida "n/a": no aplica, fuera del denominador`,
    notScored: (type: string) => `sin puntuación (una respuesta de tipo ${type} no da puntos)`,
    unanswered: (max: string) => `sin respuesta: 0 de ${max} puntos`,
    invalid: (max: string) => `respuesta no válida para esta pregunta, contada como sin respuesta: 0 de ${max} puntos`,
    option: (v: string, p: string, max: string) => `respondida ${q(v)} = ${p} de ${max} puntos`,
    multi: (parts: string, sum: string, max: string) => `seleccionadas ${parts} = ${sum} de ${max} puntos`,
    multiNone: (max: string) => `ninguna seleccionada = 0 de ${max} puntos`,
    band: (v: string, band: string, p: string, max: string) => `respondida ${v}, tramo ${band} = ${p} de ${max} puntos`,
    noBand: (v: string, max: string) => `respondida ${v}, fuera de todo tramo = 0 de ${max} puntos`,
    given: (max: string) => `respondida = ${max} de ${max} puntos (dar esta respuesta otorga sus puntos)`,
    accepted: (doc: string) => `; evidencia esperada: documento ${doc} aceptado, crédito completo`,
    notAccepted: (docs: string, c: string, after: string) => `; evidencia esperada, ninguna aceptada (${docs}): × ${c} = ${after}`,
    noDocs: () => "nada adjunto",
    clamp: (max: string, v: string) => `; limitado a [0, ${max}] = ${v}`,
    overall: (terms: string, total: string, exact: string, shown: string) => `(${terms}) / ${total} = ${exact} → ${shown}`,
    overallNone: () => "ninguna sección tiene nada puntuable: sin puntuación de control",
    dropped: (key: string) => `${key} excluida (nada puntuable)`,
  },
} satisfies Record<Language, unknown>;

type Why = (typeof WHY)["en"];

function localised(text: LocalisedText | undefined, lang: Language, questionnaire: Questionnaire): string {
  if (text === undefined) return "";
  return text[lang] ?? text[questionnaire.languages[0] ?? "en"] ?? Object.values(text)[0] ?? "";
}

function showIfQuestions(cond: ShowIf, into: string[] = []): string[] {
  if ("all" in cond) cond.all.forEach((c) => showIfQuestions(c, into));
  else if ("any" in cond) cond.any.forEach((c) => showIfQuestions(c, into));
  else if (!into.includes(cond.question)) into.push(cond.question);
  return into;
}

// ---------------------------------------------------------------------------------------------
// Visibility (the same rule as answers.ts visibilityMap, over indexes)

type Answer = AnswerSet[string];

/**
 * Each question's answer, looked up once per submission and indexed like compiled.questions.
 * Question ids always contain a dot (QUESTION_ID_PATTERN), so they never name a prototype property.
 */
function answerList(compiled: Compiled, answers: AnswerSet): (Answer | undefined)[] {
  const qs = compiled.questions;
  const out = new Array<Answer | undefined>(qs.length);
  for (let i = 0; i < qs.length; i++) out[i] = answers[(qs[i] as CompiledQuestion).q.id];
  return out;
}

function holds(cond: Cond, visible: readonly boolean[], list: readonly (Answer | undefined)[]): boolean {
  if (!cond.leaf) {
    const items = cond.items;
    for (let i = 0; i < items.length; i++) {
      const h = holds(items[i] as Cond, visible, list);
      if (cond.all && !h) return false;
      if (!cond.all && h) return true;
    }
    return cond.all;
  }
  if (visible[cond.target] !== true) return false;
  const value = list[cond.target]?.value;
  if (typeof value === "string") return cond.values.has(value);
  if (typeof value === "number") return cond.values.has(String(value));
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === "string" && cond.values.has(v)) return true;
    }
  }
  return false;
}

function visibility(questionnaire: Questionnaire, compiled: Compiled, answers: AnswerSet, list: readonly (Answer | undefined)[]): boolean[] {
  if (!compiled.backwardOnly) {
    const map = visibilityMap(questionnaire, answers);
    return compiled.questions.map((cq) => map.get(cq.q.id) === true);
  }
  const qs = compiled.questions;
  const visible: boolean[] = new Array<boolean>(qs.length);
  for (let i = 0; i < qs.length; i++) {
    const cond = (qs[i] as CompiledQuestion).cond;
    visible[i] = cond === null ? true : holds(cond, visible, list);
  }
  return visible;
}

// ---------------------------------------------------------------------------------------------
// One question

interface Scored {
  earnedU: number;
  possibleU: number;
  why: string;
}

const NO_DOCUMENTS: readonly string[] = [];

/** One visible question; `valid` is cq.valid(answer.value), computed once by the caller (red flags need it too). */
function scoreQuestion(
  cq: CompiledQuestion,
  answer: AnswerSet[string] | undefined,
  valid: boolean,
  unit: number,
  documents: ScoringContext["documents"],
  lang: Language,
): Scored {
  const question = cq.q;
  const fixed = cq.why[lang];
  const t = WHY[lang];
  const value = answer?.value;

  if (value === NOT_APPLICABLE && question.notApplicable) return { earnedU: 0, possibleU: 0, why: fixed.notApplicable };
  if (cq.maxU === 0) return { earnedU: 0, possibleU: 0, why: fixed.notScored };
  if (value === undefined || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0 && question.type !== "multi")) {
    return { earnedU: 0, possibleU: cq.maxU, why: fixed.unanswered };
  }
  if (!valid) return { earnedU: 0, possibleU: cq.maxU, why: fixed.invalid };

  let rawU = 0;
  let why: string;
  switch (question.type) {
    case "boolean":
    case "single": {
      // A valid answer is always one of the options; the sentence was built once in compile.
      const option = cq.options.get(value as string);
      rawU = option?.u ?? 0;
      why = option === undefined ? t.option(value as string, "0", cq.maxText) : option.why[lang];
      break;
    }
    case "multi": {
      const picked = value as string[];
      if (picked.length === 0) {
        why = t.multiNone(cq.maxText);
        break;
      }
      let parts = "";
      for (const v of picked) {
        const option = cq.options.get(v);
        rawU += option?.u ?? 0;
        const term = option === undefined ? `${q(v)} (0)` : option.term;
        parts = parts === "" ? term : `${parts} + ${term}`;
      }
      why = t.multi(parts, formatUnits(rawU, unit), cq.maxText);
      break;
    }
    case "number":
    case "percent": {
      const n = value as number;
      if (cq.bands.length === 0) {
        rawU = cq.maxU;
        why = fixed.given;
        break;
      }
      let band: CompiledBand | undefined;
      for (const b of cq.bands) {
        if (n >= b.min && (n < b.max || (b.closed && n <= b.max))) {
          band = b;
          break;
        }
      }
      if (band === undefined) {
        why = t.noBand(String(n), cq.maxText);
        break;
      }
      rawU = band.pointsU;
      why = t.band(String(n), band.label, band.pointsText, cq.maxText);
      break;
    }
    case "text":
    case "date":
    case "countries": {
      rawU = cq.maxU;
      why = fixed.given;
      break;
    }
  }

  let afterU = rawU;
  if (cq.credit !== null) {
    const attached = answer?.evidence ?? NO_DOCUMENTS;
    let accepted: string | undefined;
    for (let i = 0; i < attached.length; i++) {
      const id = attached[i] as string;
      if (documents[id] === "accepted") {
        accepted = id;
        break;
      }
    }
    if (accepted !== undefined) why += t.accepted(accepted);
    else {
      // rawU is a multiple of the credit's denominator by construction of the unit (see compile).
      afterU = (rawU / cq.credit.d) * cq.credit.n;
      let states = attached.length === 0 ? t.noDocs() : "";
      for (let i = 0; i < attached.length; i++) {
        const id = attached[i] as string;
        states += `${i === 0 ? "" : ", "}${id} ${documents[id] ?? "unknown"}`;
      }
      why += t.notAccepted(states, cq.credit.text, formatUnits(afterU, unit));
    }
  }
  const earnedU = afterU < 0 ? 0 : afterU > cq.maxU ? cq.maxU : afterU;
  if (earnedU !== afterU) why += t.clamp(cq.maxText, formatUnits(earnedU, unit));
  return { earnedU, possibleU: cq.maxU, why };
}

// ---------------------------------------------------------------------------------------------
// Red flags

function fires(rule: RedFlagRule, value: AnswerValue): boolean {
  const when = rule.when;
  if ("in" in when) {
    if (typeof value === "string") return when.in.includes(value);
    if (typeof value === "number") return when.in.includes(String(value));
    return value.some((v) => when.in.includes(v));
  }
  if ("includesAny" in when) {
    if (Array.isArray(value)) return value.some((v) => when.includesAny.includes(v));
    return typeof value === "string" && when.includesAny.includes(value);
  }
  if (typeof value !== "number") return false;
  if ("gte" in when) return value >= when.gte;
  return value <= when.lte;
}

// ---------------------------------------------------------------------------------------------
// The engine

export function score(questionnaire: Questionnaire, answers: AnswerSet, context: ScoringContext, options: ScoreOptions): ScoreResult {
  const lang: Language = options.lang ?? "en";
  const policy = options.policy ?? DEFAULT_POLICY;
  if (policy.recommendation.critical === "approve" || policy.recommendation.critical === "approve-with-conditions") {
    throw new Error("policy maps critical residual risk to an approval; refuse it with parsePolicyOverride");
  }
  // Files written for engine 2 are scored by it; engine 1 files by the code below, unchanged, so
  // their results stay byte-identical.
  if (engineOf(questionnaire) === 2) return scoreV2(questionnaire, answers, context, { ...options, lang, policy });
  const compiled = compile(questionnaire);
  const unit = compiled.unit;
  const list = answerList(compiled, answers);
  const visible = visibility(questionnaire, compiled, answers, list);

  const sections: SectionScore[] = [];
  const redFlags: RedFlagHit[] = [];
  const conditions: { questionId: string; text: string }[] = [];
  const exact: ExactSection[] = [];

  for (const cs of compiled.sections) {
    let earnedU = 0;
    let possibleU = 0;
    // Sized up front: growing the array question by question reallocated it several times.
    const questions = new Array<QuestionScore>(cs.questions.length);
    let at = 0;
    for (const cq of cs.questions) {
      const question = cq.q;
      if (visible[cq.index] !== true) {
        questions[at++] = { id: question.id, visible: false, earned: 0, possible: 0, why: cq.why[lang].hidden };
        continue;
      }
      const answer = list[cq.index];
      const valid = answer !== undefined && cq.valid(answer.value);
      const s = scoreQuestion(cq, answer, valid, unit, context.documents, lang);
      earnedU += s.earnedU;
      possibleU += s.possibleU;
      const earned = s.earnedU === 0 ? 0 : s.earnedU === cq.maxU ? cq.maxShown : roundUnits(s.earnedU, unit, 2);
      questions[at++] = { id: question.id, visible: true, earned, possible: s.possibleU === 0 ? 0 : cq.maxShown, why: s.why };

      if (valid && answer !== undefined && question.redFlags.length > 0) {
        for (const rule of question.redFlags) {
          if (fires(rule, answer.value)) {
            redFlags.push({
              code: rule.code,
              severity: rule.severity,
              questionId: question.id,
              answer: answer.value,
              message: localised(rule.message, lang, questionnaire),
            });
          }
        }
      }
      if (s.possibleU > 0 && s.earnedU < s.possibleU && question.remediation !== undefined) {
        conditions.push({ questionId: question.id, text: localised(question.remediation, lang, questionnaire) });
      }
    }
    const sectionScore = possibleU > 0 ? percentOf(earnedU, possibleU, 1) : null;
    sections.push({
      key: cs.key,
      score: sectionScore,
      band: sectionScore === null ? null : bandOf(sectionScore),
      earned: roundUnits(earnedU, unit, 2),
      possible: roundUnits(possibleU, unit, 2),
      weight: cs.weight,
      questions,
    });
    exact.push({ weightN: cs.weightN, weight: cs.weight, earnedU, possibleU, key: cs.key });
  }

  const overall = overallScore(exact, compiled.weightUnit, WHY[lang]);
  const inherent = options.inherentRisk ?? computeInherentRisk(context);
  const residual = residualRisk({
    inherent: inherent.level,
    band: overall.band,
    redFlags,
    sectionScores: sections,
    policy,
    lang,
  });

  const documents: Record<string, DocumentState> = {};
  for (const id of Object.keys(context.documents).sort()) {
    const state = context.documents[id];
    if (state !== undefined) documents[id] = state;
  }

  return {
    questionnaire: { key: questionnaire.key, version: questionnaire.version, sha256: options.sha256 },
    engineVersion: ENGINE_VERSION,
    language: lang,
    overall,
    sections,
    redFlags,
    inherentRisk: inherent,
    residualRisk: residual.level,
    residualRiskSteps: residual.steps,
    recommendation: policy.recommendation[residual.level],
    validityMonths: policy.validityMonths[residual.level],
    conditions,
    policy,
    inputs: {
      country: context.country,
      sector: context.sector,
      sourcingCountries: [...context.sourcingCountries],
      goods: [...context.goods],
      documents,
    },
  };
}

interface ExactSection {
  weightN: bigint;
  weight: number;
  earnedU: number;
  possibleU: number;
  key: string;
}

/**
 * Σ w·(100·e/p) / Σ w over scorable sections, exactly (bigint, unreduced: a handful of sections
 * keeps the numbers small), then rounded half-up to one decimal.
 */
function overallScore(sections: readonly ExactSection[], weightUnit: bigint, t: Why): ScoreResult["overall"] {
  let n = 0n;
  let d = 1n;
  let totalWeightN = 0n;
  let terms = "";
  let dropped = "";
  for (const s of sections) {
    if (s.possibleU === 0) {
      dropped += `; ${t.dropped(s.key)}`;
      continue;
    }
    const sn = 100n * BigInt(s.earnedU);
    const sd = BigInt(s.possibleU);
    n = n * sd + s.weightN * sn * d;
    d = d * sd;
    totalWeightN += s.weightN;
    terms += `${terms === "" ? "" : " + "}${s.weight} × ${formatPercent(s.earnedU, s.possibleU)}`;
  }
  if (totalWeightN === 0n) return { score: null, band: null, why: t.overallNone() };
  const overallD = d * totalWeightN;
  const shown = roundFraction({ n, d: overallD }, 1);
  const why = t.overall(terms, approx(totalWeightN, weightUnit), approx(n, overallD), String(shown));
  return { score: shown, band: bandOf(shown), why: why + dropped };
}

/** Exact decimal when it has at most 4 places, else "≈" and 4 places. */
function approx(n: bigint, d: bigint): string {
  const r = roundFraction({ n, d }, 4);
  return (n * 10000n) % d === 0n ? String(r) : `≈${r}`;
}

// ---------------------------------------------------------------------------------------------
// What engine 2 (score-v2.ts) reuses from engine 1: compilation, visibility-free question scoring,
// red-flag matching, the exact overall and the sentences.

export interface EngineInternals {
  compile: (questionnaire: Questionnaire) => CompiledView;
  scoreQuestion: (
    cq: CompiledQuestionView,
    answer: AnswerSet[string] | undefined,
    valid: boolean,
    unit: number,
    documents: ScoringContext["documents"],
    lang: Language,
  ) => Scored;
  fires: (rule: RedFlagRule, value: AnswerValue) => boolean;
  overallScore: (sections: readonly ExactSection[], weightUnit: bigint, lang: Language) => ScoreResult["overall"];
  localised: (text: LocalisedText | undefined, lang: Language, questionnaire: Questionnaire) => string;
}

export type CompiledQuestionView = CompiledQuestion;
export type CompiledView = Compiled;
export type { Scored, ExactSection };

const internals: EngineInternals = {
  compile,
  scoreQuestion,
  fires,
  overallScore: (sections, weightUnit, lang) => overallScore(sections, weightUnit, WHY[lang]),
  localised,
};

function scoreV2(questionnaire: Questionnaire, answers: AnswerSet, context: ScoringContext, options: ScoreOptions & { lang: Language; policy: Policy }): ScoreResult {
  return scoreV2Impl(questionnaire, answers, context, options, internals);
}
