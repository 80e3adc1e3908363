// Which engine this test file runs on (scripts/test.sh runs the integration tests on both).
// Tests of SQLite-only tooling (the file backup, VACUUM INTO copies, raw tamper through the file's
// own connection) are skipped on PostgreSQL, each with a twin where PostgreSQL has one.
import { dialectOfUrl } from "../../db/dialect";

export const onPostgres = dialectOfUrl(process.env.DATABASE_URL) === "pg";
export const onSqlite = !onPostgres;

/** `?` placeholders → PostgreSQL's `$1, $2…`. */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** Runs one raw statement on the test's database, as someone with a SQL prompt would (outside the app's port). */
export async function rawExec(text: string, params: unknown[] = []): Promise<void> {
  const { getConnection } = await import("~/db.server");
  const connection = getConnection();
  if (connection.dialect === "pg") {
    await connection.pool.query(numbered(text), params);
    return;
  }
  connection.sqlite.prepare(text).run(...params);
}

/**
 * Runs a statement on `table` with its append-only triggers out of the way, as an attacker with
 * the database owner's rights would: SQLite drops them (the caller's afterEach puts them back);
 * PostgreSQL disables them for the statement's transaction only.
 */
export async function tamper(table: "audit_events" | "audit_checkpoints", text: string, params: unknown[] = []): Promise<void> {
  const { getConnection } = await import("~/db.server");
  const connection = getConnection();
  if (connection.dialect === "pg") {
    const client = await connection.pool.connect();
    try {
      await client.query("begin");
      await client.query(`alter table ${table} disable trigger user`);
      await client.query(numbered(text), params);
      await client.query(`alter table ${table} enable trigger user`);
      await client.query("commit");
    } catch (error) {
      await client.query("rollback");
      throw error;
    } finally {
      client.release();
    }
    return;
  }
  const triggers = connection.sqlite.prepare("select name from sqlite_master where type = 'trigger' and tbl_name = ?").all(table) as Array<{ name: string }>;
  for (const { name } of triggers) connection.sqlite.exec(`DROP TRIGGER ${name}`);
  connection.sqlite.prepare(text).run(...params);
}
