import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { respondentWorkspace } from "~/services/respondent.server";
import { requireRespondentPage } from "./__respondent.server";
import { respondentPageHeaders, RespondentErrorBoundary, RespondentShell, useRt } from "./__shell";

// Minutes per visible question: most are one choice, a few ask for figures or text.
const MINUTES_PER_QUESTION = 1;

export async function loader({ request }: LoaderFunctionArgs) {
  const { respondent, lang } = await requireRespondentPage(request);
  return respondentWorkspace(respondent, lang);
}

export const headers = respondentPageHeaders;

export default function WelcomePage() {
  const ws = useLoaderData<typeof loader>();
  const t = useRt(ws.lang);
  const submitted = !ws.editable && ws.submittedAt !== null;
  const started = ws.totals.answered > 0;
  const firstOpen = ws.sections.find((s) => s.answered < s.required) ?? ws.sections[0];
  const minutes = Math.max(5, Math.round(ws.totals.visible * MINUTES_PER_QUESTION));
  return (
    <RespondentShell lang={ws.lang} institution={ws.institution} client={ws.client} submitted={submitted}>
      <h1>{t("welcome.title", { institution: ws.institution, client: ws.client })}</h1>
      {ws.status === "returned" ? (
        <section aria-labelledby="returned-title" className="mt-4 rounded-md border border-amber-700 bg-amber-50 p-4">
          <h2 id="returned-title">{t("welcome.returnedTitle")}</h2>
          <p className="mt-2">{t("welcome.returned", { institution: ws.institution, count: ws.reviewComments.length })}</p>
          <ul className="mt-2 list-disc pl-6">
            {ws.reviewComments.map((c, i) => (
              <li key={`${c.questionId}-${i}`}>
                <Link to={`/respond/section/${c.sectionKey}#q-${c.questionId}`}>{t("welcome.returnedQuestion", { question: c.question, comment: c.comment })}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {submitted ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-green-900">
          {t("welcome.submitted", { date: (ws.submittedAt ?? "").slice(0, 10) })} <Link to="/respond/receipt">{t("welcome.viewReceipt")}</Link>
        </p>
      ) : null}
      <section aria-labelledby="why-title" className="mt-6">
        <h2 id="why-title">{t("welcome.whyTitle")}</h2>
        <p className="mt-2">{t("welcome.why", { institution: ws.institution })}</p>
      </section>
      <dl className="mt-6 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium">{t("welcome.questionnaire")}</dt>
        <dd>{ws.questionnaire.title}</dd>
        <dt className="font-medium">{t("welcome.dueDate")}</dt>
        <dd>
          <time dateTime={ws.dueDate}>{ws.dueDate}</time>
        </dd>
        <dt className="font-medium">{t("welcome.estimate")}</dt>
        <dd>{t("welcome.estimateValue", { minutes, count: ws.totals.visible })}</dd>
        <dt className="font-medium">{t("welcome.progress")}</dt>
        <dd>
          <progress className="mr-2 align-middle" max={ws.totals.required} value={ws.totals.answered} aria-label={t("welcome.progress")} />
          {t("welcome.progressValue", { answered: ws.totals.answered, required: ws.totals.required })}
        </dd>
      </dl>
      <section aria-labelledby="privacy-title" className="mt-6">
        <h2 id="privacy-title">{t("welcome.privacyTitle")}</h2>
        <p className="mt-2 text-slate-800">{t("welcome.privacy", { institution: ws.institution })}</p>
      </section>
      {firstOpen ? (
        <p className="mt-6">
          <Link className="btn no-underline" to={`/respond/section/${firstOpen.key}`}>
            {started || submitted ? t("welcome.continue") : t("welcome.start")}
          </Link>
        </p>
      ) : null}
      <section aria-labelledby="sections-title" className="mt-8">
        <h2 id="sections-title">{t("welcome.sections")}</h2>
        <ol className="mt-2 space-y-1">
          {ws.sections.map((s) => (
            <li key={s.key}>
              <Link to={`/respond/section/${s.key}`}>
                {s.index}. {s.title}
              </Link>{" "}
              <span className="text-sm text-slate-700">— {t("welcome.sectionProgress", { answered: s.answered, required: s.required })}</span>
            </li>
          ))}
        </ol>
      </section>
    </RespondentShell>
  );
}

export function ErrorBoundary() {
  return <RespondentErrorBoundary />;
}
