import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { reads } from "~/db.server";
import { maskSecretLinks } from "~/domain/secret-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/components/i18n";
import { listOutbox } from "~/repositories/outbox.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:outbox:any");
  // Respondent and invitation links are stored masked (the real message is sealed for delivery);
  // masking again on the way out keeps any copy that predates that from reaching a page.
  const emails = (await listOutbox(staff.institutionId, 200, reads())).map((e) => ({ ...e, body: maskSecretLinks(e.body) }));
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
