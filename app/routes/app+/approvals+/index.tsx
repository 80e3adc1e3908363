import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import { reads } from "~/db.server";
import { isMoreLenient, type Outcome } from "~/domain/decision-rules";
import type { Recommendation } from "~/domain/policy/policy";
import { rt, type ReviewKey } from "~/i18n/review";
import { proposedDecisions } from "~/repositories/decisions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:decision:any");
  const now = Date.now();
  const rows = (await proposedDecisions(staff.institutionId, reads())).map((d) => ({
    ...d,
    ageDays: Math.max(0, Math.floor((now - Date.parse(d.proposedAt)) / 86_400_000)),
    deviates: isMoreLenient(d.outcome as Outcome, d.recommendation as Recommendation),
    isOwn: d.proposedBy === staff.userId,
  }));
  return { rows };
}

export default function ApprovalQueue() {
  const { rows } = useLoaderData<typeof loader>();
  const lang = useLang();
  const t = (key: ReviewKey, vars?: Record<string, string | number>) => rt(lang, key, vars);
  return (
    <div>
      <h1>{t("approvals.title")}</h1>
      <p className="mt-2 text-slate-700">{t("approvals.intro")}</p>
      {rows.length === 0 ? (
        <p className="mt-6" role="status">
          {t("approvals.empty")}
        </p>
      ) : (
        <table className="table mt-6">
          <caption className="sr-only">{t("approvals.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("approvals.client")}</th>
              <th scope="col">{t("approvals.outcome")}</th>
              <th scope="col">{t("approvals.recommendation")}</th>
              <th scope="col">{t("approvals.residual")}</th>
              <th scope="col">{t("approvals.proposer")}</th>
              <th scope="col">{t("approvals.age")}</th>
              <th scope="col">
                <span className="sr-only">{t("approvals.open")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id}>
                <th scope="row">{d.clientName}</th>
                <td>
                  {t(`outcome.${d.outcome}` as ReviewKey)}
                  {d.deviates ? <strong className="ml-1 text-amber-900">({t("approvals.deviates")})</strong> : null}
                </td>
                <td>{t(`outcome.${d.recommendation}` as ReviewKey)}</td>
                <td>{t(`risk.${d.residualRisk}` as ReviewKey)}</td>
                <td>
                  {d.proposerName}
                  {d.isOwn ? <span className="ml-1 text-sm text-slate-700">({t("approvals.own")})</span> : null}
                </td>
                <td>{t("approvals.days", { days: d.ageDays })}</td>
                <td>
                  <Link to={`/app/decisions/${d.id}`} className="underline">
                    {t("approvals.open")}
                    <span className="sr-only"> {d.clientName}</span>
                  </Link>
                </td>
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
