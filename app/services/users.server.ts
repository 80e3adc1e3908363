// Institution users: invitations (through the outbox), roles, deactivation. Every change is
// audited in the same transaction. An institution always keeps one active admin.
// Deactivation is per membership: an admin deactivates a person in their own institution only,
// ending the sessions working there; the person's other institutions are not theirs to touch.
import { write } from "~/db.server";
import { getEnv } from "~/env.server";
import { newId, newToken, sha256Hex } from "~/ids.server";
import { hashPassword } from "~/auth/password.server";
import { prepareStaffSession, type StaffContext } from "~/auth/session.server";
import type { Role } from "~/auth/permissions";
import { translate, type Lang } from "~/i18n";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { findInstitution } from "~/repositories/institutions.server";
import {
  findInvitationByTokenHash,
  insertInvitation,
  markInvitationAccepted,
  revokeOpenInvitations,
} from "~/repositories/invitations.server";
import { deleteSessionsOfUserIn, insertSession } from "~/repositories/sessions.server";
import {
  countActiveAdmins,
  findMember,
  findUserByEmailForSignIn,
  findUserById,
  insertUser,
  isMemberOf,
  memberInstitutionIds,
  replaceRoles,
  setMembershipDeactivated,
  updateUser,
} from "~/repositories/users.server";
import { ConflictError, InvalidInputError, NotFoundError } from "~/domain/errors";
import { enqueueEmail } from "./outbox.server";

export const INVITATION_DAYS = 7;

type Actor = Pick<StaffContext, "institutionId" | "userId" | "name">;

type MembershipEmailInput = {
  institutionId: string;
  institutionName: string;
  inviterName: string;
  email: string;
  name: string;
  roles: Role[];
  language: Lang;
  now: Date;
};

/**
 * The e-mail telling someone an institution has given them roles: an invitation with a link to
 * set their first password (`token`), or, for someone who already signs in, word that they were
 * added, with a link to sign in.
 */
function membershipEmail(input: MembershipEmailInput & { invitation?: { token: string; expiresAt: Date } }) {
  const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string>) => translate(input.language, key, vars);
  const vars = {
    name: input.name,
    inviter: input.inviterName,
    institution: input.institutionName,
    roles: input.roles.map((r) => t(`role.${r}`)).join(", "),
  };
  const invitation = input.invitation;
  return {
    institutionId: input.institutionId,
    kind: invitation ? "user.invitation" : "user.added",
    to: input.email,
    subject: t(invitation ? "email.invite.subject" : "email.added.subject", { institution: input.institutionName }),
    body: invitation
      ? t("email.invite.body", { ...vars, expires: invitation.expiresAt.toISOString().slice(0, 10), link: `${getEnv().publicUrl}/invitations/${invitation.token}` })
      : t("email.added.body", { ...vars, link: `${getEnv().publicUrl}/login` }),
    language: input.language,
    now: input.now,
  };
}

