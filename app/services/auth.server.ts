// Sign-in, sign-out, step-up and institution switching.
//
// Lockout rule: 5 consecutive failed password checks (sign-in or step-up) lock the account for 15
// minutes. The count and the lock are decided atomically with the check: before a password is
// hashed, one IMMEDIATE transaction takes the next attempt slot (refusing while locked), and the
// slot that reaches 5 locks the account at once. So however many attempts run in parallel, in
// this process or another, at most 5 passwords are checked per lock window. A correct password
// frees the slots again. Every attempt is audited in the user's institutions (or the "system"
// chain for an unknown address). Password hashing happens between the transactions, which stay
// synchronous.
//
// Nothing a stranger sees tells accounts apart: an unknown address, a wrong password, a locked
// account and a deactivated account (even with the right password) all answer "invalid", after
// the same scrypt work.
import { reads, write, type Tx } from "~/db.server";
import { verifyPassword } from "~/auth/password.server";
import { prepareStaffSession, type PendingSignIn, type StaffContext } from "~/auth/session.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { deleteSession, deleteSessionsOfUser, deleteExpiredSessions, insertSession, updateSession } from "~/repositories/sessions.server";
import {
  findUserByEmailForSignIn,
  findUserById,
  institutionsOfUser,
  memberInstitutionIds,
  updateUser,
  type User,
} from "~/repositories/users.server";
import { ForbiddenError } from "~/domain/errors";
import { StepUpCodeSchema, StepUpSchema } from "~/schemas/auth";
import { findTotpCredential } from "~/repositories/second-factors.server";
import { auditCodeFailure, auditCodeUse, checkSecondFactorInTx } from "./second-factors.server";

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;

/**
 * `secondFactorPending`: the password was right, and the person has a second factor: the cookie
 * names a session that signs nobody in until /login/code takes the code.
 */
export type SignInResult = { ok: true; cookie: string; userId: string; institutionId: string; secondFactorPending: boolean } | { ok: false; reason: "invalid" };

async function auditInAllInstitutions(user: User | undefined, action: string, after: unknown, now: Date, tx: Tx): Promise<void> {
  // Every institution the person belongs to, deactivated there or not: a bank sees attempts by
  // someone it deactivated.
  const institutions = user ? (await memberInstitutionIds(user.id, tx)).map((id) => ({ id })) : [];
  if (institutions.length === 0) {
    await appendAuditEvent({ institutionId: null, actorType: "system", actorId: user?.id ?? null, action, subjectType: "user", subjectId: user?.id ?? null, after, now }, tx);
    return;
  }
  for (const institution of institutions) {
    await appendAuditEvent({ institutionId: institution.id, actorType: user ? "user" : "system", actorId: user?.id ?? null, action, subjectType: "user", subjectId: user?.id ?? null, after, now }, tx);
  }
}

type AttemptSlot = { ok: true; slot: number; locks: boolean } | { ok: false; lockedUntil: string };

/**
 * Takes the next password-check slot for the user, inside the caller's IMMEDIATE transaction:
 * refused while the account is locked; an expired lock starts a new window; the slot that
 * reaches MAX_FAILED_SIGN_INS locks the account now (before its own check runs). The slot counts
 * as a failure until `releaseAttempts` (a correct password) frees it.
 */
async function reserveAttempt(userId: string, now: Date, tx: Tx): Promise<AttemptSlot> {
  const user = await findUserById(userId, tx);
  if (!user) return { ok: false, lockedUntil: now.toISOString() };
  const nowIso = now.toISOString();
  if (user.lockedUntil && user.lockedUntil > nowIso) return { ok: false, lockedUntil: user.lockedUntil };
  const slot = (user.lockedUntil ? 0 : user.failedLoginCount) + 1;
  const locks = slot >= MAX_FAILED_SIGN_INS;
  const lockedUntil = locks ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
  await updateUser(user.id, { failedLoginCount: slot, lockedUntil, updatedAt: nowIso }, tx);
  return { ok: true, slot, locks };
}

async function releaseAttempts(userId: string, now: Date, tx: Tx): Promise<void> {
  await updateUser(userId, { failedLoginCount: 0, lockedUntil: null, updatedAt: now.toISOString() }, tx);
}

/** After a failed check: audit it, and the lock when this slot set it and no success lifted it. */
async function recordFailure(user: User, action: string, slot: number, locks: boolean, after: Record<string, unknown>, now: Date, tx: Tx): Promise<void> {
  await auditInAllInstitutions(user, action, { ...after, consecutiveFailures: slot }, now, tx);
  const current = await findUserById(user.id, tx);
  if (locks && current?.lockedUntil && current.lockedUntil > now.toISOString()) {
    await auditInAllInstitutions(user, "auth.account.locked", { ...after, lockedUntil: current.lockedUntil }, now, tx);
  }
}

