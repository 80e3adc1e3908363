// The Database port (docs/decisions/007-data-port.md, 008-two-dialects.md): one way to read and
// one way to write, over two engines. DATABASE_URL picks the engine: `file:` (or a path) → SQLite,
// `postgres://` → PostgreSQL.
//
//   read(fn)                      statements outside a write: on SQLite a separate read-only
//                                 connection (WAL); on PostgreSQL the pool. A read never sees or
//                                 joins a half-done write.
//   write({ institutionId }, fn)  one transaction, serialised per institution: on SQLite one write
//                                 connection behind an async mutex with BEGIN IMMEDIATE (so the
//                                 serialisation is in fact per database); on PostgreSQL
//                                 pg_advisory_xact_lock on the institution inside the transaction,
//                                 so different banks' writes run in parallel, on any number of
//                                 processes and machines.
//
// Every write that changed rows bumps its scope's revision (the change clock, `revisionOf`).
// `Tx` is branded: only `write` hands one out, and every repository function that inserts, updates
// or deletes demands it, so a write outside a transaction does not type-check. `Reader` has no write
// methods. Both are typed as the SQLite drizzle database; the PostgreSQL one has the same query
// builder API for everything the repositories use. `.get()/.all()/.run()` are used only here.
import { AsyncLocalStorage } from "node:async_hooks";
import { inArray, sql, type SQL } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { dialectOfUrl, type Dialect } from "../db/dialect";
import { openDatabase, type SqliteDatabase } from "../db/open";
import * as schema from "../db/schema";
import * as pgSchema from "../db/schema.pg";
import { institutionRevisions } from "../db/tables";
import { getEnv } from "./env.server";

type AppDb = BetterSQLite3Database<typeof schema>;
type PgDb = NodePgDatabase<typeof pgSchema>;

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
  readonly dialect: Dialect;
  read<T>(fn: (q: Reader) => Promise<T>): Promise<T>;
  write<T>(scope: WriteScope, fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The revision scope of system-wide writes (and the advisory lock key they take). */
export const SYSTEM_SCOPE = "system";

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

type SqliteConnection = {
  dialect: "sqlite";
  url: string;
  /** The write connection (SQLite-specific tools and tests use it directly: backup, VACUUM INTO, tamper tests). */
  sqlite: SqliteDatabase;
  readSqlite: SqliteDatabase;
  /** The write connection's drizzle handle (tests and tools write through it outside `write`). */
  tx: Tx;
  reader: Reader;
  mutex: Mutex;
};

type PgConnection = {
  dialect: "pg";
  url: string;
  pool: pg.Pool;
  /** The pool's drizzle handle, autocommit (tests and tools write through it outside `write`). */
  tx: Tx;
  reader: Reader;
};

export type Connection = SqliteConnection | PgConnection;

const globalForDb = globalThis as unknown as { __provenantDb?: Connection };
type WriteContext = { savepoints: number; tx: Tx };
const inWrite = new AsyncLocalStorage<WriteContext>();

/** The connections of this process (kept on globalThis so dev rebuilds reuse them). */
export function getConnection(): Connection {
  const url = getEnv().databaseUrl;
  const current = globalForDb.__provenantDb;
  if (current && current.url === url && (current.dialect === "pg" || current.sqlite.open)) return current;
  const connection = dialectOfUrl(url) === "pg" ? openPg(url) : openSqlite(url);
  globalForDb.__provenantDb = connection;
  return connection;
}

function openSqlite(url: string): SqliteConnection {
  const sqlite = openDatabase(url);
  // An in-memory database cannot be opened twice: reads then share the write connection.
  const readSqlite = url.endsWith(":memory:") ? sqlite : openDatabase(url, { readonly: true });
  return {
    dialect: "sqlite",
    url,
    sqlite,
    readSqlite,
    tx: drizzle(sqlite, { schema }) as unknown as Tx,
    reader: drizzle(readSqlite, { schema }),
    mutex: new Mutex(),
  };
}

/** Pool size per process: PGPOOL_MAX, default 10 (several processes share the server's max_connections). */
function openPg(url: string): PgConnection {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PGPOOL_MAX ?? 10) });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  const db = drizzlePg(pool, { schema: pgSchema });
  return { dialect: "pg", url, pool, tx: db as unknown as Tx, reader: db as unknown as Reader };
}

/** The SQLite connections, for SQLite-only tools and tests (backup, VACUUM INTO, tamper tests). */
export function getSqliteConnection(): SqliteConnection {
  const connection = getConnection();
  if (connection.dialect !== "sqlite") throw new Error("this needs the SQLite engine (DATABASE_URL=file:…)");
  return connection;
}

