// Scoring engine 2, for questionnaire files with `"engine": 2`. Engine 1 (score.ts) is untouched
// for files without it, so every v1 result re-scores byte-identically under its engine version.
// Sources: issue 16 ("Engine v2"), reviews/domain.md O5–O8, O11, O17, O19; docs/decisions/005.
//
// What changes against engine 1, in order of evaluation:
// 1. Declared facts (declared-facts.ts) are merged into the context before anything reads it:
//    inherent risk and the context leaves of rules see the client's own sourcing countries and
//    goods; the result lists the facts, what they added, and the profile's own inherent risk.
// 2. Visibility also honours module sections (`appliesIf`, answers and context).
// 3. Consistency rules are evaluated once, on the valid answers of visible questions and the
//    merged context. A rule that holds may: raise a red flag; refuse "n/a" on named questions
//    (they stay in the denominator and earn the rule's points, default 0); cap a question's
//    earned points (the lowest cap wins; the capped question's condition is then the rule's
//    covenant); add a covenant to the conditions. `consistency` lists the rules that changed
//    something (a flag, a refused "n/a", a cap that lowered points), with those effects only; a
//    rule that holds but changes nothing adds no covenant either.
// 4. Evidence: with `context.evidenceReviews`, a document earns credit on a question only when it
//    is accepted for that question (O6); without it, per-document states as in engine 1.
// 5. Red flags: the questions' own, then the rules', each code once (the first occurrence).
// 6. Conditions: for a question below full, the capping rule's covenant when a cap lowered it; a
//    request for the evidence when the answer is the best one and only accepted evidence is
//    missing; else the chosen option's remediation when it has one (O17), else the question's;
//    then each fired rule's remediation; the same text only once.
// 7. Residual risk by residualRiskV2 (critical only from critical flags; supply-chain floor).
// 8. Recommendation: the policy's mapping, raised to at least approve-with-conditions when there is
//    a major flag or a core ILO question answered below full (O8).
import { DEFAULT_POLICY, type Policy, type Recommendation } from "~/domain/policy/policy";
import { residualRiskV2, type ControlBand } from "~/domain/policy/residual";
import { NOT_APPLICABLE, type Language, type Questionnaire } from "~/domain/questionnaire/schema";
import { inherentRisk as computeInherentRisk } from "~/domain/risk/inherent-risk";
import { visibilityMap, type AnswerSet, type AnswerValue } from "./answers";
import { contextFacts, evaluateCondition, type ContextFacts } from "./conditions";
import { declaredFacts, mergeDeclaredFacts } from "./declared-facts";
import { formatUnits, percentOf, roundUnits } from "./exact";
import type {
  ConsistencyHit,
  DocumentState,
  EngineInternals,
  ExactSection,
  QuestionScore,
  RedFlagHit,
  ScoreOptions,
  ScoreResult,
  ScoringContext,
  SectionScore,
} from "./score";

export const ENGINE_V2_VERSION = "2.0.0";

const RANK: readonly Recommendation[] = ["approve", "approve-with-conditions", "enhanced-due-diligence", "decline"];

