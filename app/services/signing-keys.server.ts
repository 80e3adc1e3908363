// Institution signing keys (issue 8): created on first use, rotated by an admin, retired but kept
// forever so old attestations still verify; private keys sealed at rest with SIGNING_KEY_SECRET.
// Key events are audited without any key material (the certificate's fingerprint names the key).
import { reads, write, type Reader } from "~/db.server";
import { getEnv } from "~/env.server";
import { newId } from "~/ids.server";
import type { KeysDocument, KnownKey } from "~/domain/pdf-signature";
import { NotFoundError } from "~/domain/errors";
import { parseSigningKey, type ParsedSigningKey } from "~/pdf/cms-signer.server";
import { generateKeyMaterial, openPrivateKey, sealPrivateKey } from "~/pdf/key-material.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { findInstitution } from "~/repositories/institutions.server";
import { allPublicKeys, currentSigningKey, insertSigningKey, listSigningKeys, retireSigningKeys, type SigningKeyRow } from "~/repositories/signing-keys.server";

export { listSigningKeys };

type Actor = { institutionId: string; userId: string };

async function newKeyRow(institutionId: string, now: Date): Promise<SigningKeyRow> {
  const institution = await findInstitutionOrThrow(institutionId);
  const material = generateKeyMaterial({ institutionSlug: institution.slug, now });
  const id = newId();
  return {
    id,
    institutionId,
    certificatePem: material.certificatePem,
    publicKeyPem: material.publicKeyPem,
    encryptedPrivateKey: sealPrivateKey(material.privateKeyPem, getEnv().signingKeySecret, id),
    fingerprint: material.fingerprint,
    createdAt: now.toISOString(),
    retiredAt: null,
  };
}

async function findInstitutionOrThrow(institutionId: string) {
  const institution = await findInstitution(institutionId, reads());
  if (!institution) throw new NotFoundError("Institution");
  return institution;
}

/**
 * The institution's current key, created (and audited) on first use. Key generation runs before
 * the write transaction; if another request created a key meanwhile, that one wins.
 */
export async function ensureCurrentSigningKey(institutionId: string, now: Date): Promise<SigningKeyRow> {
  const existing = await write({ institutionId: institutionId }, async (tx) => currentSigningKey(institutionId, tx));
  if (existing) return existing;
  const candidate = await newKeyRow(institutionId, now);
  return await write({ institutionId: institutionId }, async (tx) => {
    const raced = await currentSigningKey(institutionId, tx);
    if (raced) return raced;
    await insertSigningKey(candidate, tx);
    await appendAuditEvent(
      { institutionId, actorType: "system", actorId: null, action: "signing-key.created", subjectType: "signing-key", subjectId: candidate.id, after: { keyId: candidate.id, fingerprint: candidate.fingerprint }, now },
      tx,
    );
    return candidate;
  });
}

/** A new key becomes current; the previous one is retired (kept for verification). */
export async function rotateSigningKey(actor: Actor, now: Date): Promise<SigningKeyRow> {
  const fresh = await newKeyRow(actor.institutionId, now);
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const previous = await currentSigningKey(actor.institutionId, tx);
    await retireSigningKeys(actor.institutionId, now.toISOString(), tx);
    await insertSigningKey(fresh, tx);
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        actorType: "user",
        actorId: actor.userId,
        action: "signing-key.rotated",
        subjectType: "signing-key",
        subjectId: fresh.id,
        before: previous ? { keyId: previous.id, fingerprint: previous.fingerprint } : null,
        after: { keyId: fresh.id, fingerprint: fresh.fingerprint },
        now,
      },
      tx,
    );
    return fresh;
  });
}

// Decrypting and parsing a key costs a few milliseconds; attestations are signed often.
const parsedKeys = new Map<string, ParsedSigningKey>();

export function parsedSigningKey(row: SigningKeyRow): ParsedSigningKey {
  let parsed = parsedKeys.get(row.id);
  if (!parsed) {
    parsed = parseSigningKey(openPrivateKey(row.encryptedPrivateKey, getEnv().signingKeySecret, row.id), row.certificatePem);
    parsedKeys.set(row.id, parsed);
  }
  return parsed;
}

export async function publicKeysDocument(tx: Reader): Promise<KeysDocument> {
  return {
    keys: (await allPublicKeys(tx)).map((k) => ({
      keyId: k.keyId,
      institution: { id: k.institutionId, name: k.institutionName },
      certificatePem: k.certificatePem,
      fingerprint: k.fingerprint,
      createdAt: k.createdAt,
      retiredAt: k.retiredAt,
    })),
  };
}

/** The keys the online verifier trusts: the fingerprints were computed by this server. */
export async function knownKeys(tx: Reader): Promise<KnownKey[]> {
  return (await allPublicKeys(tx)).map((k) => ({ keyId: k.keyId, fingerprint: k.fingerprint, institution: { id: k.institutionId, name: k.institutionName } }));
}