export async function inviteUser(actor: Actor, input: { email: string; name: string; roles: Role[]; language: Lang }, now: Date): Promise<{ userId: string }> {
  const email = input.email.trim().toLowerCase();
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const institution = await findInstitution(actor.institutionId, tx);
    if (!institution) throw new NotFoundError("Institution");
    let user = await findUserByEmailForSignIn(email, tx);
    if (user && await isMemberOf(actor.institutionId, user.id, tx)) {
      throw new InvalidInputError("A user with this e-mail address already belongs to this institution", [{ path: "email", message: "form.emailTaken" }]);
    }
    // Someone another institution has invited but who has not yet set a password: whoever holds
    // a link sets that password, and this institution's admin can read its own outbox, so a
    // second invitation would let them take the account in the other institution too.
    if (user && !user.passwordHash && (await memberInstitutionIds(user.id, tx)).length > 0) {
      throw new InvalidInputError("This person has a pending invitation from another institution", [{ path: "email", message: "form.pendingElsewhere" }]);
    }
    if (!user) {
      const id = newId();
      await insertUser({ id, email, name: input.name.trim(), language: input.language, isActive: true, createdAt: now.toISOString(), updatedAt: now.toISOString() }, tx);
      user = (await findUserById(id, tx))!;
    }
    await replaceRoles(actor.institutionId, user.id, input.roles, now, newId, tx);
    if (user.passwordHash) {
      // Someone who already signs in elsewhere: no link to set a password (it could not, and must
      // not), just word that they can now switch to this institution.
      await enqueueEmail(membershipEmail({ institutionId: actor.institutionId, institutionName: institution.name, inviterName: actor.name, email, name: user.name, roles: input.roles, language: user.language, now }), tx);
      await appendAuditEvent({ institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "user.invited", subjectType: "user", subjectId: user.id, after: { email, name: user.name, roles: input.roles, existingAccount: true }, now }, tx);
      return { userId: user.id };
    }
    const token = newToken();
    const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 24 * 3600_000);
    await insertInvitation(
      { id: newId(), institutionId: actor.institutionId, userId: user.id, tokenHash: sha256Hex(token), invitedBy: actor.userId, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString(), acceptedAt: null, revokedAt: null },
      tx,
    );
    await enqueueEmail(membershipEmail({ institutionId: actor.institutionId, institutionName: institution.name, inviterName: actor.name, email, name: user.name, roles: input.roles, invitation: { token, expiresAt }, language: input.language, now }), tx);
    await appendAuditEvent({ institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "user.invited", subjectType: "user", subjectId: user.id, after: { email, name: user.name, roles: input.roles }, now }, tx);
    return { userId: user.id };
  });
}

export async function resendInvitation(actor: Actor, userId: string, now: Date): Promise<void> {
  await write({ institutionId: actor.institutionId }, async (tx) => {
    const institution = await findInstitution(actor.institutionId, tx);
    const member = await findMember(actor.institutionId, userId, tx);
    if (!institution || !member) throw new NotFoundError("User");
    if (member.hasPassword) throw new ConflictError("This user has already set a password");
    const user = (await findUserById(userId, tx))!;
    await revokeOpenInvitations(actor.institutionId, userId, now.toISOString(), tx);
    const token = newToken();
    const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 24 * 3600_000);
    await insertInvitation(
      { id: newId(), institutionId: actor.institutionId, userId, tokenHash: sha256Hex(token), invitedBy: actor.userId, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString(), acceptedAt: null, revokedAt: null },
      tx,
    );
    await enqueueEmail(membershipEmail({ institutionId: actor.institutionId, institutionName: institution.name, inviterName: actor.name, email: member.email, name: member.name, roles: member.roles, invitation: { token, expiresAt }, language: user.language, now }), tx);
    await appendAuditEvent({ institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "user.invitation-resent", subjectType: "user", subjectId: userId, now }, tx);
  });
}

export async function setRoles(actor: Actor, userId: string, roles: Role[], now: Date): Promise<void> {
  await write({ institutionId: actor.institutionId }, async (tx) => {
    const member = await findMember(actor.institutionId, userId, tx);
    if (!member) throw new NotFoundError("User");
    if (roles.length === 0) throw new InvalidInputError("Choose at least one role", [{ path: "roles", message: "form.chooseRole" }]);
    await replaceRoles(actor.institutionId, userId, roles, now, newId, tx);
    if (await countActiveAdmins(actor.institutionId, tx) === 0) {
      throw new InvalidInputError("An institution must keep at least one active administrator", [{ path: "roles", message: "form.lastAdmin" }]);
    }
    await appendAuditEvent({ institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "user.roles-changed", subjectType: "user", subjectId: userId, before: { roles: member.roles }, after: { roles }, now }, tx);
  });
}

