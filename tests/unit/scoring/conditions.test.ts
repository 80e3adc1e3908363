// Engine 2 conditions: each leaf and combinator, with and without a context.
import type { Condition } from "~/domain/questionnaire/schema";
import type { AnswerValue } from "~/domain/scoring/answers";
import { contextFacts, evaluateCondition, type ConditionEnv } from "~/domain/scoring/conditions";

const values: Record<string, AnswerValue> = { "a.one": "x", "a.list": ["p", "q"], "a.n": 60, "a.m": 90, "a.na": "n/a", "a.empty": [] };
const env = (withContext: boolean): ConditionEnv => ({
  value: (id) => values[id],
  ...(withContext ? { context: contextFacts({ country: "MX", sector: "01", sourcingCountries: ["CN"], goods: ["coffee"] }) } : {}),
});
const holds = (c: Condition, withContext = true) => evaluateCondition(c, env(withContext));

describe("evaluateCondition", () => {
  it.each<[string, Condition, boolean]>([
    ["in on a string", { answer: "a.one", in: ["x"] }, true],
    ["in misses", { answer: "a.one", in: ["y"] }, false],
    ["in on any list element", { answer: "a.list", in: ["q"] }, true],
    ["in on a number spelled as a string", { answer: "a.n", in: ["60"] }, true],
    ["in on n/a", { answer: "a.na", in: ["n/a"] }, true],
    ["in on an unanswered question", { answer: "a.none", in: ["x"] }, false],
    ["gt a number", { answer: "a.n", gt: 50 }, true],
    ["gt is strict", { answer: "a.n", gt: 60 }, false],
    ["gte", { answer: "a.n", gte: 60 }, true],
    ["lt another answer", { answer: "a.n", lt: { answer: "a.m" } }, true],
    ["lte another answer", { answer: "a.m", lte: { answer: "a.n" } }, false],
    ["a comparison with n/a is false", { answer: "a.na", gt: 0 }, false],
    ["a comparison with an unanswered side is false", { answer: "a.n", lt: { answer: "a.none" } }, false],
    ["answered", { answer: "a.one", answered: true }, true],
    ["n/a counts as answered", { answer: "a.na", answered: true }, true],
    ["an empty list is not answered", { answer: "a.empty", answered: false }, true],
    ["all", { all: [{ answer: "a.one", in: ["x"] }, { answer: "a.n", gt: 1 }] }, true],
    ["all fails on one", { all: [{ answer: "a.one", in: ["x"] }, { answer: "a.n", gt: 100 }] }, false],
    ["any", { any: [{ answer: "a.one", in: ["y"] }, { answer: "a.n", gt: 1 }] }, true],
    ["not", { not: { answer: "a.one", in: ["x"] } }, false],
    ["sector", { context: "sector", in: ["01"] }, true],
    ["sector class ≥ n", { context: "sector-class", gte: 4 }, true],
    ["countries include the sourcing countries", { context: "countries", includesAny: ["CN"] }, true],
    ["countries include the client's own", { context: "countries", includesAny: ["MX"] }, true],
    ["goods", { context: "goods", includesAny: ["Coffee"] }, true],
    ["a DOL good listed for any country", { context: "listed-goods", list: "dol", forDeclaredCountry: false }, true],
    ["a DOL good listed for a declared country (coffee × MX, child labour)", { context: "listed-goods", list: "dol", forDeclaredCountry: true }, true],
    ["country risk (CN, TIP 2025 Tier 3: 6 points)", { context: "country-risk", gte: 6 }, true],
    ["country risk above the worst country", { context: "country-risk", gte: 7 }, false],
  ])("%s", (_name, condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });

  it("every context leaf is false without a context", () => {
    expect(holds({ context: "sector", in: ["01"] }, false)).toBe(false);
    expect(holds({ not: { context: "sector-class", gte: 1 } }, false)).toBe(true);
  });
});
