// Setting up an authenticator app (TOTP): the password starts it (a new key, sealed), the page
// shows the key as a QR code and as text, the app's first code turns it on, and the ten recovery
// codes are shown once. A member whose institution requires a second factor is sent here after
// signing in, and every other staff page sends them back until it is done.
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requestLang } from "~/auth/cookies.server";
import { requireStaff, safeRedirect } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/forms";
import { useT } from "~/components/i18n";
import { StepUpPassword } from "~/components/step-up";
import { ConflictError, DomainError } from "~/domain/errors";
import { toResponse } from "~/errors-http.server";
import { translate } from "~/i18n";
import { EnrolmentSchema } from "~/schemas/auth";
import { stepUpFromForm } from "~/services/auth.server";
import { confirmTotpEnrolment, secondFactorStatus, startTotpEnrolment } from "~/services/second-factors.server";

export const meta: MetaFunction = () => [{ title: "Authenticator app · Provenant" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, undefined, { enrolment: true });
  const status = await secondFactorStatus(staff);
  return { status, mustEnrol: staff.mustEnrol };
}

type ActionData =
  | { intent: "start"; passwordError: string }
  | { intent: "confirm"; reply: SubmissionResult<string[]> }
  | { intent: "done"; recoveryCodes: string[]; next: string };

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request, undefined, { enrolment: true });
  const formData = await request.formData();
  const now = new Date();
  const submission = parseWithZod(formData, { schema: EnrolmentSchema });
  if (submission.status !== "success") return data<ActionData>({ intent: "confirm", reply: submission.reply({ hideFields: ["password", "code"] }) }, { status: 400 });
  const value = submission.value;
  const next = safeRedirect(value.redirectTo);
  const lang = await requestLang(request);
  try {
    if (value.intent === "start") {
      const stepUp = await stepUpFromForm(staff, formData, "second-factor.enrol", now);
      if (!stepUp.ok) return data<ActionData>({ intent: "start", passwordError: stepUp.error }, { status: stepUp.status });
      await startTotpEnrolment(staff, now);
      return redirect(`/second-factor?redirectTo=${encodeURIComponent(next)}`);
    }
    const result = await confirmTotpEnrolment(staff, value.code, now);
    if (result.ok) return data<ActionData>({ intent: "done", recoveryCodes: result.recoveryCodes, next });
    const key = result.reason === "locked" ? "secondFactor.codeLocked" : result.reason === "not-started" ? "secondFactor.notStarted" : "secondFactor.codeInvalid";
    const status = result.reason === "locked" ? 429 : result.reason === "wrong" ? 401 : 400;
    return data<ActionData>({ intent: "confirm", reply: submission.reply({ fieldErrors: { code: [translate(lang, key)] }, hideFields: ["code"] }) }, { status });
  } catch (error) {
    if (error instanceof ConflictError) return data<ActionData>({ intent: "confirm", reply: submission.reply({ formErrors: [translate(lang, "secondFactor.alreadySetUp")] }) }, { status: 409 });
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
}

export default function SecondFactorPage() {
  const { status, mustEnrol } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const t = useT();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const [form, fields] = useForm<{ intent: string; code: string; redirectTo: string }>({
    id: "confirm-totp",
    lastResult: actionData?.intent === "confirm" ? actionData.reply : undefined,
    constraint: getZodConstraint(EnrolmentSchema.options[1]),
    shouldRevalidate: "onSubmit",
  });
  if (actionData?.intent === "done") {
    return (
      <Shell>
        <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-900">
          {t("secondFactor.enrolled")}
        </p>
        <section role="status" aria-labelledby="recovery-h" className="mt-4 rounded-md border border-amber-400 bg-amber-50 p-4">
          <h2 id="recovery-h">{t("secondFactor.recoveryTitle")}</h2>
          <p className="mt-2 text-sm">{t("secondFactor.recoveryBody")}</p>
          <ul aria-label={t("secondFactor.recoveryLabel")} className="mt-3 grid grid-cols-2 gap-2 font-mono" data-testid="recovery-codes">
            {actionData.recoveryCodes.map((code) => (
              <li key={code}>{code}</li>
            ))}
          </ul>
        </section>
        <a href={actionData.next} className="btn mt-4 inline-block">
          {t("secondFactor.continue")}
        </a>
      </Shell>
    );
  }
  return (
    <Shell>
      {mustEnrol ? (
        <p role="status" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          {t("secondFactor.required")}
        </p>
      ) : null}
      {status.state === "enrolled" ? (
        <>
          <p>{t("secondFactor.alreadySetUp")}</p>
          <Link to="/app/account" className="mt-4 inline-block underline">
            {t("nav.account")}
          </Link>
        </>
      ) : null}
      {status.state === "none" ? (
        <>
          <p className="mb-4 text-sm text-slate-700">{t("secondFactor.setupIntro")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="start" />
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <fieldset>
              <legend className="mb-1 font-semibold">{t("secondFactor.startLegend")}</legend>
              <StepUpPassword id="enrol-password" errors={actionData?.intent === "start" ? [actionData.passwordError] : null} />
            </fieldset>
            <button type="submit" className="btn">
              {t("secondFactor.start")}
            </button>
          </Form>
        </>
      ) : null}
      {status.state === "pending" ? (
        <>
          <p className="mb-4 text-sm text-slate-700">{t("secondFactor.setupIntro")}</p>
          <p>{t("secondFactor.scan")}</p>
          <img src={status.qrDataUrl} alt={t("secondFactor.qrAlt")} width={220} height={220} className="my-3" />
          <p className="text-sm">
            {t("secondFactor.secretText")} <code className="break-all font-mono" data-testid="totp-secret">{status.secret}</code>
          </p>
          <Form method="post" className="mt-4" {...getFormProps(form)}>
            <FormErrors errors={form.errors} />
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <Field
              label={t("secondFactor.confirmCode")}
              errors={fields.code.errors}
              inputProps={{ ...getInputProps(fields.code, { type: "text" }), inputMode: "numeric", autoComplete: "one-time-code", maxLength: 7 }}
            />
            <button type="submit" className="btn">
              {t("secondFactor.confirm")}
            </button>
          </Form>
          <Form method="post" className="mt-4">
            <input type="hidden" name="intent" value="start" />
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <details>
              <summary className="cursor-pointer text-sm underline">{t("secondFactor.restart")}</summary>
              <StepUpPassword id="restart-password" errors={actionData?.intent === "start" ? [actionData.passwordError] : null} />
              <button type="submit" className="btn-secondary">
                {t("secondFactor.restart")}
              </button>
            </details>
          </Form>
        </>
      ) : null}
      <Form method="post" action="/logout" className="mt-6">
        <button type="submit" className="text-sm underline">
          {t("layout.signOut")}
        </button>
      </Form>
    </Shell>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  const t = useT();
  return (
    <main id="main" className="mx-auto mt-16 max-w-lg px-4">
      <p className="mb-6 text-center text-xl font-bold text-blue-900">{t("app.name")}</p>
      <div className="card">
        <h1 className="mb-4">{t("secondFactor.setupTitle")}</h1>
        {children}
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
