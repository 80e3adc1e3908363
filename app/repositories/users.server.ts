import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { institutions, memberships, users } from "../../db/schema";
import type { Tx } from "~/db.server";
import type { Role } from "~/auth/permissions";
import { preparedPerConnection } from "./prepared.server";

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
export function findUserByEmailForSignIn(email: string, tx: Tx): User | undefined {
  return tx.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
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

export function findUserById(userId: string, _tx: Tx): User | undefined {
  return staffReads().user.get({ userId });
}

export function insertUser(values: typeof users.$inferInsert, tx: Tx): void {
  tx.insert(users).values({ ...values, email: values.email.trim().toLowerCase() }).run();
}

export function updateUser(userId: string, values: Partial<Omit<User, "id" | "createdAt">>, tx: Tx): void {
  tx.update(users).set(values).where(eq(users.id, userId)).run();
}

/** The roles the user may act with in the institution: none while deactivated there. */
export function rolesOf(institutionId: string, userId: string, _tx: Tx): Role[] {
  return staffReads()
    .roles.all({ institutionId, userId })
    .map((m) => m.role);
}

/** The institutions the user may act in (memberships not deactivated), with their roles. */
export function institutionsOfUser(userId: string, _tx: Tx): Array<{ id: string; name: string; roles: Role[] }> {
  const rows = staffReads().institutions.all({ userId });
  const byId = new Map<string, { id: string; name: string; roles: Role[] }>();
  for (const row of rows) {
    const entry = byId.get(row.id) ?? { id: row.id, name: row.name, roles: [] };
    entry.roles.push(row.role);
    byId.set(row.id, entry);
  }
  return [...byId.values()];
}

/** A person's role rows in one institution, deactivated or not. */
function membershipRows(institutionId: string, userId: string, tx: Tx) {
  return tx
    .select({ role: memberships.role, deactivatedAt: memberships.deactivatedAt })
    .from(memberships)
    .where(and(eq(memberships.institutionId, institutionId), eq(memberships.userId, userId)))
    .orderBy(asc(memberships.role))
    .all();
}

/** True when the user holds any role in the institution, even a deactivated one. */
export function isMemberOf(institutionId: string, userId: string, tx: Tx): boolean {
  return membershipRows(institutionId, userId, tx).length > 0;
}

/** Every institution the user belongs to, deactivated memberships included (for auditing). */
export function memberInstitutionIds(userId: string, tx: Tx): string[] {
  return tx
    .selectDistinct({ id: memberships.institutionId })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.institutionId))
    .all()
    .map((r) => r.id);
}

/**
 * A user as seen by one institution: missing when they hold no role there. `isActive` is this
 * institution's view: the person is active and their membership here is not deactivated.
 */
export function findMember(institutionId: string, userId: string, tx: Tx): InstitutionMember | undefined {
  const user = findUserById(userId, tx);
  if (!user) return undefined;
  const rows = membershipRows(institutionId, userId, tx);
  if (rows.length === 0) return undefined;
  const active = user.isActive && rows.every((r) => r.deactivatedAt === null);
  return { id: user.id, email: user.email, name: user.name, isActive: active, hasPassword: Boolean(user.passwordHash), roles: rows.map((r) => r.role) };
}

export function listMembers(institutionId: string, tx: Tx): InstitutionMember[] {
  const rows = tx
    .select({ user: users, role: memberships.role, deactivatedAt: memberships.deactivatedAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.institutionId, institutionId))
    .orderBy(asc(users.name), asc(memberships.role))
    .all();
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
export function setMembershipDeactivated(institutionId: string, userId: string, deactivatedAt: string | null, tx: Tx): void {
  tx.update(memberships).set({ deactivatedAt }).where(and(eq(memberships.institutionId, institutionId), eq(memberships.userId, userId))).run();
}

/** Sets the user's roles in the institution; a deactivated membership stays deactivated. */
export function replaceRoles(institutionId: string, userId: string, roles: readonly Role[], now: Date, newId: () => string, tx: Tx): void {
  const deactivatedAt = membershipRows(institutionId, userId, tx).find((r) => r.deactivatedAt !== null)?.deactivatedAt ?? null;
  tx.delete(memberships).where(and(eq(memberships.institutionId, institutionId), eq(memberships.userId, userId))).run();
  for (const role of roles) {
    tx.insert(memberships).values({ id: newId(), institutionId, userId, role, createdAt: now.toISOString(), deactivatedAt }).run();
  }
}

export function countActiveAdmins(institutionId: string, tx: Tx): number {
  const admins = tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.institutionId, institutionId), eq(memberships.role, "admin"), isNull(memberships.deactivatedAt), eq(users.isActive, true)))
    .all();
  return admins.length;
}

export function usersByIds(ids: string[], tx: Tx): User[] {
  if (ids.length === 0) return [];
  return tx.select().from(users).where(inArray(users.id, ids)).all();
}
