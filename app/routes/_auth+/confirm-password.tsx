import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { requestLang } from "~/auth/cookies.server";
import { requireStaff, safeRedirect } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/forms";
import { useT } from "~/components/i18n";
import { translate } from "~/i18n";
import { ConfirmPasswordSchema } from "~/schemas/auth";
import { confirmPassword } from "~/services/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const submission = parseWithZod(await request.formData(), { schema: ConfirmPasswordSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const ok = await confirmPassword(staff, submission.value.password, new Date());
  if (!ok) {
    const lang = await requestLang(request);
    return data(submission.reply({ formErrors: [translate(lang, "confirm.invalid")], hideFields: ["password"] }), { status: 401 });
  }
  return redirect(safeRedirect(submission.value.redirectTo));
}

export default function ConfirmPasswordPage() {
  const t = useT();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "confirm-password",
    lastResult,
    constraint: getZodConstraint(ConfirmPasswordSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ConfirmPasswordSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <main id="main" className="mx-auto mt-16 max-w-md px-4">
      <div className="card">
        <h1>{t("confirm.title")}</h1>
        <p className="mb-4 mt-2 text-sm text-slate-700">{t("confirm.intro")}</p>
        <Form method="post" {...getFormProps(form)}>
          <FormErrors errors={form.errors} />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/app"} />
          <Field
            label={t("login.password")}
            errors={fields.password.errors}
            inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password", autoFocus: true }}
          />
          <button type="submit" className="btn mt-2">
            {t("confirm.submit")}
          </button>
        </Form>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
