import { ShownOnce } from "~/components/shown-once";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, Field, FormErrors } from "~/components/forms";
import { useLang } from "~/components/i18n";
import { reads } from "~/db.server";
import { getEnv } from "~/env.server";
import { DomainError, InvalidInputError } from "~/domain/errors";
import { toResponse } from "~/errors-http.server";
import { at, isApiUiKey, type ApiUiKey } from "~/i18n/api";
import { listWebhooks } from "~/repositories/webhook-admin.server";
import { CreateWebhookFormSchema, SUBSCRIBABLE_EVENTS, WebhookIdFormSchema } from "~/schemas/api/webhooks";
import { createWebhook, sendTestEvent, setWebhookActive } from "~/services/webhooks.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "manage:webhook:any");
  return { webhooks: await listWebhooks(staff.institutionId, reads()), allowLoopback: getEnv().webhooksAllowLoopback };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "manage:webhook:any");
  const formData = await request.formData();
  const now = new Date();
  const intent = formData.get("intent");
  if (intent === "send-test") {
    const count = await sendTestEvent(staff, now);
    return redirect(`/app/admin/webhooks?flash=test&count=${count}`);
  }
  if (intent === "create") {
    const submission = parseWithZod(formData, { schema: CreateWebhookFormSchema });
    if (submission.status !== "success") return data({ reply: submission.reply(), created: null }, { status: 400 });
    try {
      const created = await createWebhook(staff, { url: submission.value.url, events: submission.value.events }, now);
      // The secret is shown in this response only.
      return data({ reply: submission.reply({ resetForm: true }), created: { url: submission.value.url, secret: created.secret } }, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      if (error instanceof InvalidInputError) {
        return data({ reply: submission.reply({ fieldErrors: Object.fromEntries(error.details.map((d) => [d.path, [d.message]])) }), created: null }, { status: 400 });
      }
      throw error;
    }
  }
  const submission = parseWithZod(formData, { schema: WebhookIdFormSchema });
  if (submission.status !== "success" || submission.value.intent === "test") throw new Response("Bad request", { status: 400 });
  try {
    await setWebhookActive(staff, submission.value.webhookId, submission.value.intent === "reactivate", now);
  } catch (error) {
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
  return redirect(`/app/admin/webhooks?flash=${submission.value.intent}d`);
}

export default function WebhooksPage() {
  const { webhooks, allowLoopback } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const lang = useLang();
  const t = (key: ApiUiKey, vars?: Record<string, string | number>) => at(lang, key, vars);
  const msg = (m: string) => (isApiUiKey(m) ? t(m) : m);
  const [form, fields] = useForm({
    id: "create-webhook",
    lastResult: actionData?.reply,
    constraint: getZodConstraint(CreateWebhookFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateWebhookFormSchema }),
    shouldRevalidate: "onInput",
  });
  const flash = searchParams.get("flash");
  return (
    <div>
      <h1>{t("hooks.title")}</h1>
      <p className="mt-2 max-w-3xl text-sm text-slate-700">{t("hooks.intro")}</p>
      {flash === "test" || flash === "deactivated" || flash === "reactivated" ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
          {flash === "test" ? t("hooks.test.flash", { count: searchParams.get("count") ?? "0" }) : t(flash === "deactivated" ? "hooks.deactivated.flash" : "hooks.reactivated.flash")}
        </p>
      ) : null}
      {actionData?.created ? (
        <ShownOnce id="created-secret" title={t("hooks.created.title")} body={t("hooks.created.body")} label={t("hooks.created.title")} value={actionData.created.secret} testId="created-secret">
          <p className="mt-1 text-sm">{actionData.created.url}</p>
        </ShownOnce>
      ) : null}
      {webhooks.length === 0 ? (
        <p className="mt-6">{t("hooks.empty")}</p>
      ) : (
        <table className="table mt-6">
          <thead>
            <tr>
              <th scope="col">{t("hooks.url")}</th>
              <th scope="col">{t("hooks.events")}</th>
              <th scope="col">{t("hooks.createdAt")}</th>
              <th scope="col">{t("hooks.status")}</th>
              <th scope="col">{t("hooks.deliveries")}</th>
            </tr>
          </thead>
          <tbody>
            {webhooks.map((w) => (
              <tr key={w.id}>
                <td className="break-all">{w.url}</td>
                <td>{w.events.join(", ")}</td>
                <td>{w.createdAt.slice(0, 10)}</td>
                <td>
                  <Form method="post" className="flex items-center gap-2">
                    <span>{w.isActive ? t("hooks.active") : t("hooks.inactive")}</span>
                    <input type="hidden" name="webhookId" value={w.id} />
                    <button type="submit" name="intent" value={w.isActive ? "deactivate" : "reactivate"} className={w.isActive ? "btn-danger py-1" : "btn-secondary py-1"}>
                      {w.isActive ? t("hooks.deactivate") : t("hooks.reactivate")}
                      <span className="sr-only"> {w.url}</span>
                    </button>
                  </Form>
                </td>
                <td>
                  <Link to={`/app/admin/webhooks/${w.id}`}>
                    {t("hooks.deliveries")}
                    <span className="sr-only"> {w.url}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Form method="post" className="mt-6 flex items-center gap-3">
        <button type="submit" name="intent" value="send-test" className="btn-secondary" aria-describedby="test-help">
          {t("hooks.test")}
        </button>
        <span id="test-help" className="text-sm text-slate-700">
          {t("hooks.testHelp")}
        </span>
      </Form>
      <section className="card mt-8 max-w-xl" aria-labelledby="create-webhook-h">
        <h2 id="create-webhook-h">{t("hooks.create")}</h2>
        <Form method="post" className="mt-4" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="create" />
          <FormErrors errors={form.errors} />
          <Field label={t("hooks.url")} help={allowLoopback ? `${t("hooks.urlHelp")} ${t("hooks.urlHelpLoopback")}` : t("hooks.urlHelp")} errors={fields.url.errors?.map(msg)} inputProps={getInputProps(fields.url, { type: "url" })} />
          <fieldset className="mb-4" aria-describedby={fields.events.errors ? `${fields.events.id}-error` : undefined}>
            <legend className="mb-1 text-sm font-medium">{t("hooks.events")}</legend>
            <div className="flex flex-col gap-1">
              {SUBSCRIBABLE_EVENTS.map((event) => (
                <label key={event} className="flex items-center gap-2 font-mono text-sm">
                  <input type="checkbox" name="events" value={event} />
                  {event}
                </label>
              ))}
            </div>
            <ErrorList id={`${fields.events.id}-error`} errors={fields.events.errors?.map(msg)} />
          </fieldset>
          <button type="submit" className="btn">
            {t("hooks.createSubmit")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
