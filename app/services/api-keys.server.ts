// API keys (issue 9): `pvn_key_` + 32 random bytes (base64url), shown once, stored only as their
// SHA-256; a key belongs to one institution, is read-only or read-write, may read the audit log,
// and is revoked rather than deleted. Creation and revocation are audited (never the key itself);
// a creation also notifies every admin (issue 17: a security notice nobody can turn off).
import { reads, write, type Tx } from "~/db.server";
import { NotFoundError, ConflictError } from "~/domain/errors";
import { newId, newToken, sha256Hex } from "~/ids.server";
import { findApiKey, findApiKeyByHash, insertApiKey, revokeApiKey as revokeApiKeyRow, touchApiKey } from "~/repositories/api-keys.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { findUserById } from "~/repositories/users.server";
import { notifyStaff } from "./notifications.server";

export const API_KEY_PREFIX = "pvn_key_";
/** How much of a key the admin list shows to tell keys apart (never enough to use it). */
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;
const TOUCH_INTERVAL_MS = 60_000;

export type ApiKeyScope = "read" | "read-write";

export type ApiKeyContext = {
  keyId: string;
  institutionId: string;
  scope: ApiKeyScope;
  canReadAudit: boolean;
  /** The admin who created the key: services that need a responsible user record it. */
  createdBy: string;
  name: string;
};

export type ApiKeyInput = { name: string; scope: ApiKeyScope; canReadAudit: boolean };

async function insertKey(institutionId: string, createdBy: string, input: ApiKeyInput, now: Date, tx: Tx): Promise<{ id: string; key: string }> {
  const key = newToken(API_KEY_PREFIX);
  const id = newId();
  await insertApiKey(
    {
      id,
      institutionId,
      name: input.name,
      scope: input.scope,
      canReadAudit: input.canReadAudit,
      prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
      keyHash: sha256Hex(key),
      createdBy,
      createdAt: now.toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    },
    tx,
  );
  await appendAuditEvent(
    {
      institutionId,
      actorType: "user",
      actorId: createdBy,
      action: "api-key.created",
      subjectType: "api-key",
      subjectId: id,
      after: { name: input.name, scope: input.scope, canReadAudit: input.canReadAudit, prefix: key.slice(0, DISPLAY_PREFIX_LENGTH) },
      now,
    },
    tx,
  );
  // A security notice to every admin (it cannot be turned off): a key nobody expected is revoked.
  await notifyStaff(
    {
      institutionId,
      event: { kind: "security.api-key-created", actorId: createdBy },
      notification: {
        kind: "security.api-key-created",
        params: { apiKeyId: id, keyName: input.name, scope: input.scope, canReadAudit: input.canReadAudit, creatorName: (await findUserById(createdBy, tx))?.name ?? "", createdAt: now.toISOString() },
      },
      now,
    },
    tx,
  );
  return { id, key };
}

/** Creates a key; the returned `key` is the only time it exists in clear. */
export async function createApiKey(actor: { institutionId: string; userId: string }, input: ApiKeyInput, now: Date): Promise<{ id: string; key: string }> {
  return await write({ institutionId: actor.institutionId }, async (tx) => insertKey(actor.institutionId, actor.userId, input, now, tx));
}

/**
 * For the demo seed: one read-write key (no audit access) for an institution, created by one of
 * its admins; returns the raw key so `npm run demo` can print it.
 */
export async function createApiKeyForSeed(institutionId: string, createdBy: string, name: string, now: Date): Promise<string> {
  return (await write({ institutionId: institutionId }, async (tx) => insertKey(institutionId, createdBy, { name, scope: "read-write", canReadAudit: false }, now, tx))).key;
}

export async function revokeApiKey(actor: { institutionId: string; userId: string }, id: string, now: Date): Promise<void> {
  await write({ institutionId: actor.institutionId }, async (tx) => {
    const row = await findApiKey(actor.institutionId, id, tx);
    if (!row) throw new NotFoundError("API key");
    if (row.revokedAt) throw new ConflictError("This API key is already revoked");
    await revokeApiKeyRow(actor.institutionId, id, now.toISOString(), tx);
    await appendAuditEvent(
      { institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "api-key.revoked", subjectType: "api-key", subjectId: id, before: { name: row.name, prefix: row.prefix }, now },
      tx,
    );
  });
}

export type KeyCheck = { state: "valid"; context: ApiKeyContext } | { state: "unknown" } | { state: "revoked" };

/** Checks a raw key from an Authorization header; records its use at most once a minute. */
export async function authenticateApiKey(raw: string, now: Date): Promise<KeyCheck> {
  if (!raw.startsWith(API_KEY_PREFIX) || raw.length > 100) return { state: "unknown" };
  const db = reads();
  const row = await findApiKeyByHash(sha256Hex(raw), db);
  if (!row) return { state: "unknown" };
  if (row.revokedAt) return { state: "revoked" };
  if (!row.lastUsedAt || now.getTime() - new Date(row.lastUsedAt).getTime() >= TOUCH_INTERVAL_MS) {
    await write({ institutionId: row.institutionId }, (tx) => touchApiKey(row.id, now.toISOString(), new Date(now.getTime() - TOUCH_INTERVAL_MS).toISOString(), tx));
  }
  return {
    state: "valid",
    context: { keyId: row.id, institutionId: row.institutionId, scope: row.scope, canReadAudit: row.canReadAudit, createdBy: row.createdBy, name: row.name },
  };
}
