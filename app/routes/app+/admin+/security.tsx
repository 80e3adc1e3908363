// An institution's sign-in security: who must use a second factor (nobody, every member, or
// chosen roles; approver and admin are ticked when first choosing roles).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { ROLES } from "~/auth/permissions";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList } from "~/components/forms";
import { useT } from "~/components/i18n";
import { DEFAULT_SECOND_FACTOR_ROLES } from "~/domain/second-factor";
import { DomainError, InvalidInputError } from "~/domain/errors";
import { toResponse } from "~/errors-http.server";
import { SecondFactorRuleSchema } from "~/schemas/auth";
import { secondFactorRule, setSecondFactorRule } from "~/services/second-factors.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "update:institution:any");
  const rule = await secondFactorRule(staff.institutionId);
  return { policy: rule?.policy ?? "off", roles: rule && rule.roles.length > 0 ? rule.roles : [...DEFAULT_SECOND_FACTOR_ROLES] };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "update:institution:any");
  const submission = parseWithZod(await request.formData(), { schema: SecondFactorRuleSchema });
  if (submission.status !== "success") return data({ errors: Object.values(submission.error ?? {}).flat() as string[] }, { status: 400 });
  try {
    await setSecondFactorRule(staff, submission.value, new Date());
  } catch (error) {
    if (error instanceof InvalidInputError) return data({ errors: error.details.map((d) => d.message) }, { status: 400 });
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
  return redirect("/app/admin/security?flash=saved");
}

export default function SecurityPage() {
  const { policy, roles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const t = useT();
  return (
    <div className="max-w-2xl">
      <h1>{t("security.title")}</h1>
      {searchParams.get("flash") === "saved" ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
          {t("security.saved")}
        </p>
      ) : null}
      <p className="mt-2">{t("security.intro")}</p>
      <Form method="post" className="card mt-6">
        <fieldset aria-describedby={actionData?.errors.length ? "security-errors" : undefined}>
          <legend className="mb-2 font-semibold">{t("security.legend")}</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="policy" value="off" defaultChecked={policy === "off"} /> {t("security.off")}
          </label>
          <label className="mt-2 flex items-center gap-2">
            <input type="radio" name="policy" value="all" defaultChecked={policy === "all"} /> {t("security.all")}
          </label>
          <label className="mt-2 flex items-center gap-2">
            <input type="radio" name="policy" value="roles" defaultChecked={policy === "roles"} /> {t("security.roles")}
          </label>
          <div className="ml-6 mt-2 flex flex-wrap gap-4">
            {ROLES.map((role) => (
              <label key={role} className="flex items-center gap-1">
                <input type="checkbox" name="roles" value={role} defaultChecked={roles.includes(role)} />
                {t(`role.${role}`)}
              </label>
            ))}
          </div>
          <ErrorList id="security-errors" errors={actionData?.errors} />
        </fieldset>
        <button type="submit" className="btn mt-4">
          {t("security.save")}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
