import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { SubmitFormSchema } from "~/domain/answer-form";
import { InvalidInputError } from "~/domain/errors";
import { isRespondentKey } from "~/i18n/respondent";
import { reviewChecklist } from "~/services/respondent.server";
import { attestationText, submitAssessment } from "~/services/submission.server";
import { NO_REFERRER, requireRespondentPage } from "./__respondent.server";
import { respondentPageHeaders, RespondentErrorBoundary, RespondentShell, useRt } from "./__shell";

export async function loader({ request }: LoaderFunctionArgs) {
  const { respondent, lang } = await requireRespondentPage(request);
  const checklist = await reviewChecklist(respondent, lang);
  return { ...checklist, attestation: attestationText(lang, checklist.client, checklist.institution) };
}

export async function action({ request }: ActionFunctionArgs) {
  const now = new Date();
  const { respondent, lang } = await requireRespondentPage(request, now);
  const submission = parseWithZod(await request.formData(), { schema: SubmitFormSchema });
  if (submission.status !== "success") return data({ reply: submission.reply(), refused: null, conflict: false }, { status: 400, headers: NO_REFERRER });
  const { attest: _attest, ...signatory } = submission.value;
  try {
    const result = await submitAssessment(respondent, { signatory, attest: true }, now, lang);
    if ("error" in result) {
      if (result.error === "conflict") return data({ reply: submission.reply(), refused: null, conflict: true }, { status: 409, headers: NO_REFERRER });
      return data({ reply: submission.reply(), refused: result.missing, conflict: false }, { status: 422, headers: NO_REFERRER });
    }
  } catch (error) {
    if (error instanceof InvalidInputError) {
      return data({ reply: submission.reply({ formErrors: error.details.map((d) => d.message) }), refused: null, conflict: false }, { status: 400, headers: NO_REFERRER });
    }
    throw error;
  }
  return redirect("/respond/receipt", { headers: NO_REFERRER });
}

export const headers = respondentPageHeaders;

function FieldError({ id, errors, lang }: { id: string; errors: string[] | undefined; lang: "en" | "es" }) {
  const t = useRt(lang);
  return (
    <div id={id} className="min-h-[1.25rem] text-sm text-red-800">
      {(errors ?? []).map((e) => (
        <p key={e}>{isRespondentKey(e) ? t(e) : e}</p>
      ))}
    </div>
  );
}

