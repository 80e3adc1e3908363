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
      <section aria-labelledby="unanswered-title" className="mt-6">
        <h2 id="unanswered-title">{t("review.unansweredTitle")}</h2>
        {page.unanswered.length === 0 ? (
          <p className="mt-2">{t("review.allAnswered")}</p>
        ) : (
          <>
            <p className="mt-2">{t("review.unansweredIntro")}</p>
            <ul className="mt-2 list-disc pl-6" data-testid="unanswered">
              {page.unanswered.map((item) => (
                <li key={item.questionId}>
                  <Link to={`/respond/section/${item.sectionKey}#q-${item.questionId}`}>{t("review.sectionLink", { section: item.sectionTitle, question: item.question })}</Link>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section aria-labelledby="evidence-title" className="mt-6">
        <h2 id="evidence-title">{t("review.missingEvidenceTitle")}</h2>
        {page.missingEvidence.length === 0 ? (
          <p className="mt-2">{t("review.noMissingEvidence")}</p>
        ) : (
          <>
            <p className="mt-2">{t("review.missingEvidenceIntro")}</p>
            <ul className="mt-2 list-disc pl-6">
              {page.missingEvidence.map((item) => (
                <li key={item.questionId}>
                  <Link to={`/respond/section/${item.sectionKey}#q-${item.questionId}`}>{t("review.sectionLink", { section: item.sectionTitle, question: item.question })}</Link>
                </li>
              ))}
            </ul>
          </>
        )}
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