const INVALID: SignInResult = { ok: false, reason: "invalid" };

export async function signIn(input: { email: string; password: string; userAgent: string | null; now: Date }): Promise<SignInResult> {
  const { now } = input;
  const email = input.email.trim().toLowerCase();
  // Synchronous up to the first await: the slot is taken before any other attempt can run.
  // Sign-in rows are the person's, across institutions: a system-wide write.
  const attempt = await write({ institutionId: null }, async (tx) => {
    const user = await findUserByEmailForSignIn(email, tx);
    if (!user) return { user: undefined, slot: undefined };
    const slot = await reserveAttempt(user.id, now, tx);
    if (!slot.ok) await auditInAllInstitutions(user, "auth.sign-in.refused-locked", { email }, now, tx);
    return { user, slot };
  });
  const { user, slot } = attempt;
  if (!user || !slot) {
    await verifyPassword(input.password, null);
    await write({ institutionId: null }, async (tx) => auditInAllInstitutions(undefined, "auth.sign-in.failed", { email }, now, tx));
    return INVALID;
  }
  if (!slot.ok) {
    // Locked: no check, but the same work and the same answer as a wrong password.
    await verifyPassword(input.password, null);
    return INVALID;
  }
  const passwordOk = await verifyPassword(input.password, user.passwordHash ?? null);

  const result = await write({ institutionId: null }, async (tx): Promise<SignInResult | { institutionId: string }> => {
    const current = await findUserById(user.id, tx);
    if (!current || !passwordOk) {
      await recordFailure(user, "auth.sign-in.failed", slot.slot, slot.locks, { email }, now, tx);
      return INVALID;
    }
    const institutions = await institutionsOfUser(current.id, tx);
    if (!current.isActive || institutions.length === 0) {
      // The right password, but nowhere to act: deactivated (here or everywhere), or a member of
      // no institution. Audited for the bank; answered like a wrong password. The slot stays.
      if (!current.isActive || (await memberInstitutionIds(current.id, tx)).length > 0) {
        await auditInAllInstitutions(current, "auth.sign-in.refused-deactivated", { email }, now, tx);
      } else {
        await auditInAllInstitutions(current, "auth.sign-in.refused-no-institution", { email }, now, tx);
      }
      return INVALID;
    }
    return { institutionId: institutions[0]!.id };
  });
  if (!("institutionId" in result)) return result;

  const { institutionId } = result;
  const secondFactorPending = Boolean((await findTotpCredential(user.id, reads()))?.confirmedAt);
  const session = await prepareStaffSession({ userId: user.id, institutionId, userAgent: input.userAgent, now, isSecondFactorPending: secondFactorPending });
  await write({ institutionId }, async (tx) => {
    await insertSession(session.row, tx);
    await releaseAttempts(user.id, now, tx);
    await deleteExpiredSessions(user.id, now.toISOString(), tx);
    await auditInAllInstitutions(user, secondFactorPending ? "auth.sign-in.password-accepted" : "auth.sign-in.succeeded", { email }, now, tx);
  });
  return { ok: true, cookie: session.cookie, userId: user.id, institutionId, secondFactorPending };
}

export type CodeSignInResult = { ok: true; cookie: string } | { ok: false; reason: "wrong" | "locked" | "expired" };

/**
 * The second step of a sign-in: an authenticator or recovery code for the pending session. A
 * right code replaces the pending session with a full one (a new id, so the cookie seen before
 * the code signs nobody in); a wrong one counts toward the person's code limit.
 */
export async function completeSignInWithCode(pending: PendingSignIn, code: string, userAgent: string | null, now: Date): Promise<CodeSignInResult> {
  const session = await prepareStaffSession({ userId: pending.userId, institutionId: pending.institutionId, userAgent, now });
  return await write({ institutionId: pending.institutionId }, async (tx): Promise<CodeSignInResult> => {
    const user = await findUserById(pending.userId, tx);
    if (!user || !user.isActive) return { ok: false, reason: "expired" };
    const check = await checkSecondFactorInTx(user.id, code, { allowRecovery: true }, now, tx);
    if (!check.ok) {
      if (check.reason === "no-factor") return { ok: false, reason: "expired" };
      await auditCodeFailure(pending.institutionId, user.id, "sign-in", check, now, tx);
      return { ok: false, reason: check.reason === "locked" ? "locked" : "wrong" };
    }
    await deleteSession(pending.sessionIdHash, tx);
    await insertSession(session.row, tx);
    await auditCodeUse(pending.institutionId, user.id, "sign-in", check.method, now, tx);
    await auditInAllInstitutions(user, "auth.sign-in.succeeded", { email: user.email, secondFactor: check.method }, now, tx);
    return { ok: true, cookie: session.cookie };
  });
}

