import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ColleagueFormSchema } from "~/domain/answer-form";
import { ConflictError, ForbiddenError, InvalidInputError } from "~/domain/errors";
import { isRespondentKey } from "~/i18n/respondent";
import { addColleague, listColleagues, respondentWorkspace } from "~/services/respondent.server";
import { NO_REFERRER, requireRespondentPage } from "./__respondent.server";
import { respondentPageHeaders, RespondentErrorBoundary, RespondentShell, useRt } from "./__shell";

export async function loader({ request }: LoaderFunctionArgs) {
  const { respondent, lang } = await requireRespondentPage(request);
  const ws = await respondentWorkspace(respondent, lang);
  const primary = (await listColleagues(respondent)).find((c) => c.isPrimary);
  return { ws, colleagues: await listColleagues(respondent), primaryEmail: primary?.email ?? "" };
}

export async function action({ request }: ActionFunctionArgs) {
  const now = new Date();
  const { respondent } = await requireRespondentPage(request, now);
  const submission = parseWithZod(await request.formData(), { schema: ColleagueFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400, headers: NO_REFERRER });
  try {
    await addColleague(respondent, submission.value, now);
  } catch (error) {
    if (error instanceof ForbiddenError) throw new Response(error.message, { status: 403, headers: NO_REFERRER });
    if (error instanceof ConflictError) return data(submission.reply({ formErrors: ["colleagues.closed"] }), { status: 409, headers: NO_REFERRER });
    if (error instanceof InvalidInputError) {
      return data(submission.reply({ fieldErrors: Object.fromEntries(error.details.map((d) => [d.path, [d.message]])) }), { status: 400, headers: NO_REFERRER });
    }
    throw error;
  }
  return redirect(`/respond/colleagues?added=${encodeURIComponent(submission.value.email)}`, { headers: NO_REFERRER });
}

export const headers = respondentPageHeaders;

export default function ColleaguesPage() {
  const { ws, colleagues, primaryEmail } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const t = useRt(ws.lang);
  const [form, fields] = useForm({
    id: "colleague",
    lastResult,
    constraint: getZodConstraint(ColleagueFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ColleagueFormSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const added = searchParams.get("added");
  const submitted = !ws.editable && ws.submittedAt !== null;
  const errorText = (e: string) => (isRespondentKey(e) ? t(e) : e);
  return (
    <RespondentShell lang={ws.lang} institution={ws.institution} client={ws.client} submitted={submitted}>
      <h1>{t("colleagues.title")}</h1>
      <p className="mt-2">{t("colleagues.intro")}</p>
      {added ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-green-900">
          {t("colleagues.added", { email: added })}
        </p>
      ) : null}
      <table className="table mt-6">
        <thead>
          <tr>
            <th scope="col">{t("colleagues.name")}</th>
            <th scope="col">{t("colleagues.email")}</th>
            <th scope="col">{t("colleagues.role")}</th>
            <th scope="col">{t("colleagues.lastSeen")}</th>
          </tr>
        </thead>
        <tbody>
          {colleagues.map((c) => (
            <tr key={c.id}>
              <td>{c.name ?? ""}</td>
              <td>{c.email}</td>
              <td>{c.isPrimary ? t("colleagues.primary") : t("colleagues.colleague")}</td>
              <td>{c.lastSeenAt ? `${c.lastSeenAt.slice(0, 10)} ${c.lastSeenAt.slice(11, 16)} UTC` : t("colleagues.never")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!ws.respondent.isPrimary ? (
        <p className="mt-6">{t("colleagues.onlyPrimary", { email: primaryEmail })}</p>
      ) : !ws.editable ? (
        <p className="mt-6">{t("colleagues.closed")}</p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="card mt-6 max-w-lg">
          <h2>{t("colleagues.addTitle")}</h2>
          {form.errors?.length ? (
            <div role="alert" className="mt-2 text-sm text-red-800">
              {form.errors.map((e) => (
                <p key={e}>{errorText(e)}</p>
              ))}
            </div>
          ) : null}
          {(
            [
              [fields.name, t("colleagues.name"), "text", "name"],
              [fields.email, t("colleagues.email"), "email", "email"],
            ] as const
          ).map(([field, label, type, autoComplete]) => (
            <div key={field.name} className="mt-3">
              <label htmlFor={field.id} className="mb-1 block text-sm font-medium">
                {label}
              </label>
              <input
                className="input"
                {...getInputProps(field, { type })}
                autoComplete={autoComplete}
                aria-invalid={field.errors ? true : undefined}
                aria-describedby={`${field.id}-error`}
              />
              <div id={`${field.id}-error`} className="min-h-[1.25rem] text-sm text-red-800">
                {(field.errors ?? []).map((e) => (
                  <p key={e}>{errorText(e)}</p>
                ))}
              </div>
            </div>
          ))}
          <button type="submit" className="btn mt-2">
            {t("colleagues.add")}
          </button>
        </Form>
      )}
    </RespondentShell>
  );
}

export function ErrorBoundary() {
  return <RespondentErrorBoundary />;
}
