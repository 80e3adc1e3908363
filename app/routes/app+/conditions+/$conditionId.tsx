// The bank's condition page (issue 17, F18): the condition, what the client sent through its link
// (each proof in the evidence viewer), the RM's proposal ("met" with proof picked from those
// uploads, or "not met", with a comment), and an approver's confirmation (never the proposer's).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { hasPermission } from "~/auth/permissions";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EvidenceDocumentCard } from "~/components/evidence-document";
import { useLang } from "~/components/i18n";
import { DomainError, InvalidInputError, NotFoundError } from "~/domain/errors";
import { inlinePreviewKind } from "~/domain/file-type";
import { formatDate } from "~/domain/notifications/dates";
import { toResponse } from "~/errors-http.server";
import { ageingText, ct, isConditionsKey, type ConditionsKey } from "~/i18n/conditions";
import { formatFileSize } from "~/i18n/evidence";
import { rt } from "~/i18n/review";
import { confirmCondition, proposeCondition, staffConditionPage } from "~/services/conditions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:decision:any");
  let page: Awaited<ReturnType<typeof staffConditionPage>>;
  try {
    page = await staffConditionPage(staff.institutionId, params.conditionId ?? "", new Date());
  } catch (error) {
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
  const isOpen = page.condition.status === "open" && page.decision.status === "approved";
  return {
    ...page,
    today: new Date().toISOString().slice(0, 10),
    canPropose: isOpen && hasPermission(staff.roles, "update:condition:any"),
    canConfirm: isOpen && page.condition.proposal === "met" && hasPermission(staff.roles, "approve:decision:any") && page.condition.proposedBy !== staff.userId,
    isOwnProposal: page.condition.proposedBy === staff.userId && page.condition.proposal === "met",
  };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("propose"), outcome: z.enum(["met", "not-met"]), comment: z.string().max(5000).default(""), documentId: z.string().max(100).optional() }),
  z.object({ intent: z.literal("confirm") }),
]);

type ActionData = { errors: Record<string, ConditionsKey>; values: { outcome: string; comment: string; documentId: string } };

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData();
  const intent = formData.get("intent") === "confirm" ? "confirm" : "propose";
  const staff = await requireStaff(request, intent === "confirm" ? "approve:decision:any" : "update:condition:any");
  const conditionId = params.conditionId ?? "";
  const now = new Date();
  // Another institution's (or a made-up) condition is a 404 before the form is read.
  try {
    await staffConditionPage(staff.institutionId, conditionId, now);
  } catch (error) {
    if (error instanceof NotFoundError) throw toResponse(error);
    throw error;
  }
  const values = { outcome: String(formData.get("outcome") ?? ""), comment: String(formData.get("comment") ?? ""), documentId: String(formData.get("documentId") ?? "") };
  const parsed = ActionSchema.safeParse({ intent, outcome: formData.get("outcome") ?? undefined, comment: formData.get("comment") ?? undefined, documentId: formData.get("documentId") || undefined });
  if (!parsed.success) return data<ActionData>({ errors: { outcome: "condition.error.outcome" }, values }, { status: 400 });
  try {
    if (parsed.data.intent === "confirm") {
      const out = await confirmCondition(staff, conditionId, now);
      return redirect(`/app/conditions/${conditionId}?flash=confirmed&gate=${out.gate.gate}`);
    }
    await proposeCondition(staff, conditionId, { outcome: parsed.data.outcome, comment: parsed.data.comment, documentId: parsed.data.documentId ?? null }, now);
    return redirect(`/app/conditions/${conditionId}?flash=${parsed.data.outcome === "met" ? "proposed" : "proposedNotMet"}`);
  } catch (error) {
    if (error instanceof InvalidInputError) {
      const errors: Record<string, ConditionsKey> = {};
      for (const d of error.details) if (isConditionsKey(d.message)) errors[d.path] = d.message;
      return data<ActionData>({ errors, values }, { status: 400 });
    }
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
}

