// npm run db:backup (issue 3): an online copy of the live database that opens, passes its
// integrity check and holds the same data; it never overwrites an existing file.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { asc } from "drizzle-orm";
import { auditEvents, users } from "../../db/tables";
import { getSqliteConnection } from "~/db.server";
import { onPostgres } from "../helpers/engine";
import { getEnv } from "~/env.server";
import { createInstitution, createUser, db } from "../helpers/factories";

const dir = path.resolve(process.cwd(), `.tmp/backup-${crypto.randomBytes(4).toString("hex")}`);

function backup(target: string) {
  return spawnSync("npx", ["tsx", "scripts/backup.ts", target], { env: { ...process.env, DATABASE_URL: getEnv().databaseUrl }, encoding: "utf8" });
}

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(onPostgres)("scripts/backup.ts", () => {
  it("writes a copy that opens and holds the same users and audit events, while the source stays open", async () => {
    const inst = await createInstitution();
    await createUser(inst, ["admin"], { email: "backup-admin@example.test" });
    await createUser(inst, ["rm", "auditor"], { email: "backup-rm@example.test" });
    const target = path.join(dir, "nested", "copy.db");

    const result = backup(target);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`backup written to ${target} (integrity: ok)`);

    const copy = new Database(target, { readonly: true });
    try {
      const copiedUsers = copy.prepare("SELECT id, email, password_hash AS passwordHash, is_active AS isActive FROM users ORDER BY id").all();
      const liveUsers = await db().select({ id: users.id, email: users.email, passwordHash: users.passwordHash, isActive: users.isActive }).from(users).orderBy(asc(users.id));
      expect(copiedUsers.map((u) => (u as { email: string }).email)).toEqual(expect.arrayContaining(["backup-admin@example.test", "backup-rm@example.test"]));
      expect(copiedUsers).toEqual(liveUsers.map((u) => ({ ...u, isActive: u.isActive ? 1 : 0 })));
      expect(copy.prepare("SELECT count(*) AS n FROM audit_events").get()).toEqual({ n: (await db().select().from(auditEvents)).length });
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      const migrations = "SELECT tag, hash FROM _migrations ORDER BY idx";
      expect(copy.prepare(migrations).all()).toEqual(getSqliteConnection().sqlite.prepare(migrations).all());
    } finally {
      copy.close();
    }
  });

  it("refuses to overwrite an existing file, and asks for a target when none is given", () => {
    fs.mkdirSync(dir, { recursive: true });
    const existing = path.join(dir, "existing.db");
    fs.writeFileSync(existing, "keep me");
    const result = backup(existing);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("refusing to overwrite");
    expect(fs.readFileSync(existing, "utf8")).toBe("keep me");

    const usage = spawnSync("npx", ["tsx", "scripts/backup.ts"], { env: process.env, encoding: "utf8" });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("usage:");
  });
});

describe.skipIf(!onPostgres)("scripts/backup.ts on PostgreSQL", () => {
  it("names pg_dump and point-in-time recovery instead of copying a file, and writes nothing", () => {
    const target = path.join(dir, "pg.db");
    const result = backup(target);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("pg_dump --format=custom");
    expect(result.stderr).toContain("pg_basebackup");
    expect(fs.existsSync(target)).toBe(false);
  });
});
