import { getDb, type Db } from "~/db.server";

// Reads that every page view makes (the signed-in staff member, the gate) are prepared once per
// connection: building a drizzle query costs several times the SQLite lookup itself, and
// bench/portfolio.ts spent more on building them than on running them. The statements run on the
// process's single connection, so inside a transaction they see its uncommitted writes like any
// other read on it.
export function preparedPerConnection<T>(prepare: (db: Db) => T): () => T {
  const statements = new WeakMap<Db, T>();
  return () => {
    const db = getDb();
    let prepared = statements.get(db);
    if (prepared === undefined) {
      prepared = prepare(db);
      statements.set(db, prepared);
    }
    return prepared;
  };
}
