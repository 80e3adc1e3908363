import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { apiKeys, users } from "../../db/tables";
import { preparedGet, type Reader, type Tx } from "~/db.server";

export type ApiKeyRow = typeof apiKeys.$inferSelect;

const byHash = new WeakMap<Reader, ReturnType<typeof prepareByHash>>();
function prepareByHash(db: Reader) {
  return db.select().from(apiKeys).where(eq(apiKeys.keyHash, sql.placeholder("keyHash"))).prepare();
}

/**
 * The key is the credential: this lookup is by its hash, not tenant-scoped. Every API request
 * makes it, so the statement is prepared once per connection.
 */
export async function findApiKeyByHash(keyHash: string, db: Reader): Promise<ApiKeyRow | undefined> {
  let statement = byHash.get(db);
  if (!statement) {
    statement = prepareByHash(db);
    byHash.set(db, statement);
  }
  return preparedGet(statement, { keyHash });
}

export async function findApiKey(institutionId: string, id: string, tx: Reader): Promise<ApiKeyRow | undefined> {
  return (await tx.select().from(apiKeys).where(and(eq(apiKeys.institutionId, institutionId), eq(apiKeys.id, id))).limit(1))[0];
}

export async function insertApiKey(values: ApiKeyRow, tx: Tx): Promise<void> {
  await tx.insert(apiKeys).values(values);
}

export async function listApiKeys(institutionId: string, tx: Reader) {
  return await tx
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      scope: apiKeys.scope,
      canReadAudit: apiKeys.canReadAudit,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      createdByName: users.name,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.institutionId, institutionId))
    .orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(institutionId: string, id: string, nowIso: string, tx: Tx): Promise<void> {
  await tx.update(apiKeys).set({ revokedAt: nowIso }).where(and(eq(apiKeys.institutionId, institutionId), eq(apiKeys.id, id)));
}

/** Records use at most once per `sinceIso` window, so hot keys do not write on every request. */
export async function touchApiKey(id: string, nowIso: string, staleBeforeIso: string, tx: Tx): Promise<void> {
  await tx.update(apiKeys)
    .set({ lastUsedAt: nowIso })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBeforeIso))));
}
