import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { hasPermission } from "~/auth/permissions";
import { requireStaff } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/components/i18n";
import { listOutbox } from "~/repositories/outbox.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:outbox:any");
  // A staff invitation link sets the password of the account it names (possibly an admin's), so
  // only those who may manage users see it; everyone else sees the message without the token.
  const showLinks = hasPermission(staff.roles, "manage:user:any");
  const emails = listOutbox(staff.institutionId, 200, getDb()).map((e) =>
    showLinks || e.kind !== "user.invitation" ? e : { ...e, body: e.body.replace(/\/invitations\/[A-Za-z0-9_-]+/g, "/invitations/…") },
  );
  return { emails };
}

export default function OutboxPage() {
  const { emails } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <h1>{t("outbox.title")}</h1>
      <p className="mt-2 max-w-3xl text-sm text-slate-700">{t("outbox.intro")}</p>
      {emails.length === 0 ? <p className="mt-6">{t("outbox.empty")}</p> : null}
      <ul className="mt-6 space-y-4">
        {emails.map((e) => (
          <li key={e.id} className="card">
            <details>
              <summary className="cursor-pointer">
                <span className="font-semibold">{e.subject}</span>
                <span className="ml-2 text-sm text-slate-700">
                  {t("outbox.to")}: {e.toAddress} · {e.createdAt.slice(0, 16).replace("T", " ")} UTC · {t(`outbox.status.${e.status}`)}
                </span>
              </summary>
              <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm" data-testid="outbox-body">
                {e.body}
              </pre>
              {e.lastError ? <p className="mt-2 text-sm text-red-800">{e.lastError}</p> : null}
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
