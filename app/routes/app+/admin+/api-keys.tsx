import { ShownOnce } from "~/components/shown-once";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { StepUpActions, StepUpPassword } from "~/components/step-up";
import { ErrorList, Field, FormErrors } from "~/components/forms";
import { useLang } from "~/components/i18n";
import { reads } from "~/db.server";
import { DomainError } from "~/domain/errors";
import { toResponse } from "~/errors-http.server";
import { at, isApiUiKey, type ApiUiKey } from "~/i18n/api";
import { listApiKeys } from "~/repositories/api-keys.server";
import { CreateApiKeyFormSchema, RevokeApiKeyFormSchema } from "~/schemas/api/api-keys";
import { createApiKey, revokeApiKey } from "~/services/api-keys.server";
import { stepUpFromForm } from "~/services/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "manage:api-key:any");
  return { keys: await listApiKeys(staff.institutionId, reads()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "manage:api-key:any");
  const formData = await request.formData();
  const now = new Date();
  if (formData.get("intent") === "revoke") {
    const submission = parseWithZod(formData, { schema: RevokeApiKeyFormSchema });
    if (submission.status !== "success") throw new Response("Bad request", { status: 400 });
    try {
      await revokeApiKey(staff, submission.value.keyId, now);
    } catch (error) {
      if (error instanceof DomainError) throw toResponse(error);
      throw error;
    }
    return redirect("/app/admin/api-keys?flash=revoked");
  }
  const submission = parseWithZod(formData, { schema: CreateApiKeyFormSchema });
  if (submission.status !== "success") return data({ reply: submission.reply({ hideFields: ["password"] }), created: null }, { status: 400 });
  // Creating a key hands out standing access to the institution's data: the admin's password,
  // typed in this post, is asked for every time.
  const stepUp = await stepUpFromForm(staff, formData, "api-key.create", now);
  if (!stepUp.ok) return data({ reply: submission.reply({ fieldErrors: { password: [stepUp.error] }, hideFields: ["password"] }), created: null }, { status: stepUp.status });
  const { name, scope, canReadAudit } = submission.value;
  const created = await createApiKey(staff, { name, scope, canReadAudit: canReadAudit === "on" }, now);
  // Shown in this response only (never stored in clear, never in a redirect URL).
  return data({ reply: submission.reply({ resetForm: true, hideFields: ["password"] }), created: { name, key: created.key } }, { headers: { "Cache-Control": "no-store" } });
}

export default function ApiKeysPage() {
  const { keys } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const lang = useLang();
  const t = (key: ApiUiKey, vars?: Record<string, string | number>) => at(lang, key, vars);
  const msg = (m: string) => (isApiUiKey(m) ? t(m) : m);
  const [form, fields] = useForm({
    id: "create-key",
    lastResult: actionData?.reply,
    constraint: getZodConstraint(CreateApiKeyFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateApiKeyFormSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <div>
      <h1>{t("keys.title")}</h1>
      <p className="mt-2 max-w-3xl text-sm text-slate-700">
        {t("keys.intro")}{" "}
        <Link to="/app/api-docs" className="underline">
          {t("keys.docs")}
        </Link>
      </p>
      {searchParams.get("flash") === "revoked" ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
          {t("keys.revoked.flash")}
        </p>
      ) : null}
      {actionData?.created ? (
        <ShownOnce id="created-key" title={t("keys.created.title")} body={t("keys.created.body", { name: actionData.created.name })} label={t("keys.title")} value={actionData.created.key} testId="created-key" />
      ) : null}
      {keys.length === 0 ? (
        <p className="mt-6">{t("keys.empty")}</p>
      ) : (
        <table className="table mt-6">
          <thead>
            <tr>
              <th scope="col">{t("keys.name")}</th>
              <th scope="col">{t("keys.prefix")}</th>
              <th scope="col">{t("keys.scope")}</th>
              <th scope="col">{t("keys.audit")}</th>
              <th scope="col">{t("keys.createdBy")}</th>
              <th scope="col">{t("keys.lastUsed")}</th>
              <th scope="col">{t("keys.status")}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td className="font-mono">{k.prefix}…</td>
                <td>{t(`keys.scope.${k.scope}`)}</td>
                <td>{k.canReadAudit ? t("keys.yes") : t("keys.no")}</td>
                <td>
                  {k.createdByName}, {k.createdAt.slice(0, 10)}
                </td>
                <td>{k.lastUsedAt ? `${k.lastUsedAt.slice(0, 16).replace("T", " ")} UTC` : t("keys.never")}</td>
                <td>
                  {k.revokedAt ? (
                    t("keys.revoked", { date: k.revokedAt.slice(0, 10) })
                  ) : (
                    <Form method="post" className="flex items-center gap-2">
                      <span>{t("keys.active")}</span>
                      <input type="hidden" name="keyId" value={k.id} />
                      <button type="submit" name="intent" value="revoke" className="btn-danger py-1">
                        {t("keys.revoke")}
                        <span className="sr-only"> {k.name}</span>
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section className="card mt-8 max-w-xl" aria-labelledby="create-key-h">
        <h2 id="create-key-h">{t("keys.create")}</h2>
        <Form method="post" className="mt-4" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="create" />
          <FormErrors errors={form.errors} />
          <Field label={t("keys.name")} errors={fields.name.errors?.map(msg)} inputProps={getInputProps(fields.name, { type: "text" })} />
          <fieldset className="mb-2" aria-describedby={fields.scope.errors ? `${fields.scope.id}-error` : undefined}>
            <legend className="mb-1 text-sm font-medium">{t("keys.scope")}</legend>
            <div className="flex flex-wrap gap-4">
              {(["read", "read-write"] as const).map((scope) => (
                <label key={scope} className="flex items-center gap-1">
                  <input type="radio" name="scope" value={scope} defaultChecked={scope === "read"} />
                  {t(`keys.scope.${scope}`)}
                </label>
              ))}
            </div>
            <ErrorList id={`${fields.scope.id}-error`} errors={fields.scope.errors?.map(msg)} />
          </fieldset>
          <div className="mb-4">
            <label className="flex items-center gap-2">
              <input type="checkbox" name="canReadAudit" value="on" aria-describedby="audit-help" />
              {t("keys.audit")}
            </label>
            <p id="audit-help" className="text-sm text-slate-700">
              {t("keys.auditHelp")}
            </p>
          </div>
          <fieldset>
            <legend className="mb-1 font-semibold">{t("keys.stepUpLegend")}</legend>
            <StepUpPassword id="create-key-password" errors={actionData && !actionData.created ? ((actionData.reply.error?.password ?? null) as string[] | null) : null} />
          </fieldset>
          <StepUpActions label={t("keys.createSubmit")} cancelTo="/app/admin/api-keys" />
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
