import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { RiskReviewFlags } from "~/components/risk-review-flags";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { hasPermission } from "~/auth/permissions";
import { requestLang } from "~/auth/cookies.server";
import { requireStaff } from "~/auth/session.server";
import { ConditionTable } from "~/components/condition-table";
import { ct as conditionsText } from "~/i18n/conditions";
import { clientConditions } from "~/services/conditions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, Field, FormErrors } from "~/components/forms";
import { useLang } from "~/components/i18n";
import { reads } from "~/db.server";
import { isUnderWay } from "~/domain/assessment-state";
import { ConflictError, DomainError, InvalidInputError } from "~/domain/errors";
import { GRACE_DAYS } from "~/domain/reminders";
import { countryName, riskSourceLabel, sectorName } from "~/domain/risk/inherent-risk";
import { toResponse } from "~/errors-http.server";
import type { Lang } from "~/i18n";
import { ct, goodName, isClientsUiKey, type ClientsUiKey } from "~/i18n/clients";
import { findClient } from "~/repositories/assessment-core.server";
import { clientAssessmentHistory } from "~/repositories/clients.server";
import { gateHistory } from "~/repositories/gate-inputs.server";
import { findInstitution } from "~/repositories/institutions.server";
import { findUserById } from "~/repositories/users.server";
import { SendAssessmentFormSchema, sendInputFromForm } from "~/schemas/assessments";
import { suggestedQuestionnaire } from "~/services/assessments.server";
import { clientInherentRisk } from "~/services/clients.server";
import { listQuestionnaires } from "~/services/questionnaires.server";
import { sendAssessment } from "~/services/assessments.server";
import { errorTexts } from "./__client-form";
import { ScreeningSection } from "~/components/screening-section";
import { clientScreening } from "~/services/screening.server";

