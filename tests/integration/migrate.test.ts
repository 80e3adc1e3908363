// The guarded migrator (issue 3): applies drizzle-kit's SQL in journal order and refuses, rather
// than skips, an edited or out-of-order migration; checks foreign keys afterwards.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { migrate, MigrationError, migrationsFolder } from "../../db/migrate";
import { openDatabase, type SqliteDatabase } from "../../db/open";

type Journal = { version: string; dialect: string; entries: Array<{ idx: number; version: string; when: number; tag: string; breakpoints: boolean }> };

let dir: string;
let folder: string;
let sqlite: SqliteDatabase;

beforeEach(() => {
  dir = path.resolve(process.cwd(), `.tmp/migrate-${crypto.randomBytes(4).toString("hex")}`);
  folder = path.join(dir, "migrations");
  fs.cpSync(migrationsFolder(), folder, { recursive: true });
  sqlite = openDatabase(`file:${path.join(dir, "test.db")}`);
});

afterEach(() => {
  sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function journal(): Journal {
  return JSON.parse(fs.readFileSync(path.join(folder, "meta/_journal.json"), "utf8")) as Journal;
}

function addMigration(idx: number, tag: string, sql: string) {
  const j = journal();
  j.entries.push({ idx, version: "6", when: Date.UTC(2026, 0, 1) + idx, tag, breakpoints: true });
  fs.writeFileSync(path.join(folder, "meta/_journal.json"), JSON.stringify(j, null, 2));
  fs.writeFileSync(path.join(folder, `${tag}.sql`), sql);
}

function tables(): string[] {
  return (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
}

function applied(): string[] {
  return (sqlite.prepare("SELECT tag FROM _migrations ORDER BY idx").all() as Array<{ tag: string }>).map((r) => r.tag);
}

function migrationError(fn: () => unknown): MigrationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MigrationError) return error;
    throw error;
  }
  throw new Error("expected a MigrationError");
}

