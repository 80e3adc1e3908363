// An assessment as the bank follows it: status, respondents and their links, reminders, and the
// resend / withdraw actions. The scored review is /app/assessments/:assessmentId/review (issue 7).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { hasPermission } from "~/auth/permissions";
import { requestLang } from "~/auth/cookies.server";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import { reads } from "~/db.server";
import { canTransition } from "~/domain/assessment-state";
import { ConflictError, DomainError } from "~/domain/errors";
import { toResponse } from "~/errors-http.server";
import type { Lang } from "~/i18n";
import { ct, isClientsUiKey, type ClientsUiKey } from "~/i18n/clients";
import { findAssessment, findClient } from "~/repositories/assessment-core.server";
import { remindersOf } from "~/repositories/assessments.server";
import { listRespondents } from "~/repositories/respondents.server";
import { AssessmentActionSchema } from "~/schemas/assessments";
import { resendAssessment, withdrawAssessment } from "~/services/assessments.server";
import { getQuestionnaire } from "~/services/questionnaires.server";

const REVIEWABLE = new Set(["submitted", "under-review", "returned", "decided"]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:assessment:any");
  const db = reads();
  const assessment = await findAssessment(staff.institutionId, params.assessmentId ?? "", db);
  if (!assessment) throw new Response("Assessment not found", { status: 404 });
  const client = await findClient(staff.institutionId, assessment.clientId, db);
  const lang: Lang = await requestLang(request);
  const loaded = getQuestionnaire(assessment.questionnaireKey, assessment.questionnaireVersion);
  const title = loaded ? ((loaded.questionnaire.title as Partial<Record<Lang, string>>)[lang] ?? loaded.key) : assessment.questionnaireKey;
  const canManage = hasPermission(staff.roles, "send:assessment:any");
  const isLive = assessment.expiresAt > new Date().toISOString();
  return {
    assessment: {
      id: assessment.id,
      status: assessment.status,
      questionnaire: `${title} (v${assessment.questionnaireVersion})`,
      sha256: assessment.questionnaireSha256,
      language: assessment.language,
      sentAt: assessment.sentAt,
      dueDate: assessment.dueDate,
      expiresAt: assessment.expiresAt,
      submittedAt: assessment.submittedAt,
      previousAssessmentId: assessment.previousAssessmentId,
    },
    client: { id: assessment.clientId, name: client?.name ?? "" },
    respondents: (await listRespondents(staff.institutionId, assessment.id, db))
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
      .map((r) => ({ id: r.id, email: r.email, name: r.name, isPrimary: r.isPrimary, lastSeenAt: r.lastSeenAt, revokedAt: r.revokedAt })),
    reminders: (await remindersOf(staff.institutionId, assessment.id, db)).map((r) => ({ kind: r.kind, sentAt: r.sentAt })),
    canResend: canManage && isLive && canTransition(assessment.status, "resend"),
    canWithdraw: canManage && canTransition(assessment.status, "withdraw"),
    canReview: REVIEWABLE.has(assessment.status),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "send:assessment:any");
  const assessmentId = params.assessmentId ?? "";
  if (!(await findAssessment(staff.institutionId, assessmentId, reads()))) throw new Response("Assessment not found", { status: 404 });
  const parsed = AssessmentActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues.map((i) => `${i.path.join(".") || "intent"}: ${i.message}`).join("; ") }, { status: 400 });
  const now = new Date();
  try {
    if (parsed.data.intent === "resend") {
      const result = await resendAssessment(staff, assessmentId, { respondentId: parsed.data.respondentId }, now);
      return redirect(`/app/assessments/${assessmentId}?flash=resent&email=${encodeURIComponent(result.email)}`);
    }
    await withdrawAssessment(staff, assessmentId, { reason: parsed.data.reason }, now);
    return redirect(`/app/assessments/${assessmentId}?flash=withdrawn`);
  } catch (error) {
    if (error instanceof ConflictError) return data({ error: error.message }, { status: 409 });
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
}

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "—");