export default function ReviewPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useRt(page.lang);
  const [form, fields] = useForm({
    id: "submit",
    lastResult: actionData?.reply,
    // The person the invitation went to, as a starting point; they may change it (F30).
    defaultValue: { name: page.signatory.name, email: page.signatory.email },
    constraint: getZodConstraint(SubmitFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SubmitFormSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const submitted = !page.editable && page.submittedAt !== null;
  const textField = (field: typeof fields.name, label: string, type: "text" | "email", autoComplete: string) => {
    const errorId = `${field.id}-error`;
    return (
      <div className="mb-2">
        <label htmlFor={field.id} className="mb-1 block text-sm font-medium">
          {label}
        </label>
        <input
          className="input"
          {...getInputProps(field, { type })}
          autoComplete={autoComplete}
          aria-invalid={field.errors ? true : undefined}
          aria-describedby={errorId}
        />
        <FieldError id={errorId} errors={field.errors} lang={page.lang} />
      </div>
    );
  };
  return (
    <RespondentShell lang={page.lang} institution={page.institution} client={page.client} submitted={submitted}>
      <h1>{t("review.title")}</h1>
      {actionData?.conflict || submitted ? (
        <p role="alert" className="mt-4 rounded-md border border-slate-400 bg-slate-50 p-3">
          {t("review.conflict")}
        </p>
      ) : null}
      {actionData?.refused ? (
        <p role="alert" className="mt-4 rounded-md border border-red-700 bg-red-50 p-3 text-red-900">
          {t("review.refused", { count: actionData.refused.length })}
        </p>
      ) : null}
      <section aria-labelledby="status-title" className="mt-6">
        <h2 id="status-title">{t("review.statusTitle")}</h2>
        <p className="mt-2">{page.unanswered.length === 0 ? t("review.allAnswered") : t("review.unansweredIntro")}</p>
        {page.missingEvidence.length > 0 ? <p className="mt-1 text-sm text-slate-700">{t("review.missingEvidenceIntro")}</p> : null}
        <ul className="mt-3 space-y-2" data-testid="section-status">
          {page.readBack.map((section) => (
            <li key={section.key} className="rounded-md border border-slate-300 p-3">
              <div className="flex flex-wrap items-center gap-2">
                <Link to={`/respond/section/${section.key}`} className="font-medium">
                  {section.title}
                </Link>
                {section.missingRequired.length === 0 && section.missingEvidence.length === 0 ? (
                  <span className="rounded-full bg-green-100 px-2 py-0.5 text-xs font-medium text-green-900">{t("review.chipComplete")}</span>
                ) : null}
                {section.missingRequired.length > 0 ? (
                  <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-900">{t("review.chipMissing", { count: section.missingRequired.length })}</span>
                ) : null}
                {section.missingEvidence.length > 0 ? (
                  <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">{t("review.chipEvidence", { count: section.missingEvidence.length })}</span>
                ) : null}
              </div>
              {section.missingRequired.length > 0 ? (
                <details open={section.missingRequired.length <= 3} className="mt-2 text-sm" data-testid="unanswered">
                  <summary>{t("review.requiredList")}</summary>
                  <ul className="mt-1 list-disc pl-6">
                    {section.missingRequired.map((item) => (
                      <li key={item.questionId}>
                        <Link to={`/respond/section/${item.sectionKey}#q-${item.questionId}`}>{item.question}</Link>
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
              {section.missingEvidence.length > 0 ? (
                <details className="mt-2 text-sm">
                  <summary>{t("review.evidenceList")}</summary>
                  <ul className="mt-1 list-disc pl-6">
                    {section.missingEvidence.map((item) => (
                      <li key={item.questionId}>
                        <Link to={`/respond/section/${item.sectionKey}#q-${item.questionId}`}>{item.question}</Link>
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="readback-title" className="mt-8">
        <h2 id="readback-title">{t("review.readBackTitle")}</h2>
        <p className="mt-2 text-sm">{t("review.readBackIntro")}</p>
        {page.readBack.map((section) => (
          <section key={section.key} aria-labelledby={`readback-${section.key}`} className="mt-4" data-testid="readback-section">
            <h3 id={`readback-${section.key}`} className="font-semibold">
              {section.title}
            </h3>
            <dl className="mt-2 space-y-2">
              {section.answers.map((a) => (
                <div key={a.questionId}>
                  <dt className="text-sm text-slate-700">{a.question}</dt>
                  <dd>{a.answer === "" ? <em>{t("review.noAnswer")}</em> : a.answer}</dd>
                  {a.comment ? (
                    <dd className="text-sm">
                      {t("section.yourComment")}: {a.comment}
                    </dd>
                  ) : null}
                  {a.documents.length > 0 ? <dd className="text-sm">{t("receipt.evidence", { names: a.documents.join(", ") })}</dd> : null}
                </div>
              ))}
            </dl>
            {page.editable ? (
              <p className="mt-2 text-sm">
                <Link to={`/respond/section/${section.key}`}>{t("review.editSection", { section: section.title })}</Link>
              </p>
            ) : null}
          </section>
        ))}
      </section>
      {page.editable ? (
        <Form method="post" {...getFormProps(form)} className="card mt-8">
          <h2>{t("review.signatoryTitle")}</h2>
          {form.errors?.length ? (
            <div role="alert" className="mt-2 text-sm text-red-800">
              {form.errors.map((e) => (
                <p key={e}>{isRespondentKey(e) ? t(e) : e}</p>
              ))}
            </div>
          ) : null}
          <p className="mt-1 text-sm text-slate-700">{t("review.prefilled")}</p>
          <div className="mt-3">
            {textField(fields.name, t("review.signatoryName"), "text", "name")}
            {textField(fields.title, t("review.signatoryTitleField"), "text", "organization-title")}
            {textField(fields.email, t("review.signatoryEmail"), "email", "email")}
          </div>
          <h2 className="mt-4">{t("review.attestationTitle")}</h2>
          <p id="attestation-text" className="mt-2">
            {page.attestation}
          </p>
          <div className="mt-3">
            <label className="flex items-start gap-2">
              <input
                className="mt-1"
                {...getInputProps(fields.attest, { type: "checkbox" })}
                value="on"
                aria-invalid={fields.attest.errors ? true : undefined}
                aria-describedby={`attestation-text ${fields.attest.id}-error`}
              />
              <span>{t("review.attestLabel")}</span>
            </label>
            <FieldError id={`${fields.attest.id}-error`} errors={fields.attest.errors} lang={page.lang} />
          </div>
          <button type="submit" className="btn mt-4">
            {t("review.submit")}
          </button>
        </Form>
      ) : null}
    </RespondentShell>
  );
}

export function ErrorBoundary() {
  return <RespondentErrorBoundary />;
}
