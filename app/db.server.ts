// The database connection (one per process, kept on globalThis so dev rebuilds reuse it) and the
// one transaction helper. Writes run in synchronous IMMEDIATE transactions: never pass an async
// callback (better-sqlite3 would commit at the first await).
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { openDatabase, type SqliteDatabase } from "../db/open";
import * as schema from "../db/schema";
import { getEnv } from "./env.server";

export type Db = BetterSQLite3Database<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0] | Db;

type Connection = { url: string; sqlite: SqliteDatabase; db: Db };

const globalForDb = globalThis as unknown as { __provenantDb?: Connection };

export function getConnection(): Connection {
  const url = getEnv().databaseUrl;
  const current = globalForDb.__provenantDb;
  if (current && current.url === url && current.sqlite.open) return current;
  const sqlite = openDatabase(url);
  const connection = { url, sqlite, db: drizzle(sqlite, { schema }) };
  globalForDb.__provenantDb = connection;
  return connection;
}

export function getDb(): Db {
  return getConnection().db;
}

const commitHooks: Array<() => void> = [];

/**
 * Registers work to run after every inTransaction that commits (never after a rollback), e.g.
 * copying audit checkpoints to their file outside the database. Hooks must not throw.
 */
export function onCommit(hook: () => void): void {
  if (!commitHooks.includes(hook)) commitHooks.push(hook);
}

/** Runs `fn` in one IMMEDIATE transaction; `fn` must be synchronous. */
export function inTransaction<T>(fn: (tx: Tx) => T): T {
  const result = getDb().transaction((tx) => {
    const value = fn(tx);
    if (value instanceof Promise) {
      throw new Error("inTransaction callbacks must be synchronous");
    }
    return value;
  }, { behavior: "immediate" });
  for (const hook of commitHooks) hook();
  return result;
}

export function closeDb(): void {
  globalForDb.__provenantDb?.sqlite.close();
  globalForDb.__provenantDb = undefined;
}
