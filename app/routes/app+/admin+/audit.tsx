import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { hasPermission } from "~/auth/permissions";
import { requireStaff } from "~/auth/session.server";
import { reads } from "~/db.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang, useT } from "~/components/i18n";
import { at } from "~/i18n/attestations";
import { listAuditEvents, verifyInstitutionChain } from "~/repositories/audit-events.server";
import { AuditFilterSchema, filterQuery, toAuditFilter } from "./__audit-filter";

const FilterSchema = AuditFilterSchema.extend({
  before: z.coerce.number().int().positive().optional(),
  verify: z.literal("1").optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:audit:any");
  const parsed = FilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Response(`Invalid filter: ${issue?.path.join(".")}: ${issue?.message}`, { status: 400 });
  }
  const { before, verify, ...filter } = parsed.data;
  const db = reads();
  const events = await listAuditEvents(staff.institutionId, toAuditFilter(filter), { limit: 100, beforeSeq: before }, db);
  const verdict = verify ? await verifyInstitutionChain(staff.institutionId, db) : null;
  return { events, verdict, filter, canExport: hasPermission(staff.roles, "export:audit:any") };
}

export default function AuditPage() {
  const { events, verdict, filter, canExport } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const last = events[events.length - 1];
  const fields: Array<{ name: "action" | "actor" | "subject" | "from" | "to"; label: string; type: string }> = [
    { name: "action", label: t("audit.filterAction"), type: "text" },
    { name: "actor", label: at(lang, "audit.actorFilter"), type: "text" },
    { name: "subject", label: at(lang, "audit.subjectFilter"), type: "text" },
    { name: "from", label: at(lang, "audit.fromFilter"), type: "date" },
    { name: "to", label: at(lang, "audit.toFilter"), type: "date" },
  ];
  const query = filterQuery(filter);
  return (
    <div>
      <h1>{t("audit.title")}</h1>
      <p className="mt-2 max-w-3xl text-sm text-slate-700">{t("audit.intro")}</p>
      <div className="mt-4 flex flex-wrap items-end gap-4">
        <Form method="get" className="flex flex-wrap items-end gap-2">
          {fields.map((f) => (
            <div key={f.name}>
              <label htmlFor={`audit-${f.name}`} className="mb-1 block text-sm font-medium">
                {f.label}
              </label>
              <input id={`audit-${f.name}`} name={f.name} type={f.type} defaultValue={filter[f.name] ?? ""} className="input" />
            </div>
          ))}
          <button type="submit" className="btn-secondary">
            {t("audit.filter")}
          </button>
        </Form>
        <Form method="get">
          {Object.entries(filter).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
          <input type="hidden" name="verify" value="1" />
          <button type="submit" className="btn">
            {t("audit.verify")}
          </button>
        </Form>
        {canExport ? (
          <a href={`/app/admin/audit.csv${query ? `?${query}` : ""}`} className="btn-secondary">
            {at(lang, "audit.exportCsv")}
          </a>
        ) : null}
      </div>
      {verdict ? (
        <p role="status" className={`mt-4 rounded-md p-3 text-sm ${verdict.ok ? "bg-green-50 text-green-900" : "bg-red-50 text-red-900"}`}>
          {verdict.ok ? (
            t("audit.chainOk", { count: verdict.count })
          ) : (
            <>
              {t("audit.chainBroken", { seq: verdict.brokenSeq, id: verdict.brokenEventId || t("audit.missingEvent"), problem: verdict.problem })}{" "}
              <Link to={`?${new URLSearchParams({ before: String(verdict.brokenSeq + 1) })}`}>#{verdict.brokenSeq}</Link>
            </>
          )}
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
            <tr key={e.id} className={verdict && !verdict.ok && verdict.brokenEventId === e.id ? "bg-red-50" : undefined}>
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
          <Link to={`?${filterQuery(filter, { before: String(last.seq) })}`}>{t("audit.older")}</Link>
        </p>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
