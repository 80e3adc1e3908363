import { and, desc, eq, isNull } from "drizzle-orm";
import { invitations } from "../../db/tables";
import type { Tx, Reader } from "~/db.server";

export type Invitation = typeof invitations.$inferSelect;

export async function insertInvitation(values: Invitation, tx: Tx): Promise<void> {
  await tx.insert(invitations).values(values);
}

/** Lookup by token hash: the token itself is the credential, so this is not tenant-scoped. */
export async function findInvitationByTokenHash(tokenHash: string, tx: Reader): Promise<Invitation | undefined> {
  return (await tx.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).limit(1))[0];
}

export async function revokeOpenInvitations(institutionId: string, userId: string, nowIso: string, tx: Tx): Promise<void> {
  await tx.update(invitations)
    .set({ revokedAt: nowIso })
    .where(
      and(
        eq(invitations.institutionId, institutionId),
        eq(invitations.userId, userId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    );
}

export async function markInvitationAccepted(id: string, nowIso: string, tx: Tx): Promise<void> {
  await tx.update(invitations).set({ acceptedAt: nowIso }).where(eq(invitations.id, id));
}

export async function latestInvitation(institutionId: string, userId: string, tx: Reader): Promise<Invitation | undefined> {
  return (await tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.institutionId, institutionId), eq(invitations.userId, userId)))
    .orderBy(desc(invitations.createdAt))
    .limit(1))[0];
}
