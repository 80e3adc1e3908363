import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/forms";
import { useT } from "~/components/i18n";
import { SetPasswordSchema } from "~/schemas/auth";
import { acceptInvitation, inspectInvitation } from "~/services/users.server";

const noReferrer = { "Referrer-Policy": "no-referrer" };

export async function loader({ params }: LoaderFunctionArgs) {
  const state = await inspectInvitation(params.token ?? "", new Date());
  if (state.state === "not-found") return data({ state: "not-found" as const }, { status: 404, headers: noReferrer });
  if (state.state === "expired") return data({ state: "expired" as const }, { status: 410, headers: noReferrer });
  return data(state, { headers: noReferrer });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: SetPasswordSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password", "confirm"] }), { status: 400 });
  const result = await acceptInvitation(params.token ?? "", submission.value.password, request.headers.get("User-Agent"), new Date());
  if ("error" in result) return data(submission.reply({ formErrors: [result.error === "expired" ? "invite.expired" : "invite.notFound"] }), { status: 410 });
  return redirect("/app", { headers: { "Set-Cookie": result.cookie } });
}

export default function InvitationPage() {
  const t = useT();
  const loaderData = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "set-password",
    lastResult,
    constraint: getZodConstraint(SetPasswordSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetPasswordSchema }),
    shouldRevalidate: "onInput",
  });
  if (loaderData.state !== "valid") {
    return (
      <main id="main" className="mx-auto mt-16 max-w-md px-4">
        <div className="card" role="alert">
          <h1>{t("invite.title")}</h1>
          <p className="mt-3">{t(loaderData.state === "expired" ? "invite.expired" : "invite.notFound")}</p>
        </div>
      </main>
    );
  }
  return (
    <main id="main" className="mx-auto mt-16 max-w-md px-4">
      <div className="card">
        <h1>{t("invite.title")}</h1>
        <p className="mb-4 mt-2 text-sm text-slate-700">{t("invite.intro", { institution: loaderData.institutionName })}</p>
        <p className="mb-4 text-sm">
          {loaderData.name} · {loaderData.email}
        </p>
        <Form method="post" {...getFormProps(form)}>
          <FormErrors errors={form.errors} />
          <Field
            label={t("invite.password")}
            help={t("invite.passwordHelp")}
            errors={fields.password.errors}
            inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
          />
          <Field
            label={t("invite.confirm")}
            errors={fields.confirm.errors}
            inputProps={{ ...getInputProps(fields.confirm, { type: "password" }), autoComplete: "new-password" }}
          />
          <button type="submit" className="btn mt-2">
            {t("invite.submit")}
          </button>
        </Form>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
