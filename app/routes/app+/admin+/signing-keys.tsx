// /app/admin/signing-keys: the institution's signing keys (current and retired, never deleted)
// and the rotate form (admins; step-up: the password re-entered in the same post; audited).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { StepUpActions, StepUpPassword } from "~/components/step-up";
import { useLang } from "~/components/i18n";
import { reads } from "~/db.server";
import { at } from "~/i18n/attestations";
import { stepUpFromForm } from "~/services/auth.server";
import { listSigningKeys, rotateSigningKey } from "~/services/signing-keys.server";

const RotateSchema = z.object({ confirm: z.literal("on", { error: "keys.confirmRequired" }) });

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "manage:signing-key:any");
  return { keys: await listSigningKeys(staff.institutionId, reads()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "manage:signing-key:any");
  const formData = await request.formData();
  const parsed = RotateSchema.safeParse({ confirm: formData.get("confirm") ?? undefined });
  if (!parsed.success) return data({ error: "keys.confirmRequired" as const, passwordError: null }, { status: 400 });
  const now = new Date();
  const stepUp = await stepUpFromForm(staff, formData, "signing-key.rotate", now);
  if (!stepUp.ok) return data({ error: null, passwordError: stepUp.error }, { status: stepUp.status });
  await rotateSigningKey(staff, now);
  return redirect("/app/admin/signing-keys?flash=rotated");
}

export default function SigningKeysPage() {
  const { keys } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const lang = useLang();
  const t = (key: Parameters<typeof at>[1]) => at(lang, key);
  return (
    <div>
      <h1>{t("keys.title")}</h1>
      <p className="mt-2 max-w-3xl text-sm text-slate-700">{t("keys.intro")}</p>
      {searchParams.get("flash") === "rotated" ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
          {t("keys.rotated")}
        </p>
      ) : null}
      {keys.length === 0 ? <p className="mt-6">{t("keys.none")}</p> : null}
      {keys.length > 0 ? (
        <table className="table mt-6">
          <thead>
            <tr>
              <th scope="col">{t("keys.keyId")}</th>
              <th scope="col">{t("keys.fingerprint")}</th>
              <th scope="col">{t("keys.createdAt")}</th>
              <th scope="col">{t("keys.retiredAt")}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td className="font-mono">{k.id}</td>
                <td className="break-all font-mono text-xs">{k.fingerprint}</td>
                <td className="whitespace-nowrap">{k.createdAt.replace("T", " ").slice(0, 16)}</td>
                <td className="whitespace-nowrap">{k.retiredAt ? k.retiredAt.replace("T", " ").slice(0, 16) : <strong>{t("keys.current")}</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <section className="card mt-8 max-w-xl" aria-labelledby="rotate-h">
        <h2 id="rotate-h">{t("keys.rotate")}</h2>
        <p className="mt-2 text-sm text-slate-700">{t("keys.rotateHelp")}</p>
        <Form method="post" className="mt-4">
          <fieldset>
            <legend className="mb-2 font-semibold">{t("keys.rotateLegend")}</legend>
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" name="confirm" aria-invalid={actionData?.error ? true : undefined} aria-describedby="rotate-error" />
              {t("keys.confirm")}
            </label>
            <div id="rotate-error" className="min-h-[1.5rem] pt-1 text-sm text-red-800" aria-live="polite">
              {actionData?.error ? t(actionData.error) : null}
            </div>
            <StepUpPassword id="rotate-password" errors={actionData?.passwordError ? [actionData.passwordError] : null} />
            <StepUpActions label={t("keys.rotate")} cancelTo="/app/admin/signing-keys" />
          </fieldset>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
