import { Form, useLocation } from "@remix-run/react";
import { useLang, useT } from "./i18n";

/** A plain form (works without JavaScript) that sets the language cookie and comes back. */
export function LanguageSwitch({ id = "lang-switch" }: { id?: string }) {
  const t = useT();
  const lang = useLang();
  const location = useLocation();
  return (
    <Form method="post" action="/set-language" className="flex items-center gap-2 text-sm">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <label htmlFor={id}>{t("layout.language")}</label>
      <select id={id} name="lang" defaultValue={lang} className="rounded border border-slate-500 bg-white px-2 py-1">
        <option value="en">{t("lang.en")}</option>
        <option value="es">{t("lang.es")}</option>
      </select>
      <button type="submit" className="btn-secondary py-1">
        {t("layout.languageSave")}
      </button>
    </Form>
  );
}
