// Opening the SQLite file with the pragmas every connection needs (STYLE.md §4). Never migrates.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export type SqliteDatabase = Database.Database;

/** `file:./data/x.db`, `./data/x.db` or `:memory:` → a path better-sqlite3 accepts. */
export function databasePathFromUrl(url: string): string {
  const stripped = url.startsWith("file:") ? url.slice("file:".length) : url;
  if (stripped === ":memory:") return stripped;
  return path.resolve(process.cwd(), stripped);
}

/**
 * Opens the file. `readonly` is the app's read connection (app/db.server.ts): it joins the WAL
 * the write connection set up and can never write.
 */
export function openDatabase(url: string, options: { readonly?: boolean } = {}): SqliteDatabase {
  const file = databasePathFromUrl(url);
  if (file !== ":memory:" && !options.readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file, { readonly: options.readonly ?? false });
  if (!options.readonly) {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
  }
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // A 64 MB page cache and memory-mapped reads: portfolio aggregates over tens of thousands of
  // results read far fewer pages through the syscall layer (bench/portfolio.ts).
  sqlite.pragma("cache_size = -64000");
  sqlite.pragma("mmap_size = 268435456");
  return sqlite;
}