function titleIn(title: unknown, lang: Lang, fallback: string): string {
  const t = title as Partial<Record<Lang, string>>;
  return t[lang] ?? t.en ?? fallback;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:client:any");
  const db = reads();
  const client = await findClient(staff.institutionId, params.clientId ?? "", db);
  if (!client) throw new Response("Client not found", { status: 404 });
  const lang = await requestLang(request);
  const risk = clientInherentRisk(client);
  const published = listQuestionnaires().filter((q) => q.status === "published");
  const titles = new Map(listQuestionnaires().map((q) => [`${q.key}/${q.version}`, titleIn(q.questionnaire.title, lang, q.key)]));
  const suggested = suggestedQuestionnaire(risk.level);
  const history = await clientAssessmentHistory(staff.institutionId, client.id, db);
  const open = history.find((a) => isUnderWay(a.status));
  const institution = await findInstitution(staff.institutionId, db);
  const rm = client.rmUserId ? await findUserById(client.rmUserId, db) : undefined;
  const due = new Date(Date.now() + 30 * 24 * 3600_000).toISOString().slice(0, 10);
  const now = new Date();
  return {
    conditionList: await clientConditions(staff.institutionId, client.id, now, db),
    today: now.toISOString().slice(0, 10),
    client: {
      id: client.id,
      name: client.name,
      country: `${countryName(client.country, lang)} (${client.country})`,
      sector: `${client.sector} · ${sectorName(client.sector, lang) ?? ""}`,
      registrationNumber: client.registrationNumber,
      contactName: client.contactName,
      contactEmail: client.contactEmail,
      sourcingCountries: client.sourcingCountries.map((c) => `${countryName(c, lang)} (${c})`),
      goods: client.goods.map((g) => goodName(lang, g)),
      rm: rm?.name ?? null,
      gate: client.gate,
      gateReason: client.gateReason,
    },
    risk: {
      level: risk.level,
      points: risk.points,
      dataVersion: risk.dataVersion,
      components: risk.components.map((c) => ({ kind: c.kind, value: c.value, points: c.points, source: riskSourceLabel(c.source, lang), year: c.year, verified: c.verified, explanation: lang === "es" ? c.explanationEs : c.explanation })),
      reviewFlags: risk.reviewFlags.map((f) => ({ code: f.code, message: f.message, messageEs: f.messageEs })),
    },
    history: history.map((a) => ({
      id: a.id,
      status: a.status,
      questionnaire: `${titles.get(`${a.questionnaireKey}/${a.questionnaireVersion}`) ?? a.questionnaireKey} (v${a.questionnaireVersion})`,
      sentAt: a.sentAt,
      dueDate: a.dueDate,
      submittedAt: a.submittedAt,
    })),
    screening: await clientScreening(staff.institutionId, client.id, db),
    canReviewScreening: hasPermission(staff.roles, "review:screening-match:any"),
    gates: (await gateHistory(staff.institutionId, client.id, db)).map((g) => ({ id: g.id, at: g.createdAt, from: g.previousGate, to: g.gate, reason: g.reason })),
    send: {
      canSend: hasPermission(staff.roles, "send:assessment:any"),
      canEdit: hasPermission(staff.roles, "update:client:any"),
      openStatus: open?.status ?? null,
      suggested: suggested ? { value: `${suggested.key}/${suggested.version}`, title: titleIn(suggested.questionnaire.title, lang, suggested.key) } : null,
      questionnaires: published.map((q) => ({ value: `${q.key}/${q.version}`, title: `${titleIn(q.questionnaire.title, lang, q.key)} (v${q.version})` })),
      defaultDueDate: due,
      defaultLanguage: institution?.defaultLanguage ?? lang,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "send:assessment:any");
  const clientId = params.clientId ?? "";
  const client = await findClient(staff.institutionId, clientId, reads());
  if (!client) throw new Response("Client not found", { status: 404 });
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: SendAssessmentFormSchema });
  if (submission.status !== "success") return data({ reply: submission.reply() }, { status: 400 });
  try {
    // The link goes only to the client's contact, by e-mail: no one at the bank sees it (H3).
    const result = await sendAssessment(staff, clientId, sendInputFromForm(submission.value), new Date());
    return redirect(`/app/clients/${clientId}?flash=sent&email=${encodeURIComponent(result.respondentEmail)}`);
  } catch (error) {
    if (error instanceof InvalidInputError) {
      const fieldErrors = Object.fromEntries(error.details.map((d) => [d.path.split(".")[0]!, [d.message]]));
      return data({ reply: submission.reply({ fieldErrors }) }, { status: 400 });
    }
    if (error instanceof ConflictError) return data({ reply: submission.reply({ formErrors: [error.message] }) }, { status: 409 });
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
}

function reasonText(lang: Lang, reason: string | null): string {
  if (!reason) return "";
  const key = `gateReason.${reason}`;
  return isClientsUiKey(key) ? ct(lang, key) : reason;
}

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "—");

