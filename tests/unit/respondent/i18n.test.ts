import { respondentUi, rt } from "~/i18n/respondent";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("respondent catalogue", () => {
  it("has the same keys in English and Spanish", () => {
    expect(Object.keys(respondentUi.es).sort()).toEqual(Object.keys(respondentUi.en).sort());
  });

  it("uses the same placeholders in both languages, and no empty string", () => {
    for (const key of Object.keys(respondentUi.en) as Array<keyof typeof respondentUi.en>) {
      expect(placeholders(respondentUi.es[key]), key).toEqual(placeholders(respondentUi.en[key]));
      expect(respondentUi.es[key].trim(), key).not.toBe("");
    }
  });

  it("fills placeholders and leaves unknown ones as written", () => {
    expect(rt("es", "section.position", { n: 2, total: 8 })).toBe("Sección 2 de 8");
    expect(rt("en", "section.position", { n: 2 })).toBe("Section 2 of {total}");
  });
});
