import { suggestedDueDate } from "~/domain/decision-rules";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requestLang } from "~/auth/cookies.server";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { messageText } from "~/components/forms";
import { useLang } from "~/components/i18n";
import { reads } from "~/db.server";
import { isMoreLenient, OUTCOMES, validityMonthsFor } from "~/domain/decision-rules";
import { DomainError, InvalidInputError } from "~/domain/errors";
import type { Recommendation } from "~/domain/policy/policy";
import { toResponse } from "~/errors-http.server";
import type { Lang } from "~/i18n";
import { isReviewKey, rt, type ReviewKey } from "~/i18n/review";
import { proposeDecision } from "~/services/decisions.server";
import { reviewView } from "~/services/review.server";

/** Blank rows offered besides the suggested conditions (the form works without JavaScript). */
const BLANK_ROWS = 3;
/** Default due date of a suggested condition. */
const DEFAULT_DUE_DAYS = 90;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "propose:decision:any");
  const lang = await requestLang(request);
  try {
    const db = reads();
    const view = await reviewView(staff.institutionId, params.assessmentId ?? "", lang, db);
    const now = new Date();
    const result = view.result;
    return {
      assessment: view.assessment,
      client: view.client,
      today: now.toISOString().slice(0, 10),
      result: result
        ? {
            score: result.overall.score,
            residualRisk: result.residualRisk,
            recommendation: result.recommendation,
            hasCriticalFlag: result.redFlags.some((f) => f.severity === "critical"),
            policyVersion: result.policyVersion,
            policyName: result.policyName,
            // The result's own policy governs validity (it is stored with the result).
            validityMonths: validityMonthsFor(result.policy, result.residualRisk),
          }
        : null,
      suggested: (result?.conditions ?? []).map((c) => ({ include: "on", text: c.text, dueDate: suggestedDueDate(c.text, now.toISOString().slice(0, 10), DEFAULT_DUE_DAYS), questionId: c.questionId })),
    };
  } catch (error) {
    throw toResponse(error);
  }
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

const ConditionRowSchema = z
  .object({
    include: z.boolean().optional(),
    text: z.string().trim().max(2000).optional(),
    dueDate: z.string().trim().max(20).optional(),
    questionId: z.string().max(200).optional(),
  })
  .optional();

const ProposalSchema = z
  .object({
    outcome: z.enum(OUTCOMES, { error: "rule.choose-outcome" }),
    rationale: z.string({ error: "rule.rationale-required" }).trim().min(1, "rule.rationale-required").max(5000),
    justification: z.string().trim().max(5000).optional(),
    conditions: z.array(ConditionRowSchema).max(300).optional(),
  })
  .superRefine((value, ctx) => {
    value.conditions?.forEach((row, i) => {
      if (!row?.include || !row.text) return;
      if (!row.dueDate || !isoDate.test(row.dueDate) || Number.isNaN(Date.parse(row.dueDate))) {
        ctx.addIssue({ code: "custom", path: ["conditions", i, "dueDate"], message: "rule.invalid-date" });
      }
    });
  });

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "propose:decision:any");
  const assessmentId = params.assessmentId ?? "";
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: ProposalSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const value = submission.value;
  // Rows kept: ticked and written; remember each one's form row so rule errors land on it.
  const rows = (value.conditions ?? []).flatMap((row, index) => (row?.include && row.text ? [{ index, text: row.text, dueDate: row.dueDate ?? "", questionId: row.questionId || null }] : []));
  try {
    const out = await proposeDecision(
      staff,
      { assessmentId, outcome: value.outcome, rationale: value.rationale, justification: value.justification ?? null, conditions: rows },
      new Date(),
    );
    return redirect(`/app/decisions/${out.decisionId}?flash=proposed`);
  } catch (error) {
    if (error instanceof InvalidInputError && error.details.length > 0) {
      const fieldErrors: Record<string, string[]> = {};
      for (const d of error.details) {
        const m = /^conditions\[(\d+)\]\.(\w+)$/.exec(d.path);
        const path = m ? `conditions[${rows[Number(m[1])]?.index ?? 0}].${m[2]}` : d.path;
        (fieldErrors[path] ??= []).push(d.message);
      }
      return data(submission.reply({ fieldErrors }), { status: 400 });
    }
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
}

