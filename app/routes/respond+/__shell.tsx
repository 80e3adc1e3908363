// The frame of every respondent page (who asks, language switch, navigation) and the error page
// for links that do not work (404, 410 with whom to contact). Shared by the respond+ routes.
import { Form, isRouteErrorResponse, Link, useLocation, useRouteError } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import { isLang, type Lang } from "~/i18n";
import { rt, type RespondentKey } from "~/i18n/respondent";

export function useRt(lang: Lang) {
  return (key: RespondentKey, vars?: Record<string, string | number>) => rt(lang, key, vars);
}

export function LanguageSwitch({ lang }: { lang: Lang }) {
  const t = useRt(lang);
  const location = useLocation();
  return (
    <Form method="post" action="/respond/language" className="flex items-end gap-2" reloadDocument>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <div>
        <label htmlFor="respondent-lang" className="block text-xs font-medium text-slate-700">
          {t("layout.language")}
        </label>
        <select id="respondent-lang" name="lang" defaultValue={lang} className="rounded-md border border-slate-500 bg-white px-2 py-1 text-sm">
          <option value="en" lang="en">
            {rt("en", "language.en")}
          </option>
          <option value="es" lang="es">
            {rt("es", "language.es")}
          </option>
        </select>
      </div>
      <button type="submit" className="btn-secondary py-1">
        {t("layout.changeLanguage")}
      </button>
    </Form>
  );
}

export function RespondentShell({
  lang,
  institution,
  client,
  submitted,
  children,
}: {
  lang: Lang;
  institution: string;
  client: string;
  submitted: boolean;
  children: React.ReactNode;
}) {
  const t = useRt(lang);
  return (
    <div lang={lang}>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
        {t("layout.skipToContent")}
      </a>
      <header className="border-b border-slate-300 bg-white">
        <div className="mx-auto flex max-w-4xl flex-wrap items-end justify-between gap-4 px-4 py-3">
          <div>
            <p className="text-base font-semibold text-slate-900">{t("layout.from", { institution })}</p>
            <p className="text-sm text-slate-700">{t("layout.for", { client })}</p>
          </div>
          <LanguageSwitch lang={lang} />
        </div>
        <nav aria-label={t("layout.nav")} className="mx-auto max-w-4xl px-4 pb-2">
          <ul className="flex flex-wrap gap-4 text-sm">
            <li>
              <Link to="/respond">{t("layout.welcome")}</Link>
            </li>
            {submitted ? (
              <li>
                <Link to="/respond/receipt">{t("layout.receipt")}</Link>
              </li>
            ) : (
              <li>
                <Link to="/respond/review">{t("layout.review")}</Link>
              </li>
            )}
            <li>
              <Link to="/respond/colleagues">{t("layout.colleagues")}</Link>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-4xl px-4 py-6">
        {children}
      </main>
    </div>
  );
}

/** A page for a link that does not work: not found, or gone with whom to contact. */
export function LinkProblem({ lang, kind, reason, contact }: { lang: Lang; kind: "not-found" | "gone"; reason?: string; contact?: { institution: string; name: string | null; email: string | null } | null }) {
  const t = useRt(lang);
  const goneReason = reason === "revoked" || reason === "expired" || reason === "withdrawn" ? reason : "revoked";
  return (
    <main id="main" lang={lang} className="mx-auto mt-16 max-w-xl px-4">
      <div className="card" role="alert">
        <h1>{t(kind === "gone" ? "link.goneTitle" : "link.notFoundTitle")}</h1>
        <p className="mt-3">{kind === "gone" ? t(`link.gone.${goneReason}`) : t("link.notFound")}</p>
        {kind === "gone" ? (
          <p className="mt-3">
            {contact?.name && contact.email
              ? t("link.contact", { name: contact.name, email: contact.email, institution: contact.institution })
              : contact
                ? t("link.contactInstitution", { institution: contact.institution })
                : t("link.contactUnknown")}
          </p>
        ) : null}
      </div>
    </main>
  );
}

type ErrorPayload = { kind?: string; reason?: string; lang?: string; contact?: { institution: string; name: string | null; email: string | null } | null };

export function RespondentErrorBoundary() {
  const error = useRouteError();
  const rootLang = useLang();
  if (isRouteErrorResponse(error) && (error.status === 410 || error.status === 404)) {
    const payload: ErrorPayload = error.data !== null && typeof error.data === "object" ? (error.data as ErrorPayload) : { reason: typeof error.data === "string" ? error.data : undefined };
    if (error.status === 404 && payload.kind !== "not-found") return <GeneralErrorBoundary />;
    const lang = isLang(payload.lang) ? payload.lang : rootLang;
    return <LinkProblem lang={lang} kind={error.status === 410 ? "gone" : "not-found"} reason={payload.reason} contact={payload.contact ?? null} />;
  }
  return <GeneralErrorBoundary />;
}

/**
 * Referrer policy of the respondent HTML pages: "no-referrer" (PRODUCT.md "Respondent links").
 * Forms posted from such a page carry `Origin: null`; scripts/server.ts drops that header for
 * same-origin fetches so Remix's origin check accepts the post.
 */
export function respondentPageHeaders() {
  return { "Referrer-Policy": "no-referrer" };
}
