// Signing keys: insert-only rows; a rotation sets retired_at on the old key, nothing is deleted.
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { institutions, signingKeys } from "../../db/tables";
import { affected, type Tx, type Reader } from "~/db.server";

export type SigningKeyRow = typeof signingKeys.$inferSelect;

export async function currentSigningKey(institutionId: string, tx: Reader): Promise<SigningKeyRow | undefined> {
  return (await tx
    .select()
    .from(signingKeys)
    .where(and(eq(signingKeys.institutionId, institutionId), isNull(signingKeys.retiredAt)))
    .orderBy(desc(signingKeys.createdAt), desc(signingKeys.id))
    .limit(1))[0];
}

export async function findSigningKey(institutionId: string, keyId: string, tx: Reader): Promise<SigningKeyRow | undefined> {
  return (await tx.select().from(signingKeys).where(and(eq(signingKeys.institutionId, institutionId), eq(signingKeys.id, keyId))).limit(1))[0];
}

export async function listSigningKeys(institutionId: string, tx: Reader) {
  return await tx
    .select({ id: signingKeys.id, fingerprint: signingKeys.fingerprint, createdAt: signingKeys.createdAt, retiredAt: signingKeys.retiredAt })
    .from(signingKeys)
    .where(eq(signingKeys.institutionId, institutionId))
    .orderBy(desc(signingKeys.createdAt), desc(signingKeys.id));
}

export async function insertSigningKey(values: SigningKeyRow, tx: Tx): Promise<void> {
  await tx.insert(signingKeys).values(values);
}

export async function retireSigningKeys(institutionId: string, nowIso: string, tx: Tx): Promise<number> {
  return affected(await tx
    .update(signingKeys)
    .set({ retiredAt: nowIso })
    .where(and(eq(signingKeys.institutionId, institutionId), isNull(signingKeys.retiredAt))));
}

/** Every institution's public certificates: what /.well-known/provenant-keys.json publishes. */
export async function allPublicKeys(tx: Reader) {
  return await tx
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
    .orderBy(asc(signingKeys.institutionId), asc(signingKeys.createdAt), asc(signingKeys.id));
}
