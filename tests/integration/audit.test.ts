// The audit chain (issue 3, PRODUCT.md "Audit log"): it verifies after real actions, the database
// refuses UPDATE and DELETE, and a row altered behind the triggers' back is found and named, both
// by the repository and by `npm run audit:verify`.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { and, asc, eq } from "drizzle-orm";
import { auditEvents } from "../../db/tables";
import { getSqliteConnection } from "~/db.server";
import { onPostgres, rawExec, tamper } from "../helpers/engine";
import { getEnv } from "~/env.server";
import { action as usersAction } from "~/routes/app+/admin+/users";
import { loader as auditLoader } from "~/routes/app+/admin+/audit";
import { verifyAllChains, verifyInstitutionChain } from "~/repositories/audit-events.server";
import { cookieFor, createInstitution, createUser, db, PASSWORD } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";

const TRIGGERS = fs.readFileSync(path.resolve(process.cwd(), "db/migrations/0001_audit-append-only.sql"), "utf8").split("--> statement-breakpoint");

async function busyBank() {
  const inst = await createInstitution();
  const admin = await createUser(inst, ["admin"]);
  const rm = await createUser(inst, ["rm"]);
  const cookie = await cookieFor(admin);
  const post = (fields: Record<string, string | string[]>) => settle(() => usersAction({ request: formRequest("/app/admin/users", fields, cookie), params: {}, context: {} }));
  expect((await post({ intent: "invite", password: PASSWORD, name: "Eva", email: `eva-${inst.slice(-6).toLowerCase()}@example.test`, roles: ["auditor"] })).status).toBe(302);
  expect((await post({ intent: "set-roles", password: PASSWORD, userId: rm.id, roles: ["rm", "approver"] })).status).toBe(302);
  expect((await post({ intent: "deactivate", userId: rm.id })).status).toBe(302);
  expect((await post({ intent: "reactivate", userId: rm.id })).status).toBe(302);
  return { inst, admin, cookie };
}

async function eventsOf(chain: string) {
  return await db().select().from(auditEvents).where(eq(auditEvents.chain, chain)).orderBy(asc(auditEvents.seq));
}

/** A consistent copy of the test database for a child process to read. */
function copyDatabase(): string {
  const file = path.resolve(process.cwd(), `.tmp/audit-cli-${crypto.randomBytes(4).toString("hex")}.db`);
  getSqliteConnection().sqlite.exec(`VACUUM INTO '${file}'`);
  return file;
}

/** The CLI on a copy of the database, with the original's checkpoint file and audit key. */
function auditVerify(file: string) {
  return spawnSync("npx", ["tsx", "scripts/audit-verify.ts"], { env: { ...process.env, DATABASE_URL: file ? `file:${file}` : process.env.DATABASE_URL, AUDIT_CHECKPOINT_FILE: getEnv().auditCheckpointFile }, encoding: "utf8" });
}

function removeCopy(file: string) {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
}

describe("an intact audit chain", () => {
  it("verifies after admin work, with one event per change, in order and linked", async () => {
    const { inst, admin } = await busyBank();
    const events = await eventsOf(inst);
    expect(events.map((e) => e.action)).toEqual(["institution.created", "user.invited", "user.roles-changed", "user.deactivated", "user.reactivated"]);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events.slice(1).every((e) => e.actorId === admin.id)).toBe(true);
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
    const verdict = await verifyInstitutionChain(inst, db());
    expect(verdict).toMatchObject({ ok: true, chain: inst, count: 5, lastHash: events[4]!.hash });
    const all = await verifyAllChains(db());
    expect(all.map((v) => v.chain)).toContain(inst);
    expect(all.every((v) => v.ok)).toBe(true);
  });

  it("is reported intact on the audit page", async () => {
    const { cookie } = await busyBank();
    const page = await auditLoader({ request: getRequest("/app/admin/audit?verify=1", cookie), params: {}, context: {} });
    expect(page.verdict).toMatchObject({ ok: true, count: 5 });
  });
});

describe("the database", () => {
  it("refuses UPDATE and DELETE on audit_events", async () => {
    const { inst } = await busyBank();
    const target = (await eventsOf(inst))[1]!;
    await expect(rawExec("UPDATE audit_events SET reason = 'edited' WHERE id = ?", [target.id])).rejects.toThrow(/append-only/);
    await expect(rawExec("DELETE FROM audit_events WHERE id = ?", [target.id])).rejects.toThrow(/append-only/);
    await expect(rawExec("DELETE FROM audit_events")).rejects.toThrow(/append-only/);
    if (onPostgres) await expect(rawExec("TRUNCATE audit_events CASCADE")).rejects.toThrow(/append-only/);
    expect((await eventsOf(inst))[1]).toEqual(target);
    expect((await verifyInstitutionChain(inst, db())).ok).toBe(true);
  });
});

