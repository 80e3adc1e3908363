// Declared facts (O7): what the client itself says in its answers about where it sources, what it
// makes or buys and where its migrant workers come from, so inherent risk stops depending only on
// the profile the relationship manager typed. Source: reviews/domain.md O7; issue 16 ("at
// submission, sourcing countries, products/inputs and migrant origins declared in the answers are
// merged into the scoring context … migrant origins drive a corridor check, not the client's
// country score").
//
// Rules:
// - Only visible questions with a `declares` field count (engine 2 files); a hidden answer is stale.
// - `sourcing-countries` and `migrant-origins` read a countries answer; `goods` reads a multi answer,
//   each chosen option contributing the DOL spellings in its `goods` (an option without `goods`,
//   such as "other" or "none", declares nothing).
// - Lists are de-duplicated and sorted, so the same answers always give the same facts.
// - Merging adds declared sourcing countries (except the client's own country) and goods to the
//   context; migrant origins are never merged into the country score (that would punish a firm for
//   employing migrants): the engine uses them for the corridor rules and reports them.
import type { Questionnaire } from "~/domain/questionnaire/schema";
import { isIsoCountry } from "~/domain/risk/iso-countries";
import { visibilityMap, type AnswerSet, type VisibilityContext } from "./answers";

export interface DeclaredFacts {
  sourcingCountries: string[];
  goods: string[];
  migrantOrigins: string[];
}

export interface FactsContext {
  country: string;
  sector: string;
  sourcingCountries: readonly string[];
  goods: readonly string[];
}

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/**
 * The facts the answers declare. `context` only matters for modules that depend on the sector
 * (their questions are hidden without it), as for visibilityMap.
 */
export function declaredFacts(questionnaire: Questionnaire, answers: AnswerSet, context?: VisibilityContext): DeclaredFacts {
  const visible = visibilityMap(questionnaire, answers, context);
  const sourcing: string[] = [];
  const goods: string[] = [];
  const origins: string[] = [];
  for (const q of questionnaire.sections.flatMap((s) => s.questions)) {
    if (q.declares === undefined || visible.get(q.id) !== true) continue;
    const value = answers[q.id]?.value;
    if (!Array.isArray(value)) continue;
    if (q.declares === "goods") {
      for (const v of value) for (const g of q.options?.find((o) => o.value === v)?.goods ?? []) goods.push(g.toLowerCase());
    } else {
      const countries = value.filter((c) => isIsoCountry(c));
      (q.declares === "sourcing-countries" ? sourcing : origins).push(...countries);
    }
  }
  return { sourcingCountries: sorted(sourcing), goods: sorted(goods), migrantOrigins: sorted(origins) };
}

export interface MergedContext<C extends FactsContext> {
  context: C;
  /** What the declared facts added to the profile (empty lists when nothing new). */
  added: { sourcingCountries: string[]; goods: string[] };
}

/** The context with the declared sourcing countries and goods added (profile order kept, new ones appended sorted). */
export function mergeDeclaredFacts<C extends FactsContext>(context: C, facts: DeclaredFacts): MergedContext<C> {
  const haveCountries = new Set([context.country, ...context.sourcingCountries]);
  const haveGoods = new Set(context.goods.map((g) => g.trim().toLowerCase()));
  const addedCountries = facts.sourcingCountries.filter((c) => !haveCountries.has(c));
  const addedGoods = facts.goods.filter((g) => !haveGoods.has(g));
  return {
    context: {
      ...context,
      sourcingCountries: [...context.sourcingCountries, ...addedCountries],
      goods: [...context.goods, ...addedGoods],
    },
    added: { sourcingCountries: addedCountries, goods: addedGoods },
  };
}
