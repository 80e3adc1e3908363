import { apiUi, at } from "~/i18n/api";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("API page catalogue", () => {
  it("has the same keys and placeholders in English and Spanish, none empty", () => {
    expect(Object.keys(apiUi.es).sort()).toEqual(Object.keys(apiUi.en).sort());
    for (const key of Object.keys(apiUi.en) as Array<keyof typeof apiUi.en>) {
      expect(apiUi.es[key].trim(), key).not.toBe("");
      expect(placeholders(apiUi.es[key]), key).toEqual(placeholders(apiUi.en[key]));
    }
  });

  it("fills placeholders", () => {
    expect(at("es", "hooks.test.flash", { count: 2 })).toBe("Se puso en cola un evento de prueba para 2 endpoint(s).");
    expect(at("en", "keys.created.body", {})).toContain("{name}");
  });
});
