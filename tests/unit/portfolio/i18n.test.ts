import { portfolioUi, pt, ptMessage } from "~/i18n/portfolio";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("portfolio catalogue", () => {
  it("has the same keys and placeholders in English and Spanish", () => {
    expect(Object.keys(portfolioUi.es).sort()).toEqual(Object.keys(portfolioUi.en).sort());
    for (const key of Object.keys(portfolioUi.en) as Array<keyof typeof portfolioUi.en>) {
      expect(placeholders(portfolioUi.es[key]), key).toEqual(placeholders(portfolioUi.en[key]));
      expect(portfolioUi.es[key].trim(), key).not.toBe("");
    }
  });
  it("fills placeholders and passes sentences through", () => {
    expect(pt("es", "list.count", { total: 3 })).toBe("3 coincidencias");
    expect(ptMessage("en", "observations.error.chooseOne")).toBe("Choose at least one observation.");
    expect(ptMessage("en", "A sentence from a service.")).toBe("A sentence from a service.");
  });
});
