// Staff second factors (issue 19): enrolling an authenticator app (TOTP, RFC 6238) with ten
// single-use recovery codes, checking a code, an admin's reset of a colleague's factor, and the
// institution's rule on who must have one. Every enrolment, use, failure and reset is audited in
// the same write as the change.
//
// Codes are limited per person (MAX_SECOND_FACTOR_FAILURES wrong codes pause the factor), and an
// accepted TOTP code's time step is stored: that code, and any earlier one, is refused after.
import QRCode from "qrcode";
import { reads, write, type Tx, lockScope } from "~/db.server";
import { seal, unseal } from "~/api/sealing.server";
import { checkTotp, newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpUri } from "~/auth/second-factor.server";
import type { StaffContext } from "~/auth/session.server";
import type { Role } from "~/auth/permissions";
import { newId } from "~/ids.server";
import { translate } from "~/i18n";
import { getEnv } from "~/env.server";
import { ConflictError, InvalidInputError, NotFoundError } from "~/domain/errors";
import { normalizeRecoveryCode, normalizeTotpCode, takeAttempt, type SecondFactorPolicy } from "~/domain/second-factor";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { findInstitution } from "~/repositories/institutions.server";
import {
  countUnusedRecoveryCodes,
  deleteSecondFactors,
  findSecondFactorRule,
  findTotpCredential,
  replacePendingTotp,
  replaceRecoveryCodes,
  updateSecondFactorRule,
  updateTotpCredential,
  useRecoveryCode,
} from "~/repositories/second-factors.server";
import { deleteSessionsOfUser } from "~/repositories/sessions.server";
import { findMember, findUserById } from "~/repositories/users.server";
import { enqueueEmail } from "./outbox.server";

type Actor = Pick<StaffContext, "institutionId" | "userId">;

export type CodeCheck =
  | { ok: true; method: "totp" | "recovery-code" }
  | { ok: false; reason: "malformed" | "wrong" | "replayed" | "locked" | "no-factor"; consecutiveFailures?: number; locks?: boolean; lockedUntil?: string };

/**
 * Checks a code against the person's confirmed factor inside the caller's write: a six-digit
 * authenticator code, or (when `allowRecovery`) a recovery code, which is spent. Every check
 * takes an attempt slot (a malformed entry too), and a right code frees them.
 * The caller audits the outcome (its own action names what the code was for).
 */
export async function checkSecondFactorInTx(userId: string, input: string, opts: { allowRecovery: boolean }, now: Date, tx: Tx): Promise<CodeCheck> {
  // A person's factor serves every institution they belong to: its attempts and last used step
  // are read and written under the person's own lock (PostgreSQL; SQLite writes are serial).
  await lockScope(tx, `user:${userId}`);
  const credential = await findTotpCredential(userId, tx);
  if (!credential?.confirmedAt) return { ok: false, reason: "no-factor" };
  const { decision, next } = takeAttempt(credential, now);
  if (!decision.allowed) return { ok: false, reason: "locked", lockedUntil: decision.lockedUntil };
  const failure = (reason: "malformed" | "wrong" | "replayed"): CodeCheck => ({ ok: false, reason, consecutiveFailures: decision.slot, locks: decision.locks, ...(next.lockedUntil ? { lockedUntil: next.lockedUntil } : {}) });
  const totpCode = normalizeTotpCode(input);
  const recoveryCode = opts.allowRecovery && !totpCode ? normalizeRecoveryCode(input) : null;
  if (!totpCode && !recoveryCode) {
    // Not a code at all still counts: a guess is a guess, whatever its shape.
    await updateTotpCredential(userId, next, tx);
    return failure("malformed");
  }
  const nowIso = now.toISOString();
  if (totpCode) {
    const result = checkTotp(unseal(credential.secretSealed, "totp-secret"), totpCode, now, credential.lastUsedStep);
    if (result.ok) {
      await updateTotpCredential(userId, { lastUsedStep: result.step, failedAttempts: 0, lockedUntil: null }, tx);
      return { ok: true, method: "totp" };
    }
    await updateTotpCredential(userId, next, tx);
    return failure(result.reason);
  }
  if (await useRecoveryCode(userId, recoveryCodeHash(recoveryCode!), nowIso, tx)) {
    await updateTotpCredential(userId, { failedAttempts: 0, lockedUntil: null }, tx);
    return { ok: true, method: "recovery-code" };
  }
  await updateTotpCredential(userId, next, tx);
  return failure("wrong");
}

