// Sign-in, sign-out, step-up and institution switching. Lockout rule: 5 consecutive failed
// sign-ins lock the account for 15 minutes; every attempt is audited in the user's institutions
// (or the "system" chain for an unknown address). Password hashing happens before the
// transaction, which stays synchronous.
import { inTransaction, type Tx } from "~/db.server";
import { verifyPassword } from "~/auth/password.server";
import { prepareStaffSession, type StaffContext } from "~/auth/session.server";
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

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;

export type SignInResult =
  | { ok: true; cookie: string; userId: string; institutionId: string }
  | { ok: false; reason: "invalid" | "deactivated" | "no-institution" }
  | { ok: false; reason: "locked"; until: string };

function auditInAllInstitutions(user: User | undefined, action: string, after: unknown, now: Date, tx: Tx): void {
  // Every institution the person belongs to, deactivated there or not: a bank sees attempts by
  // someone it deactivated.
  const institutions = user ? memberInstitutionIds(user.id, tx).map((id) => ({ id })) : [];
  if (institutions.length === 0) {
    appendAuditEvent({ institutionId: null, actorType: "system", actorId: user?.id ?? null, action, subjectType: "user", subjectId: user?.id ?? null, after, now }, tx);
    return;
  }
  for (const institution of institutions) {
    appendAuditEvent({ institutionId: institution.id, actorType: user ? "user" : "system", actorId: user?.id ?? null, action, subjectType: "user", subjectId: user?.id ?? null, after, now }, tx);
  }
}

export async function signIn(input: { email: string; password: string; userAgent: string | null; now: Date }): Promise<SignInResult> {
  const { now } = input;
  const email = input.email.trim().toLowerCase();
  const candidate = inTransaction((tx) => findUserByEmailForSignIn(email, tx));
  if (candidate?.lockedUntil && candidate.lockedUntil > now.toISOString()) {
    inTransaction((tx) => auditInAllInstitutions(candidate, "auth.sign-in.refused-locked", { email }, now, tx));
    return { ok: false, reason: "locked", until: candidate.lockedUntil };
  }
  const passwordOk = await verifyPassword(input.password, candidate?.passwordHash ?? null);

  const result = inTransaction((tx): SignInResult | "create-session" => {
    const user = candidate ? findUserById(candidate.id, tx) : undefined;
    if (!user || !passwordOk) {
      if (user) {
        const failed = user.failedLoginCount + 1;
        const lock = failed >= MAX_FAILED_SIGN_INS;
        const lockedUntil = lock ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : user.lockedUntil;
        updateUser(user.id, { failedLoginCount: lock ? 0 : failed, lockedUntil, updatedAt: now.toISOString() }, tx);
        auditInAllInstitutions(user, "auth.sign-in.failed", { email, consecutiveFailures: failed }, now, tx);
        if (lock) {
          auditInAllInstitutions(user, "auth.account.locked", { email, lockedUntil }, now, tx);
          return { ok: false, reason: "locked", until: lockedUntil! };
        }
      } else {
        auditInAllInstitutions(undefined, "auth.sign-in.failed", { email }, now, tx);
      }
      return { ok: false, reason: "invalid" };
    }
    if (!user.isActive) {
      auditInAllInstitutions(user, "auth.sign-in.refused-deactivated", { email }, now, tx);
      return { ok: false, reason: "deactivated" };
    }
    if (institutionsOfUser(user.id, tx).length === 0) {
      // No institution to act in, yet a member somewhere: deactivated in every institution they
      // belong to. Say so, as for a deactivated person.
      if (memberInstitutionIds(user.id, tx).length > 0) {
        auditInAllInstitutions(user, "auth.sign-in.refused-deactivated", { email }, now, tx);
        return { ok: false, reason: "deactivated" };
      }
      return { ok: false, reason: "no-institution" };
    }
    return "create-session";
  });
  if (result !== "create-session") return result;

  const user = candidate!;
  const institutionId = inTransaction((tx) => institutionsOfUser(user.id, tx)[0]!.id);
  const session = await prepareStaffSession({ userId: user.id, institutionId, userAgent: input.userAgent, now });
  inTransaction((tx) => {
    insertSession(session.row, tx);
    updateUser(user.id, { failedLoginCount: 0, lockedUntil: null, updatedAt: now.toISOString() }, tx);
    deleteExpiredSessions(user.id, now.toISOString(), tx);
    auditInAllInstitutions(user, "auth.sign-in.succeeded", { email }, now, tx);
  });
  return { ok: true, cookie: session.cookie, userId: user.id, institutionId };
}

export function signOut(staff: StaffContext, now: Date): void {
  inTransaction((tx) => {
    deleteSession(staff.sessionIdHash, tx);
    appendAuditEvent({ institutionId: staff.institutionId, actorType: "user", actorId: staff.userId, action: "auth.sign-out", subjectType: "user", subjectId: staff.userId, now }, tx);
  });
}

export function signOutEverywhere(staff: StaffContext, now: Date): number {
  return inTransaction((tx) => {
    const ended = deleteSessionsOfUser(staff.userId, tx);
    appendAuditEvent({ institutionId: staff.institutionId, actorType: "user", actorId: staff.userId, action: "auth.sign-out-everywhere", subjectType: "user", subjectId: staff.userId, after: { sessionsEnded: ended }, now }, tx);
    return ended;
  });
}

export async function confirmPassword(staff: StaffContext, password: string, now: Date): Promise<boolean> {
  const user = inTransaction((tx) => findUserById(staff.userId, tx));
  const ok = await verifyPassword(password, user?.passwordHash ?? null);
  inTransaction((tx) => {
    if (ok) updateSession(staff.sessionIdHash, { verifiedAt: now.toISOString() }, tx);
    appendAuditEvent({ institutionId: staff.institutionId, actorType: "user", actorId: staff.userId, action: ok ? "auth.step-up.succeeded" : "auth.step-up.failed", subjectType: "user", subjectId: staff.userId, now }, tx);
  });
  return ok;
}

export function switchInstitution(staff: StaffContext, institutionId: string, now: Date): void {
  inTransaction((tx) => {
    const allowed = institutionsOfUser(staff.userId, tx).some((i) => i.id === institutionId);
    if (!allowed) throw new ForbiddenError("You have no role in that institution");
    updateSession(staff.sessionIdHash, { institutionId }, tx);
    appendAuditEvent({ institutionId, actorType: "user", actorId: staff.userId, action: "auth.institution-switched", subjectType: "user", subjectId: staff.userId, before: { institutionId: staff.institutionId }, after: { institutionId }, now }, tx);
  });
}

