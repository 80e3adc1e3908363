// QUESTIONNAIRES.md "Properties that must always hold", over generated answer sets, for the
// synthetic form and every shipped questionnaire present in questionnaires/.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { DEFAULT_POLICY, parsePolicyOverride, RecommendationSchema } from "~/domain/policy/policy";
import { missingRequired } from "~/domain/scoring/answers";
import { ScoreResultSchema } from "~/domain/scoring/result-schema";
import { score, type ScoringContext } from "~/domain/scoring/score";
import { allQuestionsOf, answerSetArb, bestAnswers, contextArb, optionsByPoints, showIfTargets, valueArb } from "./arbitraries";
import { SYNTHETIC_PATH, loadQuestionnaire } from "./load-fixture";

function shippedQuestionnaires(): string[] {
  const root = path.resolve(process.cwd(), "questionnaires");
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .flatMap((key) =>
      readdirSync(path.join(root, key))
        .filter((f) => /^\d+\.json$/.test(f))
        .map((f) => `questionnaires/${key}/${f}`),
    );
}

const forms = [SYNTHETIC_PATH, ...shippedQuestionnaires()];
const runs = { numRuns: 150 };

describe.each(forms)("scoring properties: %s", (file) => {
  const { questionnaire, sha256 } = loadQuestionnaire(file);
  const options = { sha256, policy: DEFAULT_POLICY };
  const questions = allQuestionsOf(questionnaire);

  it("every score is in [0, 100] (or null when nothing is scorable)", () => {
    fc.assert(
      fc.property(answerSetArb(questionnaire), contextArb, (answers, context) => {
        const r = score(questionnaire, answers, context, options);
        const scores = [r.overall.score, ...r.sections.map((s) => s.score)];
        for (const s of scores) expect(s === null || (s >= 0 && s <= 100)).toBe(true);
        for (const q of r.sections.flatMap((s) => s.questions)) expect(q.earned >= 0 && q.earned <= q.possible).toBe(true);
      }),
      runs,
    );
  });

  it("the best answers with accepted evidence give 100 and no red flag", () => {
    fc.assert(
      fc.property(contextArb, (context) => {
        const r = score(questionnaire, bestAnswers(questionnaire, "doc-best"), { ...context, documents: { "doc-best": "accepted" } }, options);
        expect(r.overall.score).toBe(100);
        expect(r.overall.band).toBe("strong");
        expect(r.redFlags).toEqual([]);
        expect(r.conditions).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });

  const free = questions.filter((q) => (q.type === "single" || q.type === "boolean") && !showIfTargets(questionnaire).has(q.id) && q.maxPoints > 0);
  it.runIf(free.length > 0)("an option worth more never lowers the score (questions no showIf depends on)", () => {
    fc.assert(
      fc.property(
        answerSetArb(questionnaire),
        contextArb,
        fc.constantFrom(...free),
        fc.nat(),
        fc.nat(),
        (answers, context, q, i, j) => {
          const opts = optionsByPoints(q);
          const [lo, hi] = [Math.min(i, j) % opts.length, Math.max(i, j) % opts.length].sort((a, b) => a - b);
          const low = opts[lo ?? 0];
          const high = opts[hi ?? 0];
          if (low === undefined || high === undefined) return;
          const evidence = answers[q.id]?.evidence;
          const withValue = (value: string) => ({ ...answers, [q.id]: evidence === undefined ? { value } : { value, evidence } });
          const a = score(questionnaire, withValue(low.value), context, options);
          const b = score(questionnaire, withValue(high.value), context, options);
          expect(high.points).toBeGreaterThanOrEqual(low.points);
          expect(b.overall.score ?? 0).toBeGreaterThanOrEqual(a.overall.score ?? 0);
        },
      ),
      runs,
    );
  });

  const freeMulti = questions.filter((q) => q.type === "multi" && !showIfTargets(questionnaire).has(q.id) && q.maxPoints > 0);
  it.runIf(freeMulti.length > 0)("adding a multi option worth 0 or more never lowers the score", () => {
    fc.assert(
      fc.property(answerSetArb(questionnaire), contextArb, fc.constantFrom(...freeMulti), fc.nat(), (answers, context, q, i) => {
        const current = answers[q.id]?.value;
        const selected = Array.isArray(current) ? current : [];
        const candidates = (q.options ?? []).filter((o) => (o.points ?? 0) >= 0 && !selected.includes(o.value));
        const extra = candidates[i % Math.max(candidates.length, 1)];
        if (extra === undefined) return;
        const evidence = answers[q.id]?.evidence;
        const withValue = (value: string[]) => ({ ...answers, [q.id]: evidence === undefined ? { value } : { value, evidence } });
        const before = score(questionnaire, withValue(selected), context, options);
        const after = score(questionnaire, withValue([...selected, extra.value]), context, options);
        expect(after.overall.score ?? 0).toBeGreaterThanOrEqual(before.overall.score ?? 0);
      }),
      runs,
    );
  });

  it("a critical red flag never yields approve or approve-with-conditions, under any valid policy", () => {
    const policyArb = fc
      .record({
        low: fc.constantFrom(...RecommendationSchema.options),
        medium: fc.constantFrom(...RecommendationSchema.options),
        high: fc.constantFrom(...RecommendationSchema.options),
        critical: fc.constantFrom(...RecommendationSchema.options),
      })
      .map((recommendation) => parsePolicyOverride({ recommendation }))
      .filter((p) => p.ok)
      .map((p) => (p.ok ? p.policy : DEFAULT_POLICY));
    fc.assert(
      fc.property(answerSetArb(questionnaire), contextArb, policyArb, (answers, context, policy) => {
        const r = score(questionnaire, answers, context, { sha256, policy });
        if (r.redFlags.some((f) => f.severity === "critical")) {
          expect(r.residualRisk).toBe("critical");
          expect(["approve", "approve-with-conditions"]).not.toContain(r.recommendation);
        }
      }),
      runs,
    );
  });

  it("every result matches ScoreResultSchema and survives a JSON round trip unchanged", () => {
    fc.assert(
      fc.property(answerSetArb(questionnaire), contextArb, fc.constantFrom("en" as const, "es" as const), (answers, context, lang) => {
        const r = score(questionnaire, answers, context, { ...options, lang });
        const stored = JSON.parse(JSON.stringify(r)) as unknown;
        expect(ScoreResultSchema.parse(stored)).toEqual(r);
      }),
      { numRuns: 60 },
    );
  });

  it("the same inputs give byte-identical JSON", () => {
    fc.assert(
      fc.property(answerSetArb(questionnaire), contextArb, (answers, context) => {
        const once = JSON.stringify(score(questionnaire, answers, context, options));
        const again = JSON.stringify(score(questionnaire, structuredClone(answers), structuredClone(context) as ScoringContext, { ...options }));
        expect(again).toBe(once);
      }),
      { numRuns: 60 },
    );
  });

  it("hidden questions are never required or scored, whatever their answers", () => {
    fc.assert(
      fc.property(answerSetArb(questionnaire), contextArb, (answers, context) => {
        const r = score(questionnaire, answers, context, options);
        const hidden = r.sections.flatMap((s) => s.questions).filter((q) => !q.visible);
        for (const q of hidden) expect([q.earned, q.possible]).toEqual([0, 0]);
        const missing = missingRequired(questionnaire, answers);
        for (const q of hidden) expect(missing).not.toContain(q.id);
        // Dropping every hidden answer changes nothing in the scores.
        const trimmed = Object.fromEntries(Object.entries(answers).filter(([id]) => !hidden.some((h) => h.id === id)));
        const again = score(questionnaire, trimmed, context, options);
        expect(again.sections).toEqual(r.sections);
        expect(again.overall).toEqual(r.overall);
      }),
      runs,
    );
  });

  const hideable = questions.filter((q) => q.showIf !== undefined);
  it.runIf(hideable.length > 0)("hidden answers with any value never change the score", () => {
    fc.assert(
      fc.property(answerSetArb(questionnaire), contextArb, fc.constantFrom(...hideable).chain((q) => valueArb(q).map((v) => [q, v] as const)), (answers, context, [q, v]) => {
        const r = score(questionnaire, answers, context, options);
        const target = r.sections.flatMap((s) => s.questions).find((x) => x.id === q.id);
        if (target?.visible !== false) return;
        const changed = score(questionnaire, { ...answers, [q.id]: { value: v } }, context, options);
        expect(changed.overall).toEqual(r.overall);
        expect(changed.redFlags).toEqual(r.redFlags);
      }),
      runs,
    );
  });

  it("removing evidence, or a document's acceptance, never raises a score", () => {
    fc.assert(
      fc.property(answerSetArb(questionnaire), contextArb, (answers, context) => {
        const r = score(questionnaire, answers, context, options);
        const bare = Object.fromEntries(Object.entries(answers).map(([id, a]) => [id, { value: a.value }]));
        const noEvidence = score(questionnaire, bare, context, options);
        const downgraded = Object.fromEntries(Object.entries(context.documents).map(([id, s]) => [id, s === "accepted" ? ("pending" as const) : s]));
        const pending = score(questionnaire, answers, { ...context, documents: downgraded }, options);
        for (const other of [noEvidence, pending]) {
          expect(other.overall.score ?? 0).toBeLessThanOrEqual(r.overall.score ?? 0);
          other.sections.forEach((s, i) => expect(s.earned).toBeLessThanOrEqual(r.sections[i]?.earned ?? 0));
          expect(other.redFlags).toEqual(r.redFlags);
        }
      }),
      runs,
    );
  });
});
