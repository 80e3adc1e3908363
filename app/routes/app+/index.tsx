import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/components/i18n";
import { getDb } from "~/db.server";
import { institutionOverview } from "~/repositories/overview.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  return { name: staff.name, roles: staff.roles, overview: institutionOverview(staff.institutionId, getDb()) };
}

export default function Overview() {
  const { name, roles, overview } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <h1>{t("home.title")}</h1>
      <p className="mt-2">{t("home.welcome", { name })}</p>
      <section aria-labelledby="roles-heading" className="mt-6">
        <h2 id="roles-heading">{t("home.yourRoles")}</h2>
        <ul className="mt-2 list-inside list-disc">
          {roles.map((r) => (
            <li key={r}>{t(`role.${r}`)}</li>
          ))}
        </ul>
      </section>
      <dl className="mt-6 grid max-w-xl grid-cols-1 gap-4 sm:grid-cols-3">
        <div className="card">
          <dt className="text-sm text-slate-700">{t("home.members")}</dt>
          <dd className="text-2xl font-semibold">{overview.members}</dd>
        </div>
        <div className="card">
          <dt className="text-sm text-slate-700">{t("home.outbox")}</dt>
          <dd className="text-2xl font-semibold">{overview.outbox}</dd>
        </div>
        <div className="card">
          <dt className="text-sm text-slate-700">{t("home.auditEvents")}</dt>
          <dd className="text-2xl font-semibold">{overview.auditEvents}</dd>
        </div>
      </dl>
      <p className="mt-6">
        <Link to="/app/questionnaires">{t("nav.questionnaires")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
