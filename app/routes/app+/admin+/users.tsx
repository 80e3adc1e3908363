import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { hasPermission, ROLES, type Role } from "~/auth/permissions";
import { requireStaff } from "~/auth/session.server";
import { reads } from "~/db.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, Field, FormErrors } from "~/components/forms";
import { useT } from "~/components/i18n";
import { StepUpActions, StepUpPassword } from "~/components/step-up";
import { DomainError, InvalidInputError, NotFoundError } from "~/domain/errors";
import { toResponse } from "~/errors-http.server";
import { findMember, listMembers } from "~/repositories/users.server";
import { usersWithSecondFactor } from "~/repositories/second-factors.server";
import { InviteUserSchema, ResetSecondFactorSchema, SetRolesSchema, UserIdIntentSchema } from "~/schemas/auth";
import { stepUpFromForm } from "~/services/auth.server";
import { resetSecondFactor } from "~/services/second-factors.server";
import { inviteUser, resendInvitation, setRoles, setUserActive } from "~/services/users.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:user:any");
  const members = await listMembers(staff.institutionId, reads());
  const withSecondFactor = await usersWithSecondFactor(members.map((m) => m.id), reads());
  return {
    members: members.map((m) => ({ ...m, hasSecondFactor: withSecondFactor.has(m.id) })),
    canManage: hasPermission(staff.roles, "manage:user:any"),
    selfId: staff.userId,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "manage:user:any");
  const formData = await request.formData();
  const intent = formData.get("intent");
  const now = new Date();
  const schema = intent === "invite" ? InviteUserSchema : intent === "set-roles" ? SetRolesSchema : intent === "reset-second-factor" ? ResetSecondFactorSchema : UserIdIntentSchema;
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return data({ intent, reply: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  try {
    const value = submission.value;
    if (value.intent === "invite" || value.intent === "set-roles") {
      // Granting roles (an invitation grants them too) is signed with the admin's password, typed
      // in this post. A row's "Save roles" comes without it: the answer (400) is the confirmation
      // form, which names the person and the roles and carries them through.
      if (value.intent === "set-roles" && !(await findMember(staff.institutionId, value.userId, reads()))) throw new NotFoundError("User");
      const stepUp = await stepUpFromForm(staff, formData, value.intent === "invite" ? "user.invite" : "user.set-roles", now);
      if (!stepUp.ok) {
        return data(
          { intent, userId: value.intent === "set-roles" ? value.userId : null, roles: value.roles, stepUp: true, reply: submission.reply({ fieldErrors: { password: [stepUp.error] }, hideFields: ["password"] }) },
          { status: stepUp.status },
        );
      }
    }
    if (value.intent === "reset-second-factor") {
      // Another admin's reset of a lost factor is signed like granting roles: the row's button
      // comes without the step-up, and the answer (400) is the confirmation form naming the person.
      if (!(await findMember(staff.institutionId, value.userId, reads()))) throw new NotFoundError("User");
      const stepUp = await stepUpFromForm(staff, formData, "user.reset-second-factor", now);
      if (!stepUp.ok) {
        return data({ intent, userId: value.userId, roles: [] as Role[], stepUp: true, reply: submission.reply({ fieldErrors: { password: [stepUp.error] }, hideFields: ["password", "code"] }) }, { status: stepUp.status });
      }
      await resetSecondFactor(staff, value.userId, now);
      return redirect("/app/admin/users?flash=second-factor-reset");
    }
    if (value.intent === "invite") {
      await inviteUser(staff, { email: value.email, name: value.name, roles: value.roles, language: value.language }, now);
      return redirect(`/app/admin/users?flash=invited&email=${encodeURIComponent(value.email)}`);
    }
    if (value.intent === "set-roles") {
      await setRoles(staff, value.userId, value.roles, now);
      return redirect("/app/admin/users?flash=roles");
    }
    if (value.intent === "resend-invitation") {
      await resendInvitation(staff, value.userId, now);
      return redirect("/app/admin/users?flash=resent");
    }
    await setUserActive(staff, value.userId, value.intent === "reactivate", now);
    return redirect(`/app/admin/users?flash=${value.intent}d`);
  } catch (error) {
    if (error instanceof InvalidInputError) {
      const fieldErrors = Object.fromEntries(error.details.map((d) => [d.path, [d.message]]));
      return data({ intent, userId: formData.get("userId"), reply: submission.reply({ fieldErrors }) }, { status: 400 });
    }
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
}

type StepUpFailure = { intent: "invite" | "set-roles" | "reset-second-factor"; userId: string | null; roles: Role[]; stepUp: true; reply: { error?: Record<string, string[] | null> } };

const FLASH: Record<string, "users.invited.flash" | "users.rolesSaved" | "users.deactivated.flash" | "users.reactivated.flash" | "users.reset.flash"> = {
  "second-factor-reset": "users.reset.flash",
  invited: "users.invited.flash",
  resent: "users.invited.flash",
  roles: "users.rolesSaved",
  deactivated: "users.deactivated.flash",
  reactivated: "users.reactivated.flash",
};

export default function UsersPage() {
  const { members, canManage, selfId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const t = useT();
  const flash = FLASH[searchParams.get("flash") ?? ""];
  const [form, fields] = useForm({
    id: "invite",
    lastResult: actionData?.intent === "invite" ? actionData.reply : undefined,
    constraint: getZodConstraint(InviteUserSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteUserSchema }),
    shouldRevalidate: "onInput",
  });
  const stepUpFailed = actionData && "stepUp" in actionData ? (actionData as unknown as StepUpFailure) : undefined;
  const rowErrors = actionData && actionData.intent !== "invite" && "userId" in actionData && !stepUpFailed ? actionData : undefined;
  const confirmRoles = stepUpFailed?.intent === "set-roles" ? { member: members.find((m) => m.id === stepUpFailed.userId), roles: stepUpFailed.roles } : undefined;
  const passwordErrors = (stepUpFailed?.reply.error?.password ?? null) as string[] | null;
  const confirmReset = stepUpFailed?.intent === "reset-second-factor" ? members.find((m) => m.id === stepUpFailed.userId) : undefined;
  return (
    <div>
      <h1>{t("users.title")}</h1>
      {flash ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
          {t(flash, { email: searchParams.get("email") ?? "" })}
        </p>
      ) : null}
      {confirmRoles?.member ? (
        <section className="card mt-6 max-w-xl" aria-labelledby="confirm-roles-h">
          <h2 id="confirm-roles-h">{t("users.confirmRoles", { name: confirmRoles.member.name })}</h2>
          <p className="mt-2">{t("users.confirmRolesList", { roles: confirmRoles.roles.map((r) => t(`role.${r}`)).join(", ") })}</p>
          <Form method="post" className="mt-4">
            <input type="hidden" name="intent" value="set-roles" />
            <input type="hidden" name="userId" value={confirmRoles.member.id} />
            {confirmRoles.roles.map((role) => (
              <input key={role} type="hidden" name="roles" value={role} />
            ))}
            <StepUpPassword id="confirm-roles-password" errors={passwordErrors} />
            <StepUpActions label={t("users.confirmRolesSubmit")} cancelTo="/app/admin/users" />
          </Form>
        </section>
      ) : null}
      {confirmReset ? (
        <section className="card mt-6 max-w-xl" aria-labelledby="confirm-reset-h">
          <h2 id="confirm-reset-h">{t("users.resetTitle", { name: confirmReset.name })}</h2>
          <p className="mt-2">{t("users.resetIntro")}</p>
          <Form method="post" className="mt-4">
            <input type="hidden" name="intent" value="reset-second-factor" />
            <input type="hidden" name="userId" value={confirmReset.id} />
            <StepUpPassword id="confirm-reset-password" errors={passwordErrors} />
            <StepUpActions label={t("users.resetSubmit")} cancelTo="/app/admin/users" danger />
          </Form>
        </section>
      ) : null}
      <table className="table mt-6">
        <thead>
          <tr>
            <th scope="col">{t("users.name")}</th>
            <th scope="col">{t("users.email")}</th>
            <th scope="col">{t("users.status")}</th>
            <th scope="col">{t("users.roles")}</th>
            <th scope="col">{t("users.secondFactor")}</th>
            {canManage ? <th scope="col">{t("users.actions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => {
            const errors = rowErrors?.userId === m.id ? Object.values(rowErrors.reply.error ?? {}).flat() : [];
            return (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>{!m.isActive ? t("users.deactivated") : m.hasPassword ? t("users.active") : t("users.invited")}</td>
                <td>
                  {canManage ? (
                    <Form method="post" className="flex flex-wrap items-center gap-3">
                      <input type="hidden" name="intent" value="set-roles" />
                      <input type="hidden" name="userId" value={m.id} />
                      <fieldset className="flex flex-wrap gap-3">
                        <legend className="sr-only">{t("users.rolesLegend", { name: m.name })}</legend>
                        {ROLES.map((role) => (
                          <label key={role} className="flex items-center gap-1">
                            <input type="checkbox" name="roles" value={role} defaultChecked={m.roles.includes(role)} />
                            {t(`role.${role}`)}
                          </label>
                        ))}
                      </fieldset>
                      <button type="submit" className="btn-secondary py-1">
                        {t("users.saveRoles")}
                      </button>
                      <ErrorList errors={errors as string[]} />
                    </Form>
                  ) : (
                    m.roles.map((r) => t(`role.${r}`)).join(", ")
                  )}
                </td>
                <td>{m.hasSecondFactor ? t("users.secondFactorOn") : t("users.secondFactorOff")}</td>
                {canManage ? (
                  <td>
                    <div className="flex flex-col gap-2">
                      {m.hasSecondFactor && m.id !== selfId ? (
                        <Form method="post">
                          <input type="hidden" name="userId" value={m.id} />
                          <button type="submit" name="intent" value="reset-second-factor" className="btn-secondary py-1">
                            {t("users.resetSecondFactor")}
                            <span className="sr-only"> {m.name}</span>
                          </button>
                        </Form>
                      ) : null}
                      {m.id !== selfId ? (
                        <Form method="post">
                          <input type="hidden" name="userId" value={m.id} />
                          <button type="submit" name="intent" value={m.isActive ? "deactivate" : "reactivate"} className={m.isActive ? "btn-danger py-1" : "btn-secondary py-1"}>
                            {m.isActive ? t("users.deactivate") : t("users.reactivate")}
                            <span className="sr-only"> {m.name}</span>
                          </button>
                        </Form>
                      ) : null}
                      {!m.hasPassword && m.isActive ? (
                        <Form method="post">
                          <input type="hidden" name="userId" value={m.id} />
                          <button type="submit" name="intent" value="resend-invitation" className="btn-secondary py-1">
                            {t("users.resendInvitation")}
                            <span className="sr-only"> {m.name}</span>
                          </button>
                        </Form>
                      ) : null}
                    </div>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {canManage ? (
        <section className="card mt-8 max-w-xl" aria-labelledby="invite-h">
          <h2 id="invite-h">{t("users.invite")}</h2>
          <Form method="post" className="mt-4" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="invite" />
            <FormErrors errors={form.errors} />
            <Field label={t("users.name")} errors={fields.name.errors} inputProps={getInputProps(fields.name, { type: "text" })} />
            <Field label={t("users.email")} errors={fields.email.errors} inputProps={getInputProps(fields.email, { type: "email" })} />
            <fieldset className="mb-2" aria-describedby={fields.roles.errors ? `${fields.roles.id}-error` : undefined}>
              <legend className="mb-1 text-sm font-medium">{t("users.roles")}</legend>
              <div className="flex flex-wrap gap-4">
                {ROLES.map((role) => (
                  <label key={role} className="flex items-center gap-1">
                    <input type="checkbox" name="roles" value={role} defaultChecked={stepUpFailed?.intent === "invite" && stepUpFailed.roles.includes(role)} />
                    {t(`role.${role}`)}
                  </label>
                ))}
              </div>
              <ErrorList id={`${fields.roles.id}-error`} errors={fields.roles.errors} />
            </fieldset>
            <fieldset>
              <legend className="mb-1 font-semibold">{t("users.inviteStepUpLegend")}</legend>
              <StepUpPassword id="invite-password" errors={stepUpFailed?.intent === "invite" ? passwordErrors : null} />
            </fieldset>
            <div className="mb-4">
              <label htmlFor="invite-language" className="mb-1 block text-sm font-medium">
                {t("layout.language")}
              </label>
              <select id="invite-language" name="language" className="input" defaultValue="en">
                <option value="en">{t("lang.en")}</option>
                <option value="es">{t("lang.es")}</option>
              </select>
            </div>
            <StepUpActions label={t("users.inviteSubmit")} cancelTo="/app/admin/users" />
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
