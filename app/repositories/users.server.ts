import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { institutions, memberships, users } from "../../db/tables";
import type { Tx, Reader } from "~/db.server";
import type { Role } from "~/auth/permissions";
import { preparedAll, preparedGet, preparedPerConnection } from "./prepared.server";

export type User = typeof users.$inferSelect;
export type InstitutionMember = {
  id: string;
  email: string;
  name: string;
  isActive: boolean;
  hasPassword: boolean;
  roles: Role[];
};

/** Global lookup for sign-in only: e-mail addresses identify a person across institutions. */
export async function findUserByEmailForSignIn(email: string, tx: Reader): Promise<User | undefined> {
  return (await tx.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1))[0];
}

// The signed-in staff member's reads, made on every page view: prepared once per connection.
const staffReads = preparedPerConnection((db) => ({
  user: db.select().from(users).where(eq(users.id, sql.placeholder("userId"))).prepare(),
  roles: db
    .select({ role: memberships.role })
    .from(memberships)
    .where(
      and(
        eq(memberships.institutionId, sql.placeholder("institutionId")),
        eq(memberships.userId, sql.placeholder("userId")),
        isNull(memberships.deactivatedAt),
      ),
    )
    .orderBy(asc(memberships.role))
    .prepare(),
  institutions: db
    .select({ id: institutions.id, name: institutions.name, role: memberships.role })
    .from(memberships)
    .innerJoin(institutions, eq(institutions.id, memberships.institutionId))
    .where(and(eq(memberships.userId, sql.placeholder("userId")), isNull(memberships.deactivatedAt)))
    .orderBy(asc(institutions.name), asc(memberships.role))
    .prepare(),
}));

export async function findUserById(userId: string, q: Reader): Promise<User | undefined> {
  return preparedGet(staffReads(q).user, { userId });
}

export async function insertUser(values: typeof users.$inferInsert, tx: Tx): Promise<void> {
  await tx.insert(users).values({ ...values, email: values.email.trim().toLowerCase() });
}

export async function updateUser(userId: string, values: Partial<Omit<User, "id" | "createdAt">>, tx: Tx): Promise<void> {
  await tx.update(users).set(values).where(eq(users.id, userId));
}

/** The roles the user may act with in the institution: none while deactivated there. */
export async function rolesOf(institutionId: string, userId: string, q: Reader): Promise<Role[]> {
  return (await preparedAll(staffReads(q).roles, { institutionId, userId })).map((m) => m.role);
}

/** The institutions the user may act in (memberships not deactivated), with their roles. */
export async function institutionsOfUser(userId: string, q: Reader): Promise<Array<{ id: string; name: string; roles: Role[] }>> {
  const rows = await preparedAll(staffReads(q).institutions, { userId });
  const byId = new Map<string, { id: string; name: string; roles: Role[] }>();
  for (const row of rows) {
    const entry = byId.get(row.id) ?? { id: row.id, name: row.name, roles: [] };
    entry.roles.push(row.role);
    byId.set(row.id, entry);
  }
  return [...byId.values()];
}

/** A person's role rows in one institution, deactivated or not. */
async function membershipRows(institutionId: string, userId: string, tx: Reader) {
  return await tx
    .select({ role: memberships.role, deactivatedAt: memberships.deactivatedAt })
    .from(memberships)
    .where(and(eq(memberships.institutionId, institutionId), eq(memberships.userId, userId)))
    .orderBy(asc(memberships.role));
}

/** True when the user holds any role in the institution, even a deactivated one. */
export async function isMemberOf(institutionId: string, userId: string, tx: Tx): Promise<boolean> {
  return (await membershipRows(institutionId, userId, tx)).length > 0;
}

/** Every institution the user belongs to, deactivated memberships included (for auditing). */
export async function memberInstitutionIds(userId: string, tx: Reader): Promise<string[]> {
  return (await tx
    .selectDistinct({ id: memberships.institutionId })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.institutionId)))
    .map((r) => r.id);
}

/**
 * A user as seen by one institution: missing when they hold no role there. `isActive` is this
 * institution's view: the person is active and their membership here is not deactivated.
 */
export async function findMember(institutionId: string, userId: string, tx: Reader): Promise<InstitutionMember | undefined> {
  const user = await findUserById(userId, tx);
  if (!user) return undefined;
  const rows = await membershipRows(institutionId, userId, tx);
  if (rows.length === 0) return undefined;
  const active = user.isActive && rows.every((r) => r.deactivatedAt === null);
  return { id: user.id, email: user.email, name: user.name, isActive: active, hasPassword: Boolean(user.passwordHash), roles: rows.map((r) => r.role) };
}

export async function listMembers(institutionId: string, tx: Reader): Promise<InstitutionMember[]> {
  const rows = await tx
    .select({ user: users, role: memberships.role, deactivatedAt: memberships.deactivatedAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.institutionId, institutionId))
    .orderBy(asc(users.name), asc(memberships.role));
  const byId = new Map<string, InstitutionMember>();
  for (const { user, role, deactivatedAt } of rows) {
    const entry = byId.get(user.id) ?? {
      id: user.id,
      email: user.email,
      name: user.name,
      isActive: user.isActive,
      hasPassword: Boolean(user.passwordHash),
      roles: [],
    };
    entry.roles.push(role);
    if (deactivatedAt !== null) entry.isActive = false;
    byId.set(user.id, entry);
  }
  return [...byId.values()];
}

/** Deactivates (a time) or reactivates (null) every role the user holds in the institution. */
export async function setMembershipDeactivated(institutionId: string, userId: string, deactivatedAt: string | null, tx: Tx): Promise<void> {
  await tx.update(memberships).set({ deactivatedAt }).where(and(eq(memberships.institutionId, institutionId), eq(memberships.userId, userId)));
}

/** Sets the user's roles in the institution; a deactivated membership stays deactivated. */
export async function replaceRoles(institutionId: string, userId: string, roles: readonly Role[], now: Date, newId: () => string, tx: Tx): Promise<void> {
  const deactivatedAt = (await membershipRows(institutionId, userId, tx)).find((r) => r.deactivatedAt !== null)?.deactivatedAt ?? null;
  await tx.delete(memberships).where(and(eq(memberships.institutionId, institutionId), eq(memberships.userId, userId)));
  for (const role of roles) {
    await tx.insert(memberships).values({ id: newId(), institutionId, userId, role, createdAt: now.toISOString(), deactivatedAt });
  }
}

export async function countActiveAdmins(institutionId: string, tx: Reader): Promise<number> {
  const admins = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.institutionId, institutionId), eq(memberships.role, "admin"), isNull(memberships.deactivatedAt), eq(users.isActive, true)));
  return admins.length;
}

export async function usersByIds(ids: string[], tx: Reader): Promise<User[]> {
  if (ids.length === 0) return [];
  return await tx.select().from(users).where(inArray(users.id, ids));
}
