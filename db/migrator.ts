// Migrates the database a DATABASE_URL names, with the guarded migrator of its engine
// (db/migrate.ts for SQLite, db/migrate-pg.ts for PostgreSQL).
import pg from "pg";
import { dialectOfUrl } from "./dialect";
import { migrate } from "./migrate";
import { migratePg } from "./migrate-pg";
import { openDatabase } from "./open";

export async function migrateUrl(url: string): Promise<{ applied: string[] }> {
  if (dialectOfUrl(url) === "pg") {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await migratePg(client);
    } finally {
      await client.end();
    }
  }
  const sqlite = openDatabase(url);
  try {
    return migrate(sqlite);
  } finally {
    sqlite.close();
  }
}
