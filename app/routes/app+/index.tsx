import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { hasPermission } from "~/auth/permissions";
import { requireStaff } from "~/auth/session.server";
import { BarChart, DonutChart, Figure, type ChartItem } from "~/components/charts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang, useT } from "~/components/i18n";
import { assessmentsHref, clientsHref, EXPIRING_DAYS } from "~/domain/portfolio";
import { pt } from "~/i18n/portfolio";
import { portfolioDashboard, questionnaireLabels } from "~/services/portfolio.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const canRead = hasPermission(staff.roles, "read:client:any");
  const labels = questionnaireLabels();
  const dashboard = canRead ? await portfolioDashboard(staff.institutionId, new Date()) : null;
  // Only the labels the charts show travel with the page (the library holds every questionnaire's).
  const pick = (all: Record<string, { en: string; es: string }>, keys: string[]) => Object.fromEntries(keys.flatMap((k) => (all[k] ? [[k, all[k]]] : [])));
  return {
    name: staff.name,
    roles: staff.roles,
    canSeeReassessment: canRead,
    dashboard,
    sectionTitles: pick(labels.sections, dashboard?.sections.map((s) => s.key) ?? []),
    flagMessages: pick(labels.flags, dashboard?.redFlags.map((f) => f.code) ?? []),
  };
}

export default function PortfolioDashboard() {
  const { name, roles, dashboard, sectionTitles, flagMessages, canSeeReassessment } = useLoaderData<typeof loader>();
  const lang = useLang();
  const t = useT();
  const p = (key: Parameters<typeof pt>[1], vars?: Record<string, string | number>) => pt(lang, key, vars);
  const roleList = roles.map((r) => t(`role.${r}`)).join(", ");
  if (!dashboard) {
    return (
      <div>
        <h1>{p("dash.title")}</h1>
        <p className="mt-2 text-sm text-slate-700" data-testid="signed-in-roles">
          {p("dash.yourRoles", { name, roles: roleList })}
        </p>
      </div>
    );
  }
  const d = dashboard;
  const residual: ChartItem[] = d.byResidual.map((r) => ({ key: r.key, label: p(`risk.${r.key}`), value: r.n, href: clientsHref({ residualRisk: r.key }) }));
  const gates: ChartItem[] = d.byGate.map((g) => ({ key: g.key, label: p(`gate.${g.key}`), value: g.n, href: clientsHref({ gate: g.key }) }));
  const statuses: ChartItem[] = d.byStatus.map((s) => ({ key: s.key, label: p(`status.${s.key}`), value: s.n, href: assessmentsHref({ status: s.key }) }));
  const flags: ChartItem[] = d.redFlags.map((f) => ({
    key: f.code,
    label: f.code,
    value: f.clients,
    href: clientsHref({ redFlag: f.code }),
    note: `${f.severity ?? ""}${flagMessages[f.code] ? ` · ${flagMessages[f.code]![lang]}` : ""}`,
  }));
  const sections: ChartItem[] = d.sections.map((s) => ({
    key: s.key,
    label: sectionTitles[s.key]?.[lang] ?? s.key,
    value: s.average,
    note: p("dash.clientsWith", { count: s.clients }),
  }));
  return (
    <div>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1>{p("dash.title")}</h1>
        <p className="text-sm text-slate-700" data-testid="signed-in-roles">
          {p("dash.yourRoles", { name, roles: roleList })}
        </p>
      </div>
      <p className="mt-2 max-w-3xl">{p("dash.intro")}</p>
      <div className="mt-6 grid grid-cols-2 gap-4 md:grid-cols-3 lg:grid-cols-6">
        <Figure id="fig-clients" label={p("dash.totalClients")} value={d.totalClients} href="/app/clients" note={`${d.assessed} ${p("dash.assessed")}`} />
        <Figure id="fig-overdue" label={p("dash.overdue")} value={d.overdue} href={assessmentsHref({ due: "overdue" })} note={p("dash.overdueNote")} />
        <Figure id="fig-expiring" label={p("dash.expiring", { days: EXPIRING_DAYS })} value={d.expiring} href={assessmentsHref({ due: "expiring" })} />
        <Figure id="fig-conditions-open" label={p("dash.conditionsOpen")} value={d.conditions.open} href="/app/clients?conditions=open" note={p("dash.conditionsNote", { clients: d.conditions.clients })} />
        <Figure id="fig-conditions-overdue" label={p("dash.conditionsOverdue")} value={d.conditions.overdue} href="/app/clients?conditions=overdue" />
        <Figure id="fig-closed" label={p("gate.closed")} value={d.byGate.find((g) => g.key === "closed")?.n ?? 0} href={clientsHref({ gate: "closed" })} />
      </div>
      <div className="mt-6 grid gap-4 lg:grid-cols-2">
        <BarChart id="chart-residual" title={p("dash.byResidual")} items={residual} />
        <DonutChart id="chart-gate" title={p("dash.byGate")} items={gates} />
        <BarChart id="chart-status" title={p("dash.byStatus")} items={statuses} />
        {flags.length > 0 ? (
          <BarChart id="chart-flags" title={p("dash.redFlags")} items={flags} />
        ) : (
          <section className="card" aria-labelledby="no-flags">
            <h2 id="no-flags" className="text-base font-semibold">
              {p("dash.redFlags")}
            </h2>
            <p className="mt-2 text-sm">{d.assessed === 0 ? p("dash.noResults") : p("dash.noFlags")}</p>
          </section>
        )}
        {sections.length > 0 ? (
          <div className="lg:col-span-2">
            <BarChart id="chart-sections" title={p("dash.sections")} items={sections} max={100} showPercent={false} />
          </div>
        ) : null}
      </div>
      <p className="mt-6 flex flex-wrap gap-4">
        <Link to="/app/clients">{p("dash.allClients")}</Link>
        <Link to="/app/portfolio/assessments">{p("dash.allAssessments")}</Link>
        {canSeeReassessment ? <Link to="/app/reassessment">{p("dash.reassessment")}</Link> : null}
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
