// The Database port (docs/decisions/004-data-port.md): one way to read and one way to write.
//
//   read(fn)                      statements outside a write: on SQLite a separate read-only
//                                 connection (WAL), so no read ever sees or joins a half-done write.
//   write({ institutionId }, fn)  one transaction, serialised per institution: on SQLite one write
//                                 connection behind an async mutex with BEGIN IMMEDIATE (so the
//                                 serialisation is in fact per database); a PostgreSQL adapter takes
//                                 pg_advisory_xact_lock on the institution inside the transaction.
//
// `Tx` is branded: only `write` hands one out, and every repository function that inserts, updates
// or deletes demands it, so a write outside a transaction does not type-check. `Reader` has no write
// methods. Both are awaited like any drizzle query; `.get()/.all()/.run()` are used only here.
import { AsyncLocalStorage } from "node:async_hooks";
import type { SQL } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { openDatabase, type SqliteDatabase } from "../db/open";
import * as schema from "../db/schema";
import { getEnv } from "./env.server";

type AppDb = BetterSQLite3Database<typeof schema>;

declare const txBrand: unique symbol;
/** The handle of one write transaction. Only `write` creates one. */
export type Tx = AppDb & { readonly [txBrand]: true };

/** What reads need: queries, never writes. A `Tx` is also a `Reader` (reads inside a write see its writes). */
export type Reader = Pick<AppDb, "select" | "selectDistinct" | "$count" | "$with" | "with">;

export type WriteScope = {
  /** The institution whose data the write changes (its audit chain); null for system-wide rows. */
  institutionId: string | null;
};

export interface Database {
  readonly dialect: "sqlite";
  read<T>(fn: (q: Reader) => Promise<T>): Promise<T>;
  write<T>(scope: WriteScope, fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A FIFO async mutex: one write transaction at a time on the one write connection. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.tail;
    this.tail = previous.then(() => held);
    return previous.then(() => release);
  }
}

type Connection = {
  url: string;
  /** The write connection (SQLite-specific tools and tests use it directly: backup, VACUUM INTO, tamper tests). */
  sqlite: SqliteDatabase;
  readSqlite: SqliteDatabase;
  tx: Tx;
  reader: Reader;
  mutex: Mutex;
};

const globalForDb = globalThis as unknown as { __provenantDb?: Connection };
const inWrite = new AsyncLocalStorage<{ savepoints: number }>();

/** The SQLite connections of this process (kept on globalThis so dev rebuilds reuse them). */
export function getConnection(): Connection {
  const url = getEnv().databaseUrl;
  const current = globalForDb.__provenantDb;
  if (current && current.url === url && current.sqlite.open) return current;
  const sqlite = openDatabase(url);
  // An in-memory database cannot be opened twice: reads then share the write connection.
  const readSqlite = url.endsWith(":memory:") ? sqlite : openDatabase(url, { readonly: true });
  const connection: Connection = {
    url,
    sqlite,
    readSqlite,
    tx: drizzle(sqlite, { schema }) as unknown as Tx,
    reader: drizzle(readSqlite, { schema }),
    mutex: new Mutex(),
  };
  globalForDb.__provenantDb = connection;
  return connection;
}

const commitHooks: Array<() => Promise<void> | void> = [];

/**
 * Registers work to run after every write that commits (never after a rollback), e.g. copying
 * audit checkpoints to their file outside the database. Hooks must not throw.
 */
export function onCommit(hook: () => Promise<void> | void): void {
  if (!commitHooks.includes(hook)) commitHooks.push(hook);
}

/** The read handle, for code that reads outside any write. Prefer `read(fn)` for several reads. */
export function reads(): Reader {
  return getConnection().reader;
}

export async function read<T>(fn: (q: Reader) => Promise<T>): Promise<T> {
  return fn(reads());
}

/**
 * Runs `fn` in one transaction. Writes are serialised: on SQLite one at a time for the process;
 * `scope` names the institution a PostgreSQL adapter locks. A write inside a write (the same async
 * context) runs in a savepoint of the outer transaction.
 */
export async function write<T>(scope: WriteScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  void scope;
  const connection = getConnection();
  const outer = inWrite.getStore();
  if (outer) return inSavepoint(connection, outer, fn);
  const release = await connection.mutex.acquire();
  let value: T;
  try {
    connection.sqlite.exec("BEGIN IMMEDIATE");
    try {
      value = await inWrite.run({ savepoints: 0 }, () => fn(connection.tx));
      connection.sqlite.exec("COMMIT");
    } catch (error) {
      if (connection.sqlite.inTransaction) connection.sqlite.exec("ROLLBACK");
      throw error;
    }
  } finally {
    release();
  }
  for (const hook of commitHooks) await hook();
  return value;
}

async function inSavepoint<T>(connection: Connection, outer: { savepoints: number }, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const name = `sp_${++outer.savepoints}`;
  connection.sqlite.exec(`SAVEPOINT ${name}`);
  try {
    const value = await fn(connection.tx);
    connection.sqlite.exec(`RELEASE ${name}`);
    return value;
  } catch (error) {
    connection.sqlite.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
    throw error;
  }
}

export const database: Database = {
  dialect: "sqlite",
  read,
  write,
  close: async () => closeDb(),
};

/** Rows changed by an insert, update or delete (better-sqlite3's `changes`). */
export function affected(result: { changes: number }): number {
  return result.changes;
}

/** A raw query's rows (the per-dialect SQL lives with its callers until the PostgreSQL step). */
export async function rawAll<T>(q: Reader, query: SQL): Promise<T[]> {
  return (q as unknown as AppDb).all<T>(query);
}

export async function rawGet<T>(q: Reader, query: SQL): Promise<T | undefined> {
  return (q as unknown as AppDb).get<T>(query);
}

/**
 * Statements every page view runs (the signed-in staff member, the gate), prepared once per
 * connection: building a drizzle query costs several times the SQLite lookup itself
 * (bench/portfolio.ts). Run them with `preparedGet`/`preparedAll`.
 */
export function preparedPerConnection<P>(prepare: (db: AppDb) => P): (q: Reader) => P {
  const statements = new WeakMap<object, P>();
  return (q) => {
    let prepared = statements.get(q);
    if (prepared === undefined) {
      prepared = prepare(q as unknown as AppDb);
      statements.set(q, prepared);
    }
    return prepared;
  };
}

export async function preparedGet<V, T>(statement: { get(values: V): T }, values: V): Promise<T> {
  return statement.get(values);
}

export async function preparedAll<V, T>(statement: { all(values: V): T }, values: V): Promise<T> {
  return statement.all(values);
}

export function closeDb(): void {
  const current = globalForDb.__provenantDb;
  if (current && current.readSqlite !== current.sqlite) current.readSqlite.close();
  current?.sqlite.close();
  globalForDb.__provenantDb = undefined;
}
