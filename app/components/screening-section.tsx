// The client page's screening section (issue 15): the lists screened, confirmed listings as
// critical red flags, and every potential match with its list, listed name, score and date listed.
import { Link } from "@remix-run/react";
import { useLang } from "~/components/i18n";
import { st, type ScreeningUiKey } from "~/i18n/screening";
import type { ClientScreeningView } from "~/services/screening.server";

export function ScreeningSection({ clientId, screening, canReview }: { clientId: string; screening: ClientScreeningView; canReview: boolean }) {
  const lang = useLang();
  const t = (key: ScreeningUiKey, vars?: Record<string, string | number>) => st(lang, key, vars);
  return (
    <section className="card mt-6" aria-labelledby="screening-h" data-testid="screening">
      <h2 id="screening-h">{t("screening.title")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("screening.intro")}</p>
      <p className="mt-2 text-sm">
        {screening.lists.length === 0
          ? t("screening.noLists")
          : t("screening.lists", { lists: screening.lists.map((l) => `${l.name} (${l.retrievedDate}${l.isSample ? `, ${t("screening.sample")}` : ""})`).join("; ") })}
      </p>
      {screening.confirmed.map((c, i) => (
        <p key={i} role="alert" className="mt-3 rounded-md bg-red-50 p-3 text-sm font-medium text-red-900" data-testid="screening-red-flag">
          {t("screening.redFlag", { name: c.subjectName, list: c.listName, since: c.listedDate ? t("screening.since", { date: c.listedDate }) : "" })}
        </p>
      ))}
      {screening.pendingCount > 0 ? (
        <p role="status" className="mt-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-testid="screening-pending">
          {t("screening.pendingNotice", { count: screening.pendingCount })}
        </p>
      ) : null}
      {screening.hits.length === 0 ? (
        screening.lists.length > 0 ? <p className="mt-3 text-sm">{t("screening.none")}</p> : null
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("screening.col.subject")}</th>
                <th scope="col">{t("screening.col.list")}</th>
                <th scope="col">{t("screening.col.listed")}</th>
                <th scope="col">{t("screening.col.score")}</th>
                <th scope="col">{t("screening.col.date")}</th>
                <th scope="col">{t("screening.col.status")}</th>
                <th scope="col">{t("screening.col.action")}</th>
              </tr>
            </thead>
            <tbody>
              {screening.hits.map((h) => (
                <tr key={h.id} data-testid="screening-hit">
                  <td>
                    {h.subjectName}
                    <br />
                    <span className="text-xs text-slate-600">{t(`screening.subject.${h.subjectKind}`)}</span>
                  </td>
                  <td>{h.listName}</td>
                  <td>{h.listedName}</td>
                  <td>{h.score} %</td>
                  <td>{h.listedDate ?? "—"}</td>
                  <td>
                    {t(`screening.status.${h.status}`)}
                    {h.isCurrent ? null : <span className="text-xs text-slate-600"> ({t("screening.notCurrent")})</span>}
                  </td>
                  <td>
                    <Link to={`/app/clients/${clientId}/screening/${h.id}`} className="underline">
                      {canReview && h.status === "pending" && h.isCurrent ? t("screening.review") : t("screening.hit.history")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