export default function ClientPage() {
  const { client, risk, history, gates, send, screening, canReviewScreening, conditionList, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const lang = useLang();
  const t = (key: ClientsUiKey, vars?: Record<string, string | number>) => ct(lang, key, vars);
  const flash = searchParams.get("flash");
  const [form, fields] = useForm({
    id: "send",
    lastResult: actionData?.reply,
    defaultValue: { questionnaire: send.suggested?.value ?? "", dueDate: send.defaultDueDate, language: send.defaultLanguage },
    constraint: getZodConstraint(SendAssessmentFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SendAssessmentFormSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <div>
      <p>
        <Link to="/app/clients" className="text-sm underline">
          {t("clients.back")}
        </Link>
      </p>
      <div className="mt-2 flex flex-wrap items-center justify-between gap-4">
        <h1>{client.name}</h1>
        <div className="flex flex-wrap gap-2">
          <Link to={`/app/clients/${client.id}/observations`} className="btn-secondary">
            {t("clients.observations.link")}
          </Link>
          {send.canEdit ? (
            <Link to={`/app/clients/${client.id}/edit`} className="btn-secondary">
              {t("clients.edit.link")}
            </Link>
          ) : null}
        </div>
      </div>
      {flash === "created" || flash === "updated" || flash === "sent" ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
          {flash === "created" ? t("clients.created.flash") : flash === "updated" ? t("clients.updated.flash") : t("clients.sent.flash", { email: searchParams.get("email") ?? "" })}
        </p>
      ) : null}

      <section className="card mt-6" aria-labelledby="profile-h">
        <h2 id="profile-h">{t("clients.profile")}</h2>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium">{t("clients.country")}</dt>
          <dd>{client.country}</dd>
          <dt className="font-medium">{t("clients.sector")}</dt>
          <dd>{client.sector}</dd>
          <dt className="font-medium">{t("clients.registrationNumber")}</dt>
          <dd>{client.registrationNumber ?? t("clients.notGiven")}</dd>
          <dt className="font-medium">{t("clients.contactName")}</dt>
          <dd>{client.contactName ?? t("clients.notGiven")}</dd>
          <dt className="font-medium">{t("clients.contactEmail")}</dt>
          <dd>{client.contactEmail}</dd>
          <dt className="font-medium">{t("clients.sourcingCountries")}</dt>
          <dd>{client.sourcingCountries.length > 0 ? client.sourcingCountries.join(", ") : t("clients.none")}</dd>
          <dt className="font-medium">{t("clients.goods")}</dt>
          <dd>{client.goods.length > 0 ? client.goods.join(", ") : t("clients.none")}</dd>
          <dt className="font-medium">{t("clients.rm")}</dt>
          <dd>{client.rm ?? t("clients.rmNone")}</dd>
        </dl>
      </section>

      <section className="card mt-6" aria-labelledby="risk-h" data-testid="inherent-risk">
        <h2 id="risk-h">{t("clients.risk.title")}</h2>
        <p className="mt-2 text-lg font-semibold">{t("clients.risk.summary", { level: t(`level.${risk.level}`), points: risk.points, version: risk.dataVersion })}</p>
        <RiskReviewFlags flags={risk.reviewFlags} lang={lang} heading={t("clients.risk.reviewNeeded")} />
        <div className="mt-4 overflow-x-auto">
          <table className="table">
            <caption className="sr-only">{t("clients.risk.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("clients.risk.component")}</th>
                <th scope="col">{t("clients.risk.points")}</th>
                <th scope="col">{t("clients.risk.source")}</th>
                <th scope="col">{t("clients.risk.year")}</th>
                <th scope="col">{t("clients.risk.verified")}</th>
                <th scope="col">{t("clients.risk.explanation")}</th>
              </tr>
            </thead>
            <tbody>
              {risk.components.map((c) => (
                <tr key={c.kind}>
                  <th scope="row">{t(`clients.risk.kind.${c.kind}`)}</th>
                  <td>{c.points}</td>
                  <td>{c.source}</td>
                  <td>{c.year}</td>
                  <td>{c.verified ? t("clients.risk.yes") : t("clients.risk.notVerified")}</td>
                  <td>{c.explanation}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <ScreeningSection clientId={client.id} screening={screening} canReview={canReviewScreening} />

      <section className="card mt-6" aria-labelledby="gate-h">
        <h2 id="gate-h">{t("clients.gate.title")}</h2>
        <p className="mt-2" data-testid="gate">
          <strong>{t("clients.gate.current", { gate: t(`gate.${client.gate}`) })}</strong> — {reasonText(lang, client.gateReason)}
        </p>
        {gates.length > 0 ? (
          <table className="table mt-4">
            <caption className="text-left text-sm font-medium">{t("clients.gate.history")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("clients.gate.when")}</th>
                <th scope="col">{t("clients.gate.from")}</th>
                <th scope="col">{t("clients.gate.to")}</th>
                <th scope="col">{t("clients.gate.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {gates.map((g) => (
                <tr key={g.id}>
                  <td>{when(g.at)}</td>
                  <td>{g.from ? t(`gate.${g.from as "open"}`) : "—"}</td>
                  <td>{t(`gate.${g.to}`)}</td>
                  <td>{reasonText(lang, g.reason)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <section className="card mt-6" aria-labelledby="client-conditions-h">
        <h2 id="client-conditions-h">{conditionsText(lang, "list.title")}</h2>
        <ConditionTable items={conditionList} lang={lang} today={today} showClient={false} emptyText={conditionsText(lang, "list.none")} />
      </section>

      <section className="card mt-6" aria-labelledby="history-h">
        <h2 id="history-h">{t("clients.history.title")}</h2>
        {history.length === 0 ? (
          <p className="mt-2">{t("clients.history.empty")}</p>
        ) : (
          <table className="table mt-4">
            <caption className="sr-only">{t("clients.history.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("clients.history.questionnaire")}</th>
                <th scope="col">{t("clients.history.status")}</th>
                <th scope="col">{t("clients.history.sent")}</th>
                <th scope="col">{t("clients.history.due")}</th>
                <th scope="col">{t("clients.history.submitted")}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/app/assessments/${a.id}`} className="underline">
                      {a.questionnaire}
                    </Link>
                  </td>
                  <td>{t(`status.${a.status}`)}</td>
                  <td>{when(a.sentAt)}</td>
                  <td>{a.dueDate}</td>
                  <td>{when(a.submittedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card mt-6 max-w-2xl" aria-labelledby="send-h">
        <h2 id="send-h">{t("send.title")}</h2>
        {!send.canSend ? (
          <p className="mt-2">{t("send.cannot")}</p>
        ) : send.openStatus ? (
          <p className="mt-2">{t("send.underWay", { status: t(`status.${send.openStatus}`) })}</p>
        ) : (
          <Form method="post" className="mt-4" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="send" />
            {send.suggested ? <p className="mb-3 text-sm">{t("send.suggestion", { level: t(`level.${risk.level}`).toLowerCase(), title: send.suggested.title })}</p> : null}
            <FormErrors errors={errorTexts(lang, form.errors)} />
            <div className="mb-2">
              <label htmlFor={fields.questionnaire.id} className="mb-1 block text-sm font-medium">
                {t("send.questionnaire")}
              </label>
              <select className="input" {...getSelectProps(fields.questionnaire)} aria-describedby={fields.questionnaire.errors ? `${fields.questionnaire.id}-error` : undefined}>
                {send.questionnaires.map((q) => (
                  <option key={q.value} value={q.value}>
                    {q.title}
                    {q.value === send.suggested?.value ? ` ${t("send.suggested")}` : ""}
                  </option>
                ))}
              </select>
              <ErrorList id={`${fields.questionnaire.id}-error`} errors={errorTexts(lang, fields.questionnaire.errors)} />
            </div>
            <Field
              label={t("send.dueDate")}
              help={t("send.dueDateHelp", { days: GRACE_DAYS })}
              errors={errorTexts(lang, fields.dueDate.errors)}
              inputProps={getInputProps(fields.dueDate, { type: "date" })}
            />
            <div className="mb-2">
              <label htmlFor={fields.language.id} className="mb-1 block text-sm font-medium">
                {t("send.language")}
              </label>
              <select className="input" {...getSelectProps(fields.language)}>
                <option value="en">English</option>
                <option value="es">Español</option>
              </select>
              <ErrorList id={`${fields.language.id}-error`} errors={errorTexts(lang, fields.language.errors)} />
            </div>
            <p className="mb-4 text-sm text-slate-700">{t("send.byEmail", { email: client.contactEmail })}</p>
            <button type="submit" className="btn">
              {t("send.submit")}
            </button>
          </Form>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