/** The audit events of a failed check: the failure, and the pause when this attempt set it. */
export async function auditCodeFailure(institutionId: string, userId: string, purpose: string, check: Extract<CodeCheck, { ok: false }>, now: Date, tx: Tx): Promise<void> {
  const base = { institutionId, actorType: "user" as const, actorId: userId, subjectType: "user", subjectId: userId, now };
  if (check.reason === "locked") {
    await appendAuditEvent({ ...base, action: "auth.second-factor.refused-locked", after: { purpose, lockedUntil: check.lockedUntil } }, tx);
    return;
  }
  await appendAuditEvent({ ...base, action: "auth.second-factor.failed", after: { purpose, reason: check.reason, consecutiveFailures: check.consecutiveFailures ?? 0 } }, tx);
  if (check.locks) await appendAuditEvent({ ...base, action: "auth.second-factor.locked", after: { purpose, lockedUntil: check.lockedUntil } }, tx);
}

export async function auditCodeUse(institutionId: string, userId: string, purpose: string, method: "totp" | "recovery-code", now: Date, tx: Tx): Promise<void> {
  await appendAuditEvent({ institutionId, actorType: "user", actorId: userId, action: "auth.second-factor.used", subjectType: "user", subjectId: userId, after: { purpose, method }, now }, tx);
}

export type SecondFactorStatus = { state: "none" } | { state: "pending"; secret: string; uri: string; qrDataUrl: string } | { state: "enrolled"; confirmedAt: string; recoveryCodesLeft: number };

/** What the enrolment page shows: nothing yet, the pending secret (as QR and text), or done. */
export async function secondFactorStatus(staff: Pick<StaffContext, "userId" | "email">): Promise<SecondFactorStatus> {
  const db = reads();
  const credential = await findTotpCredential(staff.userId, db);
  if (!credential) return { state: "none" };
  if (credential.confirmedAt) return { state: "enrolled", confirmedAt: credential.confirmedAt, recoveryCodesLeft: await countUnusedRecoveryCodes(staff.userId, db) };
  const secret = unseal(credential.secretSealed, "totp-secret");
  const uri = totpUri(secret, staff.email, "Provenant");
  return { state: "pending", secret, uri, qrDataUrl: await QRCode.toDataURL(uri, { errorCorrectionLevel: "M", margin: 2, width: 220 }) };
}

/** Starts an enrolment (the route has checked the password): a new secret, sealed, unconfirmed. */
export async function startTotpEnrolment(staff: Actor, now: Date): Promise<void> {
  const sealed = seal(newTotpSecret(), "totp-secret");
  await write({ institutionId: staff.institutionId }, async (tx) => {
    if ((await findTotpCredential(staff.userId, tx))?.confirmedAt) throw new ConflictError("An authenticator app is already set up");
    await replacePendingTotp(staff.userId, sealed, now.toISOString(), tx);
    await appendAuditEvent({ institutionId: staff.institutionId, actorType: "user", actorId: staff.userId, action: "auth.second-factor.enrolment-started", subjectType: "user", subjectId: staff.userId, after: { method: "totp" }, now }, tx);
  });
}

export type ConfirmResult = { ok: true; recoveryCodes: string[] } | { ok: false; reason: "malformed" | "wrong" | "locked" | "not-started" };

/**
 * Confirms an enrolment with the first code from the app: the factor is on from now, and the
 * ten recovery codes are returned to be shown once (only their keyed hashes are kept).
 */