function translateError(lang: Lang, message: string): string {
  return isReviewKey(message) ? rt(lang, message) : messageText(lang, message);
}

type RowValue = { include?: string; text?: string; dueDate?: string; questionId?: string };

function FieldError({ id, errors }: { id: string; errors: string[] | null | undefined }) {
  const lang = useLang();
  return (
    <div id={id} className="min-h-[1.25rem] text-sm text-red-800" aria-live="polite">
      {(errors ?? []).map((e) => (
        <p key={e}>{translateError(lang, e)}</p>
      ))}
    </div>
  );
}

export default function ProposeDecisionPage() {
  const { assessment, client, result, suggested, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const lang = useLang();
  const t = (key: ReviewKey, vars?: Record<string, string | number>) => rt(lang, key, vars);
  const submitted = (lastResult?.initialValue ?? null) as { outcome?: string; rationale?: string; justification?: string; conditions?: Array<RowValue | null> } | null;
  const errors = (lastResult?.error ?? {}) as Record<string, string[] | null>;
  const rows: RowValue[] = submitted
    ? (submitted.conditions ?? []).map((r) => r ?? {})
    : [...suggested, ...Array.from({ length: BLANK_ROWS }, () => ({ include: "on", text: "", dueDate: "", questionId: "" }))];
  const outcome = submitted?.outcome ?? result?.recommendation ?? "approve";
  const err = (name: string) => errors[name] ?? null;
  if (!result || !assessment.isReviewable) {
    return (
      <div>
        <h1>{t("propose.title", { client: client.name })}</h1>
        <p className="mt-4">{!result ? t("review.notSubmitted") : t("propose.notReviewable")}</p>
        <p className="mt-4">
          <Link to={`/app/assessments/${assessment.id}/review`} className="underline">
            {t("decision.openReview")}
          </Link>
        </p>
      </div>
    );
  }
  const recommendation = result.recommendation as Recommendation;
  return (
    <div>
      <p className="text-sm">
        <Link to={`/app/assessments/${assessment.id}/review`} className="underline">
          {t("decision.openReview")}
        </Link>
      </p>
      <h1 className="mt-2">{t("propose.title", { client: client.name })}</h1>
      <p className="mt-2">
        {t("propose.resultSummary", {
          score: result.score === null ? "—" : result.score.toFixed(1),
          residual: t(`risk.${result.residualRisk}` as ReviewKey),
          recommendation: t(`outcome.${recommendation}`),
        })}
      </p>
      {result.hasCriticalFlag ? (
        <p className="mt-2 rounded-md border border-red-800 bg-red-50 p-3 text-red-900">
          <span aria-hidden="true">⛔ </span>
          {t("propose.criticalWarning")}
        </p>
      ) : null}
      <p className="mt-2 text-sm text-slate-700">{t("propose.validity", { months: result.validityMonths, policy: result.policyName, residual: t(`risk.${result.residualRisk}` as ReviewKey) })}</p>
      {errors[""]?.length ? (
        <div role="alert" className="mt-4 rounded-md border border-red-700 bg-red-50 p-3 text-sm text-red-900">
          {errors[""]?.map((e) => <p key={e}>{translateError(lang, e)}</p>)}
        </div>
      ) : null}
      <Form method="post" className="card mt-6" id="proposal" noValidate>
        <fieldset aria-describedby={err("outcome") ? "outcome-error" : undefined}>
          <legend className="font-semibold">{t("propose.outcome")}</legend>
          <div className="mt-2 flex flex-col gap-1">
            {OUTCOMES.map((o) => (
              <label key={o} className="flex items-center gap-2">
                <input type="radio" name="outcome" value={o} defaultChecked={o === outcome} />
                {t(`outcome.${o}`)} {o === recommendation ? <em>{t("propose.recommended")}</em> : null}
                {isMoreLenient(o, recommendation) ? <span className="text-sm text-slate-700">— {t("rule.justification-required-lenient")}</span> : null}
              </label>
            ))}
          </div>
          <FieldError id="outcome-error" errors={err("outcome")} />
        </fieldset>

        <div className="mt-4">
          <label htmlFor="rationale" className="block font-semibold">
            {t("propose.rationale")}
          </label>
          <p id="rationale-help" className="text-sm text-slate-700">
            {t("propose.rationale.help")}
          </p>
          <textarea
            id="rationale"
            name="rationale"
            rows={4}
            required
            className="input"
            defaultValue={submitted?.rationale ?? ""}
            aria-invalid={err("rationale") ? true : undefined}
            aria-describedby={`rationale-help${err("rationale") ? " rationale-error" : ""}`}
          />
          <FieldError id="rationale-error" errors={err("rationale")} />
        </div>

        <div className="mt-2">
          <label htmlFor="justification" className="block font-semibold">
            {t("propose.justification")}
          </label>
          <p id="justification-help" className="text-sm text-slate-700">
            {t("propose.justification.help")}
          </p>
          <textarea
            id="justification"
            name="justification"
            rows={3}
            className="input"
            defaultValue={submitted?.justification ?? ""}
            aria-invalid={err("justification") ? true : undefined}
            aria-describedby={`justification-help${err("justification") ? " justification-error" : ""}`}
          />
          <FieldError id="justification-error" errors={err("justification")} />
        </div>

        <fieldset className="mt-2" aria-describedby={`conditions-help${err("conditions") ? " conditions-error" : ""}`}>
          <legend className="font-semibold">{t("propose.conditions")}</legend>
          <p id="conditions-help" className="text-sm text-slate-700">
            {t("propose.conditions.help")}
          </p>
          <FieldError id="conditions-error" errors={err("conditions")} />
          <ol className="mt-2 space-y-3">
            {rows.map((row, i) => {
              const n = i + 1;
              const dueErr = err(`conditions[${i}].dueDate`);
              return (
                <li key={i} className="rounded border border-slate-300 p-2" data-testid="condition-row">
                  <input type="hidden" name={`conditions[${i}].questionId`} value={row.questionId ?? ""} />
                  <label className="flex items-center gap-2 text-sm">
                    <input type="checkbox" name={`conditions[${i}].include`} defaultChecked={row.include === "on"} />
                    {t("propose.include", { n })}
                  </label>
                  <label htmlFor={`condition-${i}-text`} className="sr-only">
                    {t("propose.conditionText", { n })}
                  </label>
                  <textarea id={`condition-${i}-text`} name={`conditions[${i}].text`} rows={2} className="input mt-1" defaultValue={row.text ?? ""} aria-label={t("propose.conditionText", { n })} />
                  <label htmlFor={`condition-${i}-due`} className="mt-1 block text-sm">
                    {t("propose.conditionDue", { n })}
                  </label>
                  <input
                    id={`condition-${i}-due`}
                    type="date"
                    name={`conditions[${i}].dueDate`}
                    min={today}
                    className="input max-w-[12rem]"
                    defaultValue={row.dueDate ?? ""}
                    aria-invalid={dueErr ? true : undefined}
                    aria-describedby={dueErr ? `condition-${i}-due-error` : undefined}
                  />
                  <FieldError id={`condition-${i}-due-error`} errors={dueErr} />
                </li>
              );
            })}
          </ol>
        </fieldset>
        <button type="submit" className="btn mt-4">
          {t("propose.submit")}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
