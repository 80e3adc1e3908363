// Answer-set generators for the scoring properties and the benchmark.
// Every generated value is valid for its question (answers.ts rules), so properties exercise the
// scoring rules rather than validation; `answerSetArb` also leaves questions out and uses "n/a".
import fc from "fast-check";
import { conditionQuestions, type Question, type Questionnaire } from "~/domain/questionnaire/schema";
import type { AnswerSet, AnswerValue } from "~/domain/scoring/answers";
import type { DocumentState, ScoringContext } from "~/domain/scoring/score";

/** A small set of real alpha-2 codes (Americas and main sourcing countries). */
export const SAMPLE_COUNTRIES = ["MX", "GT", "HN", "SV", "BR", "CO", "PE", "US", "CA", "CN", "IN", "BD", "VN", "MY", "TH"] as const;
export const DOCUMENT_IDS = ["doc-1", "doc-2", "doc-3", "doc-4"] as const;

export function allQuestionsOf(questionnaire: Questionnaire): Question[] {
  return questionnaire.sections.flatMap((s) => s.questions);
}

/** Ids that some showIf refers to: changing them may rightly change the denominator. */
export function showIfTargets(questionnaire: Questionnaire): Set<string> {
  const out = new Set<string>();
  const walk = (c: NonNullable<Question["showIf"]>): void => {
    if ("all" in c) c.all.forEach(walk);
    else if ("any" in c) c.any.forEach(walk);
    else out.add(c.question);
  };
  for (const q of allQuestionsOf(questionnaire)) if (q.showIf !== undefined) walk(q.showIf);
  // Engine 2 modules: the answers a section's appliesIf reads reveal or hide its questions too.
  for (const s of questionnaire.sections) if (s.appliesIf !== undefined) for (const id of conditionQuestions(s.appliesIf)) out.add(id);
  return out;
}

