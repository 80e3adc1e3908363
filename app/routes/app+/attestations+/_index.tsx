// /app/attestations: every attestation of the institution for bank users and auditors, filtered
// by client name, revocation and issue dates (a GET form: works without JavaScript, bookmarkable),
// with a PDF download per row and a CSV export of the filtered list.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import { at, standingLabel, type AttestationUiKey } from "~/i18n/attestations";
import { AttestationFilterSchema, attestationList } from "~/services/attestations.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:attestation:any");
  const url = new URL(request.url);
  const parsed = AttestationFilterSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Response(`Invalid filter: ${issue?.path.join(".")}: ${issue?.message}`, { status: 400 });
  }
  return { rows: await attestationList(staff.institutionId, parsed.data), filter: parsed.data, query: url.searchParams.toString(), today: new Date().toISOString().slice(0, 10) };
}

export default function AttestationsPage() {
  const { rows, filter, query, today } = useLoaderData<typeof loader>();
  const lang = useLang();
  const t = (key: AttestationUiKey, vars?: Record<string, string>) => at(lang, key, vars);
  return (
    <div>
      <h1>{t("list.title")}</h1>
      <p className="mt-2 max-w-3xl text-sm text-slate-700">{t("list.intro")}</p>
      <Form method="get" className="mt-4 flex flex-wrap items-end gap-4" aria-label={t("list.filter")}>
        <div>
          <label htmlFor="att-q" className="mb-1 block text-sm font-medium">
            {t("list.search")}
          </label>
          <input id="att-q" name="q" type="search" defaultValue={filter.q ?? ""} className="input" />
        </div>
        <div>
          <label htmlFor="att-revoked" className="mb-1 block text-sm font-medium">
            {t("list.revoked")}
          </label>
          <select id="att-revoked" name="revoked" defaultValue={filter.revoked ?? ""} className="input">
            <option value="">{t("list.revokedAny")}</option>
            <option value="yes">{t("list.revokedYes")}</option>
            <option value="no">{t("list.revokedNo")}</option>
          </select>
        </div>
        <div>
          <label htmlFor="att-from" className="mb-1 block text-sm font-medium">
            {t("list.from")}
          </label>
          <input id="att-from" name="from" type="date" defaultValue={filter.from ?? ""} className="input" />
        </div>
        <div>
          <label htmlFor="att-to" className="mb-1 block text-sm font-medium">
            {t("list.to")}
          </label>
          <input id="att-to" name="to" type="date" defaultValue={filter.to ?? ""} className="input" />
        </div>
        <button type="submit" className="btn-secondary">
          {t("list.filter")}
        </button>
        <a href={`/app/attestations/export.csv${query ? `?${query}` : ""}`} className="btn-secondary">
          {t("list.exportCsv")}
        </a>
      </Form>
      {rows.length === 0 ? <p className="mt-6">{t("list.empty")}</p> : null}
      {rows.length > 0 ? (
        <table className="table mt-6">
          <thead>
            <tr>
              <th scope="col">{t("list.client")}</th>
              <th scope="col">{t("list.issuedAt")}</th>
              <th scope="col">{t("list.validUntil")}</th>
              <th scope="col">{t("list.status")}</th>
              <th scope="col">{t("list.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.clientName}</td>
                <td className="whitespace-nowrap">{r.issuedAt.slice(0, 10)}</td>
                <td className="whitespace-nowrap">{r.validUntil}</td>
                <td>{standingLabel(r, today, t)}</td>
                <td>
                  <div className="flex flex-wrap gap-3">
                    <a href={`/app/attestations/${r.id}.pdf`}>
                      {t("list.download")}
                      <span className="sr-only"> {r.clientName}</span>
                    </a>
                    <Link to={`/app/attestations/${r.id}`}>
                      {t("list.details")}
                      <span className="sr-only"> {r.clientName}</span>
                    </Link>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
