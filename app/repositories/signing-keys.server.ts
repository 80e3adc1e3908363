// Signing keys: insert-only rows; a rotation sets retired_at on the old key, nothing is deleted.
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { institutions, signingKeys } from "../../db/schema";
import type { Tx } from "~/db.server";

export type SigningKeyRow = typeof signingKeys.$inferSelect;

export function currentSigningKey(institutionId: string, tx: Tx): SigningKeyRow | undefined {
  return tx
    .select()
    .from(signingKeys)
    .where(and(eq(signingKeys.institutionId, institutionId), isNull(signingKeys.retiredAt)))
    .orderBy(desc(signingKeys.createdAt), desc(signingKeys.id))
    .limit(1)
    .get();
}

export function findSigningKey(institutionId: string, keyId: string, tx: Tx): SigningKeyRow | undefined {
  return tx.select().from(signingKeys).where(and(eq(signingKeys.institutionId, institutionId), eq(signingKeys.id, keyId))).get();
}

export function listSigningKeys(institutionId: string, tx: Tx) {
  return tx
    .select({ id: signingKeys.id, fingerprint: signingKeys.fingerprint, createdAt: signingKeys.createdAt, retiredAt: signingKeys.retiredAt })
    .from(signingKeys)
    .where(eq(signingKeys.institutionId, institutionId))
    .orderBy(desc(signingKeys.createdAt), desc(signingKeys.id))
    .all();
}

export function insertSigningKey(values: SigningKeyRow, tx: Tx): void {
  tx.insert(signingKeys).values(values).run();
}

export function retireSigningKeys(institutionId: string, nowIso: string, tx: Tx): number {
  return tx
    .update(signingKeys)
    .set({ retiredAt: nowIso })
    .where(and(eq(signingKeys.institutionId, institutionId), isNull(signingKeys.retiredAt)))
    .run().changes;
}

/** Every institution's public certificates: what /.well-known/provenant-keys.json publishes. */
export function allPublicKeys(tx: Tx) {
  return tx
    .select({
      keyId: signingKeys.id,
      institutionId: signingKeys.institutionId,
      institutionName: institutions.name,
      certificatePem: signingKeys.certificatePem,
      fingerprint: signingKeys.fingerprint,
      createdAt: signingKeys.createdAt,
      retiredAt: signingKeys.retiredAt,
    })
    .from(signingKeys)
    .innerJoin(institutions, eq(institutions.id, signingKeys.institutionId))
    .orderBy(asc(signingKeys.institutionId), asc(signingKeys.createdAt), asc(signingKeys.id))
    .all();
}
