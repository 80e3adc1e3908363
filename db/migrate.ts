// Guarded migrator. drizzle-kit generates the SQL (never `push`); this applies it in journal order
// and refuses, instead of silently skipping, a migration that was edited after being applied or
// that appears out of order (drizzle's own migrator skips entries older than the last applied one).
// Runs with foreign keys off, as SQLite table rebuilds require, then checks them.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { SqliteDatabase } from "./open";

type JournalEntry = { idx: number; tag: string; when: number };

export class MigrationError extends Error {}

export function migrationsFolder(): string {
  return path.resolve(process.cwd(), "db/migrations");
}

function readJournal(folder: string): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, "meta/_journal.json"), "utf8")) as {
    entries: JournalEntry[];
  };
  return [...journal.entries].sort((a, b) => a.idx - b.idx);
}

export type MigrationFile = { entry: JournalEntry; sql: string; hash: string };
export type AppliedMigration = { idx: number; tag: string; hash: string };

export function readMigrationFiles(folder: string): MigrationFile[] {
  return readJournal(folder).map((entry) => {
    const sql = fs.readFileSync(path.join(folder, `${entry.tag}.sql`), "utf8");
    return { entry, sql, hash: crypto.createHash("sha256").update(sql).digest("hex") };
  });
}

/** The statements of one migration file (drizzle-kit separates them with a breakpoint marker). */
export function statementsOf(file: MigrationFile): string[] {
  return file.sql.split("--> statement-breakpoint").filter((statement) => statement.trim());
}

/**
 * The migrations still to apply, after checking that every applied one is unchanged and that none
 * is older than the last applied. Both engines' migrators use it.
 */
export function pendingMigrations(files: MigrationFile[], done: AppliedMigration[]): MigrationFile[] {
  for (const row of done) {
    const file = files.find((f) => f.entry.idx === row.idx);
    if (!file || file.entry.tag !== row.tag) {
      throw new MigrationError(`migration ${row.idx} (${row.tag}) is applied but missing from the journal`);
    }
    if (file.hash !== row.hash) {
      throw new MigrationError(
        `migration ${row.tag} was edited after it was applied (hash ${row.hash.slice(0, 12)} → ${file.hash.slice(0, 12)}); add a new migration instead`,
      );
    }
  }
  const lastApplied = done.length ? Math.max(...done.map((d) => d.idx)) : -1;
  const pending = files.filter((f) => !done.some((d) => d.idx === f.entry.idx));
  const outOfOrder = pending.find((f) => f.entry.idx < lastApplied);
  if (outOfOrder) {
    throw new MigrationError(
      `migration ${outOfOrder.entry.tag} is older than the last applied one and was never applied; renumber it after ${lastApplied}`,
    );
  }
  return pending;
}

export function migrate(sqlite: SqliteDatabase, folder = migrationsFolder()): { applied: string[] } {
  sqlite.exec(
    "CREATE TABLE IF NOT EXISTS _migrations (idx INTEGER PRIMARY KEY, tag TEXT NOT NULL, hash TEXT NOT NULL, applied_at TEXT NOT NULL)",
  );
  const done = sqlite.prepare("SELECT idx, tag, hash FROM _migrations ORDER BY idx").all() as AppliedMigration[];
  const pending = pendingMigrations(readMigrationFiles(folder), done);

  const applied: string[] = [];
  if (pending.length === 0) return { applied };
  sqlite.pragma("foreign_keys = OFF");
  try {
    const insert = sqlite.prepare("INSERT INTO _migrations (idx, tag, hash, applied_at) VALUES (?, ?, ?, ?)");
    const run = sqlite.transaction(() => {
      for (const file of pending) {
        for (const statement of statementsOf(file)) sqlite.exec(statement);
        insert.run(file.entry.idx, file.entry.tag, file.hash, new Date().toISOString());
        applied.push(file.entry.tag);
      }
      const violations = sqlite.pragma("foreign_key_check") as unknown[];
      if (violations.length > 0) {
        throw new MigrationError(`foreign_key_check found ${violations.length} violation(s): ${JSON.stringify(violations.slice(0, 5))}`);
      }
    });
    run.immediate();
  } finally {
    sqlite.pragma("foreign_keys = ON");
  }
  return { applied };
}
