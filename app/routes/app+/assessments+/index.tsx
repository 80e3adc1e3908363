import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requestLang } from "~/auth/cookies.server";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import { reads } from "~/db.server";
import { ASSESSMENT_STATUSES } from "~/domain/assessment-state";
import type { Lang } from "~/i18n";
import { ct, type ClientsUiKey } from "~/i18n/clients";
import { listAssessments } from "~/repositories/assessments.server";
import { AssessmentListSchema } from "~/schemas/assessments";
import { listQuestionnaires } from "~/services/questionnaires.server";

const PAGE_SIZE = 25;

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:assessment:any");
  const lang: Lang = await requestLang(request);
  const url = new URL(request.url);
  const query = AssessmentListSchema.parse(Object.fromEntries(url.searchParams));
  const { rows, total } = await listAssessments(staff.institutionId, { status: query.status, q: query.q || undefined, page: query.page, pageSize: PAGE_SIZE }, reads());
  const titles = new Map(listQuestionnaires().map((q) => [`${q.key}/${q.version}`, (q.questionnaire.title as Partial<Record<Lang, string>>)[lang] ?? q.key]));
  return {
    query: { status: query.status ?? "", q: query.q ?? "", page: query.page },
    total,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    rows: rows.map((a) => ({
      id: a.id,
      clientId: a.clientId,
      clientName: a.clientName,
      status: a.status,
      questionnaire: `${titles.get(`${a.questionnaireKey}/${a.questionnaireVersion}`) ?? a.questionnaireKey} (v${a.questionnaireVersion})`,
      sentAt: a.sentAt,
      dueDate: a.dueDate,
      submittedAt: a.submittedAt,
    })),
  };
}

function pageLink(query: { status: string; q: string }, page: number): string {
  const params = new URLSearchParams();
  if (query.status) params.set("status", query.status);
  if (query.q) params.set("q", query.q);
  params.set("page", String(page));
  return `/app/assessments?${params.toString()}`;
}

export default function AssessmentsIndex() {
  const { query, total, pages, rows } = useLoaderData<typeof loader>();
  const lang = useLang();
  const t = (key: ClientsUiKey, vars?: Record<string, string | number>) => ct(lang, key, vars);
  return (
    <div>
      <h1>{t("assessments.title")}</h1>
      <p className="mt-2 text-sm text-slate-700">{t("assessments.intro")}</p>
      <Form method="get" className="mt-4 flex flex-wrap items-end gap-3" role="search">
        <div>
          <label htmlFor="assessment-status" className="mb-1 block text-sm font-medium">
            {t("assessments.filterStatus")}
          </label>
          <select id="assessment-status" name="status" defaultValue={query.status} className="input">
            <option value="">{t("assessments.allStatuses")}</option>
            {ASSESSMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="assessment-q" className="mb-1 block text-sm font-medium">
            {t("assessments.search")}
          </label>
          <input id="assessment-q" name="q" type="search" defaultValue={query.q} className="input" />
        </div>
        <button type="submit" className="btn-secondary">
          {t("assessments.filter")}
        </button>
      </Form>
      <p className="mt-4 text-sm" role="status">
        {t("assessments.count", { count: total })}
      </p>
      {rows.length === 0 ? (
        <p className="mt-4">{t("assessments.empty")}</p>
      ) : (
        <table className="table mt-4">
          <caption className="sr-only">{t("assessments.caption", { page: query.page, pages })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("assessments.client")}</th>
              <th scope="col">{t("clients.history.questionnaire")}</th>
              <th scope="col">{t("clients.history.status")}</th>
              <th scope="col">{t("clients.history.sent")}</th>
              <th scope="col">{t("clients.history.due")}</th>
              <th scope="col">{t("clients.history.submitted")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/app/clients/${a.clientId}`} className="underline">
                    {a.clientName}
                  </Link>
                </td>
                <td>
                  <Link to={`/app/assessments/${a.id}`} className="underline">
                    {a.questionnaire}
                  </Link>
                </td>
                <td>{t(`status.${a.status}`)}</td>
                <td>{a.sentAt.slice(0, 10)}</td>
                <td>{a.dueDate}</td>
                <td>{a.submittedAt ? a.submittedAt.slice(0, 10) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 ? (
        <nav aria-label={t("assessments.caption", { page: query.page, pages })} className="mt-4 flex gap-4">
          {query.page > 1 ? (
            <Link to={pageLink(query, query.page - 1)} className="underline">
              {t("assessments.previous")}
            </Link>
          ) : null}
          {query.page < pages ? (
            <Link to={pageLink(query, query.page + 1)} className="underline">
              {t("assessments.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
