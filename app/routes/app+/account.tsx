import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { reads } from "~/db.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList } from "~/components/forms";
import { useLang, useT } from "~/components/i18n";
import { DomainError, InvalidInputError } from "~/domain/errors";
import { toResponse } from "~/errors-http.server";
import { nt, type NotificationsKey } from "~/i18n/notifications";
import { findInstitution } from "~/repositories/institutions.server";
import { myPreferences, savePreferences } from "~/services/notifications.server";
import { secondFactorStatus } from "~/services/second-factors.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const institution = await findInstitution(staff.institutionId, reads());
  const status = await secondFactorStatus(staff);
  const secondFactor = status.state === "enrolled" ? { since: status.confirmedAt.slice(0, 10), recoveryCodesLeft: status.recoveryCodesLeft } : null;
  return { name: staff.name, email: staff.email, roles: staff.roles, institution: institution?.name ?? "", secondFactor, preferences: await myPreferences(staff) };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  try {
    await savePreferences(staff, await request.formData(), new Date());
    return redirect("/app/account?saved=notifications#notifications-h");
  } catch (error) {
    if (error instanceof InvalidInputError) return data({ errors: error.details.map((d) => d.message) }, { status: 400 });
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
}

export default function AccountPage() {
  const { name, email, roles, institution, secondFactor, preferences } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const n = (key: NotificationsKey) => nt(lang, key);
  return (
    <div className="max-w-2xl">
      <h1>{t("account.title")}</h1>
      <p className="mt-2">
        {name} · {email}
      </p>
      <section className="mt-6" aria-labelledby="roles-h">
        <h2 id="roles-h">{t("account.roles", { institution })}</h2>
        <ul className="mt-2 list-inside list-disc">
          {roles.map((r) => (
            <li key={r}>{t(`role.${r}`)}</li>
          ))}
        </ul>
      </section>
      <section className="card mt-6" aria-labelledby="second-factor-h">
        <h2 id="second-factor-h">{t("account.secondFactor")}</h2>
        {secondFactor ? (
          <p className="mt-2" data-testid="second-factor-status">
            {t("secondFactor.enrolledSince", { date: secondFactor.since, count: secondFactor.recoveryCodesLeft })}
          </p>
        ) : (
          <>
            <p className="mt-2">{t("secondFactor.none")}</p>
            <Link to="/second-factor?redirectTo=/app/account" className="btn mt-3 inline-block">
              {t("secondFactor.setupLink")}
            </Link>
          </>
        )}
        <p className="mt-2 text-sm text-slate-700">{t("secondFactor.lost")}</p>
      </section>
      <section className="card mt-6" aria-labelledby="notifications-h">
        <h2 id="notifications-h">{n("notifications.prefs.title")}</h2>
        <p className="mt-2 text-sm">{n("notifications.prefs.intro")}</p>
        {searchParams.get("saved") === "notifications" ? (
          <p role="status" className="mt-2 rounded-md bg-green-50 p-3 text-sm text-green-900">
            {n("notifications.prefs.saved")}
          </p>
        ) : null}
        <Form method="post" className="mt-3">
          <fieldset>
            <legend className="mb-2 font-semibold">{n("notifications.prefs.legend")}</legend>
            <ul className="space-y-2">
              {preferences.map((p) => (
                <li key={p.kind} className="flex items-start gap-2">
                  <input
                    id={`email.${p.kind}`}
                    type="checkbox"
                    name={`email.${p.kind}`}
                    value="on"
                    defaultChecked={p.byEmail}
                    disabled={p.isSecurity}
                    aria-describedby={p.isSecurity ? `email.${p.kind}-help` : undefined}
                    className="mt-1"
                  />
                  <label htmlFor={`email.${p.kind}`}>
                    {n(`notifications.kind.${p.kind}`)}
                    {p.isSecurity ? (
                      <span id={`email.${p.kind}-help`} className="block text-sm text-slate-700">
                        {n("notifications.prefs.security")}
                      </span>
                    ) : null}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <ErrorList errors={(actionData?.errors ?? []).map((e) => (e === "notifications.prefs.unknownKind" ? n(e) : e))} />
          <button type="submit" className="btn">
            {n("notifications.prefs.save")}
          </button>
        </Form>
      </section>
      <section className="card mt-6" aria-labelledby="sessions-h">
        <h2 id="sessions-h">{t("account.sessions")}</h2>
        <p className="mb-4 mt-2 text-sm">{t("account.signOutEverywhereHelp")}</p>
        <Form method="post" action="/logout">
          <input type="hidden" name="scope" value="everywhere" />
          <button type="submit" className="btn-danger">
            {t("account.signOutEverywhere")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