const T = {
  en: {
    voided: (rule: string, why: string, p: string, max: string) =>
      `answered "n/a", refused by rule ${rule} (${why}): stays in the denominator, ${p} of ${max} points`,
    capped: (rule: string, why: string, cap: string) => `; capped at ${cap} by rule ${rule} (${why})`,
    effectFlag: (code: string, q: string) => `red flag ${code} on ${q}`,
    effectVoid: (ids: string) => `"n/a" refused on ${ids}`,
    effectCap: (q: string, p: string) => `${q} capped at ${p}`,
    effectRemediation: () => "covenant added to the conditions",
    moduleHidden: (key: string) => `hidden (module "${key}" does not apply to this client): not required, not scored`,
    evidence: (description: string) =>
      `Within 60 days, the Client shall deliver to the Bank, for its review, the evidence supporting this answer${description === "" ? "." : `: ${description}`}`,
    country: (points: number, countries: string) => `country risk ${points} of 6 for ${countries}`,
    goods: (goods: string) => `listed goods: ${goods}`,
    floorMajor: (codes: string, rec: string) => `major red flag ${codes}: the recommendation is at least approve-with-conditions (was ${rec})`,
    floorCore: (ids: string, rec: string) => `core forced-labour question answered below full (${ids}): the recommendation is at least approve-with-conditions (was ${rec})`,
  },
  es: {
    voided: (rule: string, why: string, p: string, max: string) =>
      `respondida "n/a", rechazada por la regla ${rule} (${why}): permanece en el denominador, ${p} de ${max} puntos`,
    capped: (rule: string, why: string, cap: string) => `; limitada a ${cap} por la regla ${rule} (${why})`,
    effectFlag: (code: string, q: string) => `alerta ${code} en ${q}`,
    effectVoid: (ids: string) => `"n/a" rechazada en ${ids}`,
    effectCap: (q: string, p: string) => `${q} limitada a ${p}`,
    effectRemediation: () => "se agrega una obligación a las condiciones",
    moduleHidden: (key: string) => `oculta (el módulo "${key}" no aplica a este cliente): ni obligatoria ni puntuada`,
    evidence: (description: string) =>
      `En un plazo de 60 días, el Cliente deberá entregar al Banco, para su revisión, la evidencia que respalde esta respuesta${description === "" ? "." : `: ${description}`}`,
    country: (points: number, countries: string) => `riesgo país ${points} de 6 para ${countries}`,
    goods: (goods: string) => `bienes incluidos en las listas: ${goods}`,
    floorMajor: (codes: string, rec: string) => `alerta mayor ${codes}: la recomendación es, como mínimo, aprobar con condiciones (era ${recEs(rec)})`,
    floorCore: (ids: string, rec: string) =>
      `pregunta básica de trabajo forzoso respondida por debajo del máximo (${ids}): la recomendación es, como mínimo, aprobar con condiciones (era ${recEs(rec)})`,
  },
} satisfies Record<Language, unknown>;

function recEs(rec: string): string {
  return ({ approve: "aprobar", "approve-with-conditions": "aprobar con condiciones", "enhanced-due-diligence": "debida diligencia reforzada", decline: "no aprobar la operación" } as Record<string, string>)[rec] ?? rec;
}

interface RuleEffects {
  voids: Map<string, { pointsU: number; rule: string; why: string }>;
  caps: Map<string, { pointsU: number; rule: string; why: string; remediation: Parameters<EngineInternals["localised"]>[0] }>;
  fired: { rule: NonNullable<Questionnaire["consistencyRules"]>[number]; explanation: string }[];
}