export function currentDialect(): Dialect {
  return dialectOfUrl(getEnv().databaseUrl);
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
 * Runs `fn` in one transaction, serialised with every other write of the same institution (on
 * SQLite, of the process). A write inside a write (the same async context) runs in a savepoint of
 * the outer transaction.
 */
export async function write<T>(scope: WriteScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const connection = getConnection();
  const outer = inWrite.getStore();
  let value: T;
  if (connection.dialect === "pg") {
    if (outer) return (outer.tx as unknown as PgDb).transaction((tx) => fn(tx as unknown as Tx));
    value = await writePg(connection, scope, fn);
  } else {
    if (outer) return inSavepoint(connection, outer, fn);
    value = await writeSqlite(connection, scope, fn);
  }
  for (const hook of commitHooks) await hook();
  return value;
}

async function bumpRevision(tx: Tx, scope: WriteScope): Promise<void> {
  await tx
    .insert(institutionRevisions)
    .values({ scope: scope.institutionId ?? SYSTEM_SCOPE, revision: 1 })
    .onConflictDoUpdate({ target: institutionRevisions.scope, set: { revision: sql`${institutionRevisions.revision} + 1` } });
}

async function writeSqlite<T>(connection: SqliteConnection, scope: WriteScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const release = await connection.mutex.acquire();
  try {
    const { sqlite } = connection;
    sqlite.exec("BEGIN IMMEDIATE");
    try {
      const before = totalChanges(sqlite);
      const value = await inWrite.run({ savepoints: 0, tx: connection.tx }, () => fn(connection.tx));
      if (totalChanges(sqlite) !== before) await bumpRevision(connection.tx, scope);
      sqlite.exec("COMMIT");
      return value;
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      throw error;
    }
  } finally {
    release();
  }
}

const totalChangesStatements = new WeakMap<SqliteDatabase, { get(): unknown }>();
function totalChanges(sqlite: SqliteDatabase): number {
  let statement = totalChangesStatements.get(sqlite);
  if (!statement) {
    statement = sqlite.prepare("select total_changes() as n");
    totalChangesStatements.set(sqlite, statement);
  }
  return (statement.get() as { n: number }).n;
}

async function inSavepoint<T>(connection: SqliteConnection, outer: WriteContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
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

/** Whether the caller runs inside a `write` (its changes could still roll back). */
export function isInsideWrite(): boolean {
  return inWrite.getStore() !== undefined;
}

/** The advisory-lock namespace of per-institution writes (the first key of the two-key form). */
export const WRITE_LOCK_NAMESPACE = 0x70726f77;

/** Deadlock and serialisation failures: the whole transaction is retried (a few times). */
const RETRYABLE = new Set(["40P01", "40001"]);

async function writePg<T>(connection: PgConnection, scope: WriteScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = connection.tx as unknown as PgDb;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (pgTx) => {
        const tx = pgTx as unknown as Tx;
        await pgTx.execute(sql`select pg_advisory_xact_lock(${WRITE_LOCK_NAMESPACE}::int4, hashtext(${scope.institutionId ?? SYSTEM_SCOPE}))`);
        const value = await inWrite.run({ savepoints: 0, tx }, () => fn(tx));
        const wrote = await pgTx.execute<{ wrote: boolean }>(sql`select pg_current_xact_id_if_assigned() is not null as wrote`);
        if (wrote.rows[0]?.wrote) await bumpRevision(tx, scope);
        return value;
      });
    } catch (error) {
      const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
      if (attempt < 3 && code && RETRYABLE.has(code)) continue;
      throw error;
    }
  }
}

/**
 * Takes the write lock of another scope inside the current write (PostgreSQL; a no-op on SQLite,
 * whose writes are serialised anyway). The audit chain takes its chain's lock before reading its
 * end, so a system-wide write appending to an institution's chain waits for that institution.
 */
export async function lockScope(tx: Tx, scopeKey: string): Promise<void> {
  if (getConnection().dialect !== "pg") return;
  await (tx as unknown as PgDb).execute(sql`select pg_advisory_xact_lock(${WRITE_LOCK_NAMESPACE}::int4, hashtext(${scopeKey}))`);
}

/** The change clock: a value that moves whenever a write for `institutionId` (or a system-wide one) commits. */
export async function revisionOf(institutionId: string, q: Reader = reads()): Promise<string> {
  const rows = await q
    .select({ scope: institutionRevisions.scope, revision: institutionRevisions.revision })
    .from(institutionRevisions)
    .where(inArray(institutionRevisions.scope, [institutionId, SYSTEM_SCOPE]));
  const of = (key: string) => rows.find((r) => r.scope === key)?.revision ?? 0;
  return `${of(institutionId)}:${of(SYSTEM_SCOPE)}`;
}

export const database: Database = {
  get dialect() {
    return currentDialect();
  },
  read,
  write,
  close: closeDb,
};

/** Rows changed by an insert, update or delete (better-sqlite3's `changes`, node-postgres's `rowCount`). */
export function affected(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return r.changes ?? r.rowCount ?? 0;
}

/** A raw query's rows (each dialect's SQL comes from app/repositories/dialect.server.ts). */
export async function rawAll<T>(q: Reader, query: SQL): Promise<T[]> {
  if (getConnection().dialect === "pg") return (await (q as unknown as PgDb).execute(query)).rows as T[];
  return (q as unknown as AppDb).all<T>(query);
}

export async function rawGet<T>(q: Reader, query: SQL): Promise<T | undefined> {
  if (getConnection().dialect === "pg") return (await (q as unknown as PgDb).execute(query)).rows[0] as T | undefined;
  return (q as unknown as AppDb).get<T>(query);
}

/**
 * Statements every page view runs (the signed-in staff member, the gate), prepared once per
 * connection: building a drizzle query costs several times the SQLite lookup itself
 * (bench/portfolio.ts). Run them with `preparedGet`/`preparedAll`. On PostgreSQL the statement is
 * built once per handle too and runs as an unnamed statement (a pool has many connections).
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

type PgPrepared = { execute(values: unknown): Promise<unknown[]> };

export async function preparedGet<V, T>(statement: { get(values: V): T }, values: V): Promise<T> {
  if (getConnection().dialect === "pg") return (await (statement as unknown as PgPrepared).execute(values))[0] as T;
  return statement.get(values);
}

export async function preparedAll<V, T>(statement: { all(values: V): T }, values: V): Promise<T> {
  if (getConnection().dialect === "pg") return (await (statement as unknown as PgPrepared).execute(values)) as T;
  return statement.all(values);
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.__provenantDb;
  globalForDb.__provenantDb = undefined;
  if (!current) return;
  if (current.dialect === "pg") {
    await current.pool.end();
    return;
  }
  if (current.readSqlite !== current.sqlite) current.readSqlite.close();
  current.sqlite.close();
}