describe("npm run audit:verify", () => {
  it("exits 0 on an intact database and 1 naming the altered event after tampering", async () => {
    const { inst } = await busyBank();
    const target = (await eventsOf(inst))[2]!;
    // SQLite: a consistent copy of the file; PostgreSQL: the CLI reads the live database (it only reads).
    const file = onPostgres ? "" : copyDatabase();
    try {
      const intact = auditVerify(file);
      expect(intact.stderr).toBe("");
      expect(intact.status).toBe(0);
      expect(intact.stdout).toContain(`ok      ${inst}: 5 events`);
      expect(intact.stdout).not.toContain("BROKEN");

      if (onPostgres) {
        await tamper("audit_events", "UPDATE audit_events SET after = ? WHERE id = ?", [JSON.stringify({ roles: ["admin"] }), target.id]);
      } else {
        const copy = new Database(file);
        copy.exec("DROP TRIGGER audit_events_no_update");
        copy.prepare("UPDATE audit_events SET after = ? WHERE id = ?").run(JSON.stringify({ roles: ["admin"] }), target.id);
        copy.close();
      }

      const broken = auditVerify(file);
      expect(broken.status).toBe(1);
      expect(broken.stdout).toContain("BROKEN");
      expect(broken.stdout).toContain(target.id);
      expect(broken.stdout).toContain(`event #${target.seq}`);
      expect(broken.stdout).toContain(inst);
    } finally {
      if (file) removeCopy(file);
      // PostgreSQL: the CLI read the live database; put the event back for the tests that follow.
      else await tamper("audit_events", "UPDATE audit_events SET after = ? WHERE id = ?", [JSON.stringify(target.after), target.id]);
    }
  });
});

describe("tampering behind the triggers' back", () => {
  // These tests alter the test file's own database, so they run last in this file and put the
  // triggers back afterwards.
  afterEach(() => {
    if (onPostgres) return;
    const { sqlite } = getSqliteConnection();
    for (const statement of TRIGGERS) {
      const name = /CREATE TRIGGER (\w+)/.exec(statement)?.[1];
      if (name && !sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(name)) sqlite.exec(statement);
    }
  });

  it("an altered `after` breaks verification at that event, naming its id and seq; other chains stay intact", async () => {
    const { inst, cookie } = await busyBank();
    const other = await busyBank();
    const target = (await eventsOf(inst))[2]!;
    expect(target.action).toBe("user.roles-changed");
    await tamper("audit_events", "UPDATE audit_events SET after = ? WHERE id = ?", [JSON.stringify({ roles: ["rm"] }), target.id]);

    const verdict = await verifyInstitutionChain(inst, db());
    expect(verdict).toMatchObject({ ok: false, chain: inst, brokenEventId: target.id, brokenSeq: target.seq });
    if (!verdict.ok) expect(verdict.problem).toMatch(/hash mismatch/);
    expect((await verifyInstitutionChain(other.inst, db())).ok).toBe(true);
    const all = await verifyAllChains(db());
    expect(all.filter((v) => !v.ok).map((v) => v.chain)).toEqual([inst]);

    const page = await auditLoader({ request: getRequest("/app/admin/audit?verify=1", cookie), params: {}, context: {} });
    expect(page.verdict).toMatchObject({ ok: false, brokenEventId: target.id, brokenSeq: target.seq });
  });

  it("a removed event breaks verification at the event after it", async () => {
    const { inst } = await busyBank();
    const [, second, third] = await eventsOf(inst);
    await tamper("audit_events", "DELETE FROM audit_events WHERE id = ?", [second!.id]);
    const verdict = await verifyInstitutionChain(inst, db());
    expect(verdict).toMatchObject({ ok: false, brokenEventId: third!.id, brokenSeq: third!.seq });
  });

  it("a rewritten event with a recomputed hash is caught at itself: its HMAC no longer matches", async () => {
    const { inst } = await busyBank();
    const events = await eventsOf(inst);
    const target = events[1]!;
    const { auditEventHash } = await import("~/domain/audit-chain");
    const forged = { ...target, after: { email: "someone-else@example.test" } };
    const hash = auditEventHash(target.prevHash, forged);
    await tamper("audit_events", "UPDATE audit_events SET after = ?, hash = ? WHERE id = ?", [JSON.stringify(forged.after), hash, target.id]);
    const verdict = await verifyInstitutionChain(inst, db());
    expect(verdict).toMatchObject({ ok: false, brokenEventId: target.id, brokenSeq: 2 });
    if (!verdict.ok) expect(verdict.problem).toMatch(/HMAC mismatch/);
    const stored = (await db().select().from(auditEvents).where(and(eq(auditEvents.chain, inst), eq(auditEvents.seq, 2))).limit(1))[0];
    expect(stored?.hash).toBe(hash);
  });
});
