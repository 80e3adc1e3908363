import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { hasPermission } from "~/auth/permissions";
import { requestLang } from "~/auth/cookies.server";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList } from "~/components/forms";
import { useLang } from "~/components/i18n";
import { reads } from "~/db.server";
import { DomainError, InvalidInputError } from "~/domain/errors";
import { MAX_NOTE_LENGTH, OBSERVATION_CODES, OBSERVATIONS, observationLabel } from "~/domain/observations";
import { statusOf } from "~/errors-http.server";
import { pt, ptMessage } from "~/i18n/portfolio";
import { findInstitution } from "~/repositories/institutions.server";
import { listClientObservations, recordObservation } from "~/services/observations.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:client:any");
  try {
    const { client, observations } = await listClientObservations(staff.institutionId, params.clientId ?? "");
    const institution = await findInstitution(staff.institutionId, reads());
    return {
      client: { id: client.id, name: client.name },
      contact: institution?.financialCrimeEmail ?? null,
      canRecord: hasPermission(staff.roles, "create:observation:any"),
      observations: observations.map(({ observation: o, createdByName }) => ({ id: o.id, codes: o.codes, note: o.note, createdAt: o.createdAt, createdByName, referredTo: o.referredTo })),
    };
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.message, { status: statusOf(error) });
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "create:observation:any");
  const formData = await request.formData();
  const input = { codes: formData.getAll("codes").map(String), note: String(formData.get("note") ?? "") };
  const lang = await requestLang(request);
  try {
    const { referral } = await recordObservation(staff, params.clientId ?? "", input, lang, new Date());
    return redirect(`/app/clients/${params.clientId}/observations?recorded=${encodeURIComponent(referral.to.join(", "))}`);
  } catch (error) {
    if (error instanceof InvalidInputError) {
      const fieldErrors: Record<string, string[]> = {};
      for (const d of error.details) (fieldErrors[d.path.split(".")[0] || "codes"] ??= []).push(d.message);
      return data({ fieldErrors, values: input }, { status: 400 });
    }
    if (error instanceof DomainError) throw new Response(error.message, { status: statusOf(error) });
    throw error;
  }
}

export default function ClientObservations() {
  const { client, contact, canRecord, observations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const lang = useLang();
  const p = (key: Parameters<typeof pt>[1], vars?: Record<string, string | number>) => pt(lang, key, vars);
  const recorded = searchParams.get("recorded");
  const errors = actionData?.fieldErrors ?? {};
  const chosen = new Set(actionData?.values.codes ?? []);
  return (
    <div>
      <p className="text-sm">
        <Link to={`/app/clients/${client.id}`}>{p("observations.backToClient")}</Link>
      </p>
      <h1 className="mt-2">{p("observations.title", { client: client.name })}</h1>
      <p className="mt-2 max-w-3xl">{p("observations.intro", { contact: contact ?? p("observations.noContact") })}</p>
      {recorded !== null ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
          {p("observations.recorded", { to: recorded })}
        </p>
      ) : null}
      {canRecord ? (
        <Form method="post" className="card mt-6 max-w-3xl" noValidate>
          <fieldset aria-describedby={errors.codes ? "codes-error" : undefined}>
            <legend className="mb-2 font-semibold">{p("observations.legend")}</legend>
            <div className="space-y-2">
              {OBSERVATION_CODES.map((code) => (
                <div key={code} className="flex items-start gap-2">
                  <input id={`code-${code}`} type="checkbox" name="codes" value={code} defaultChecked={chosen.has(code)} className="mt-1" aria-describedby={`code-${code}-source`} />
                  <label htmlFor={`code-${code}`}>
                    {OBSERVATIONS[code].label[lang]}
                    <span id={`code-${code}-source`} className="block text-xs text-slate-700">
                      {p("observations.source", { source: OBSERVATIONS[code].source })}
                    </span>
                  </label>
                </div>
              ))}
            </div>
            <ErrorList id="codes-error" errors={(errors.codes ?? []).map((m) => ptMessage(lang, m))} />
          </fieldset>
          <label htmlFor="note" className="mb-1 mt-2 block text-sm font-medium">
            {p("observations.note")}
          </label>
          <textarea
            id="note"
            name="note"
            rows={4}
            maxLength={MAX_NOTE_LENGTH}
            defaultValue={actionData?.values.note ?? ""}
            className="input"
            aria-invalid={errors.note ? true : undefined}
            aria-describedby={errors.note ? "note-error" : undefined}
          />
          <ErrorList id="note-error" errors={(errors.note ?? []).map((m) => ptMessage(lang, m))} />
          <button type="submit" className="btn mt-2">
            {p("observations.submit")}
          </button>
        </Form>
      ) : null}
      <section aria-labelledby="history-h" className="mt-8">
        <h2 id="history-h">{p("observations.history")}</h2>
        {observations.length === 0 ? (
          <p className="mt-2">{p("observations.none")}</p>
        ) : (
          <ul className="mt-2 space-y-4" data-testid="observations">
            {observations.map((o) => (
              <li key={o.id} className="card">
                <p className="text-sm text-slate-700">{p("observations.recordedBy", { name: o.createdByName ?? "—", date: o.createdAt.slice(0, 16).replace("T", " ") })}</p>
                <ul className="mt-1 list-inside list-disc">
                  {o.codes.map((c) => (
                    <li key={c}>{observationLabel(c, lang)}</li>
                  ))}
                </ul>
                {o.note ? <p className="mt-1 whitespace-pre-wrap">{o.note}</p> : null}
                <p className="mt-1 text-sm">
                  {o.referredTo ? `${p("observations.referredTo", { to: o.referredTo })} · ` : null}
                  <a href={`/app/exports/referrals/${o.id}`} download>
                    {p("observations.pdf")}
                  </a>
                </p>
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
