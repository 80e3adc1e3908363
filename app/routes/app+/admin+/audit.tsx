import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireStaff } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/components/i18n";
import { listAuditEvents, verifyInstitutionChain } from "~/repositories/audit-events.server";

const FilterSchema = z.object({
  action: z.string().max(100).optional(),
  before: z.coerce.number().int().positive().optional(),
  verify: z.literal("1").optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:audit:any");
  const parsed = FilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new Response(`Invalid filter: ${parsed.error.issues[0]?.path.join(".")}`, { status: 400 });
  const db = getDb();
  const events = listAuditEvents(staff.institutionId, { action: parsed.data.action || undefined }, { limit: 100, beforeSeq: parsed.data.before }, db);
  const verdict = parsed.data.verify ? verifyInstitutionChain(staff.institutionId, db) : null;
  return { events, verdict, action: parsed.data.action ?? "" };
}

export default function AuditPage() {
  const { events, verdict, action } = useLoaderData<typeof loader>();
  const t = useT();
  const last = events[events.length - 1];
  return (
    <div>
      <h1>{t("audit.title")}</h1>
      <p className="mt-2 max-w-3xl text-sm text-slate-700">{t("audit.intro")}</p>
      <div className="mt-4 flex flex-wrap items-end gap-4">
        <Form method="get" className="flex items-end gap-2">
          <div>
            <label htmlFor="audit-action" className="mb-1 block text-sm font-medium">
              {t("audit.filterAction")}
            </label>
            <input id="audit-action" name="action" defaultValue={action} className="input" />
          </div>
          <button type="submit" className="btn-secondary">
            {t("audit.filter")}
          </button>
        </Form>
        <Form method="get">
          <input type="hidden" name="verify" value="1" />
          <button type="submit" className="btn">
            {t("audit.verify")}
          </button>
        </Form>
      </div>
      {verdict ? (
        <p role="status" className={`mt-4 rounded-md p-3 text-sm ${verdict.ok ? "bg-green-50 text-green-900" : "bg-red-50 text-red-900"}`}>
          {verdict.ok
            ? t("audit.chainOk", { count: verdict.count })
            : t("audit.chainBroken", { seq: verdict.brokenSeq, id: verdict.brokenEventId, problem: verdict.problem })}
        </p>
      ) : null}
      {events.length === 0 ? <p className="mt-6">{t("audit.empty")}</p> : null}
      <table className="table mt-6">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t("audit.when")}</th>
            <th scope="col">{t("audit.actor")}</th>
            <th scope="col">{t("audit.action")}</th>
            <th scope="col">{t("audit.subject")}</th>
            <th scope="col">{t("audit.reason")}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{e.seq}</td>
              <td className="whitespace-nowrap">{e.createdAt.replace("T", " ").slice(0, 19)}</td>
              <td>
                {e.actorType}
                {e.actorId ? ` ${e.actorId}` : ""}
              </td>
              <td className="font-mono">{e.action}</td>
              <td>
                {e.subjectType} {e.subjectId ?? ""}
              </td>
              <td>{e.reason ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {events.length === 100 && last ? (
        <p className="mt-4">
          <Link to={`?${new URLSearchParams({ ...(action ? { action } : {}), before: String(last.seq) })}`}>{t("audit.older")}</Link>
        </p>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
