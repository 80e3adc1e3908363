import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { readLangCookie } from "~/auth/cookies.server";
import { negotiateLang } from "~/i18n";
import { readRespondentPrefs } from "~/services/respondent.server";
import { LanguageSwitch, respondentPageHeaders, RespondentErrorBoundary, useRt } from "./__shell";

// Shown when a respondent page is opened without a session: the questionnaire opens only from
// the personal link in the e-mail.
export async function loader({ request }: LoaderFunctionArgs) {
  const prefs = await readRespondentPrefs(request);
  return { lang: prefs?.lang ?? negotiateLang(await readLangCookie(request), request.headers.get("Accept-Language")) };
}

export const headers = respondentPageHeaders;

export default function LinkNeededPage() {
  const { lang } = useLoaderData<typeof loader>();
  const t = useRt(lang);
  return (
    <main id="main" lang={lang} className="mx-auto mt-16 max-w-xl px-4">
      <div className="card">
        <h1>{t("link.neededTitle")}</h1>
        <p className="mt-3">{t("link.needed")}</p>
        <div className="mt-6">
          <LanguageSwitch lang={lang} />
        </div>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <RespondentErrorBoundary />;
}
