import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { apiKeys, users } from "../../db/schema";
import type { Db, Tx } from "~/db.server";

export type ApiKeyRow = typeof apiKeys.$inferSelect;

const byHash = new WeakMap<Db, ReturnType<typeof prepareByHash>>();
function prepareByHash(db: Db) {
  return db.select().from(apiKeys).where(eq(apiKeys.keyHash, sql.placeholder("keyHash"))).prepare();
}

/**
 * The key is the credential: this lookup is by its hash, not tenant-scoped. Every API request
 * makes it, so the statement is prepared once per connection.
 */
export function findApiKeyByHash(keyHash: string, db: Db): ApiKeyRow | undefined {
  let statement = byHash.get(db);
  if (!statement) {
    statement = prepareByHash(db);
    byHash.set(db, statement);
  }
  return statement.get({ keyHash });
}

export function findApiKey(institutionId: string, id: string, tx: Tx): ApiKeyRow | undefined {
  return tx.select().from(apiKeys).where(and(eq(apiKeys.institutionId, institutionId), eq(apiKeys.id, id))).get();
}

export function insertApiKey(values: ApiKeyRow, tx: Tx): void {
  tx.insert(apiKeys).values(values).run();
}

export function listApiKeys(institutionId: string, tx: Tx) {
  return tx
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
    .orderBy(desc(apiKeys.createdAt))
    .all();
}

export function revokeApiKey(institutionId: string, id: string, nowIso: string, tx: Tx): void {
  tx.update(apiKeys).set({ revokedAt: nowIso }).where(and(eq(apiKeys.institutionId, institutionId), eq(apiKeys.id, id))).run();
}

/** Records use at most once per `sinceIso` window, so hot keys do not write on every request. */
export function touchApiKey(id: string, nowIso: string, staleBeforeIso: string, tx: Tx): void {
  tx.update(apiKeys)
    .set({ lastUsedAt: nowIso })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBeforeIso))))
    .run();
}
