import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { hasPermission } from "~/auth/permissions";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { StepUpActions, StepUpPassword } from "~/components/step-up";
import { GateBadge } from "~/components/gate-badge";
import { useLang } from "~/components/i18n";
import { reads } from "~/db.server";
import { isMoreLenient, type Outcome } from "~/domain/decision-rules";
import { DomainError, InvalidInputError, NotFoundError } from "~/domain/errors";
import type { Recommendation } from "~/domain/policy/policy";
import { toResponse } from "~/errors-http.server";
import { ct } from "~/i18n/conditions";
import { isReviewKey, rt, type ReviewKey } from "~/i18n/review";
import { findClient } from "~/repositories/assessment-core.server";
import { attestationOfDecision } from "~/repositories/attestations.server";
import { decisionConditions, findDecision } from "~/repositories/decisions.server";
import { findResult, userNames } from "~/repositories/review.server";
import { approveDecisionWithAttestation } from "~/services/attestations.server";
import { stepUpFromForm, type StepUpError } from "~/services/auth.server";
import { checkApprovable, rejectDecision } from "~/services/decisions.server";
import { requestLang } from "~/auth/cookies.server";
import { resultJson } from "~/services/review.server";
import { redFlagTitle } from "~/i18n/red-flags";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:decision:any");
  const db = reads();
  const decision = await findDecision(staff.institutionId, params.decisionId ?? "", db);
  if (!decision) throw toResponse(new NotFoundError("Decision"));
  const client = await findClient(staff.institutionId, decision.clientId, db);
  const resultRow = await findResult(staff.institutionId, decision.resultId, db);
  if (!client || !resultRow) throw toResponse(new NotFoundError("Decision"));
  const result = resultJson(resultRow);
  const conditions = await decisionConditions(staff.institutionId, decision.id, db);
  const names = await userNames([decision.proposedBy, decision.reviewedBy, ...conditions.map((c) => c.metBy)].filter((x): x is string => Boolean(x)), db);
  const today = new Date().toISOString().slice(0, 10);
  const lang = await requestLang(request);
  return {
    decision: {
      id: decision.id,
      assessmentId: decision.assessmentId,
      outcome: decision.outcome,
      recommendation: decision.recommendation,
      residualRisk: decision.residualRisk,
      rationale: decision.rationale,
      justification: decision.justification,
      status: decision.status,
      proposerName: names.get(decision.proposedBy) ?? "",
      proposedAt: decision.proposedAt,
      reviewerName: decision.reviewedBy ? (names.get(decision.reviewedBy) ?? "") : null,
      reviewedAt: decision.reviewedAt,
      reviewComment: decision.reviewComment,
      validFrom: decision.validFrom,
      validUntil: decision.validUntil,
      validityMonths: decision.validityMonths,
      supersededBy: decision.supersededBy,
      deviates: isMoreLenient(decision.outcome as Outcome, decision.recommendation as Recommendation),
    },
    client: { id: client.id, name: client.name, gate: client.gate, gateReason: client.gateReason },
    result: { score: resultRow.overallScore === null ? null : resultRow.overallScore / 10, band: resultRow.band, redFlags: result.redFlags.map((f) => ({ code: f.code, title: redFlagTitle(f.code, lang), severity: f.severity, message: f.message, questionId: f.questionId })) },
    conditions: conditions.map((c) => ({
      id: c.id,
      text: c.text,
      dueDate: c.dueDate,
      status: c.status,
      isOverdue: c.status === "open" && c.dueDate < today,
      metAt: c.metAt,
      metByName: c.metBy ? (names.get(c.metBy) ?? "") : null,
      metNote: c.metNote,
    })),
    attestationId: (await attestationOfDecision(staff.institutionId, decision.id, db))?.id ?? null,
    isOwn: decision.proposedBy === staff.userId,
    canReview: hasPermission(staff.roles, "approve:decision:any") && decision.status === "proposed" && decision.proposedBy !== staff.userId,
    canMeet: hasPermission(staff.roles, "update:condition:any") && decision.status === "approved",
  };
}

const ReviewSchema = z.object({
  intent: z.enum(["approve", "reject"]),
  comment: z.string().trim().max(5000).optional(),
});