export async function signOut(staff: StaffContext, now: Date): Promise<void> {
  await write({ institutionId: staff.institutionId }, async (tx) => {
    await deleteSession(staff.sessionIdHash, tx);
    await appendAuditEvent({ institutionId: staff.institutionId, actorType: "user", actorId: staff.userId, action: "auth.sign-out", subjectType: "user", subjectId: staff.userId, now }, tx);
  });
}

export async function signOutEverywhere(staff: StaffContext, now: Date): Promise<number> {
  return await write({ institutionId: staff.institutionId }, async (tx) => {
    const ended = await deleteSessionsOfUser(staff.userId, tx);
    await appendAuditEvent({ institutionId: staff.institutionId, actorType: "user", actorId: staff.userId, action: "auth.sign-out-everywhere", subjectType: "user", subjectId: staff.userId, after: { sessionsEnded: ended }, now }, tx);
    return ended;
  });
}

/**
 * Proof that the staff member typed their current password for one action in this request. Only
 * `verifyStepUp` makes one (the WeakSet below tells its objects from look-alikes); services that
 * act "at the moment of decision" take it and check it with `isStepUpFor`.
 */
export type StepUpProof = { readonly userId: string; readonly sessionIdHash: string; readonly purpose: string; readonly confirmedAt: string };

const issuedProofs = new WeakSet<object>();
/** A proof is for the request that made it: older than this, it is refused. */
const PROOF_MAX_AGE_MS = 60_000;

export function isStepUpFor(proof: unknown, userId: string, now: Date): proof is StepUpProof {
  if (typeof proof !== "object" || proof === null || !issuedProofs.has(proof)) return false;
  const p = proof as StepUpProof;
  const age = now.getTime() - new Date(p.confirmedAt).getTime();
  return p.userId === userId && age >= -PROOF_MAX_AGE_MS && age <= PROOF_MAX_AGE_MS;
}

export type StepUpResult = { ok: true; proof: StepUpProof } | { ok: false; locked: boolean };

/** Who a step-up is for: the signed-in staff member (fields beyond these are ignored). */
export type StepUpActor = Pick<StaffContext, "userId" | "institutionId" | "sessionIdHash"> & Partial<StaffContext>;

function issueProof(staff: StepUpActor, purpose: string, now: Date): StepUpProof {
  const proof: StepUpProof = Object.freeze({ userId: staff.userId, sessionIdHash: staff.sessionIdHash, purpose, confirmedAt: now.toISOString() });
  issuedProofs.add(proof);
  return proof;
}

/**
 * The step-up of someone with an authenticator app: its current code, in the same post as the
 * action, instead of the password. Rate limited and single-use like every code; a use and a
 * failure are both audited (auth.second-factor.used / failed, with the purpose).
 */
export async function verifyStepUpCode(staff: StepUpActor, code: string, purpose: string, now: Date): Promise<StepUpResult> {
  const ok = await write({ institutionId: staff.institutionId }, async (tx) => {
    const check = await checkSecondFactorInTx(staff.userId, code, { allowRecovery: false }, now, tx);
    if (!check.ok) {
      if (check.reason !== "no-factor") await auditCodeFailure(staff.institutionId, staff.userId, purpose, check, now, tx);
      return check.reason === "locked" ? "locked" : "wrong";
    }
    await updateSession(staff.sessionIdHash, { verifiedAt: now.toISOString() }, tx);
    await auditCodeUse(staff.institutionId, staff.userId, purpose, check.method, now, tx);
    return "ok";
  });
  if (ok !== "ok") return { ok: false, locked: ok === "locked" };
  return { ok: true, proof: issueProof(staff, purpose, now) };
}

/**
 * Checks the password the staff member re-entered for `purpose` (e.g. "decision.approve"). It
 * counts toward the lockout exactly like a sign-in: a wrong one takes a slot, a locked account is
 * refused without a check (same work, same answer), a right one frees the slots and moves the
 * session's verifiedAt to now. Failures are audited (auth.step-up.failed / refused-locked); a
 * success is audited as auth.step-up.succeeded only when asked (`auditSuccess`): a step-up that
 * carries an action is recorded by that action's own audit event, and by nothing if it fails.
 */