export default function ConditionPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [searchParams] = useSearchParams();
  const lang = useLang();
  const t = (key: ConditionsKey, vars?: Record<string, string | number>) => ct(lang, key, vars);
  const { condition } = page;
  const flash = searchParams.get("flash");
  const gate = searchParams.get("gate");
  const gateWord = gate === "open" || gate === "conditional" || gate === "pending" || gate === "closed" ? rt(lang, `gate.${gate}`) : "";
  const flashText = flash === "proposed" ? t("staff.flash.proposed") : flash === "proposedNotMet" ? t("staff.flash.proposedNotMet") : flash === "confirmed" ? t("staff.flash.confirmed", { gate: gateWord }) : null;
  const proofs = page.uploads.filter((u) => u.document !== null);
  const errors = actionData?.errors ?? {};
  const errorEntries = Object.entries(errors);
  return (
    <div className="mx-auto max-w-5xl">
      <p className="text-sm">
        <Link to={`/app/decisions/${page.decision.id}`} className="underline">
          {t("staff.backDecision")}
        </Link>{" "}
        ·{" "}
        <Link to={`/app/clients/${page.client.id}`} className="underline">
          {t("staff.backClient")}
        </Link>
      </p>
      <h1 className="mt-2">{t("staff.title", { client: page.client.name })}</h1>
      {flashText ? (
        <p role="status" className="mt-3 rounded-md bg-emerald-50 p-3 text-emerald-900" data-testid="flash">
          {flashText}
        </p>
      ) : null}
      <section className="card mt-4" aria-labelledby="condition-h">
        <h2 id="condition-h" className="sr-only">
          {t("list.condition")}
        </h2>
        <p className="text-lg">{condition.text}</p>
        <p className="mt-1 text-sm">
          {t("staff.due", { date: formatDate(condition.dueDate, lang) })} ·{" "}
          <strong data-testid="standing">{t(`standing.${page.standing}`)}</strong>
          {condition.status === "open" ? ` · ${ageingText(lang, condition.dueDate, page.today)}` : ""}
        </p>
        {condition.proposal && condition.proposedAt && page.proposerName ? (
          <p className="mt-2 text-sm" data-testid="proposal">
            {t(condition.proposal === "met" ? "staff.proposedMet" : "staff.proposedNotMet", { name: page.proposerName, date: formatDate(condition.proposedAt.slice(0, 10), lang), comment: condition.proposalComment ?? "" })}
          </p>
        ) : null}
        {condition.status === "met" && condition.metAt ? <p className="mt-2 text-sm font-medium">{t("staff.metBy", { name: page.metByName ?? "", date: formatDate(condition.metAt.slice(0, 10), lang) })}</p> : null}
      </section>

      <section className="card mt-4" aria-labelledby="uploads-h">
        <h2 id="uploads-h">{t("staff.uploads")}</h2>
        {page.uploads.length === 0 ? <p className="mt-2">{t("staff.noUploads")}</p> : null}
        <ul className="mt-2 space-y-4">
          {page.uploads.map((u) => (
            <li key={u.updateId} className="border-t border-slate-200 pt-3" data-testid="condition-upload">
              <p className="text-sm text-slate-700">{t("staff.updateOn", { date: formatDate(u.createdAt.slice(0, 10), lang), email: u.email })}</p>
              {u.note ? (
                <p className="mt-1">
                  <span className="font-medium">{t("staff.note")}: </span>
                  {u.note}
                </p>
              ) : null}
              {u.document ? (
                <div className="mt-2">
                  <EvidenceDocumentCard
                    assessmentId={u.document.assessmentId}
                    lang={lang}
                    currentQuestionId=""
                    doc={{ id: u.document.id, fileName: u.document.fileName, sizeLabel: formatFileSize(u.document.size, lang), previewKind: inlinePreviewKind(u.document.mediaType), uploadedDate: formatDate(u.document.uploadedAt.slice(0, 10), lang), uploader: u.email, supports: [] }}
                  />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      {page.canPropose ? (
        <section className="card mt-4" aria-labelledby="propose-h">
          <h2 id="propose-h">{t("staff.proposeLegend")}</h2>
          {errorEntries.length > 0 ? (
            <div role="alert" tabIndex={-1} className="mt-2 rounded-md border border-red-700 bg-red-50 p-3 text-sm text-red-900" data-testid="error-summary">
              <p>{t("staff.errorSummary")}</p>
              <ul className="list-disc pl-6">
                {errorEntries.map(([field, key]) => (
                  <li key={field}>
                    <a href={`#${field}`}>{t(key)}</a>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <Form method="post" className="mt-3 space-y-3">
            <input type="hidden" name="intent" value="propose" />
            <fieldset id="outcome" aria-describedby={errors.outcome ? "outcome-error" : undefined}>
              <legend className="font-medium">{t("staff.proposal")}</legend>
              {(["met", "not-met"] as const).map((o) => (
                <label key={o} className="mt-1 flex items-center gap-2">
                  <input type="radio" name="outcome" value={o} required defaultChecked={actionData?.values.outcome === o} />
                  {t(`staff.outcome.${o}`)}
                </label>
              ))}
              {errors.outcome ? (
                <p id="outcome-error" className="text-sm text-red-800">
                  {t(errors.outcome)}
                </p>
              ) : null}
            </fieldset>
            <fieldset id="documentId" aria-describedby={errors.documentId ? "documentId-error" : undefined}>
              <legend className="font-medium">{t("staff.evidence")}</legend>
              <label className="mt-1 flex items-center gap-2">
                <input type="radio" name="documentId" value="" defaultChecked={!actionData?.values.documentId} />
                {t("staff.evidenceNone")}
              </label>
              {proofs.map((u) => (
                <label key={u.document!.id} className="mt-1 flex items-center gap-2">
                  <input type="radio" name="documentId" value={u.document!.id} defaultChecked={actionData?.values.documentId === u.document!.id} />
                  {u.document!.fileName} · {formatDate(u.createdAt.slice(0, 10), lang)}
                </label>
              ))}
              {errors.documentId ? (
                <p id="documentId-error" className="text-sm text-red-800">
                  {t(errors.documentId)}
                </p>
              ) : null}
            </fieldset>
            <div>
              <label htmlFor="comment" className="block font-medium">
                {t("staff.comment")}
              </label>
              <textarea id="comment" name="comment" rows={3} className="input" defaultValue={actionData?.values.comment ?? ""} aria-invalid={errors.comment ? true : undefined} aria-describedby={errors.comment ? "comment-error" : undefined} />
              {errors.comment ? (
                <p id="comment-error" className="text-sm text-red-800">
                  {t(errors.comment)}
                </p>
              ) : null}
            </div>
            <button type="submit" className="btn">
              {t("staff.propose")}
            </button>
          </Form>
        </section>
      ) : null}

      {page.isOwnProposal && condition.status === "open" ? <p className="mt-4 rounded-md bg-slate-100 p-3">{t("staff.ownProposal")}</p> : null}
      {page.canConfirm ? (
        <section className="card mt-4" aria-labelledby="confirm-h">
          <h2 id="confirm-h">{t("staff.confirmLegend")}</h2>
          <p className="mt-1 text-sm text-slate-700">{t("staff.confirmHelp")}</p>
          <Form method="post" className="mt-3">
            <input type="hidden" name="intent" value="confirm" />
            <button type="submit" className="btn">
              {t("staff.confirm")}
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
