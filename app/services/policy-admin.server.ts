// The institution admin edits the policy (residual risk → recommendation, validity months, the
// optional section-floor rule) and the financial-crime contact. The override is validated by the
// same parsePolicyOverride that scoring uses, so an accepted policy can never break scoring; it is
// stored with a new version string, which every later result stamps (PRODUCT.md "Policy": old
// decisions stay explainable). Each change is audited with before and after.
import { z } from "zod";
import type { StaffContext } from "~/auth/session.server";
import { reads, write } from "~/db.server";
import { InvalidInputError, NotFoundError } from "~/domain/errors";
import { isTimeZone } from "~/domain/notifications";
import { DEFAULT_POLICY, parsePolicyOverride, RESIDUAL_LEVELS, type Policy } from "~/domain/policy/policy";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { findInstitution, updateInstitution } from "~/repositories/institutions.server";
import { institutionPolicy } from "./scoring.server";

type Actor = Pick<StaffContext, "institutionId" | "userId">;

export async function currentPolicy(institutionId: string): Promise<{ policy: Policy; isDefault: boolean; financialCrimeEmail: string | null; timeZone: string; defaults: Policy }> {
  const db = reads();
  const institution = await findInstitution(institutionId, db);
  if (!institution) throw new NotFoundError("Institution");
  return { policy: await institutionPolicy(institutionId, db), isDefault: !institution.policy, financialCrimeEmail: institution.financialCrimeEmail, timeZone: institution.timeZone, defaults: DEFAULT_POLICY };
}

const monthsField = z.coerce.number({ error: "policy.error.months" }).int({ error: "policy.error.months" }).min(0, { error: "policy.error.months" }).max(120, { error: "policy.error.months" });

/** The form as posted: flat field names, one per level. */
export const PolicyFormSchema = z.object({
  "recommendation.low": z.string({ error: "policy.error.recommendation" }),
  "recommendation.medium": z.string({ error: "policy.error.recommendation" }),
  "recommendation.high": z.string({ error: "policy.error.recommendation" }),
  "recommendation.critical": z.string({ error: "policy.error.recommendation" }),
  "validityMonths.low": monthsField,
  "validityMonths.medium": monthsField,
  "validityMonths.high": monthsField,
  "validityMonths.critical": monthsField,
  sectionFloorRaise: z.enum(["on"]).optional(),
  financialCrimeEmail: z
    .string()
    .trim()
    .max(254, { error: "policy.error.email" })
    .optional()
    .transform((v) => (v === "" || v === undefined ? null : v.toLowerCase()))
    .pipe(z.email({ error: "policy.error.email" }).nullable()),
});

export type PolicyFieldError = { path: string; message: string };

/** Flattens a FormData into the schema's input (first value of each name). */
export function policyFormInput(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of formData) if (typeof v === "string" && !(k in out)) out[k] = v;
  return out;
}

export async function updatePolicy(actor: Actor, input: Record<string, string>, now: Date): Promise<{ policy: Policy }> {
  const form = PolicyFormSchema.safeParse(input);
  if (!form.success) {
    const details = form.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
    throw new InvalidInputError(`Invalid policy: ${details.map((d) => `${d.path}: ${d.message}`).join("; ")}`, details);
  }
  const v = form.data;
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const institution = await findInstitution(actor.institutionId, tx);
    if (!institution) throw new NotFoundError("Institution");
    const before = await institutionPolicy(actor.institutionId, tx);
    const override = {
      version: `${institution.slug}-${now.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-")}`,
      recommendation: Object.fromEntries(RESIDUAL_LEVELS.map((l) => [l, v[`recommendation.${l}`]])),
      validityMonths: Object.fromEntries(RESIDUAL_LEVELS.map((l) => [l, v[`validityMonths.${l}`]])),
      sectionFloorRaise: v.sectionFloorRaise === "on",
    };
    const checked = parsePolicyOverride(override);
    if (!checked.ok) {
      // parsePolicyOverride names the field: `policy field "recommendation.high": …`.
      const path = /"([a-zA-Z.]+)"/.exec(checked.error)?.[1] ?? "policy";
      throw new InvalidInputError(checked.error, [{ path, message: checked.error }]);
    }
    await updateInstitution(actor.institutionId, { policy: checked.policy, financialCrimeEmail: v.financialCrimeEmail }, tx);
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        actorType: "user",
        actorId: actor.userId,
        action: "policy.updated",
        subjectType: "institution",
        subjectId: actor.institutionId,
        before: { policy: before, financialCrimeEmail: institution.financialCrimeEmail },
        after: { policy: checked.policy, financialCrimeEmail: v.financialCrimeEmail },
        now,
      },
      tx,
    );
    return { policy: checked.policy };
  });
}

/** The institution's time zone (issue 17): an IANA name this runtime knows, as Intl lists them. */
export const TimeZoneFormSchema = z.object({
  timeZone: z
    .string({ error: "policy.error.timeZone" })
    .trim()
    .refine((v) => isTimeZone(v), { error: "policy.error.timeZone" }),
});

/**
 * Sets the zone in which notifications and e-mails write dates and times. A setting of the
 * institution, not of the policy: it does not stamp a new policy version. Audited.
 */
export async function updateTimeZone(actor: Actor, input: Record<string, string>, now: Date): Promise<{ timeZone: string }> {
  const form = TimeZoneFormSchema.safeParse(input);
  if (!form.success) throw new InvalidInputError("Choose a time zone from the list", [{ path: "timeZone", message: "policy.error.timeZone" }]);
  const { timeZone } = form.data;
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const institution = await findInstitution(actor.institutionId, tx);
    if (!institution) throw new NotFoundError("Institution");
    if (institution.timeZone !== timeZone) {
      await updateInstitution(actor.institutionId, { timeZone }, tx);
      await appendAuditEvent(
        { institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "institution.time-zone-updated", subjectType: "institution", subjectId: actor.institutionId, before: { timeZone: institution.timeZone }, after: { timeZone }, now },
        tx,
      );
    }
    return { timeZone };
  });
}