export default function AssessmentPage() {
  const { assessment, client, respondents, reminders, canResend, canWithdraw, canReview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const lang = useLang();
  const t = (key: ClientsUiKey, vars?: Record<string, string | number>) => ct(lang, key, vars);
  const flash = searchParams.get("flash");
  return (
    <div>
      <p>
        <Link to={`/app/clients/${client.id}`} className="text-sm underline">
          {t("assessment.backToClient")}
        </Link>
      </p>
      <h1 className="mt-2">{t("assessment.title", { client: client.name })}</h1>
      {flash === "resent" || flash === "withdrawn" ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
          {flash === "resent" ? t("assessment.resent.flash", { email: searchParams.get("email") ?? "" }) : t("assessment.withdrawn.flash")}
        </p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="mt-4 rounded-md border border-red-700 bg-red-50 p-3 text-sm text-red-900">
          {actionData.error}
        </p>
      ) : null}
      <section className="card mt-6" aria-labelledby="summary-h">
        <h2 id="summary-h">{t("assessment.summary")}</h2>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium">{t("assessment.status")}</dt>
          <dd data-testid="assessment-status">{t(`status.${assessment.status}`)}</dd>
          <dt className="font-medium">{t("assessment.questionnaire")}</dt>
          <dd>{assessment.questionnaire}</dd>
          <dt className="font-medium">{t("assessment.sha256")}</dt>
          <dd className="break-all font-mono text-xs">{assessment.sha256}</dd>
          <dt className="font-medium">{t("assessment.language")}</dt>
          <dd>{assessment.language === "es" ? "Español" : "English"}</dd>
          <dt className="font-medium">{t("assessment.sentAt")}</dt>
          <dd>{when(assessment.sentAt)}</dd>
          <dt className="font-medium">{t("assessment.dueDate")}</dt>
          <dd>{assessment.dueDate}</dd>
          <dt className="font-medium">{t("assessment.expiresAt")}</dt>
          <dd>{when(assessment.expiresAt)}</dd>
          <dt className="font-medium">{t("assessment.submittedAt")}</dt>
          <dd>{when(assessment.submittedAt)}</dd>
          {assessment.previousAssessmentId ? (
            <>
              <dt className="font-medium">{t("assessment.previous")}</dt>
              <dd>
                <Link to={`/app/assessments/${assessment.previousAssessmentId}`} className="underline">
                  {assessment.previousAssessmentId}
                </Link>
              </dd>
            </>
          ) : null}
        </dl>
        {canReview ? (
          <p className="mt-4">
            <Link to={`/app/assessments/${assessment.id}/review`} className="btn">
              {t("assessment.review")}
            </Link>
          </p>
        ) : null}
      </section>

      <section className="card mt-6" aria-labelledby="respondents-h">
        <h2 id="respondents-h">{t("assessment.respondents")}</h2>
        <p className="mt-1 text-sm text-slate-700">{t("assessment.resendHelp")}</p>
        <table className="table mt-4">
          <caption className="sr-only">{t("assessment.respondentsCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("assessment.email")}</th>
              <th scope="col">{t("assessment.role")}</th>
              <th scope="col">{t("assessment.lastSeen")}</th>
              <th scope="col">{t("assessment.linkState")}</th>
              {canResend ? <th scope="col">{t("assessment.resend")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {respondents.map((r) => (
              <tr key={r.id}>
                <td>
                  {r.name ? `${r.name} · ` : ""}
                  {r.email}
                </td>
                <td>{r.isPrimary ? t("assessment.primary") : t("assessment.colleague")}</td>
                <td>{r.lastSeenAt ? when(r.lastSeenAt) : t("assessment.never")}</td>
                <td>{r.revokedAt ? t("assessment.linkRevoked", { date: when(r.revokedAt) }) : t("assessment.linkActive")}</td>
                {canResend ? (
                  <td>
                    {r.revokedAt ? null : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="resend" />
                        <input type="hidden" name="respondentId" value={r.id} />
                        <button type="submit" className="btn-secondary py-1">
                          {t("assessment.resend")}
                          <span className="sr-only"> {r.email}</span>
                        </button>
                      </Form>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card mt-6" aria-labelledby="reminders-h">
        <h2 id="reminders-h">{t("assessment.reminders")}</h2>
        {reminders.length === 0 ? (
          <p className="mt-2">{t("assessment.noReminders")}</p>
        ) : (
          <ul className="mt-2 list-disc pl-5">
            {reminders.map((r) => {
              const key = `reminder.${r.kind}`;
              return (
                <li key={r.kind}>
                  {isClientsUiKey(key) ? t(key) : r.kind} — {when(r.sentAt)}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      {canWithdraw ? (
        <section className="card mt-6 max-w-2xl" aria-labelledby="withdraw-h">
          <h2 id="withdraw-h">{t("assessment.withdraw")}</h2>
          <p className="mt-1 text-sm text-slate-700">{t("assessment.withdrawHelp")}</p>
          <Form method="post" className="mt-3">
            <input type="hidden" name="intent" value="withdraw" />
            <label htmlFor="withdraw-reason" className="mb-1 block text-sm font-medium">
              {t("assessment.withdrawReason")}
            </label>
            <textarea id="withdraw-reason" name="reason" rows={2} maxLength={500} className="input" />
            <button type="submit" className="btn-danger mt-3">
              {t("assessment.withdraw")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
