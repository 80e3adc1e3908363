// The one clients list (issue 14, walkthrough F08/F24): search (the accent- and case-insensitive
// rule of every list), the portfolio filters, the residual-risk column, sorting, keyset pages and
// the CSV/XLSX export. /app/portfolio/clients redirects here with its filters.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { hasPermission } from "~/auth/permissions";
import { requestLang } from "~/auth/cookies.server";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import { CLIENT_SORTS, GATES, INHERENT_LEVELS, RISK_LEVELS, UNASSESSED } from "~/domain/portfolio";
import { redFlagTitle } from "~/domain/red-flag-titles";
import { countryName, sectorName } from "~/domain/risk/inherent-risk";
import { orHttpError } from "~/errors-http.server";
import { ct } from "~/i18n/clients";
import { pt } from "~/i18n/portfolio";
import { clientsPage, parseClientQuery, portfolioFilterOptions, redFlagsPresent } from "~/services/portfolio.server";
import { FilterSelect, ListActions, ListSummary, Pager } from "../portfolio+/__list-parts";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:client:any");
  const lang = await requestLang(request);
  const url = new URL(request.url);
  const query = orHttpError(() => parseClientQuery(url.searchParams));
  const now = new Date();
  const page = await clientsPage(staff.institutionId, query, now);
  const { after: _after, limit: _limit, ...filters } = query;
  const flags = (await redFlagsPresent(staff.institutionId))
    .map((code) => ({ value: code, label: redFlagTitle(code, lang) }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  // A flag asked for in the URL stays selectable even when no client carries it any more.
  if (filters.redFlag && !flags.some((f) => f.value === filters.redFlag)) flags.push({ value: filters.redFlag, label: redFlagTitle(filters.redFlag, lang) });
  return {
    page,
    filters,
    isFirst: !query.after,
    canCreate: hasPermission(staff.roles, "create:client:any"),
    options: { ...(await portfolioFilterOptions(staff.institutionId)), flags },
  };
}

export default function ClientsIndex() {
  const { page, filters, isFirst, canCreate, options } = useLoaderData<typeof loader>();
  const lang = useLang();
  const p = (key: Parameters<typeof pt>[1], vars?: Record<string, string | number>) => pt(lang, key, vars);
  const t = (key: Parameters<typeof ct>[1]) => ct(lang, key);
  const any = p("list.any");
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
      <p className="mt-2 text-sm text-slate-700">{t("clients.intro")}</p>
      <Form method="get" className="card mt-4" aria-label={p("list.filters")} role="search">
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <div>
            <label htmlFor="filter-q" className="mb-1 block text-sm font-medium">
              {p("list.search")}
            </label>
            <input id="filter-q" name="q" type="search" defaultValue={filters.q ?? ""} className="input" />
          </div>
          <FilterSelect name="gate" label={p("list.gate")} value={filters.gate} anyLabel={any} options={GATES.map((g) => ({ value: g, label: p(`gate.${g}`) }))} />
          <FilterSelect name="residualRisk" label={p("list.residualRisk")} value={filters.residualRisk} anyLabel={any} options={[...RISK_LEVELS, UNASSESSED].map((r) => ({ value: r, label: p(`risk.${r}`) }))} />
          <FilterSelect name="inherentRisk" label={p("list.inherentRisk")} value={filters.inherentRisk} anyLabel={any} options={INHERENT_LEVELS.map((r) => ({ value: r, label: p(`risk.${r}`) }))} />
          <FilterSelect name="country" label={p("list.country")} value={filters.country} anyLabel={any} options={options.countries.map((c) => ({ value: c, label: countryName(c, lang) }))} />
          <FilterSelect name="sector" label={p("list.sector")} value={filters.sector} anyLabel={any} options={options.sectors.map((s) => ({ value: s, label: sectorName(s, lang) ?? s }))} />
          <FilterSelect name="rm" label={p("list.rm")} value={filters.rm} anyLabel={any} options={options.rms.map((r) => ({ value: r.id, label: r.name }))} />
          <FilterSelect
            name="conditions"
            label={p("list.conditions")}
            value={filters.conditions}
            anyLabel={any}
            options={[
              { value: "open", label: p("list.conditions.open") },
              { value: "overdue", label: p("list.conditions.overdue") },
            ]}
          />
          <FilterSelect name="redFlag" label={p("list.redFlag")} value={filters.redFlag} anyLabel={any} options={options.flags} />
          <FilterSelect name="sort" label={p("list.sort")} value={filters.sort} anyLabel={p("list.sort.name")} options={CLIENT_SORTS.filter((s) => s !== "name").map((s) => ({ value: s, label: p(`list.sort.${s}`) }))} />
          <FilterSelect name="dir" label={p("list.dir")} value={filters.dir} anyLabel={p("list.dir.asc")} options={[{ value: "desc", label: p("list.dir.desc") }]} />
        </div>
        <ListActions base="/app/clients" lang={lang} />
      </Form>
      <ListSummary base="/app/clients" exportBase="/app/portfolio/clients" filters={filters} total={page.total} lang={lang} />
      {page.rows.length === 0 ? (
        <p className="mt-4">{p("list.empty")}</p>
      ) : (
        <div className="mt-4 overflow-x-auto">
          <table className="table" data-testid="clients-table">
            <thead>
              <tr>
                <th scope="col">{p("list.col.name")}</th>
                <th scope="col">{p("list.col.country")}</th>
                <th scope="col">{p("list.col.sector")}</th>
                <th scope="col">{p("list.col.inherent")}</th>
                <th scope="col">{p("list.col.residual")}</th>
                <th scope="col">{p("list.col.gate")}</th>
                <th scope="col">{p("list.col.rm")}</th>
                <th scope="col">{p("list.col.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/app/clients/${c.id}`}>{c.name}</Link>
                  </td>
                  <td>{countryName(c.country, lang)}</td>
                  <td>{sectorName(c.sector, lang) ?? c.sector}</td>
                  <td>{p(`risk.${c.inherentRisk as "low"}`)}</td>
                  <td>{p(`risk.${(c.residualRisk ?? UNASSESSED) as "low"}`)}</td>
                  <td>{p(`gate.${c.gate as "open"}`)}</td>
                  <td>{c.rmName ?? "—"}</td>
                  <td>{c.updatedAt.slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager base="/app/clients" filters={filters} next={page.next} isFirst={isFirst} lang={lang} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
