// The clients index (issue 6): search by name and a link to create one. The issue-7 list with
// filters, pagination and CSV export is meant to replace this page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { hasPermission } from "~/auth/permissions";
import { requestLang } from "~/auth/cookies.server";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import { reads } from "~/db.server";
import { countryName, sectorName } from "~/domain/risk/inherent-risk";
import { ct } from "~/i18n/clients";
import { searchClients } from "~/repositories/clients.server";
import { ClientSearchSchema } from "~/schemas/clients";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:client:any");
  const lang = await requestLang(request);
  const url = new URL(request.url);
  const query = ClientSearchSchema.safeParse({ q: url.searchParams.get("q") ?? undefined });
  const q = query.success ? query.data.q : undefined;
  const rows = await searchClients(staff.institutionId, { q, limit: 200 }, reads());
  return {
    q: q ?? "",
    canCreate: hasPermission(staff.roles, "create:client:any"),
    clients: rows.map((c) => ({
      id: c.id,
      name: c.name,
      country: `${countryName(c.country, lang)} (${c.country})`,
      sector: `${c.sector} · ${sectorName(c.sector, lang) ?? ""}`,
      inherentRisk: c.inherentRisk,
      gate: c.gate,
    })),
  };
}

export default function ClientsIndex() {
  const { q, canCreate, clients } = useLoaderData<typeof loader>();
  const lang = useLang();
  const t = (key: Parameters<typeof ct>[1], vars?: Record<string, string | number>) => ct(lang, key, vars);
  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1>{t("clients.title")}</h1>
        {canCreate ? (
          <Link to="/app/clients/new" className="btn">
            {t("clients.new")}
          </Link>
        ) : null}
      </div>
      <p className="mt-2 text-sm text-slate-700">
        {t("clients.intro")} <Link to="/app/portfolio/clients">{t("clients.portfolio.link")}</Link>
      </p>
      <Form method="get" className="mt-4 flex flex-wrap items-end gap-2" role="search">
        <div>
          <label htmlFor="client-search" className="mb-1 block text-sm font-medium">
            {t("clients.search")}
          </label>
          <input id="client-search" name="q" type="search" defaultValue={q} className="input" />
        </div>
        <button type="submit" className="btn-secondary">
          {t("clients.searchSubmit")}
        </button>
      </Form>
      {clients.length === 0 ? (
        <p className="mt-6">{t("clients.empty")}</p>
      ) : (
        <table className="table mt-6">
          <thead>
            <tr>
              <th scope="col">{t("clients.name")}</th>
              <th scope="col">{t("clients.country")}</th>
              <th scope="col">{t("clients.sector")}</th>
              <th scope="col">{t("clients.inherentRisk")}</th>
              <th scope="col">{t("clients.gate")}</th>
            </tr>
          </thead>
          <tbody>
            {clients.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/app/clients/${c.id}`} className="underline">
                    {c.name}
                  </Link>
                </td>
                <td>{c.country}</td>
                <td>{c.sector}</td>
                <td>{t(`level.${c.inherentRisk}`)}</td>
                <td>{t(`gate.${c.gate}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
