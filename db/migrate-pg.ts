// The guarded migrator's PostgreSQL twin (docs/decisions/008-two-dialects.md). Same journal
// checks as db/migrate.ts (an edited or out-of-order migration is refused); all pending migrations
// run in one transaction (PostgreSQL DDL is transactional) behind a transaction-level advisory
// lock, so several instances starting at once migrate once: the others wait, then find nothing to do.
import path from "node:path";
import pg, { type Client, type PoolClient } from "pg";

const { Pool } = pg;
type Pool = InstanceType<typeof Pool>;
import { pendingMigrations, readMigrationFiles, statementsOf, type AppliedMigration } from "./migrate";

/** The advisory lock key of migrations (any constant no other lock uses: "provenant-migrate"). */
export const MIGRATION_LOCK = 0x70726f76;

export function pgMigrationsFolder(): string {
  return path.resolve(process.cwd(), "db/migrations-pg");
}

export async function migratePg(pool: Pool | PoolClient | Client, folder = pgMigrationsFolder()): Promise<{ applied: string[] }> {
  const client = pool instanceof Pool ? await pool.connect() : pool;
  const applied: string[] = [];
  try {
    await client.query("BEGIN");
    try {
      await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      await client.query(
        "CREATE TABLE IF NOT EXISTS _migrations (idx integer PRIMARY KEY, tag text NOT NULL, hash text NOT NULL, applied_at text NOT NULL)",
      );
      const done = (await client.query<AppliedMigration>("SELECT idx, tag, hash FROM _migrations ORDER BY idx")).rows;
      for (const file of pendingMigrations(readMigrationFiles(folder), done)) {
        for (const statement of statementsOf(file)) await client.query(statement);
        await client.query("INSERT INTO _migrations (idx, tag, hash, applied_at) VALUES ($1, $2, $3, $4)", [
          file.entry.idx,
          file.entry.tag,
          file.hash,
          new Date().toISOString(),
        ]);
        applied.push(file.entry.tag);
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  } finally {
    if (pool instanceof Pool) (client as PoolClient).release();
  }
  return { applied };
}