const dateArb = fc
  .record({ y: fc.integer({ min: 1990, max: 2030 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);

/** A number within the range answers.ts accepts, often on a band edge. */
function numberArb(q: Question): fc.Arbitrary<number> {
  const top = q.type === "percent" ? 100 : 1000;
  const edges = (q.scale ?? []).flatMap((b) => [b.min, b.max]).filter((x) => x >= 0 && x <= top);
  const ints = fc.integer({ min: 0, max: top });
  const decimals = fc.integer({ min: 0, max: top * 10 }).map((x) => x / 10);
  return edges.length > 0 ? fc.oneof(fc.constantFrom(...edges), ints, decimals) : fc.oneof(ints, decimals);
}

/** A valid, non-"n/a" value for the question. */
export function valueArb(q: Question): fc.Arbitrary<AnswerValue> {
  const options = (q.options ?? []).map((o) => o.value);
  switch (q.type) {
    case "boolean":
    case "single":
      return fc.constantFrom(...options);
    case "multi":
      return fc.subarray(options);
    case "number":
    case "percent":
      return numberArb(q);
    case "text":
      return fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== "" && s !== "n/a");
    case "date":
      return dateArb;
    case "countries":
      return fc.uniqueArray(fc.constantFrom(...SAMPLE_COUNTRIES), { minLength: 1, maxLength: 4 });
  }
}

const evidenceArb = fc.option(fc.uniqueArray(fc.constantFrom(...DOCUMENT_IDS), { minLength: 1, maxLength: 2 }), { nil: undefined });

function answerArb(q: Question): fc.Arbitrary<AnswerSet[string]> {
  const value = q.notApplicable ? fc.oneof({ weight: 5, arbitrary: valueArb(q) }, { weight: 1, arbitrary: fc.constant<AnswerValue>("n/a") }) : valueArb(q);
  return fc.record({ value, evidence: evidenceArb }).map(({ value, evidence }) => (evidence === undefined ? { value } : { value, evidence }));
}

/** An answer set: each question answered (about 6 times in 7) or left out; `full` answers every one. */
export function answerSetArb(questionnaire: Questionnaire, opts: { full?: boolean } = {}): fc.Arbitrary<AnswerSet> {
  const entries = allQuestionsOf(questionnaire).map((q) =>
    opts.full === true ? answerArb(q).map((a) => [q.id, a] as const) : fc.option(answerArb(q), { nil: undefined, freq: 6 }).map((a) => [q.id, a] as const),
  );
  return fc.tuple(...entries).map((pairs) => {
    const set: AnswerSet = {};
    for (const [id, a] of pairs) if (a !== undefined) set[id] = a;
    return set;
  });
}

export const documentsArb: fc.Arbitrary<Record<string, DocumentState>> = fc
  .tuple(...DOCUMENT_IDS.map(() => fc.constantFrom<DocumentState | undefined>("accepted", "pending", "rejected", undefined)))
  .map((states) => {
    const out: Record<string, DocumentState> = {};
    DOCUMENT_IDS.forEach((id, i) => {
      const s = states[i];
      if (s !== undefined) out[id] = s;
    });
    return out;
  });

export const contextArb: fc.Arbitrary<ScoringContext> = fc.record({
  country: fc.constantFrom(...SAMPLE_COUNTRIES),
  sector: fc.constantFrom("01", "14", "26", "41", "64"),
  sourcingCountries: fc.uniqueArray(fc.constantFrom(...SAMPLE_COUNTRIES), { maxLength: 3 }),
  goods: fc.uniqueArray(fc.constantFrom("coffee", "sugarcane", "gold", "garments"), { maxLength: 2 }),
  documents: documentsArb,
});

// ---------------------------------------------------------------------------------------------
// Best answers: the highest-scoring value for every question that fires no red flag.

function firesAny(q: Question, value: AnswerValue): boolean {
  return q.redFlags.some((rule) => {
    const w = rule.when;
    if ("in" in w) return Array.isArray(value) ? value.some((v) => w.in.includes(v)) : w.in.includes(String(value));
    if ("includesAny" in w) return Array.isArray(value) ? value.some((v) => w.includesAny.includes(v)) : w.includesAny.includes(String(value));
    if (typeof value !== "number") return false;
    return "gte" in w ? value >= w.gte : value <= w.lte;
  });
}

function bestValue(q: Question): AnswerValue {
  const options = q.options ?? [];
  switch (q.type) {
    case "boolean":
    case "single": {
      const ok = options.filter((o) => !firesAny(q, o.value));
      const best = [...ok].sort((a, b) => (b.points ?? 0) - (a.points ?? 0))[0];
      if (best === undefined) throw new Error(`${q.id}: every option fires a red flag`);
      return best.value;
    }
    case "multi":
      return options.filter((o) => (o.points ?? 0) > 0 && !firesAny(q, [o.value])).map((o) => o.value);
    case "number":
    case "percent": {
      const bands = [...(q.scale ?? [])].sort((a, b) => b.points - a.points);
      const candidates = bands.length > 0 ? bands.flatMap((b) => [b.min, (b.min + b.max) / 2]) : [0, 1, 50, 100];
      const top = bands[0]?.points;
      const found = candidates.find((v) => {
        const band = bands.find((b) => v >= b.min && v <= b.max);
        return !firesAny(q, v) && (bands.length === 0 || band?.points === top);
      });
      if (found === undefined) throw new Error(`${q.id}: no flag-free value in the best band`);
      return found;
    }
    case "text":
      return "Answered in full.";
    case "date":
      return "2024-01-31";
    case "countries": {
      const c = SAMPLE_COUNTRIES.find((x) => !firesAny(q, [x]));
      return [c ?? "CA"];
    }
  }
}

/** Best answers everywhere, each with `docId` attached (mark it accepted in the context). */
export function bestAnswers(questionnaire: Questionnaire, docId = "doc-best"): AnswerSet {
  const set: AnswerSet = {};
  for (const q of allQuestionsOf(questionnaire)) set[q.id] = { value: bestValue(q), evidence: [docId] };
  return set;
}

/** The options of a boolean/single question, by points ascending. */
export function optionsByPoints(q: Question): { value: string; points: number }[] {
  return (q.options ?? []).map((o) => ({ value: o.value, points: o.points ?? 0 })).sort((a, b) => a.points - b.points);
}
