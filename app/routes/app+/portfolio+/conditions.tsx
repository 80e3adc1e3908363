// The portfolio's open conditions (issue 17, F18): every open condition of an approved decision,
// the earliest due date first, with its ageing; filtered by client name and by overdue or
// awaiting confirmation. A GET form, so it works without JavaScript and the URL can be shared.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireStaff } from "~/auth/session.server";
import { ConditionTable } from "~/components/condition-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import { ct } from "~/i18n/conditions";
import { portfolioOpenConditions } from "~/services/conditions.server";

const QuerySchema = z.object({ client: z.string().trim().max(200).optional(), show: z.enum(["all", "overdue", "awaiting"]).catch("all").default("all") });

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:client:any");
  const url = new URL(request.url);
  const query = QuerySchema.parse({ client: url.searchParams.get("client") ?? undefined, show: url.searchParams.get("show") ?? undefined });
  const now = new Date();
  const items = await portfolioOpenConditions(staff.institutionId, { client: query.client || undefined, overdueOnly: query.show === "overdue", awaitingConfirmation: query.show === "awaiting" }, now);
  return { items, query, today: now.toISOString().slice(0, 10) };
}

export default function PortfolioConditions() {
  const { items, query, today } = useLoaderData<typeof loader>();
  const lang = useLang();
  return (
    <div>
      <h1>{ct(lang, "portfolio.title")}</h1>
      <p className="mt-1">{ct(lang, "portfolio.intro")}</p>
      <Form method="get" className="card mt-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="filter-client" className="mb-1 block text-sm font-medium">
            {ct(lang, "portfolio.filterClient")}
          </label>
          <input id="filter-client" name="client" type="search" defaultValue={query.client ?? ""} className="input" />
        </div>
        <div>
          <label htmlFor="filter-show" className="mb-1 block text-sm font-medium">
            {ct(lang, "portfolio.filterShow")}
          </label>
          <select id="filter-show" name="show" defaultValue={query.show} className="input">
            <option value="all">{ct(lang, "portfolio.show.all")}</option>
            <option value="overdue">{ct(lang, "portfolio.show.overdue")}</option>
            <option value="awaiting">{ct(lang, "portfolio.show.awaiting")}</option>
          </select>
        </div>
        <button type="submit" className="btn-secondary">
          {ct(lang, "portfolio.apply")}
        </button>
      </Form>
      <section className="card mt-4" aria-label={ct(lang, "portfolio.title")}>
        <p className="text-sm" role="status">
          {ct(lang, "portfolio.count", { count: items.length })}
        </p>
        <ConditionTable items={items} lang={lang} today={today} showClient emptyText={ct(lang, "portfolio.none")} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