describe("the guarded migrator", () => {
  it("applies every migration of the journal to a fresh database, in order", () => {
    const tags = journal().entries.sort((a, b) => a.idx - b.idx).map((e) => e.tag);
    expect(migrate(sqlite, folder)).toEqual({ applied: tags });
    expect(applied()).toEqual(tags);
    expect(tables()).toEqual(expect.arrayContaining(["institutions", "users", "memberships", "sessions", "invitations", "outbox", "audit_events"]));
    const triggers = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string }>).map((t) => t.name);
    expect(triggers).toEqual(expect.arrayContaining(["audit_events_no_update", "audit_events_no_delete"]));
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
  });

  it("does nothing when run again", () => {
    migrate(sqlite, folder);
    const before = sqlite.prepare("SELECT * FROM _migrations ORDER BY idx").all();
    expect(migrate(sqlite, folder)).toEqual({ applied: [] });
    expect(sqlite.prepare("SELECT * FROM _migrations ORDER BY idx").all()).toEqual(before);
  });

  it("applies only the new migration when one is added", () => {
    migrate(sqlite, folder);
    addMigration(journal().entries.length, "0099_add_note", "CREATE TABLE notes (id text PRIMARY KEY);");
    expect(migrate(sqlite, folder)).toEqual({ applied: ["0099_add_note"] });
    expect(tables()).toContain("notes");
  });

  it("refuses a migration edited after it was applied", () => {
    migrate(sqlite, folder);
    const first = journal().entries[0]!.tag;
    fs.appendFileSync(path.join(folder, `${first}.sql`), "\n-- a harmless-looking edit\n");
    const error = migrationError(() => migrate(sqlite, folder));
    expect(error.message).toContain("edited");
    expect(error.message).toContain(first);
  });

  it("refuses a migration older than the last applied one that was never applied", () => {
    migrate(sqlite, folder);
    const next = journal().entries.length;
    addMigration(next + 1, "0098_later", "CREATE TABLE later (id text PRIMARY KEY);");
    migrate(sqlite, folder);
    addMigration(next, "0097_forgotten", "CREATE TABLE forgotten (id text PRIMARY KEY);");
    const error = migrationError(() => migrate(sqlite, folder));
    expect(error.message).toContain("older than the last applied");
    expect(error.message).toContain("0097_forgotten");
    expect(tables()).not.toContain("forgotten");
  });

  it("refuses an applied migration that has disappeared from the journal", () => {
    migrate(sqlite, folder);
    const j = journal();
    const removed = j.entries.pop()!;
    fs.writeFileSync(path.join(folder, "meta/_journal.json"), JSON.stringify(j));
    expect(migrationError(() => migrate(sqlite, folder)).message).toContain(removed.tag);
  });

  it("rolls back and reports a migration that leaves a foreign key violated", () => {
    migrate(sqlite, folder);
    addMigration(
      journal().entries.length,
      "0099_orphan",
      "CREATE TABLE extra (id text PRIMARY KEY);\n--> statement-breakpoint\nINSERT INTO memberships (id, institution_id, user_id, role, created_at) VALUES ('m1', 'no-such-institution', 'no-such-user', 'rm', '2026-01-01T00:00:00.000Z');",
    );
    const error = migrationError(() => migrate(sqlite, folder));
    expect(error.message).toContain("foreign_key_check");
    expect(tables()).not.toContain("extra");
    expect(sqlite.prepare("SELECT count(*) AS n FROM memberships").get()).toEqual({ n: 0 });
    expect(applied()).not.toContain("0099_orphan");
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
  });

  it("rolls back every pending migration when one of them fails", () => {
    const error = (() => {
      addMigration(journal().entries.length, "0099_broken", "CREATE TABLE ok_table (id text);\n--> statement-breakpoint\nTHIS IS NOT SQL;");
      try {
        migrate(sqlite, folder);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(Error);
    expect(tables()).not.toContain("users");
    expect(tables()).not.toContain("ok_table");
    expect(sqlite.prepare("SELECT count(*) AS n FROM _migrations").get()).toEqual({ n: 0 });
  });
});

describe("migration 0004: deactivation moves from the person to the membership", () => {
  it("keeps whoever was deactivated deactivated in every institution, and clears the person's flag", () => {
    const full = journal();
    const upTo3 = { ...full, entries: full.entries.filter((e) => e.idx < 4) };
    fs.writeFileSync(path.join(folder, "meta/_journal.json"), JSON.stringify(upTo3, null, 2));
    migrate(sqlite, folder);
    const at = "2026-01-02T03:04:05.000Z";
    sqlite.exec(`
      INSERT INTO institutions (id, name, slug, created_at) VALUES ('a', 'A', 'a', '${at}'), ('b', 'B', 'b', '${at}');
      INSERT INTO users (id, email, name, is_active, created_at, updated_at) VALUES
        ('gone', 'gone@x.test', 'Gone', 0, '${at}', '2026-03-01T00:00:00.000Z'),
        ('here', 'here@x.test', 'Here', 1, '${at}', '${at}');
      INSERT INTO memberships (id, institution_id, user_id, role, created_at) VALUES
        ('m1', 'a', 'gone', 'rm', '${at}'), ('m2', 'b', 'gone', 'admin', '${at}'), ('m3', 'a', 'here', 'admin', '${at}');
    `);
    fs.writeFileSync(path.join(folder, "meta/_journal.json"), JSON.stringify(full, null, 2));
    expect(migrate(sqlite, folder).applied).toContain("0004_membership-deactivation");
    expect(sqlite.prepare("SELECT id, is_active AS active FROM users ORDER BY id").all()).toEqual([
      { id: "gone", active: 1 },
      { id: "here", active: 1 },
    ]);
    expect(sqlite.prepare("SELECT id, deactivated_at AS at FROM memberships ORDER BY id").all()).toEqual([
      { id: "m1", at: "2026-03-01T00:00:00.000Z" },
      { id: "m2", at: "2026-03-01T00:00:00.000Z" },
      { id: "m3", at: null },
    ]);
  });
});
