import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import { CLIENT_SORTS, GATES, INHERENT_LEVELS, RISK_LEVELS, UNASSESSED } from "~/domain/portfolio";
import { countryName, sectorName } from "~/domain/risk/inherent-risk";
import { orHttpError } from "~/errors-http.server";
import { pt } from "~/i18n/portfolio";
import { clientsPage, parseClientQuery, portfolioFilterOptions } from "~/services/portfolio.server";
import { FilterSelect, ListActions, ListSummary, Pager } from "./__list-parts";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:client:any");
  const url = new URL(request.url);
  const query = orHttpError(() => parseClientQuery(url.searchParams));
  const page = await clientsPage(staff.institutionId, query, new Date());
  const { after: _after, limit: _limit, ...filters } = query;
  return { page, filters, isFirst: !query.after, options: await portfolioFilterOptions(staff.institutionId) };
}

export default function PortfolioClients() {
  const { page, filters, isFirst, options } = useLoaderData<typeof loader>();
  const lang = useLang();
  const p = (key: Parameters<typeof pt>[1], vars?: Record<string, string | number>) => pt(lang, key, vars);
  const any = p("list.any");
  return (
    <div>
      <h1>{p("list.clients.title")}</h1>
      <Form method="get" className="card mt-4" aria-label={p("list.filters")}>
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
          <FilterSelect name="country" label={p("list.country")} value={filters.country} anyLabel={any} options={options.countries.map((c) => ({ value: c, label: `${countryName(c, lang)} (${c})` }))} />
          <FilterSelect name="sector" label={p("list.sector")} value={filters.sector} anyLabel={any} options={options.sectors.map((s) => ({ value: s, label: `${s} ${sectorName(s, lang) ?? ""}` }))} />
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
          <div>
            <label htmlFor="filter-redFlag" className="mb-1 block text-sm font-medium">
              {p("list.redFlag")}
            </label>
            <input id="filter-redFlag" name="redFlag" defaultValue={filters.redFlag ?? ""} className="input" placeholder="RF-…" />
          </div>
          <FilterSelect name="sort" label={p("list.sort")} value={filters.sort} anyLabel={p("list.sort.name")} options={CLIENT_SORTS.filter((s) => s !== "name").map((s) => ({ value: s, label: p(`list.sort.${s}`) }))} />
          <FilterSelect name="dir" label={p("list.dir")} value={filters.dir} anyLabel={p("list.dir.asc")} options={[{ value: "desc", label: p("list.dir.desc") }]} />
        </div>
        <ListActions base="/app/portfolio/clients" lang={lang} />
      </Form>
      <ListSummary base="/app/portfolio/clients" filters={filters} total={page.total} lang={lang} />
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
                  <td>{c.country}</td>
                  <td>{c.sector}</td>
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
      <Pager base="/app/portfolio/clients" filters={filters} next={page.next} isFirst={isFirst} lang={lang} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