export async function confirmTotpEnrolment(staff: Actor, input: string, now: Date): Promise<ConfirmResult> {
  const codes = newRecoveryCodes();
  return await write({ institutionId: staff.institutionId }, async (tx): Promise<ConfirmResult> => {
    const credential = await findTotpCredential(staff.userId, tx);
    if (!credential) return { ok: false, reason: "not-started" };
    if (credential.confirmedAt) throw new ConflictError("An authenticator app is already set up");
    const { decision, next } = takeAttempt(credential, now);
    const base = { institutionId: staff.institutionId, actorType: "user" as const, actorId: staff.userId, subjectType: "user", subjectId: staff.userId, now };
    if (!decision.allowed) {
      await appendAuditEvent({ ...base, action: "auth.second-factor.refused-locked", after: { purpose: "enrolment", lockedUntil: decision.lockedUntil } }, tx);
      return { ok: false, reason: "locked" };
    }
    const code = normalizeTotpCode(input);
    const result = code ? checkTotp(unseal(credential.secretSealed, "totp-secret"), code, now, null) : ({ ok: false, reason: "malformed" } as const);
    if (!result.ok) {
      await updateTotpCredential(staff.userId, next, tx);
      await appendAuditEvent({ ...base, action: "auth.second-factor.enrolment-failed", after: { method: "totp", reason: result.reason, consecutiveFailures: decision.slot } }, tx);
      if (decision.locks) await appendAuditEvent({ ...base, action: "auth.second-factor.locked", after: { purpose: "enrolment", lockedUntil: next.lockedUntil } }, tx);
      return { ok: false, reason: result.reason === "malformed" ? "malformed" : "wrong" };
    }
    const nowIso = now.toISOString();
    await updateTotpCredential(staff.userId, { confirmedAt: nowIso, lastUsedStep: result.step, failedAttempts: 0, lockedUntil: null }, tx);
    await replaceRecoveryCodes(staff.userId, codes.map((c) => ({ id: newId(), codeHash: recoveryCodeHash(normalizeRecoveryCode(c)!) })), nowIso, tx);
    await appendAuditEvent({ ...base, action: "auth.second-factor.enrolled", after: { method: "totp", recoveryCodes: codes.length } }, tx);
    return { ok: true, recoveryCodes: codes };
  });
}

/**
 * An admin removes a colleague's second factor (a lost phone): the authenticator and recovery
 * codes go, the person's sessions end, and they are told by e-mail. Never one's own: a lost
 * factor is not a way round it. The route has checked the admin's step-up.
 */
export async function resetSecondFactor(actor: Actor & Pick<StaffContext, "name">, userId: string, now: Date): Promise<void> {
  await write({ institutionId: actor.institutionId }, async (tx) => {
    const member = await findMember(actor.institutionId, userId, tx);
    if (!member) throw new NotFoundError("User");
    if (userId === actor.userId) throw new InvalidInputError("Another administrator must reset your second factor", [{ path: "userId", message: "form.selfSecondFactorReset" }]);
    const user = await findUserById(userId, tx);
    const institution = await findInstitution(actor.institutionId, tx);
    if (!user || !institution) throw new NotFoundError("User");
    const { hadTotp } = await deleteSecondFactors(userId, tx);
    if (!hadTotp) throw new ConflictError("This person has no second factor to reset");
    const sessionsEnded = await deleteSessionsOfUser(userId, tx);
    const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string>) => translate(user.language, key, vars);
    await enqueueEmail(
      {
        institutionId: actor.institutionId,
        kind: "user.second-factor-reset",
        to: user.email,
        subject: t("email.secondFactorReset.subject", { institution: institution.name }),
        body: t("email.secondFactorReset.body", { name: user.name, admin: actor.name, institution: institution.name, link: `${getEnv().publicUrl}/login` }),
        language: user.language,
        now,
      },
      tx,
    );
    await appendAuditEvent({ institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "auth.second-factor.reset", subjectType: "user", subjectId: userId, before: { method: "totp" }, after: { sessionsEnded }, now }, tx);
  });
}

export async function secondFactorRule(institutionId: string) {
  return await findSecondFactorRule(institutionId, reads());
}

/** The institution's rule: off, every member, or the members holding one of `roles`. */
export async function setSecondFactorRule(actor: Actor, rule: { policy: SecondFactorPolicy; roles: Role[] }, now: Date): Promise<void> {
  if (rule.policy === "roles" && rule.roles.length === 0) throw new InvalidInputError("Choose at least one role", [{ path: "roles", message: "form.chooseRole" }]);
  await write({ institutionId: actor.institutionId }, async (tx) => {
    const before = await findSecondFactorRule(actor.institutionId, tx);
    const roles = rule.policy === "roles" ? rule.roles : [];
    await updateSecondFactorRule(actor.institutionId, { policy: rule.policy, roles }, tx);
    await appendAuditEvent({ institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "institution.second-factor-rule-changed", subjectType: "institution", subjectId: actor.institutionId, before, after: { policy: rule.policy, roles }, now }, tx);
  });
}
