// Engine 2 conditions: `all`/`any`/`not` over answers and the client context, for consistency
// rules and optional modules. Source: issue 16 ("conditions over several answers and the context:
// all/any/not, comparisons, context goods listed for a declared country, sector class ≥ n") and
// reviews/domain.md O5, O11, O12. Pure; the risk data is the shipped one unless a test passes its own.
//
// Semantics, fixed here:
// - An answer leaf reads only the answer of a visible question (a hidden one counts as unanswered)
//   whose value is valid for it; scoring passes exactly those, visibility passes the raw ones.
// - `in` holds when a string answer is one of the values, a number spelled as a string is, or any
//   element of a list answer is; `"n/a"` matches only when listed.
// - Comparisons hold only between numbers: an unanswered, "n/a" or non-numeric side is false.
// - `answered` is true for any answer other than empty (an "n/a" is an answer).
// - Context leaves read the context after the client's declared facts were merged into it
//   (declared-facts.ts): "countries" are the client's country and its sourcing countries;
//   "sector-class" is the risk class of the ISIC division (unknown division = class 4, as in
//   inherent risk); "country-risk" is the country component of inherent risk (1–6); "listed-goods"
//   holds when a context good is on the DOL list or a UFLPA priority sector (`list`), for one of
//   the countries when `forDeclaredCountry`, else for any country. When no context is given
//   (a respondent page that has not been passed the client), every context leaf is false.
import type { Condition, CompareTo, GoodsList } from "~/domain/questionnaire/schema";
import { inherentRisk, RISK_DATA, type RiskData } from "~/domain/risk/inherent-risk";
import type { AnswerValue } from "./answers";

export interface ConditionContextInput {
  country: string;
  sector: string;
  sourcingCountries: readonly string[];
  goods: readonly string[];
}

export interface ContextFacts {
  sector: string;
  sectorClass: number;
  countryRisk: number;
  countries: ReadonlySet<string>;
  goods: ReadonlySet<string>;
  listed: (list: GoodsList, forDeclaredCountry: boolean) => boolean;
}

/** The facts context leaves read, from a (merged) scoring context. */
export function contextFacts(input: ConditionContextInput, data: RiskData = RISK_DATA): ContextFacts {
  const risk = inherentRisk(input, data);
  const component = (kind: string) => risk.components.find((c) => c.kind === kind)?.points ?? 0;
  const countries = new Set([input.country, ...input.sourcingCountries]);
  const goods = new Set(input.goods.map((g) => g.trim().toLowerCase()).filter((g) => g !== ""));
  return {
    sector: input.sector,
    sectorClass: component("sector"),
    countryRisk: component("country"),
    countries,
    goods,
    listed: (list, forDeclaredCountry) =>
      data.goods.some(
        (e) =>
          goods.has(e.good) &&
          e.list !== "gsi-top5" &&
          (list === "any" || e.list === list) &&
          (!forDeclaredCountry || (e.country !== null && countries.has(e.country))),
      ),
  };
}

export interface ConditionEnv {
  /** The answer of a visible question, or undefined when hidden, unanswered or invalid. */
  value: (questionId: string) => AnswerValue | undefined;
  context?: ContextFacts;
}

function matchesIn(value: AnswerValue | undefined, values: readonly string[]): boolean {
  if (typeof value === "string") return values.includes(value);
  if (typeof value === "number") return values.includes(String(value));
  if (Array.isArray(value)) return value.some((v) => values.includes(v));
  return false;
}

function numberOf(value: AnswerValue | undefined): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function rhs(to: CompareTo, env: ConditionEnv): number | undefined {
  return typeof to === "number" ? to : numberOf(env.value(to.answer));
}

function compare(left: number | undefined, right: number | undefined, op: (a: number, b: number) => boolean): boolean {
  return left !== undefined && right !== undefined && op(left, right);
}

export function evaluateCondition(condition: Condition, env: ConditionEnv): boolean {
  if ("all" in condition) return condition.all.every((c) => evaluateCondition(c, env));
  if ("any" in condition) return condition.any.some((c) => evaluateCondition(c, env));
  if ("not" in condition) return !evaluateCondition(condition.not, env);
  if ("answer" in condition) {
    const value = env.value(condition.answer);
    if ("in" in condition) return matchesIn(value, condition.in);
    if ("answered" in condition) {
      const answered = value !== undefined && value !== "" && !(Array.isArray(value) && value.length === 0);
      return answered === condition.answered;
    }
    const left = numberOf(value);
    if ("gt" in condition) return compare(left, rhs(condition.gt, env), (a, b) => a > b);
    if ("gte" in condition) return compare(left, rhs(condition.gte, env), (a, b) => a >= b);
    if ("lt" in condition) return compare(left, rhs(condition.lt, env), (a, b) => a < b);
    return compare(left, rhs(condition.lte, env), (a, b) => a <= b);
  }
  const facts = env.context;
  if (facts === undefined) return false;
  switch (condition.context) {
    case "sector":
      return condition.in.includes(facts.sector);
    case "sector-class":
      return facts.sectorClass >= condition.gte;
    case "countries":
      return condition.includesAny.some((c) => facts.countries.has(c));
    case "goods":
      return condition.includesAny.some((g) => facts.goods.has(g.toLowerCase()));
    case "listed-goods":
      return facts.listed(condition.list, condition.forDeclaredCountry);
    case "country-risk":
      return facts.countryRisk >= condition.gte;
  }
}
