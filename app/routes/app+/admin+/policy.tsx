import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { hasPermission } from "~/auth/permissions";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList } from "~/components/forms";
import { useLang } from "~/components/i18n";
import { DomainError, InvalidInputError } from "~/domain/errors";
import { RESIDUAL_LEVELS, RecommendationSchema } from "~/domain/policy/policy";
import { statusOf } from "~/errors-http.server";
import { pt, ptMessage } from "~/i18n/portfolio";
import { currentPolicy, policyFormInput, updatePolicy, updateTimeZone } from "~/services/policy-admin.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:client:any");
  return { ...(await currentPolicy(staff.institutionId)), timeZones: Intl.supportedValuesOf("timeZone"), canManage: hasPermission(staff.roles, "manage:policy:any") };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "manage:policy:any");
  const input = policyFormInput(await request.formData());
  try {
    if (input.intent === "time-zone") {
      const { timeZone } = await updateTimeZone(staff, input, new Date());
      return redirect(`/app/admin/policy?timeZoneSaved=${encodeURIComponent(timeZone)}`);
    }
    const { policy } = await updatePolicy(staff, input, new Date());
    return redirect(`/app/admin/policy?saved=${encodeURIComponent(policy.version)}`);
  } catch (error) {
    if (error instanceof InvalidInputError) {
      const fieldErrors: Record<string, string[]> = {};
      for (const d of error.details) (fieldErrors[d.path] ??= []).push(d.message);
      return data({ fieldErrors, values: input, message: error.message }, { status: 400 });
    }
    if (error instanceof DomainError) throw new Response(error.message, { status: statusOf(error) });
    throw error;
  }
}

export default function PolicyPage() {
  const { policy, isDefault, financialCrimeEmail, timeZone, timeZones, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const lang = useLang();
  const p = (key: Parameters<typeof pt>[1], vars?: Record<string, string | number>) => pt(lang, key, vars);
  const errors = actionData?.fieldErrors ?? {};
  // A refused time zone comes back alone: the policy form keeps what is stored.
  const posted = actionData?.values;
  const values = posted?.intent === "time-zone" ? undefined : posted;
  const saved = searchParams.get("saved");
  const timeZoneSaved = searchParams.get("timeZoneSaved");
  const err = (name: string) => (errors[name] ?? []).map((m) => ptMessage(lang, m));
  return (
    <div>
      <h1>{p("policy.title")}</h1>
      <p className="mt-2 max-w-3xl">{p("policy.intro")}</p>
      <p className="mt-2 text-sm" data-testid="policy-version">
        {p("policy.version", { version: policy.version })} {isDefault ? p("policy.default") : null}
      </p>
      {saved ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
          {p("policy.saved", { version: saved })}
        </p>
      ) : null}
      {!canManage ? <p className="mt-4 text-sm">{p("policy.readOnly")}</p> : null}
      <Form method="post" className="card mt-6 max-w-3xl" noValidate>
        <fieldset disabled={!canManage}>
          <fieldset>
            <legend className="mb-2 font-semibold">{p("policy.recommendations")}</legend>
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
              {RESIDUAL_LEVELS.map((level) => {
                const name = `recommendation.${level}`;
                return (
                  <div key={name}>
                    <label htmlFor={name} className="mb-1 block text-sm font-medium">
                      {p(`risk.${level}`)}
                    </label>
                    <select id={name} name={name} defaultValue={values?.[name] ?? policy.recommendation[level]} className="input" aria-invalid={errors[name] ? true : undefined} aria-describedby={`${name}-error`}>
                      {RecommendationSchema.options.map((r) => (
                        <option key={r} value={r}>
                          {p(`policy.rec.${r}`)}
                        </option>
                      ))}
                    </select>
                    <ErrorList id={`${name}-error`} errors={err(name)} />
                  </div>
                );
              })}
            </div>
          </fieldset>
          <fieldset className="mt-4">
            <legend className="mb-2 font-semibold">{p("policy.validity")}</legend>
            <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              {RESIDUAL_LEVELS.map((level) => {
                const name = `validityMonths.${level}`;
                return (
                  <div key={name}>
                    <label htmlFor={name} className="mb-1 block text-sm font-medium">
                      {p(`risk.${level}`)}
                    </label>
                    <input
                      id={name}
                      name={name}
                      type="number"
                      min={0}
                      max={120}
                      step={1}
                      required
                      defaultValue={values?.[name] ?? String(policy.validityMonths[level])}
                      className="input"
                      aria-invalid={errors[name] ? true : undefined}
                      aria-describedby={`${name}-error`}
                    />
                    <ErrorList id={`${name}-error`} errors={err(name)} />
                  </div>
                );
              })}
            </div>
          </fieldset>
          <div className="mt-4 flex items-start gap-2">
            <input id="sectionFloorRaise" type="checkbox" name="sectionFloorRaise" value="on" defaultChecked={values ? values.sectionFloorRaise === "on" : policy.sectionFloorRaise === true} className="mt-1" />
            <label htmlFor="sectionFloorRaise">{p("policy.floor")}</label>
          </div>
          <div className="mt-4">
            <label htmlFor="financialCrimeEmail" className="mb-1 block text-sm font-medium">
              {p("policy.contact")}
            </label>
            <p id="financialCrimeEmail-help" className="mb-1 text-sm text-slate-700">
              {p("policy.contactHelp")}
            </p>
            <input
              id="financialCrimeEmail"
              name="financialCrimeEmail"
              type="email"
              defaultValue={values?.financialCrimeEmail ?? financialCrimeEmail ?? ""}
              className="input"
              aria-invalid={errors.financialCrimeEmail ? true : undefined}
              aria-describedby="financialCrimeEmail-help financialCrimeEmail-error"
            />
            <ErrorList id="financialCrimeEmail-error" errors={err("financialCrimeEmail")} />
          </div>
          {errors.policy ? <ErrorList errors={err("policy")} /> : null}
          {canManage ? (
            <button type="submit" className="btn mt-2">
              {p("policy.save")}
            </button>
          ) : null}
        </fieldset>
      </Form>
      <section className="card mt-6 max-w-3xl" aria-labelledby="time-zone-h">
        <h2 id="time-zone-h">{p("policy.timeZone.title")}</h2>
        {timeZoneSaved ? (
          <p role="status" className="mt-2 rounded-md bg-green-50 p-3 text-sm text-green-900">
            {p("policy.timeZone.saved", { timeZone: timeZoneSaved })}
          </p>
        ) : null}
        <Form method="post" className="mt-2" noValidate>
          <input type="hidden" name="intent" value="time-zone" />
          <fieldset disabled={!canManage}>
            <label htmlFor="timeZone" className="mb-1 block text-sm font-medium">
              {p("policy.timeZone.label")}
            </label>
            <p id="timeZone-help" className="mb-1 text-sm text-slate-700">
              {p("policy.timeZone.help")}
            </p>
            <select id="timeZone" name="timeZone" defaultValue={posted?.timeZone ?? timeZone} className="input" aria-invalid={errors.timeZone ? true : undefined} aria-describedby="timeZone-help timeZone-error">
              {(timeZones.includes(timeZone) ? timeZones : [timeZone, ...timeZones]).map((z) => (
                <option key={z} value={z}>
                  {z.replace(/_/g, " ")}
                </option>
              ))}
            </select>
            <ErrorList id="timeZone-error" errors={err("timeZone")} />
            {canManage ? (
              <button type="submit" className="btn mt-2">
                {p("policy.timeZone.save")}
              </button>
            ) : null}
          </fieldset>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
