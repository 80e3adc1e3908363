// /app/attestations/:id: one attestation (client, dates, key, hash, standing) with its download
// and, for admins and approvers, the revoke form (a reason and the password, re-entered in the
// same post: step-up). Revocation closes the gate and is reported by every verification.
import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { hasPermission } from "~/auth/permissions";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { StepUpActions, StepUpPassword } from "~/components/step-up";
import { useLang } from "~/components/i18n";
import { reads } from "~/db.server";
import { DomainError } from "~/domain/errors";
import { toResponse } from "~/errors-http.server";
import { at, attestationUi, standingLabel, type AttestationUiKey } from "~/i18n/attestations";
import { findAttestationForVerification } from "~/repositories/attestations.server";
import { RevokeAttestationSchema, revokeAttestation } from "~/services/attestations.server";
import { stepUpFromForm } from "~/services/auth.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:attestation:any");
  const id = params.id ?? "";
  const row = await findAttestationForVerification(id, reads());
  if (!row || row.institutionId !== staff.institutionId) throw new Response("Attestation not found", { status: 404 });
  return { attestation: row, canRevoke: hasPermission(staff.roles, "revoke:attestation:any"), today: new Date().toISOString().slice(0, 10) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "revoke:attestation:any");
  const id = params.id ?? "";
  const row = await findAttestationForVerification(id, reads());
  if (!row || row.institutionId !== staff.institutionId) throw new Response("Attestation not found", { status: 404 });
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: RevokeAttestationSchema });
  if (submission.status !== "success") return data({ reply: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  // The password, typed in this post, signs the revocation; a recent sign-in is not enough.
  const now = new Date();
  const stepUp = await stepUpFromForm(staff, formData, "attestation.revoke", now);
  if (!stepUp.ok) return data({ reply: submission.reply({ fieldErrors: { password: [stepUp.error] }, hideFields: ["password"] }) }, { status: stepUp.status });
  try {
    await revokeAttestation(staff, id, submission.value.reason, now);
  } catch (error) {
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
  return redirect(`/app/attestations/${params.id}?flash=revoked`);
}

export default function AttestationPage() {
  const { attestation: a, canRevoke, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const lang = useLang();
  const t = (key: AttestationUiKey, vars?: Record<string, string>) => at(lang, key, vars);
  const [form, fields] = useForm({
    id: "revoke",
    lastResult: actionData?.reply,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RevokeAttestationSchema }),
    shouldValidate: "onSubmit",
  });
  const reasonErrors = (fields.reason.errors ?? []).map((e) => (e in attestationUi.en ? t(e as AttestationUiKey) : e));
  const passwordErrors = (actionData?.reply.error?.password ?? null) as string[] | null;
  const status = standingLabel(a, today, t);
  return (
    <div>
      <p className="text-sm">
        <Link to="/app/attestations">{t("detail.back")}</Link>
      </p>
      <h1 className="mt-2">{t("detail.title", { id: a.id })}</h1>
      {searchParams.get("flash") === "revoked" ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
          {t("detail.revokedFlash")}
        </p>
      ) : null}
      <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium">{t("list.client")}</dt>
        <dd>{a.clientName}</dd>
        <dt className="font-medium">{t("list.issuedAt")}</dt>
        <dd>{a.issuedAt.replace("T", " ").slice(0, 16)} UTC</dd>
        <dt className="font-medium">{t("list.validUntil")}</dt>
        <dd>{a.validUntil}</dd>
        <dt className="font-medium">{t("list.status")}</dt>
        <dd>{status}</dd>
        <dt className="font-medium">{t("detail.language")}</dt>
        <dd>{a.language}</dd>
        <dt className="font-medium">{t("verify.keyId")}</dt>
        <dd className="font-mono">{a.keyId}</dd>
        <dt className="font-medium">{t("detail.sha256")}</dt>
        <dd className="break-all font-mono">{a.sha256}</dd>
      </dl>
      <p className="mt-4 flex gap-4">
        <a href={`/app/attestations/${a.id}.pdf`} className="btn-secondary">
          {t("list.download")}
        </a>
        <Link to={`/verify/${a.id}`}>{t("pdf.verify")}</Link>
      </p>
      {a.revokedAt ? (
        <p className="mt-6 rounded-md border border-red-700 bg-red-50 p-3 text-sm text-red-900">{t("detail.alreadyRevoked", { date: a.revokedAt.slice(0, 10), reason: a.revocationReason ?? "" })}</p>
      ) : canRevoke ? (
        <section className="card mt-8 max-w-xl" aria-labelledby="revoke-h">
          <h2 id="revoke-h">{t("detail.revoke")}</h2>
          <p className="mt-2 text-sm text-slate-700">{t("detail.revokeHelp")}</p>
          <Form method="post" className="mt-4" {...getFormProps(form)}>
            <fieldset>
              <legend className="mb-2 font-semibold">{t("detail.revokeLegend", { client: a.clientName })}</legend>
              <label htmlFor={fields.reason.id} className="mb-1 block text-sm font-medium">
                {t("detail.reason")}
              </label>
              <textarea className="input min-h-[5rem] w-full" {...getTextareaProps(fields.reason)} aria-describedby={`${fields.reason.id}-error`} />
              <div id={`${fields.reason.id}-error`} className="min-h-[1.5rem] pt-1 text-sm text-red-800" aria-live="polite">
                {reasonErrors.join(" ")}
              </div>
              <StepUpPassword id="revoke-password" errors={passwordErrors} />
              <StepUpActions label={t("detail.revokeSubmit")} cancelTo="/app/attestations" danger />
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
