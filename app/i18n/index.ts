// Message catalogues and the translate function shared by server and browser.
import { en, type MessageKey } from "./en";
import { es } from "./es";

export const LANGUAGES = ["en", "es"] as const;
export type Lang = (typeof LANGUAGES)[number];
export type { MessageKey };

export const catalogues: Record<Lang, Record<MessageKey, string>> = { en, es };

export function isLang(value: unknown): value is Lang {
  return value === "en" || value === "es";
}

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const template = catalogues[lang][key] ?? catalogues.en[key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

/** Chooses a language from an explicit preference, then the Accept-Language header. */
export function negotiateLang(preferred: string | null | undefined, acceptLanguage: string | null): Lang {
  if (isLang(preferred)) return preferred;
  for (const part of (acceptLanguage ?? "").split(",")) {
    const tag = part.split(";")[0]?.trim().toLowerCase().slice(0, 2);
    if (isLang(tag)) return tag;
  }
  return "en";
}
