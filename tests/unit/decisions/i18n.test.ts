import { reviewUi, rt } from "~/i18n/review";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("review catalogue", () => {
  it("has the same keys in English and Spanish", () => {
    expect(Object.keys(reviewUi.es).sort()).toEqual(Object.keys(reviewUi.en).sort());
  });

  it("uses the same placeholders in both languages, and no empty string", () => {
    for (const key of Object.keys(reviewUi.en) as Array<keyof typeof reviewUi.en>) {
      expect(placeholders(reviewUi.es[key]), key).toEqual(placeholders(reviewUi.en[key]));
      expect(reviewUi.es[key].trim(), key).not.toBe("");
    }
  });

  it("fills placeholders and leaves unknown ones as written", () => {
    expect(rt("es", "gate.label", { gate: "Abierto" })).toBe("Acceso: Abierto");
    expect(rt("en", "review.title")).toBe("Review: {client}");
  });
});