type ReviewActionData = { intent: string; error?: ReviewKey; passwordError?: StepUpError; comment?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "approve:decision:any");
  const decisionId = params.decisionId ?? "";
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: ReviewSchema });
  if (submission.status !== "success") return data<ReviewActionData>({ intent: String(formData.get("intent") ?? ""), error: "rule.comment-required" }, { status: 400 });
  const { intent, comment } = submission.value;
  const now = new Date();
  try {
    if (intent === "approve") {
      // Not found (404), the approver's own proposal (403), already decided or re-scored (409):
      // said before any password is asked for.
      await checkApprovable(staff, decisionId, now);
      // The approver's password, typed in this very post, is the signature: a recent sign-in or
      // an earlier confirmation is not enough. Wrong or missing: nothing happens.
      const stepUp = await stepUpFromForm(staff, formData, "decision.approve", now);
      if (!stepUp.ok) return data<ReviewActionData>({ intent, passwordError: stepUp.error, comment: comment ?? "" }, { status: stepUp.status });
      // Approves and issues the signed attestation (issue 8) in one write.
      const out = await approveDecisionWithAttestation({ ...staff, stepUp: stepUp.proof }, decisionId, { comment: comment ?? null }, now);
      return redirect(`/app/decisions/${decisionId}?flash=approved&gate=${out.gate.gate}`);
    }
    await rejectDecision(staff, decisionId, { comment: comment ?? "" }, now);
    return redirect(`/app/decisions/${decisionId}?flash=rejected`);
  } catch (error) {
    if (error instanceof InvalidInputError) return data<ReviewActionData>({ intent, error: "rule.comment-required" }, { status: 400 });
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
}

