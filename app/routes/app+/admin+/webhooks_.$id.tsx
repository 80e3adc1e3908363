import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import { reads } from "~/db.server";
import { at, type ApiUiKey } from "~/i18n/api";
import { findWebhook, listDeliveries } from "~/repositories/webhook-admin.server";
import { responseExcerpt } from "~/services/webhook-http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "manage:webhook:any");
  const db = reads();
  const webhook = await findWebhook(staff.institutionId, params.id ?? "", db);
  if (!webhook) throw new Response("Not found", { status: 404 });
  return {
    webhook: { id: webhook.id, url: webhook.url, events: webhook.events, isActive: webhook.isActive },
    // Status and a short excerpt of the target's answer only (older rows kept up to 500 characters).
    deliveries: (await listDeliveries(staff.institutionId, webhook.id, 200, db)).map((d) => ({ ...d, lastResponse: d.lastResponse === null ? null : responseExcerpt(d.lastResponse) })),
  };
}

const time = (iso: string | null) => (iso ? `${iso.slice(0, 19).replace("T", " ")} UTC` : "—");

export default function WebhookDeliveriesPage() {
  const { webhook, deliveries } = useLoaderData<typeof loader>();
  const lang = useLang();
  const t = (key: ApiUiKey, vars?: Record<string, string | number>) => at(lang, key, vars);
  return (
    <div>
      <p>
        <Link to="/app/admin/webhooks">{t("hooks.back")}</Link>
      </p>
      <h1 className="mt-2 break-all">{t("hooks.deliveriesOf", { url: webhook.url })}</h1>
      <p className="mt-2 text-sm text-slate-700">
        {t("hooks.events")}: {webhook.events.join(", ")} · {webhook.isActive ? t("hooks.active") : t("hooks.inactive")}
      </p>
      {deliveries.length === 0 ? (
        <p className="mt-6">{t("hooks.noDeliveries")}</p>
      ) : (
        <table className="table mt-6">
          <thead>
            <tr>
              <th scope="col">{t("hooks.event")}</th>
              <th scope="col">{t("hooks.deliveryStatus")}</th>
              <th scope="col">{t("hooks.attempts")}</th>
              <th scope="col">{t("hooks.lastStatus")}</th>
              <th scope="col">{t("hooks.response")}</th>
              <th scope="col">{t("hooks.created")}</th>
              <th scope="col">{t("hooks.nextAttempt")}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td>
                  <span className="font-mono text-sm">{d.event}</span>
                  <details className="mt-1">
                    <summary className="cursor-pointer text-sm">{t("hooks.payload")}</summary>
                    <p className="text-xs">
                      {t("hooks.delivery")}: <span className="font-mono">{d.id}</span>
                    </p>
                    <pre className="whitespace-pre-wrap break-all text-xs">{d.payload}</pre>
                  </details>
                </td>
                <td>{t(`hooks.delivery.${d.status}`)}</td>
                <td>{d.attempts}</td>
                <td>{d.lastStatusCode ?? "—"}</td>
                <td>
                  {d.lastResponse ? <pre className="max-w-xs whitespace-pre-wrap break-all text-xs">{d.lastResponse}</pre> : null}
                  {d.lastError ? (
                    <p className="text-sm text-red-800">
                      {t("hooks.error")}: {d.lastError}
                    </p>
                  ) : null}
                </td>
                <td>{time(d.createdAt)}</td>
                <td>{d.status === "pending" ? time(d.nextAttemptAt) : d.status === "delivered" ? `${t("hooks.deliveredAt")} ${time(d.deliveredAt)}` : "—"}</td>
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