export async function setUserActive(actor: Actor, userId: string, isActive: boolean, now: Date): Promise<{ sessionsEnded: number }> {
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const member = await findMember(actor.institutionId, userId, tx);
    if (!member) throw new NotFoundError("User");
    if (!isActive && userId === actor.userId) {
      throw new InvalidInputError("You cannot deactivate your own account", [{ path: "userId", message: "form.selfDeactivate" }]);
    }
    await setMembershipDeactivated(actor.institutionId, userId, isActive ? null : now.toISOString(), tx);
    if (!isActive && await countActiveAdmins(actor.institutionId, tx) === 0) {
      throw new InvalidInputError("An institution must keep at least one active administrator", [{ path: "userId", message: "form.lastAdmin" }]);
    }
    const sessionsEnded = isActive ? 0 : await deleteSessionsOfUserIn(userId, actor.institutionId, tx);
    await appendAuditEvent({ institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: isActive ? "user.reactivated" : "user.deactivated", subjectType: "user", subjectId: userId, before: { isActive: member.isActive }, after: { isActive, sessionsEnded }, now }, tx);
    return { sessionsEnded };
  });
}

export type InvitationState =
  | { state: "valid"; institutionName: string; name: string; email: string }
  | { state: "expired" }
  | { state: "not-found" };

export async function inspectInvitation(token: string, now: Date): Promise<InvitationState> {
  return await write({ institutionId: null }, async (tx) => {
    const invitation = await findInvitationByTokenHash(sha256Hex(token), tx);
    if (!invitation) return { state: "not-found" } as const;
    if (invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now.toISOString()) return { state: "expired" } as const;
    const user = await findUserById(invitation.userId, tx);
    const institution = await findInstitution(invitation.institutionId, tx);
    // An invitation only sets a first password: one to an existing account (say from another
    // institution, whose admin can read the link in the outbox) must not replace theirs.
    if (!user || !institution || !user.isActive || user.passwordHash) return { state: "expired" } as const;
    // Deactivated in the inviting institution since: the link no longer admits them.
    if (!(await findMember(invitation.institutionId, user.id, tx))?.isActive) return { state: "expired" } as const;
    // Pending in another institution as well (data from before inviteUser refused that): one
    // institution's link must not set the password that opens the other's door.
    if ((await memberInstitutionIds(user.id, tx)).some((id) => id !== invitation.institutionId)) return { state: "expired" } as const;
    return { state: "valid", institutionName: institution.name, name: user.name, email: user.email } as const;
  });
}

/** Sets the password, consumes the invitation and signs the user in. */
export async function acceptInvitation(token: string, password: string, userAgent: string | null, now: Date): Promise<{ cookie: string } | { error: "expired" | "not-found" }> {
  const state = await inspectInvitation(token, now);
  if (state.state !== "valid") return { error: state.state };
  const passwordHash = await hashPassword(password);
  const invitation = await write({ institutionId: null }, async (tx) => (await findInvitationByTokenHash(sha256Hex(token), tx))!);
  const session = await prepareStaffSession({ userId: invitation.userId, institutionId: invitation.institutionId, userAgent, now });
  return write({ institutionId: null }, async (tx) => {
    const fresh = await findInvitationByTokenHash(sha256Hex(token), tx);
    if (!fresh || fresh.acceptedAt || fresh.revokedAt || fresh.expiresAt <= now.toISOString()) return { error: "expired" as const };
    if ((await findUserById(fresh.userId, tx))?.passwordHash) return { error: "expired" as const };
    await updateUser(fresh.userId, { passwordHash, failedLoginCount: 0, lockedUntil: null, updatedAt: now.toISOString() }, tx);
    await markInvitationAccepted(fresh.id, now.toISOString(), tx);
    await insertSession(session.row, tx);
    await appendAuditEvent({ institutionId: fresh.institutionId, actorType: "user", actorId: fresh.userId, action: "user.invitation-accepted", subjectType: "user", subjectId: fresh.userId, now }, tx);
    return { cookie: session.cookie };
  });
}

/** A staff member's language, kept on their account (the cookie is the route's). */
export async function setStaffLanguage(staff: Pick<StaffContext, "institutionId" | "userId">, language: Lang, now: Date): Promise<void> {
  await write({ institutionId: staff.institutionId }, (tx) => updateUser(staff.userId, { language, updatedAt: now.toISOString() }, tx));
}