export default function DecisionPage() {
  const { decision, client, result, conditions, attestationId, isOwn, canReview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ReviewActionData | undefined;
  const approveFailed = actionData?.intent === "approve" ? actionData : undefined;
  const rejectError = actionData && actionData.intent !== "approve" && actionData.error && isReviewKey(actionData.error) ? actionData.error : undefined;
  const [searchParams] = useSearchParams();
  const lang = useLang();
  const t = (key: ReviewKey, vars?: Record<string, string | number>) => rt(lang, key, vars);
  const flash = searchParams.get("flash");
  const gateWord = (g: string | null) => (g === "open" || g === "conditional" || g === "pending" || g === "closed" ? t(`gate.${g}`) : "");
  const flashText =
    flash === "approved"
      ? t("decision.flash.approved", { gate: gateWord(searchParams.get("gate")) })
      : flash === "rejected"
        ? t("decision.flash.rejected")
        : flash === "proposed"
          ? t("review.flash.proposed")
          : flash === "met"
            ? t("decision.flash.conditionMet", { gate: gateWord(searchParams.get("gate")) })
            : null;
  return (
    <div>
      <p className="text-sm">
        <Link to={`/app/assessments/${decision.assessmentId}/review`} className="underline">
          {t("decision.openReview")}
        </Link>
      </p>
      <h1 className="mt-2">{t("decision.title", { client: client.name })}</h1>
      <div className="mt-2">
        <GateBadge gate={client.gate} reason={null} />
      </div>
      {flashText ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
          {flashText}
        </p>
      ) : null}
      <dl className="card mt-6 grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[14rem_1fr]">
        <dt className="font-semibold">{t("decision.status")}</dt>
        <dd data-testid="decision-status">{t(`decisionStatus.${decision.status}` as ReviewKey)}</dd>
        <dt className="font-semibold">{t("decision.outcome")}</dt>
        <dd>
          {t(`outcome.${decision.outcome}` as ReviewKey)}
          {decision.deviates ? <strong className="ml-1 text-amber-900">({t("approvals.deviates")})</strong> : null}
        </dd>
        <dt className="font-semibold">{t("decision.recommendation")}</dt>
        <dd>{t(`outcome.${decision.recommendation}` as ReviewKey)}</dd>
        <dt className="font-semibold">{t("decision.residual")}</dt>
        <dd>{t(`risk.${decision.residualRisk}` as ReviewKey)}</dd>
        <dt className="font-semibold">{t("decision.score")}</dt>
        <dd>
          {result.score === null ? "—" : result.score.toFixed(1)}
          {result.band ? ` (${t(`band.${result.band}` as ReviewKey)})` : ""}
        </dd>
        <dt className="font-semibold">{t("decision.redFlags")}</dt>
        <dd>
          {result.redFlags.length === 0 ? (
            t("review.noRedFlags")
          ) : (
            <ul>
              {result.redFlags.map((f) => (
                <li key={`${f.code}-${f.questionId}`}>
                  <span aria-hidden="true">{f.severity === "critical" ? "⛔ " : "⚠ "}</span>
                  {f.title} ({t(`severity.${f.severity}` as ReviewKey)}): {f.message}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt className="font-semibold">{t("decision.rationale")}</dt>
        <dd className="whitespace-pre-wrap">{decision.rationale}</dd>
        {decision.justification ? (
          <>
            <dt className="font-semibold">{t("decision.justification")}</dt>
            <dd className="whitespace-pre-wrap">{decision.justification}</dd>
          </>
        ) : null}
        <dt className="font-semibold">{t("decision.proposedBy")}</dt>
        <dd>
          {decision.proposerName}, {decision.proposedAt.slice(0, 16).replace("T", " ")}
        </dd>
        {decision.reviewerName ? (
          <>
            <dt className="font-semibold">{t("decision.reviewedBy")}</dt>
            <dd>
              {decision.reviewerName}, {decision.reviewedAt?.slice(0, 16).replace("T", " ")}
            </dd>
          </>
        ) : null}
        {decision.reviewComment ? (
          <>
            <dt className="font-semibold">{t("decision.reviewComment")}</dt>
            <dd className="whitespace-pre-wrap">{decision.reviewComment}</dd>
          </>
        ) : null}
        <dt className="font-semibold">{t("decision.validity")}</dt>
        <dd data-testid="decision-validity">
          {decision.validFrom && decision.validUntil ? t("decision.validRange", { from: decision.validFrom, until: decision.validUntil }) : t("decision.validityMonths", { months: decision.validityMonths })}
        </dd>
        {attestationId ? (
          <>
            <dt className="font-semibold">{t("decision.attestation")}</dt>
            <dd>
              <Link to={`/app/attestations/${attestationId}`} className="underline">
                {t("decision.openAttestation")}
              </Link>
            </dd>
          </>
        ) : null}
        {decision.supersededBy ? (
          <>
            <dt className="font-semibold">{t("decisionStatus.superseded")}</dt>
            <dd>
              <Link to={`/app/decisions/${decision.supersededBy}`} className="underline">
                {t("decision.supersededBy")}
              </Link>
            </dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="conditions-h" className="card mt-6">
        <h2 id="conditions-h">{t("decision.conditions")}</h2>
        {conditions.length === 0 ? (
          <p className="mt-2">{t("decision.noConditions")}</p>
        ) : (
          <ol className="mt-2 space-y-3">
            {conditions.map((c) => (
              <li key={c.id} className="border-t border-slate-200 pt-2" data-testid="condition">
                <p>{c.text}</p>
                <p className="text-sm">
                  {t("decision.due", { date: c.dueDate })} —{" "}
                  <strong>
                    {c.status === "met"
                      ? t("decision.conditionMet", { date: c.metAt?.slice(0, 10) ?? "", name: c.metByName ?? "", note: c.metNote ?? "" })
                      : c.isOverdue
                        ? `⚠ ${t("decision.overdue")}`
                        : t("decision.conditionOpen")}
                  </strong>
                </p>
                <Link to={`/app/conditions/${c.id}`} className="text-sm underline">
                  {ct(lang, "staff.review")}
                </Link>
              </li>
            ))}
          </ol>
        )}
      </section>

      {isOwn && decision.status === "proposed" ? <p className="mt-6 rounded-md bg-slate-100 p-3">{t("decision.ownProposal")}</p> : null}
      {canReview ? (
        <section aria-labelledby="review-h" className="card mt-6">
          <h2 id="review-h">
            {t("decision.approve")} / {t("decision.reject")}
          </h2>
          <Form method="post" className="mt-3">
            <fieldset>
              <legend className="text-lg font-semibold">{t("decision.approveLegend", { client: client.name })}</legend>
              <p className="mt-1 text-sm text-slate-700">{t("decision.approveHelp")}</p>
              <label htmlFor="approve-comment" className="mt-3 block text-sm font-medium">
                {t("decision.comment")}
              </label>
              <textarea id="approve-comment" name="comment" rows={3} className="input mb-2" defaultValue={approveFailed?.comment ?? ""} />
              <StepUpPassword id="approve-password" errors={approveFailed?.passwordError ? [approveFailed.passwordError] : null} />
              <StepUpActions label={t("decision.approve")} cancelTo="/app/approvals" intent="approve" className="mt-2" />
            </fieldset>
          </Form>
          <Form method="post" className="mt-6 border-t border-slate-200 pt-4">
            <fieldset>
              <legend className="text-lg font-semibold">{t("decision.rejectLegend", { client: client.name })}</legend>
              <label htmlFor="review-comment" className="mt-3 block text-sm font-medium">
                {t("decision.rejectComment")}
              </label>
              <textarea
                id="review-comment"
                name="comment"
                rows={3}
                className="input"
                aria-invalid={rejectError ? true : undefined}
                aria-describedby={rejectError ? "review-comment-error" : undefined}
              />
              <div id="review-comment-error" className="min-h-[1.25rem] text-sm text-red-800" aria-live="polite">
                {rejectError ? t(rejectError) : null}
              </div>
              <button type="submit" name="intent" value="reject" className="btn-danger mt-2">
                {t("decision.reject")}
              </button>
            </fieldset>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
