// A list of conditions (issue 17, F18): the client page's and the portfolio's, with due date,
// ageing ("overdue by 12 days") and where each stands, each linking to the bank's condition page.
import { Link } from "@remix-run/react";
import { formatDate } from "~/domain/notifications/dates";
import type { Lang } from "~/i18n";
import { ageingText, ct } from "~/i18n/conditions";
import type { ConditionListItem } from "~/services/conditions.server";

export function ConditionTable({ items, lang, today, showClient, emptyText }: { items: readonly ConditionListItem[]; lang: Lang; today: string; showClient: boolean; emptyText: string }) {
  if (items.length === 0) return <p className="mt-2">{emptyText}</p>;
  return (
    <table className="mt-2 w-full text-left text-sm" data-testid="condition-table">
      <thead>
        <tr>
          {showClient ? <th scope="col">{ct(lang, "list.client")}</th> : null}
          <th scope="col">{ct(lang, "list.condition")}</th>
          <th scope="col">{ct(lang, "list.due")}</th>
          <th scope="col">{ct(lang, "list.status")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr key={c.id} className="border-t border-slate-200 align-top" data-testid="condition-row">
            {showClient ? (
              <td className="py-1 pr-2">
                <Link to={`/app/clients/${c.clientId}`} className="underline">
                  {c.clientName}
                </Link>
              </td>
            ) : null}
            <td className="py-1 pr-2">
              <Link to={`/app/conditions/${c.id}`} className="underline">
                {c.text}
              </Link>
              {c.isCurrent ? null : <span className="text-slate-700"> {ct(lang, "list.previous")}</span>}
            </td>
            <td className="py-1 pr-2">
              {formatDate(c.dueDate, lang)}
              {c.standing !== "met" ? <span className={c.daysOverdue > 0 ? "block font-semibold text-red-800" : "block text-slate-700"}>{ageingText(lang, c.dueDate, today)}</span> : null}
            </td>
            <td className="py-1">{ct(lang, `standing.${c.standing}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