export async function verifyStepUp(staff: StepUpActor, password: string, purpose: string, now: Date, opts: { auditSuccess?: boolean } = {}): Promise<StepUpResult> {
  const attempt = await write({ institutionId: staff.institutionId }, async (tx) => {
    const user = await findUserById(staff.userId, tx);
    if (!user) return { user: undefined, slot: undefined };
    const slot = await reserveAttempt(user.id, now, tx);
    if (!slot.ok) {
      await appendAuditEvent({ institutionId: staff.institutionId, actorType: "user", actorId: staff.userId, action: "auth.step-up.refused-locked", subjectType: "user", subjectId: staff.userId, after: { purpose }, now }, tx);
    }
    return { user, slot };
  });
  const { user, slot } = attempt;
  if (!user || !slot || !slot.ok) {
    await verifyPassword(password, null);
    return { ok: false, locked: true };
  }
  const ok = await verifyPassword(password, user.passwordHash ?? null);
  await write({ institutionId: staff.institutionId }, async (tx) => {
    if (ok) {
      await releaseAttempts(user.id, now, tx);
      await updateSession(staff.sessionIdHash, { verifiedAt: now.toISOString() }, tx);
      if (opts.auditSuccess) {
        await appendAuditEvent({ institutionId: staff.institutionId, actorType: "user", actorId: staff.userId, action: "auth.step-up.succeeded", subjectType: "user", subjectId: staff.userId, after: { purpose }, now }, tx);
      }
      return;
    }
    await appendAuditEvent({ institutionId: staff.institutionId, actorType: "user", actorId: staff.userId, action: "auth.step-up.failed", subjectType: "user", subjectId: staff.userId, after: { purpose, consecutiveFailures: slot.slot }, now }, tx);
    const current = await findUserById(user.id, tx);
    if (slot.locks && current?.lockedUntil && current.lockedUntil > now.toISOString()) {
      await auditInAllInstitutions(user, "auth.account.locked", { purpose, lockedUntil: current.lockedUntil }, now, tx);
    }
  });
  if (!ok) return { ok: false, locked: false };
  return { ok: true, proof: issueProof(staff, purpose, now) };
}

export type StepUpError = "stepUp.required" | "stepUp.invalid" | "stepUp.locked" | "stepUp.codeRequired" | "stepUp.codeInvalid" | "stepUp.codeLocked";
export type StepUpFormResult = { ok: true; proof: StepUpProof } | { ok: false; status: 400 | 401; error: StepUpError };

/**
 * The step-up of a form post: its `code` field when the staff member has an authenticator app,
 * else its `password` field (400 when missing or blank, 401 when wrong, with the i18n key for the
 * field's error). A route calls this before it changes anything.
 */
export async function stepUpFromForm(staff: StaffContext, formData: FormData, purpose: string, now: Date): Promise<StepUpFormResult> {
  if (staff.secondFactor === "totp") {
    const code = StepUpCodeSchema.safeParse({ code: formData.get("code") ?? undefined });
    if (!code.success) return { ok: false, status: 400, error: "stepUp.codeRequired" };
    const result = await verifyStepUpCode(staff, code.data.code, purpose, now);
    if (result.ok) return result;
    return { ok: false, status: 401, error: result.locked ? "stepUp.codeLocked" : "stepUp.codeInvalid" };
  }
  const parsed = StepUpSchema.safeParse({ password: formData.get("password") ?? undefined });
  if (!parsed.success) return { ok: false, status: 400, error: "stepUp.required" };
  const result = await verifyStepUp(staff, parsed.data.password, purpose, now);
  if (result.ok) return result;
  // The staff member is signed in, so saying that the account is paused reveals nothing.
  return { ok: false, status: 401, error: result.locked ? "stepUp.locked" : "stepUp.invalid" };
}

/** The stand-alone "confirm your password" page. */
export async function confirmPassword(staff: StaffContext, password: string, now: Date): Promise<boolean> {
  return (await verifyStepUp(staff, password, "confirm-password", now, { auditSuccess: true })).ok;
}

export async function switchInstitution(staff: StaffContext, institutionId: string, now: Date): Promise<void> {
  await write({ institutionId: institutionId }, async (tx) => {
    const allowed = (await institutionsOfUser(staff.userId, tx)).some((i) => i.id === institutionId);
    if (!allowed) throw new ForbiddenError("You have no role in that institution");
    await updateSession(staff.sessionIdHash, { institutionId }, tx);
    await appendAuditEvent({ institutionId, actorType: "user", actorId: staff.userId, action: "auth.institution-switched", subjectType: "user", subjectId: staff.userId, before: { institutionId: staff.institutionId }, after: { institutionId }, now }, tx);
  });
}

