import { and, desc, eq, isNull } from "drizzle-orm";
import { invitations } from "../../db/schema";
import type { Tx } from "~/db.server";

export type Invitation = typeof invitations.$inferSelect;

export function insertInvitation(values: Invitation, tx: Tx): void {
  tx.insert(invitations).values(values).run();
}

/** Lookup by token hash: the token itself is the credential, so this is not tenant-scoped. */
export function findInvitationByTokenHash(tokenHash: string, tx: Tx): Invitation | undefined {
  return tx.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).get();
}

export function revokeOpenInvitations(institutionId: string, userId: string, nowIso: string, tx: Tx): void {
  tx.update(invitations)
    .set({ revokedAt: nowIso })
    .where(
      and(
        eq(invitations.institutionId, institutionId),
        eq(invitations.userId, userId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .run();
}

export function markInvitationAccepted(id: string, nowIso: string, tx: Tx): void {
  tx.update(invitations).set({ acceptedAt: nowIso }).where(eq(invitations.id, id)).run();
}

export function latestInvitation(institutionId: string, userId: string, tx: Tx): Invitation | undefined {
  return tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.institutionId, institutionId), eq(invitations.userId, userId)))
    .orderBy(desc(invitations.createdAt))
    .limit(1)
    .get();
}
