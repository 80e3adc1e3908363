// Boundary schemas for sign-in, step-up and invitations. Messages are i18n keys.
import { z } from "zod";

export const LoginSchema = z.object({
  email: z.email({ error: (issue) => (issue.input === undefined ? "form.required" : "form.invalidEmail") }).max(254),
  password: z.string({ error: "form.required" }).min(1, "form.required").max(1024),
  redirectTo: z.string().max(2000).optional(),
});

export const ConfirmPasswordSchema = z.object({
  password: z.string({ error: "form.required" }).min(1, "form.required").max(1024),
  redirectTo: z.string().max(2000).optional(),
});

/** The password re-entered in the same post as a sensitive action (step-up). */
export const StepUpSchema = z.object({
  password: z.string({ error: "stepUp.required" }).min(1, "stepUp.required").max(1024, "stepUp.invalid"),
});

export const SetPasswordSchema = z
  .object({
    password: z.string({ error: "form.required" }).min(12, "form.passwordTooShort").max(1024),
    confirm: z.string({ error: "form.required" }).min(1, "form.required").max(1024),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "form.passwordsDiffer" });

export const RoleSchema = z.enum(["admin", "rm", "approver", "auditor"]);

export const InviteUserSchema = z.object({
  intent: z.literal("invite"),
  name: z.string({ error: "form.required" }).trim().min(1, "form.required").max(200),
  email: z.email({ error: (issue) => (issue.input === undefined ? "form.required" : "form.invalidEmail") }).max(254),
  roles: z.array(RoleSchema, { error: "form.chooseRole" }).min(1, "form.chooseRole"),
  language: z.enum(["en", "es"]).default("en"),
});

export const SetRolesSchema = z.object({
  intent: z.literal("set-roles"),
  userId: z.string().min(1).max(100),
  roles: z.array(RoleSchema, { error: "form.chooseRole" }).min(1, "form.chooseRole"),
});

export const UserIdIntentSchema = z.object({
  intent: z.enum(["deactivate", "reactivate", "resend-invitation"]),
  userId: z.string().min(1).max(100),
});

export const LanguageSchema = z.object({
  lang: z.enum(["en", "es"]),
  redirectTo: z.string().max(2000).optional(),
});

/** The authenticator code re-entered in the same post as a sensitive action (step-up). */
export const StepUpCodeSchema = z.object({
  code: z.string({ error: "stepUp.codeRequired" }).trim().min(1, "stepUp.codeRequired").max(40, "stepUp.codeInvalid"),
});

/** The second step of a sign-in: an authenticator code or a recovery code. */
export const SignInCodeSchema = z.object({
  code: z.string({ error: "form.required" }).trim().min(1, "form.required").max(40, "secondFactor.codeInvalid"),
  redirectTo: z.string().max(2000).optional(),
});

/** Starting an authenticator enrolment (with the password) or confirming it (with the first code). */
export const EnrolmentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start"), redirectTo: z.string().max(2000).optional() }),
  z.object({
    intent: z.literal("confirm"),
    code: z.string({ error: "form.required" }).trim().min(1, "form.required").max(40, "secondFactor.codeInvalid"),
    redirectTo: z.string().max(2000).optional(),
  }),
]);

export const SecondFactorRuleSchema = z.object({
  policy: z.enum(["off", "all", "roles"], { error: "form.required" }),
  roles: z.array(RoleSchema).default([]),
});

export const ResetSecondFactorSchema = z.object({
  intent: z.literal("reset-second-factor"),
  userId: z.string().min(1).max(100),
});
