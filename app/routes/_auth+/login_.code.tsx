// The second step of signing in, for staff with an authenticator app: its current code, or a
// recovery code. Reachable only with the pending session a right password starts.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { requestLang } from "~/auth/cookies.server";
import { getPendingSignIn, safeRedirect } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/forms";
import { useT } from "~/components/i18n";
import { translate } from "~/i18n";
import { SignInCodeSchema } from "~/schemas/auth";
import { completeSignInWithCode } from "~/services/auth.server";

export const meta: MetaFunction = () => [{ title: "Sign-in code · Provenant" }];

function backToLogin(request: Request): Response {
  const redirectTo = new URL(request.url).searchParams.get("redirectTo");
  return redirect(`/login${redirectTo ? `?redirectTo=${encodeURIComponent(safeRedirect(redirectTo))}` : ""}`);
}

export async function loader({ request }: LoaderFunctionArgs) {
  if (!(await getPendingSignIn(request, new Date()))) throw backToLogin(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const now = new Date();
  const pending = await getPendingSignIn(request, now);
  if (!pending) throw backToLogin(request);
  const submission = parseWithZod(await request.formData(), { schema: SignInCodeSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["code"] }), { status: 400 });
  const result = await completeSignInWithCode(pending, submission.value.code, request.headers.get("User-Agent"), now);
  if (result.ok) return redirect(safeRedirect(submission.value.redirectTo), { headers: { "Set-Cookie": result.cookie } });
  if (result.reason === "expired") throw backToLogin(request);
  const lang = await requestLang(request);
  const key = result.reason === "locked" ? "secondFactor.codeLocked" : "secondFactor.codeInvalid";
  return data(submission.reply({ fieldErrors: { code: [translate(lang, key)] }, hideFields: ["code"] }), { status: result.reason === "locked" ? 429 : 401 });
}

export default function SignInCodePage() {
  const t = useT();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "sign-in-code",
    lastResult,
    constraint: getZodConstraint(SignInCodeSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInCodeSchema }),
    shouldRevalidate: "onSubmit",
  });
  return (
    <main id="main" className="mx-auto mt-16 max-w-md px-4">
      <p className="mb-6 text-center text-xl font-bold text-blue-900">{t("app.name")}</p>
      <div className="card">
        <h1>{t("secondFactor.codeTitle")}</h1>
        <p className="mb-4 mt-2 text-sm text-slate-700">{t("secondFactor.codeIntro")}</p>
        <Form method="post" {...getFormProps(form)}>
          <FormErrors errors={form.errors} />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <Field
            label={t("secondFactor.code")}
            help={t("secondFactor.codeHelp")}
            errors={fields.code.errors}
            inputProps={{ ...getInputProps(fields.code, { type: "text" }), autoComplete: "one-time-code", autoFocus: true, spellCheck: false, autoCapitalize: "characters" }}
          />
          <button type="submit" className="btn mt-2 w-full justify-center">
            {t("secondFactor.codeSubmit")}
          </button>
        </Form>
        <p className="mt-4 text-sm text-slate-700">{t("secondFactor.lost")}</p>
        <p className="mt-2 text-sm">
          <Link to="/login" className="underline">
            {t("stepUp.cancel")}
          </Link>
        </p>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
