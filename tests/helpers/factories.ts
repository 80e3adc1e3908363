// Test factories: institutions and users written through the repositories, plus signed session
// cookies for them (what the browser would hold after signing in).
import { hashPassword } from "~/auth/password.server";
import type { Role } from "~/auth/permissions";
import { prepareStaffSession } from "~/auth/session.server";
import { getConnection, write } from "~/db.server";
import { newId } from "~/ids.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { insertInstitution } from "~/repositories/institutions.server";
import { insertSession } from "~/repositories/sessions.server";
import { insertUser, replaceRoles } from "~/repositories/users.server";
import { verifyStepUp, type StepUpProof } from "~/services/auth.server";

export const PASSWORD = "correct horse battery staple";
let passwordHash: string | undefined;

export async function createInstitution(name = "Banco Uno"): Promise<string> {
  const id = newId();
  await write({ institutionId: id }, async (tx) => {
    await insertInstitution({ id, name, slug: `${name.toLowerCase().replace(/\W+/g, "-")}-${id.slice(-6)}`, createdAt: new Date().toISOString() }, tx);
    await appendAuditEvent({ institutionId: id, actorType: "system", actorId: null, action: "institution.created", subjectType: "institution", subjectId: id, now: new Date() }, tx);
  });
  return id;
}

export async function createUser(institutionId: string, roles: Role[], opts: { email?: string; name?: string; isActive?: boolean; language?: "en" | "es" } = {}) {
  passwordHash ??= await hashPassword(PASSWORD);
  const id = newId();
  const email = opts.email ?? `${roles.join("-")}-${id.slice(-8).toLowerCase()}@example.test`;
  const now = new Date();
  await write({ institutionId: institutionId }, async (tx) => {
    await insertUser({ id, email, name: opts.name ?? `User ${roles.join("/")}`, passwordHash, isActive: opts.isActive ?? true, language: opts.language ?? "en", createdAt: now.toISOString(), updatedAt: now.toISOString() }, tx);
    await replaceRoles(institutionId, id, roles, now, newId, tx);
  });
  return { id, email, institutionId };
}

export async function cookieFor(user: { id: string; institutionId: string }, opts: { verifiedAt?: Date } = {}): Promise<string> {
  const session = await prepareStaffSession({ userId: user.id, institutionId: user.institutionId, now: new Date(), userAgent: "vitest" });
  if (opts.verifiedAt) session.row.verifiedAt = opts.verifiedAt.toISOString();
  await write({ institutionId: user.institutionId }, async (tx) => insertSession(session.row, tx));
  return session.cookie.split(";")[0]!;
}

/** The test's direct handle on its database file (the write connection): fixtures and assertions. */
export function db() {
  return getConnection().tx;
}

/**
 * A step-up proof for a service called directly: the user's password checked by the real
 * verifyStepUp, as a route does when the password is posted with the action.
 */
export async function stepUpFor(user: { id: string; institutionId: string }, purpose: string, now = new Date()): Promise<StepUpProof> {
  const staff = { userId: user.id, institutionId: user.institutionId, roles: [], name: "", email: "", sessionIdHash: "direct-service-call", verifiedAt: now.toISOString() };
  const result = await verifyStepUp(staff, PASSWORD, purpose, now);
  if (!result.ok) throw new Error("stepUpFor: the test user's password was refused");
  return result.proof;
}
