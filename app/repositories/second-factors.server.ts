// Staff second factors: the TOTP credential, recovery codes, and each institution's rule on who
// must have one. Credentials are a person's (like users), serving all their institutions.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { institutions, recoveryCodes, totpCredentials } from "../../db/tables";
import type { Reader, Tx } from "~/db.server";
import { ROLES } from "~/auth/permissions";
import type { SecondFactorRule } from "~/domain/second-factor";

export type TotpCredential = typeof totpCredentials.$inferSelect;

export async function findTotpCredential(userId: string, q: Reader): Promise<TotpCredential | undefined> {
  return (await q.select().from(totpCredentials).where(eq(totpCredentials.userId, userId)).limit(1))[0];
}

/** Starts (or restarts) an enrolment: an unconfirmed credential with a new sealed secret. */
export async function replacePendingTotp(userId: string, secretSealed: string, nowIso: string, tx: Tx): Promise<void> {
  await tx.delete(totpCredentials).where(and(eq(totpCredentials.userId, userId), isNull(totpCredentials.confirmedAt)));
  await tx.insert(totpCredentials).values({ userId, secretSealed, createdAt: nowIso, confirmedAt: null, lastUsedStep: null, failedAttempts: 0, lockedUntil: null });
}

export async function updateTotpCredential(userId: string, values: Partial<Omit<TotpCredential, "userId" | "secretSealed" | "createdAt">>, tx: Tx): Promise<void> {
  await tx.update(totpCredentials).set(values).where(eq(totpCredentials.userId, userId));
}

/** Removes the person's authenticator and recovery codes (an admin's reset). */
export async function deleteSecondFactors(userId: string, tx: Tx): Promise<{ hadTotp: boolean }> {
  const removed = await tx.delete(totpCredentials).where(eq(totpCredentials.userId, userId)).returning({ userId: totpCredentials.userId });
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  return { hadTotp: removed.length > 0 };
}

export async function replaceRecoveryCodes(userId: string, rows: { id: string; codeHash: string }[], nowIso: string, tx: Tx): Promise<void> {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  if (rows.length > 0) await tx.insert(recoveryCodes).values(rows.map((r) => ({ ...r, userId, createdAt: nowIso, usedAt: null })));
}

/** Marks the unused code with this hash as used; false when there is none (wrong or spent). */
export async function useRecoveryCode(userId: string, codeHash: string, nowIso: string, tx: Tx): Promise<boolean> {
  const used = await tx
    .update(recoveryCodes)
    .set({ usedAt: nowIso })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return used.length === 1;
}

export async function countUnusedRecoveryCodes(userId: string, q: Reader): Promise<number> {
  return (await q.select({ id: recoveryCodes.id }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))).length;
}

const RolesJson = z.array(z.enum(ROLES)).catch([]);

export async function findSecondFactorRule(institutionId: string, q: Reader): Promise<SecondFactorRule | undefined> {
  const row = (await q.select({ policy: institutions.secondFactorPolicy, roles: institutions.secondFactorRoles }).from(institutions).where(eq(institutions.id, institutionId)).limit(1))[0];
  return row ? { policy: row.policy, roles: RolesJson.parse(row.roles ?? []) } : undefined;
}

export async function updateSecondFactorRule(institutionId: string, rule: SecondFactorRule, tx: Tx): Promise<void> {
  await tx.update(institutions).set({ secondFactorPolicy: rule.policy, secondFactorRoles: [...rule.roles] }).where(eq(institutions.id, institutionId));
}

/** Which of these people have a confirmed authenticator app (the admin's member list). */
export async function usersWithSecondFactor(userIds: string[], q: Reader): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await q.select({ userId: totpCredentials.userId, confirmedAt: totpCredentials.confirmedAt }).from(totpCredentials).where(inArray(totpCredentials.userId, userIds));
  return new Set(rows.filter((r) => r.confirmedAt !== null).map((r) => r.userId));
}