export function scoreV2Impl(
  questionnaire: Questionnaire,
  answers: AnswerSet,
  context: ScoringContext,
  options: ScoreOptions & { lang: Language; policy: Policy },
  engine: EngineInternals,
): ScoreResult {
  const lang = options.lang;
  const t = T[lang];
  const policy: Policy = { ...(options.policy ?? DEFAULT_POLICY), supplyFloorRaise: options.policy.supplyFloorRaise ?? true };
  const compiled = engine.compile(questionnaire);
  const unit = compiled.unit;
  const text = (x: Parameters<EngineInternals["localised"]>[0]) => engine.localised(x, lang, questionnaire);

  // 1. Declared facts into the context.
  const profileFacts = contextFacts(context);
  const facts = declaredFacts(questionnaire, answers, profileFacts);
  const merged = mergeDeclaredFacts(context, facts);
  const added = merged.added.sourcingCountries.length + merged.added.goods.length > 0;
  const ctx = added ? contextFacts(merged.context) : profileFacts;

  // 2. Visibility and the valid answers rules may read.
  const visible = visibilityMap(questionnaire, answers, ctx);
  const values = new Map<string, AnswerValue>();
  const validOf = new Map<string, boolean>();
  for (const cq of compiled.questions) {
    const answer = answers[cq.q.id];
    const valid = visible.get(cq.q.id) === true && answer !== undefined && cq.valid(answer.value);
    validOf.set(cq.q.id, valid);
    if (valid && answer !== undefined) values.set(cq.q.id, answer.value);
  }

  // 3. Consistency rules.
  const effects = evaluateRules(questionnaire, values, ctx, compiled.toUnits, text);

  // 4–6. Questions, flags, conditions.
  const sections: SectionScore[] = [];
  const ownFlags: RedFlagHit[] = [];
  const conditions: { questionId: string; text: string }[] = [];
  const exact: ExactSection[] = [];
  const exactWithEvidence: ExactSection[] = [];
  const coreBelowFull: string[] = [];
  // What each rule actually changed (a rule that holds but finds no "n/a" to refuse changes nothing).
  const appliedVoids = new Map<string, string[]>();
  const appliedCaps = new Map<string, string[]>();
  const applied = (into: Map<string, string[]>, rule: string, id: string) => into.set(rule, [...(into.get(rule) ?? []), id]);
  const moduleEnv = { value: (id: string) => (visible.get(id) === true ? asValue(answers[id]?.value) : undefined), context: ctx };
  for (const [si, cs] of compiled.sections.entries()) {
    let earnedU = 0;
    let possibleU = 0;
    let fullU = 0;
    const questions: QuestionScore[] = [];
    const appliesIf = questionnaire.sections[si]?.appliesIf;
    const moduleOff = appliesIf !== undefined && !evaluateCondition(appliesIf, moduleEnv);
    for (const cq of cs.questions) {
      const question = cq.q;
      if (visible.get(question.id) !== true) {
        questions.push({ id: question.id, visible: false, earned: 0, possible: 0, why: moduleOff ? t.moduleHidden(cs.key) : cq.why[lang].hidden });
        continue;
      }
      const answer = answers[question.id];
      const valid = validOf.get(question.id) === true;
      const voided = effects.voids.get(question.id);
      let s: { earnedU: number; possibleU: number; why: string };
      let withEvidenceU: number;
      if (voided !== undefined && answer?.value === NOT_APPLICABLE && question.notApplicable && cq.maxU > 0) {
        const pointsU = Math.min(voided.pointsU, cq.maxU);
        s = { earnedU: pointsU, possibleU: cq.maxU, why: t.voided(voided.rule, voided.why, formatUnits(pointsU, unit), cq.maxText) };
        withEvidenceU = pointsU;
        applied(appliedVoids, voided.rule, question.id);
      } else {
        const documents = documentsFor(question.id, context);
        s = engine.scoreQuestion(cq, answer, valid, unit, documents, lang);
        withEvidenceU =
          cq.credit === null || answer === undefined
            ? s.earnedU
            : engine.scoreQuestion(cq, { ...answer, evidence: ["\u0000"] }, valid, unit, { "\u0000": "accepted" }, lang).earnedU;
      }
      const cap = effects.caps.get(question.id);
      let capRemediation: Parameters<EngineInternals["localised"]>[0] = undefined;
      if (cap !== undefined && s.possibleU > 0) {
        if (s.earnedU > cap.pointsU) {
          s = { ...s, earnedU: cap.pointsU, why: s.why + t.capped(cap.rule, cap.why, formatUnits(cap.pointsU, unit)) };
          // The covenant for a capped answer is the capping rule's, not the question's generic one (O17).
          capRemediation = cap.remediation;
          applied(appliedCaps, cap.rule, question.id);
        }
        withEvidenceU = Math.min(withEvidenceU, cap.pointsU);
      }
      earnedU += s.earnedU;
      possibleU += s.possibleU;
      fullU += withEvidenceU;
      const earned = s.earnedU === 0 ? 0 : s.earnedU === cq.maxU ? cq.maxShown : roundUnits(s.earnedU, unit, 2);
      questions.push({ id: question.id, visible: true, earned, possible: s.possibleU === 0 ? 0 : cq.maxShown, why: s.why });

      if (valid && answer !== undefined) {
        for (const rule of question.redFlags) {
          if (engine.fires(rule, answer.value)) {
            ownFlags.push({ code: rule.code, severity: rule.severity, questionId: question.id, answer: answer.value, message: text(rule.message) });
          }
        }
      }
      if (s.possibleU > 0 && s.earnedU < s.possibleU) {
        if (question.core === true) coreBelowFull.push(question.id);
        if (capRemediation === undefined && withEvidenceU >= s.possibleU) {
          // The best answer, short only of accepted evidence: the covenant is to deliver it (O17).
          conditions.push({ questionId: question.id, text: t.evidence(text(question.evidence?.description)) });
        } else {
          const chosen = typeof answer?.value === "string" ? question.options?.find((o) => o.value === answer.value) : undefined;
          const remediation = capRemediation ?? chosen?.remediation ?? question.remediation;
          if (remediation !== undefined) conditions.push({ questionId: question.id, text: text(remediation) });
        }
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
    exactWithEvidence.push({ weightN: cs.weightN, weight: cs.weight, earnedU: fullU, possibleU, key: cs.key });
  }

  const redFlags: RedFlagHit[] = [];
  const seen = new Set<string>();
  const push = (hit: RedFlagHit) => {
    if (seen.has(hit.code)) return;
    seen.add(hit.code);
    redFlags.push(hit);
  };
  ownFlags.forEach(push);
  const consistency: ConsistencyHit[] = [];
  for (const { rule, explanation } of effects.fired) {
    const list: string[] = [];
    if (rule.flag !== undefined) {
      const value = values.get(rule.flag.question);
      push({
        code: rule.flag.code,
        severity: rule.flag.severity,
        questionId: rule.flag.question,
        answer: value ?? "",
        message: text(rule.flag.message),
        ruleId: rule.id,
      });
      list.push(t.effectFlag(rule.flag.code, rule.flag.question));
    }
    const voided = appliedVoids.get(rule.id);
    if (voided !== undefined) list.push(t.effectVoid(voided.join(", ")));
    const capped = appliedCaps.get(rule.id) ?? [];
    for (const cap of rule.caps ?? []) if (capped.includes(cap.question)) list.push(t.effectCap(cap.question, String(cap.points)));
    if (rule.flag === undefined && list.length === 0) continue;
    if (rule.remediation !== undefined) {
      const questionId = rule.flag?.question ?? rule.caps?.[0]?.question ?? rule.voidNotApplicable?.questions[0] ?? rule.id;
      conditions.push({ questionId, text: text(rule.remediation) });
      list.push(t.effectRemediation());
    }
    consistency.push({ id: rule.id, explanation, effects: list });
  }
  const uniqueConditions = conditions.filter((c, i) => conditions.findIndex((d) => d.text === c.text) === i);

  const overall = engine.overallScore(exact, compiled.weightUnit, lang);
  const withEvidence = engine.overallScore(exactWithEvidence, compiled.weightUnit, lang);

  // Inherent risk from the merged context; the profile's own for comparison.
  const profileInherent = options.inherentRisk ?? computeInherentRisk(context);
  const inherent = added ? computeInherentRisk(merged.context) : profileInherent;

  const countryComponent = inherent.components.find((c) => c.kind === "country");
  const goodsComponent = inherent.components.find((c) => c.kind === "goods");
  const reasons: string[] = [];
  if (countryComponent !== undefined && countryComponent.points >= 4) reasons.push(t.country(countryComponent.points, countryComponent.value));
  if (goodsComponent !== undefined && goodsComponent.points >= 1) reasons.push(t.goods(goodsComponent.value));

  const residual = residualRiskV2({
    inherent: inherent.level,
    band: overall.band,
    bandWithEvidence: withEvidence.band,
    redFlags,
    sectionScores: sections,
    policy,
    lang,
    highRiskSourcing: reasons.length === 0 ? null : reasons.join("; "),
  });

  let recommendation = policy.recommendation[residual.level];
  const recommendationSteps: string[] = [];
  if (RANK.indexOf(recommendation) < RANK.indexOf("approve-with-conditions")) {
    const majors = redFlags.filter((f) => f.severity === "major").map((f) => f.code);
    if (majors.length > 0) recommendationSteps.push(t.floorMajor(majors.join(", "), recommendation));
    else if (coreBelowFull.length > 0) recommendationSteps.push(t.floorCore(coreBelowFull.join(", "), recommendation));
    if (recommendationSteps.length > 0) recommendation = "approve-with-conditions";
  }

  const documents: Record<string, DocumentState> = {};
  for (const id of Object.keys(context.documents).sort()) {
    const state = context.documents[id];
    if (state !== undefined) documents[id] = state;
  }
  const inputs: ScoreResult["inputs"] = {
    country: merged.context.country,
    sector: merged.context.sector,
    sourcingCountries: [...merged.context.sourcingCountries],
    goods: [...merged.context.goods],
    documents,
  };
  if (context.evidenceReviews !== undefined) inputs.evidenceReviews = sortedReviews(context.evidenceReviews);

  return {
    questionnaire: { key: questionnaire.key, version: questionnaire.version, sha256: options.sha256 },
    engineVersion: ENGINE_V2_VERSION,
    language: lang,
    overall,
    sections,
    redFlags,
    inherentRisk: inherent,
    residualRisk: residual.level,
    residualRiskSteps: residual.steps,
    recommendation,
    validityMonths: policy.validityMonths[residual.level],
    conditions: uniqueConditions,
    policy,
    inputs,
    consistency,
    declaredFacts: { ...facts, added: merged.added, profileInherentRisk: { level: profileInherent.level, points: profileInherent.points } },
    controlsAssessable: !redFlags.some((f) => f.severity === "critical"),
    overallWithEvidence: { score: withEvidence.score, band: withEvidence.band },
    recommendationSteps,
  };
}

function asValue(value: unknown): AnswerValue | undefined {
  if (typeof value === "string" || typeof value === "number") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  return undefined;
}

function bandOf(score: number): ControlBand {
  if (score >= 80) return "strong";
  if (score >= 60) return "adequate";
  if (score >= 40) return "weak";
  return "poor";
}

/** The review states that count for one question's evidence (see the header, point 4). */
function documentsFor(questionId: string, context: ScoringContext): Readonly<Record<string, DocumentState>> {
  if (context.evidenceReviews === undefined) return context.documents;
  return context.evidenceReviews[questionId] ?? NO_REVIEWS;
}
const NO_REVIEWS: Readonly<Record<string, DocumentState>> = Object.freeze({});

function sortedReviews(reviews: NonNullable<ScoringContext["evidenceReviews"]>): Record<string, Record<string, DocumentState>> {
  const out: Record<string, Record<string, DocumentState>> = {};
  for (const q of Object.keys(reviews).sort()) {
    const docs = reviews[q] ?? {};
    const inner: Record<string, DocumentState> = {};
    for (const d of Object.keys(docs).sort()) {
      const state = docs[d];
      if (state !== undefined) inner[d] = state;
    }
    out[q] = inner;
  }
  return out;
}

function evaluateRules(
  questionnaire: Questionnaire,
  values: ReadonlyMap<string, AnswerValue>,
  ctx: ContextFacts,
  toUnits: (x: number) => number,
  text: (x: Parameters<EngineInternals["localised"]>[0]) => string,
): RuleEffects {
  const effects: RuleEffects = { voids: new Map(), caps: new Map(), fired: [] };
  const env = { value: (id: string) => values.get(id), context: ctx };
  for (const rule of questionnaire.consistencyRules ?? []) {
    if (!evaluateCondition(rule.when, env)) continue;
    const why = text(rule.explanation);
    effects.fired.push({ rule, explanation: why });
    if (rule.voidNotApplicable !== undefined) {
      const pointsU = toUnits(rule.voidNotApplicable.points ?? 0);
      for (const id of rule.voidNotApplicable.questions) {
        const known = effects.voids.get(id);
        // Two rules voiding one answer: the stricter (fewer points) wins.
        if (known === undefined || pointsU < known.pointsU) effects.voids.set(id, { pointsU, rule: rule.id, why });
      }
    }
    for (const cap of rule.caps ?? []) {
      const pointsU = toUnits(cap.points);
      const known = effects.caps.get(cap.question);
      if (known === undefined || pointsU < known.pointsU) effects.caps.set(cap.question, { pointsU, rule: rule.id, why, remediation: rule.remediation });
    }
  }
  return effects;
}
