import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { reads } from "~/db.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/components/i18n";
import { findInstitution } from "~/repositories/institutions.server";
import { secondFactorStatus } from "~/services/second-factors.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const institution = await findInstitution(staff.institutionId, reads());
  const status = await secondFactorStatus(staff);
  const secondFactor = status.state === "enrolled" ? { since: status.confirmedAt.slice(0, 10), recoveryCodesLeft: status.recoveryCodesLeft } : null;
  return { name: staff.name, email: staff.email, roles: staff.roles, institution: institution?.name ?? "", secondFactor };
}

export default function AccountPage() {
  const { name, email, roles, institution, secondFactor } = useLoaderData<typeof loader>();
  const t = useT();
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
