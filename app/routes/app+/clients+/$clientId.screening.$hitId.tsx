import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { hasPermission } from "~/auth/permissions";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList } from "~/components/forms";
import { useLang } from "~/components/i18n";
import { reads } from "~/db.server";
import { DomainError } from "~/domain/errors";
import { statusOf } from "~/errors-http.server";
import type { Lang } from "~/i18n";
import { isScreeningUiKey, st, type ScreeningUiKey } from "~/i18n/screening";
import { findClient } from "~/repositories/assessment-core.server";
import { DispositionSchema } from "~/schemas/screening";
import { disposeHit, screeningHit } from "~/services/screening.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:client:any");
  const db = reads();
  const client = await findClient(staff.institutionId, params.clientId ?? "", db);
  const found = client ? await screeningHit(staff.institutionId, client.id, params.hitId ?? "", db) : undefined;
  if (!client || !found) throw new Response("Screening match not found", { status: 404 });
  return {
    client: { id: client.id, name: client.name },
    hit: found.hit,
    dispositions: found.dispositions.map((d) => ({ id: d.id, disposition: d.disposition, reason: d.reason, decidedAt: d.decidedAt })),
    canReview: hasPermission(staff.roles, "review:screening-match:any"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "review:screening-match:any");
  const clientId = params.clientId ?? "";
  const hitId = params.hitId ?? "";
  const db = reads();
  const client = await findClient(staff.institutionId, clientId, db);
  if (!client || !(await screeningHit(staff.institutionId, clientId, hitId, db))) throw new Response("Screening match not found", { status: 404 });
  const formData = await request.formData();
  const values = { disposition: String(formData.get("disposition") ?? ""), reason: String(formData.get("reason") ?? "") };
  const parsed = DispositionSchema.safeParse(values);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const i of parsed.error.issues) (fieldErrors[String(i.path[0] ?? "reason")] ??= []).push(i.message);
    return data({ fieldErrors, values }, { status: 400 });
  }
  try {
    await disposeHit(staff, hitId, parsed.data, new Date());
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.message, { status: statusOf(error) });
    throw error;
  }
  return redirect(`/app/clients/${clientId}/screening/${hitId}?saved=1`);
}

function message(lang: Lang, key: string): string {
  return isScreeningUiKey(key) ? st(lang, key) : key;
}

export default function ScreeningHitPage() {
  const { client, hit, dispositions, canReview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const lang = useLang();
  const t = (key: ScreeningUiKey, vars?: Record<string, string | number>) => st(lang, key, vars);
  const errors = actionData?.fieldErrors ?? {};
  const chosen = actionData?.values.disposition ?? "";
  const errorList = Object.values(errors).flat();
  return (
    <div>
      <p className="text-sm">
        <Link to={`/app/clients/${client.id}`}>{t("screening.hit.back")}</Link>
      </p>
      <h1 className="mt-2">{t("screening.hit.title", { name: hit.subjectName })}</h1>
      {searchParams.get("saved") ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
          {t("screening.form.saved")}
        </p>
      ) : null}
      <dl className="card mt-6 grid max-w-3xl grid-cols-[auto,1fr] gap-x-6 gap-y-2" data-testid="screening-hit-details">
        <dt className="font-medium">{t("screening.col.subject")}</dt>
        <dd>
          {hit.subjectName} ({t(`screening.subject.${hit.subjectKind}`)})
        </dd>
        <dt className="font-medium">{t("screening.col.list")}</dt>
        <dd>{hit.listName}</dd>
        <dt className="font-medium">{t("screening.col.listed")}</dt>
        <dd>{hit.listedName}</dd>
        <dt className="font-medium">{t("screening.hit.matchedName")}</dt>
        <dd>{hit.matchedName}</dd>
        <dt className="font-medium">{t("screening.hit.country")}</dt>
        <dd>{hit.listedCountry ?? "—"}</dd>
        <dt className="font-medium">{t("screening.col.date")}</dt>
        <dd>{hit.listedDate ?? "—"}</dd>
        <dt className="font-medium">{t("screening.col.score")}</dt>
        <dd>{hit.score} %</dd>
        <dt className="font-medium">{t("screening.col.status")}</dt>
        <dd data-testid="screening-status">
          {t(`screening.status.${hit.status}`)}
          {hit.isCurrent ? "" : ` (${t("screening.notCurrent")})`}
        </dd>
        <dt className="font-medium">{t("screening.hit.foundAt")}</dt>
        <dd>{hit.foundAt.slice(0, 16).replace("T", " ")} UTC</dd>
      </dl>
      {canReview ? (
        <Form method="post" className="card mt-6 max-w-3xl" noValidate>
          <h2>{t("screening.form.title")}</h2>
          {errorList.length > 0 ? (
            <div role="alert" className="mt-2 rounded-md bg-red-50 p-3 text-sm text-red-900" tabIndex={-1}>
              <ul>
                {errorList.map((e) => (
                  <li key={e}>{message(lang, e)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <fieldset className="mt-3" aria-describedby={errors.disposition ? "disposition-error" : undefined}>
            <legend className="mb-2 font-semibold">{t("screening.form.disposition")}</legend>
            {(["true-match", "false-positive"] as const).map((d) => (
              <div key={d} className="flex items-start gap-2">
                <input id={`disposition-${d}`} type="radio" name="disposition" value={d} defaultChecked={chosen === d} required className="mt-1" />
                <label htmlFor={`disposition-${d}`}>{t(`screening.form.${d}`)}</label>
              </div>
            ))}
            <ErrorList id="disposition-error" errors={(errors.disposition ?? []).map((m) => message(lang, m))} />
          </fieldset>
          <label htmlFor="reason" className="mb-1 mt-2 block text-sm font-medium">
            {t("screening.form.reason")}
          </label>
          <p id="reason-help" className="mb-1 text-xs text-slate-700">
            {t("screening.form.reasonHelp")}
          </p>
          <textarea
            id="reason"
            name="reason"
            rows={4}
            required
            defaultValue={actionData?.values.reason ?? ""}
            className="input"
            aria-invalid={errors.reason ? true : undefined}
            aria-describedby={errors.reason ? "reason-help reason-error" : "reason-help"}
          />
          <ErrorList id="reason-error" errors={(errors.reason ?? []).map((m) => message(lang, m))} />
          <button type="submit" className="btn mt-2">
            {t("screening.form.submit")}
          </button>
        </Form>
      ) : null}
      <section aria-labelledby="dispositions-h" className="mt-8">
        <h2 id="dispositions-h">{t("screening.hit.history")}</h2>
        {dispositions.length === 0 ? (
          <p className="mt-2">{t("screening.hit.noHistory")}</p>
        ) : (
          <ul className="mt-2 space-y-2" data-testid="screening-dispositions">
            {dispositions.map((d) => (
              <li key={d.id} className="card">
                <p className="font-medium">{t(`screening.status.${d.disposition}`)}</p>
                <p className="text-sm text-slate-700">{d.decidedAt.slice(0, 16).replace("T", " ")} UTC</p>
                <p className="mt-1 whitespace-pre-wrap">{d.reason}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
