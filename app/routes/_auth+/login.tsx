import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { requestLang } from "~/auth/cookies.server";
import { getStaff, safeRedirect } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/forms";
import { LanguageSwitch } from "~/components/language-switch";
import { useT } from "~/components/i18n";
import { translate } from "~/i18n";
import { LoginSchema } from "~/schemas/auth";
import { signIn } from "~/services/auth.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Provenant" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await getStaff(request);
  if (staff) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const lang = await requestLang(request);
  const result = await signIn({
    email: submission.value.email,
    password: submission.value.password,
    userAgent: request.headers.get("User-Agent"),
    now: new Date(),
  });
  if (!result.ok) {
    // One answer for every refusal (unknown address, wrong password, locked, deactivated), so the
    // page never tells a stranger which accounts exist. The hint below the form explains the lock.
    return data(submission.reply({ formErrors: [translate(lang, "login.invalid")], hideFields: ["password"] }), { status: 401 });
  }
  if (result.secondFactorPending) {
    const next = safeRedirect(submission.value.redirectTo);
    return redirect(`/login/code?redirectTo=${encodeURIComponent(next)}`, { headers: { "Set-Cookie": result.cookie } });
  }
  return redirect(safeRedirect(submission.value.redirectTo), { headers: { "Set-Cookie": result.cookie } });
}

export default function LoginPage() {
  const t = useT();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    constraint: getZodConstraint(LoginSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <main id="main" className="mx-auto mt-16 max-w-md px-4">
      <div className="mb-6 flex flex-col items-center gap-3">
        <p className="text-xl font-bold text-blue-900">{t("app.name")}</p>
        <p className="text-center text-sm text-slate-700">{t("app.tagline")}</p>
        <LanguageSwitch />
      </div>
      <div className="card">
        <h1>{t("login.title")}</h1>
        <p className="mb-4 mt-2 text-sm text-slate-700">{t("login.intro")}</p>
        {searchParams.get("signedOut") ? (
          <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
            {t("login.signedOut")}
          </p>
        ) : null}
        <Form method="post" {...getFormProps(form)}>
          <FormErrors errors={form.errors} />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <Field
            label={t("login.email")}
            errors={fields.email.errors}
            inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "username", autoFocus: true }}
          />
          <Field
            label={t("login.password")}
            errors={fields.password.errors}
            inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password" }}
          />
          <button type="submit" className="btn mt-2 w-full justify-center">
            {t("login.submit")}
          </button>
        </Form>
        <p className="mt-4 text-sm text-slate-700">{t("login.help")}</p>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
