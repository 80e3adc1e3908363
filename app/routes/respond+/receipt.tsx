import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { submissionReceipt } from "~/services/submission.server";
import { respondentWorkspace } from "~/services/respondent.server";
import { requireRespondentPage } from "./__respondent.server";
import { respondentPageHeaders, RespondentErrorBoundary, RespondentShell, useRt } from "./__shell";

export async function loader({ request }: LoaderFunctionArgs) {
  const { respondent, lang } = await requireRespondentPage(request);
  const ws = await respondentWorkspace(respondent, lang);
  return { ws, receipt: ws.submittedAt !== null ? await submissionReceipt(respondent, lang) : null };
}

export const headers = respondentPageHeaders;

export default function ReceiptPage() {
  const { ws, receipt } = useLoaderData<typeof loader>();
  const t = useRt(ws.lang);
  return (
    <RespondentShell lang={ws.lang} institution={ws.institution} client={ws.client} submitted={receipt !== null && !ws.editable}>
      <h1>{t("receipt.title")}</h1>
      {receipt ? (
        <>
          <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-green-900">
            {t("receipt.thanks", { institution: receipt.institution })}
          </p>
          <dl className="mt-6 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
            <dt className="font-medium">{t("receipt.institution")}</dt>
            <dd>{receipt.institution}</dd>
            <dt className="font-medium">{t("receipt.client")}</dt>
            <dd>{receipt.client}</dd>
            <dt className="font-medium">{t("receipt.questionnaire")}</dt>
            <dd>{t("receipt.questionnaireValue", { title: receipt.questionnaire.title, version: receipt.questionnaire.version })}</dd>
            <dt className="font-medium">{t("receipt.sha256")}</dt>
            <dd className="break-all font-mono text-sm">{receipt.questionnaire.sha256}</dd>
            <dt className="font-medium">{t("receipt.submittedAt")}</dt>
            <dd>
              <time dateTime={receipt.submittedAt}>{`${receipt.submittedAt.slice(0, 10)} ${receipt.submittedAt.slice(11, 16)} UTC`}</time>
            </dd>
            <dt className="font-medium">{t("receipt.signatory")}</dt>
            <dd>{`${receipt.signatory.name}, ${receipt.signatory.title} <${receipt.signatory.email}>`}</dd>
          </dl>
          <p className="mt-4 text-sm">{receipt.attestationText}</p>
          <p className="mt-6">
            <a className="btn no-underline" href="/respond/receipt.pdf">
              {t("receipt.pdf")}
            </a>
          </p>
          <h2 className="mt-8">{t("receipt.answers")}</h2>
          {receipt.sections.map((section) => (
            <section key={section.title} className="mt-4">
              <h3 className="font-semibold">{section.title}</h3>
              <dl className="mt-2 space-y-2">
                {section.answers.map((a) => (
                  <div key={a.id}>
                    <dt className="text-sm text-slate-700">{a.question}</dt>
                    <dd>
                      {a.answer}
                      {a.evidence.length > 0 ? <span className="block text-sm">{t("receipt.evidence", { names: a.evidence.join(", ") })}</span> : null}
                      {a.comment ? <span className="block text-sm">{t("receipt.comment", { comment: a.comment })}</span> : null}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </>
      ) : (
        <p className="mt-4">{t("receipt.notSubmitted")}</p>
      )}
    </RespondentShell>
  );
}

export function ErrorBoundary() {
  return <RespondentErrorBoundary />;
}
