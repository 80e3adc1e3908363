// The message catalogues (issue 3): English and Spanish define exactly the same keys, none empty,
// with the same {placeholders}; the chosen language (cookie) wins over the browser's.
import { readLangCookie, requestLang, serializeLangCookie } from "~/auth/cookies.server";
import { catalogues, negotiateLang, translate, type MessageKey } from "~/i18n";
import { en } from "~/i18n/en";
import { es } from "~/i18n/es";

function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

describe("catalogues", () => {
  it("en and es have exactly the same keys", () => {
    const enKeys = Object.keys(en).sort();
    const esKeys = Object.keys(es).sort();
    expect(esKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(enKeys.filter((k) => !esKeys.includes(k))).toEqual([]);
    expect(enKeys.length).toBeGreaterThan(50);
  });

  it("has no empty or blank message in either language", () => {
    for (const [lang, catalogue] of Object.entries(catalogues)) {
      const blank = Object.entries(catalogue).filter(([, message]) => typeof message !== "string" || message.trim() === "").map(([key]) => `${lang}:${key}`);
      expect(blank).toEqual([]);
    }
  });

  it("uses the same {placeholders} for every key in both languages", () => {
    const differing = (Object.keys(en) as MessageKey[])
      .filter((key) => placeholders(en[key]).join(",") !== placeholders(es[key]).join(","))
      .map((key) => `${key}: en {${placeholders(en[key]).join(",")}} es {${placeholders(es[key]).join(",")}}`);
    expect(differing).toEqual([]);
  });

  it("translate fills placeholders and leaves unknown ones visible", () => {
    expect(translate("en", "layout.signedInAs", { name: "Ana" })).toBe("Signed in as Ana");
    expect(translate("es", "layout.signedInAs", { name: "Ana" })).toBe("Sesión iniciada como Ana");
    expect(translate("en", "layout.signedInAs")).toBe("Signed in as {name}");
  });
});

describe("choosing the language", () => {
  it("negotiateLang prefers the explicit choice over Accept-Language", () => {
    expect(negotiateLang("en", "es-MX,es;q=0.9")).toBe("en");
    expect(negotiateLang("es", "en-US,en;q=0.9")).toBe("es");
  });

  it("falls back to Accept-Language, then English", () => {
    expect(negotiateLang(null, "es-CO,es;q=0.9,en;q=0.8")).toBe("es");
    expect(negotiateLang(undefined, "fr-FR,fr;q=0.9,es;q=0.5")).toBe("es");
    expect(negotiateLang("de", "de-DE")).toBe("en");
    expect(negotiateLang(null, null)).toBe("en");
  });

  it("the lang cookie wins over the browser's Accept-Language for a request", async () => {
    const cookie = (await serializeLangCookie("es")).split(";")[0]!;
    const request = new Request("http://localhost/app", { headers: { Cookie: cookie, "Accept-Language": "en-GB,en;q=0.9" } });
    expect(await readLangCookie(request)).toBe("es");
    expect(await requestLang(request)).toBe("es");
    const english = (await serializeLangCookie("en")).split(";")[0]!;
    expect(await requestLang(new Request("http://localhost/app", { headers: { Cookie: english, "Accept-Language": "es-MX" } }))).toBe("en");
    expect(await requestLang(new Request("http://localhost/app", { headers: { "Accept-Language": "es-MX" } }))).toBe("es");
  });

  it("ignores a lang cookie with an unsupported value", async () => {
    const request = new Request("http://localhost/app", { headers: { Cookie: `lang=${btoa(JSON.stringify("fr"))}`, "Accept-Language": "es" } });
    expect(await readLangCookie(request)).toBeNull();
    expect(await requestLang(request)).toBe("es");
  });
});
