import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { hasPermission } from "~/auth/permissions";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList } from "~/components/forms";
import { useLang, useT } from "~/components/i18n";
import { DomainError, InvalidInputError } from "~/domain/errors";
import { addDays, REASSESS_WITHIN_DAYS, todayOf } from "~/domain/portfolio";
import { statusOf } from "~/errors-http.server";
import { pt, ptMessage } from "~/i18n/portfolio";
import { DEFAULT_REASSESS_DAYS, reassess, reassessmentList } from "~/services/reassessment.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:client:any");
  const now = new Date();
  return { rows: await reassessmentList(staff.institutionId, now), canSend: hasPermission(staff.roles, "send:assessment:any"), defaultDue: addDays(todayOf(now), DEFAULT_REASSESS_DAYS) };
}

const ReassessFormSchema = z.object({
  clientId: z.string({ error: "form.required" }).min(1, { error: "form.required" }).max(100),
  dueDate: z.iso.date({ error: "clients.error.dueDate" }),
  language: z.enum(["en", "es"], { error: "form.required" }),
});

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "send:assessment:any");
  const raw = Object.fromEntries([...await request.formData()].map(([k, v]) => [k, String(v)]));
  const parsed = ReassessFormSchema.safeParse(raw);
  if (!parsed.success) {
    return data({ clientId: raw.clientId ?? null, errors: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) }, { status: 400 });
  }
  try {
    const sent = await reassess(staff, parsed.data.clientId, { dueDate: parsed.data.dueDate, language: parsed.data.language }, new Date());
    return redirect(`/app/reassessment?sent=${encodeURIComponent(parsed.data.clientId)}&prefilled=${sent.prefilled}&assessment=${sent.assessment.id}`);
  } catch (error) {
    if (error instanceof InvalidInputError) return data({ clientId: parsed.data.clientId, errors: error.details.map((d) => `${d.path}: ${d.message}`) }, { status: 400 });
    if (error instanceof DomainError) {
      if (statusOf(error) === 409) return data({ clientId: parsed.data.clientId, errors: [error.message] }, { status: 409 });
      throw new Response(error.message, { status: statusOf(error) });
    }
    throw error;
  }
}

export default function Reassessment() {
  const { rows, canSend, defaultDue } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const lang = useLang();
  const t = useT();
  const p = (key: Parameters<typeof pt>[1], vars?: Record<string, string | number>) => pt(lang, key, vars);
  const sentId = searchParams.get("sent");
  return (
    <div>
      <h1>{p("reassessment.title")}</h1>
      <p className="mt-2 max-w-3xl">{p("reassessment.intro", { days: REASSESS_WITHIN_DAYS })}</p>
      {sentId ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
          {p("reassessment.sent", { client: sentId, count: searchParams.get("prefilled") ?? "0" })}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="mt-6">{p("reassessment.empty")}</p>
      ) : (
        <div className="mt-6 overflow-x-auto">
          <table className="table" data-testid="reassessment-table">
            <thead>
              <tr>
                <th scope="col">{p("list.col.name")}</th>
                <th scope="col">{p("reassessment.reason")}</th>
                <th scope="col">{p("list.col.residual")}</th>
                <th scope="col">{p("list.col.rm")}</th>
                <th scope="col">{p("reassessment.previous")}</th>
                {canSend ? <th scope="col">{p("reassessment.submit")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const errors = actionData?.clientId === r.clientId ? actionData.errors : [];
                return (
                  <tr key={r.clientId}>
                    <td>
                      <Link to={`/app/clients/${r.clientId}`}>{r.name}</Link>
                    </td>
                    <td>
                      {r.reason === "gate-closed"
                        ? p("reassessment.reason.gate-closed", { reason: r.gateReason ?? "" })
                        : p(`reassessment.reason.${r.reason}`, { date: r.validUntil ?? "" })}
                    </td>
                    <td>{p(`risk.${(r.residualRisk ?? "none") as "low"}`)}</td>
                    <td>{r.rmName ?? "—"}</td>
                    <td>
                      {r.previous ? (
                        <>
                          {r.previous.questionnaireKey} v{r.previous.questionnaireVersion}
                          {r.latestVersion !== null ? (
                            <span className="block text-xs text-slate-700">
                              {p("reassessment.sendVersion")}: v{r.latestVersion}
                            </span>
                          ) : null}
                        </>
                      ) : (
                        <span className="text-sm">{p("reassessment.noPrevious")}</span>
                      )}
                    </td>
                    {canSend ? (
                      <td>
                        {r.previous ? (
                          <Form method="post" className="flex flex-wrap items-end gap-2" aria-label={p("reassessment.actionsFor", { client: r.name })}>
                            <input type="hidden" name="clientId" value={r.clientId} />
                            <div>
                              <label htmlFor={`due-${r.clientId}`} className="block text-xs">
                                {p("reassessment.dueDate")}
                              </label>
                              <input id={`due-${r.clientId}`} type="date" name="dueDate" defaultValue={defaultDue} required className="input py-1" />
                            </div>
                            <div>
                              <label htmlFor={`lang-${r.clientId}`} className="block text-xs">
                                {p("reassessment.language")}
                              </label>
                              <select id={`lang-${r.clientId}`} name="language" defaultValue={r.previous.language} className="input py-1">
                                <option value="en">{t("lang.en")}</option>
                                <option value="es">{t("lang.es")}</option>
                              </select>
                            </div>
                            <button type="submit" className="btn py-1">
                              {p("reassessment.submit")}
                              <span className="sr-only"> {r.name}</span>
                            </button>
                            <ErrorList errors={errors.map((e) => ptMessage(lang, e))} />
                          </Form>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
