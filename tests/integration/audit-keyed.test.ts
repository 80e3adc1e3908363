// The keyed audit chain against a real database (issue 13, L4; ADR 002): events are written keyed
// and checkpointed (table, and the file once the transaction commits, never after a rollback);
// the insert trigger refuses anything but the chain's next keyed event; on copies of the
// database, with the triggers dropped as an attacker with the file would, audit:verify's core
// finds a history rewritten with recomputed hashes, a truncated tail (checkpoints removed from
// the table too) and a forged appended event with a valid plain hash; the real CLI passes the
// untouched copy and names the missing tail; key rotation; chains from before the migration are
// verified the old way and anchored by the first keyed event or checkpoint.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { asc, eq } from "drizzle-orm";
import * as schema from "../../db/schema";
import { auditCheckpoints, auditEvents } from "../../db/schema";
import { migrate, migrationsFolder } from "../../db/migrate";
import { openDatabase } from "../../db/open";
import { getConnection, write, type Reader, type Tx } from "~/db.server";
import { auditEventHash, auditKeyId, GENESIS_HASH, type AuditRecord } from "~/domain/audit-chain";
import { getEnv } from "~/env.server";
import { readCheckpointFile } from "~/repositories/audit-checkpoint-file.server";
import { appendAuditEvent, CHECKPOINT_EVERY_MS, verifyAuditLog, verifyInstitutionChain } from "~/repositories/audit-events.server";
import { runAuditCheckpoints } from "~/services/audit-checkpoints.server";
import { newId } from "~/ids.server";
import { insertInstitution } from "~/repositories/institutions.server";
import { db } from "../helpers/factories";

// Every event of this file is written at an injected clock, so checkpoint timing is exact.
const NOW = new Date("2030-01-01T09:00:00.000Z");
const copies: string[] = [];

function event(institutionId: string, i: number, now = NOW) {
  return { institutionId, actorType: "system" as const, actorId: null, action: "client.updated", subjectType: "client", subjectId: `cl-${i}`, after: { i }, now };
}

async function newBank(): Promise<string> {
  const id = newId();
  await write({ institutionId: null }, async (tx) => {
    await insertInstitution({ id, name: "Banco Llave", slug: `banco-llave-${id.toLowerCase()}`, createdAt: NOW.toISOString() }, tx);
    await appendAuditEvent({ institutionId: id, actorType: "system", actorId: null, action: "institution.created", subjectType: "institution", subjectId: id, now: NOW }, tx);
  });
  return id;
}

/** A bank with `n` events after its creation. */
async function bankWith(n: number): Promise<string> {
  const inst = await newBank();
  for (let i = 0; i < n; i++) await write({ institutionId: null }, async (tx) => appendAuditEvent(event(inst, i), tx));
  return inst;
}

async function eventsOf(chain: string, on: Reader = db()) {
  return await on.select().from(auditEvents).where(eq(auditEvents.chain, chain)).orderBy(asc(auditEvents.seq));
}

/** A copy of the test database, triggers dropped, as an attacker with the file would have it. */
function attackerCopy(): { file: string; sqlite: Database.Database; db: Reader } {
  const file = path.resolve(process.cwd(), `.tmp/audit-keyed-${crypto.randomBytes(4).toString("hex")}.db`);
  getConnection().sqlite.exec(`VACUUM INTO '${file}'`);
  copies.push(file);
  const sqlite = new Database(file);
  for (const trigger of ["audit_events_no_update", "audit_events_no_delete", "audit_events_append_only_at_end", "audit_checkpoints_no_delete"]) sqlite.exec(`DROP TRIGGER ${trigger}`);
  return { file, sqlite, db: drizzle(sqlite, { schema }) };
}

/** Rewrites every event of a chain from `fromSeq` on with recomputed plain hashes (no key needed). */
async function recomputeFrom(sqlite: Database.Database, on: Reader, chain: string, fromSeq: number) {
  const rows = await eventsOf(chain, on);
  let prev = fromSeq > 1 ? rows[fromSeq - 2]!.hash : GENESIS_HASH;
  for (const row of rows.filter((r) => r.seq >= fromSeq)) {
    const hash = auditEventHash(prev, { ...row, before: row.before ?? null, after: row.after ?? null });
    sqlite.prepare("UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?").run(prev, hash, row.id);
    prev = hash;
  }
}

async function verdictFor(chain: string, on: Reader) {
  return (await verifyAuditLog(on)).chains.find((c) => c.chain === chain)!;
}

function cli(file: string, env: Record<string, string> = {}) {
  return spawnSync("npx", ["tsx", "scripts/audit-verify.ts"], { env: { ...process.env, DATABASE_URL: `file:${file}`, AUDIT_CHECKPOINT_FILE: getEnv().auditCheckpointFile, ...env }, encoding: "utf8" });
}

afterAll(() => {
  for (const file of copies) for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
});

describe("writing the keyed chain", () => {
  it("keys every event, checkpoints a chain's first event in the table and, after commit, in the file", async () => {
    const inst = await bankWith(3);
    const events = await eventsOf(inst);
    const keyId = auditKeyId(getEnv().auditHmacKeys[0]!);
    expect(events.map((e) => [e.format, e.keyId, /^[0-9a-f]{64}$/.test(e.mac ?? "")])).toEqual(events.map(() => [2, keyId, true]));
    expect(await db().select().from(auditCheckpoints).where(eq(auditCheckpoints.chain, inst))).toMatchObject([{ seq: 1, hash: events[0]!.hash, keyId }]);
    expect(readCheckpointFile(getEnv().auditCheckpointFile).checkpoints.filter((c) => c.chain === inst)).toMatchObject([{ seq: 1, hash: events[0]!.hash }]);
    expect(await verifyInstitutionChain(inst, db())).toMatchObject({ ok: true, count: 4 });
  });

  it("checkpoints every 100 events, and a quiet chain's head from the background work after 10 minutes", async () => {
    const inst = await bankWith(120);
    expect((await db().select({ seq: auditCheckpoints.seq }).from(auditCheckpoints).where(eq(auditCheckpoints.chain, inst))).map((c) => c.seq)).toEqual([1, 101]);
    expect((await runAuditCheckpoints(new Date(NOW.getTime() + CHECKPOINT_EVERY_MS - 1000))).written).toBe(0);
    const later = await runAuditCheckpoints(new Date(NOW.getTime() + CHECKPOINT_EVERY_MS));
    expect(later.written).toBeGreaterThanOrEqual(1);
    expect((await db().select({ seq: auditCheckpoints.seq }).from(auditCheckpoints).where(eq(auditCheckpoints.chain, inst))).map((c) => c.seq)).toEqual([1, 101, 121]);
    expect(readCheckpointFile(getEnv().auditCheckpointFile).checkpoints.filter((c) => c.chain === inst).map((c) => c.seq)).toEqual([1, 101, 121]);
  });

  it("writes nothing to the checkpoint file for a transaction that rolls back, nested or not", async () => {
    const inst = await bankWith(1);
    const before = fs.readFileSync(getEnv().auditCheckpointFile, "utf8");
    const later = new Date(NOW.getTime() + 2 * CHECKPOINT_EVERY_MS);
    await expect(write({ institutionId: null }, async (tx) => {
        // Due by time: this event gets a checkpoint, in a savepoint that "commits" first.
        await write({ institutionId: null }, async () => appendAuditEvent(event(inst, 1, later), tx));
        throw new Error("abort");
      })).rejects.toThrow("abort");
    expect(fs.readFileSync(getEnv().auditCheckpointFile, "utf8")).toBe(before);
    expect(await db().select().from(auditCheckpoints).where(eq(auditCheckpoints.chain, inst))).toHaveLength(1);
    await write({ institutionId: null }, async (tx) => appendAuditEvent(event(inst, 1, later), tx));
    expect(readCheckpointFile(getEnv().auditCheckpointFile).checkpoints.filter((c) => c.chain === inst).map((c) => c.seq)).toEqual([1, 3]);
  });

  it("the database refuses an INSERT that is not the chain's next keyed event", async () => {
    const inst = await bankWith(2);
    const last = (await eventsOf(inst)).at(-1)!;
    const { sqlite } = getConnection();
    const insert = (over: Partial<typeof last>) => {
      const row = { ...last, id: crypto.randomBytes(6).toString("hex"), seq: last.seq + 1, prevHash: last.hash, ...over };
      sqlite
        .prepare("INSERT INTO audit_events (id, chain, seq, institution_id, actor_type, action, subject_type, created_at, prev_hash, hash, format, key_id, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .run(row.id, row.chain, row.seq, row.institutionId, row.actorType, row.action, row.subjectType, row.createdAt, row.prevHash, row.hash, row.format, row.keyId, row.mac);
    };
    expect(() => insert({ seq: last.seq + 2 })).toThrow(/only the next keyed event/);
    expect(() => insert({ prevHash: GENESIS_HASH })).toThrow(/only the next keyed event/);
    expect(() => insert({ format: 1, keyId: null, mac: null })).toThrow(/only the next keyed event/);
    expect(() => sqlite.prepare("DELETE FROM audit_checkpoints").run()).toThrow(/append-only/);
    expect((await verifyInstitutionChain(inst, db())).ok).toBe(true);
  });
});

describe("tampering with the database file, without the key", () => {
  it("an untouched copy passes, in the core and in the real CLI", async () => {
    await bankWith(4);
    const copy = attackerCopy();
    expect((await verifyAuditLog(copy.db)).chains.every((c) => c.ok)).toBe(true);
    expect((await verifyAuditLog(copy.db)).file.problem).toBeNull();
    copy.sqlite.close();
    const run = cli(copy.file);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain("BROKEN");
    expect(run.stdout).toMatch(/ok {6}checkpoint file .*: \d+ checkpoints/);
  });

  it("a history rewritten with every later hash recomputed is named at the rewritten event", async () => {
    const inst = await bankWith(8);
    const target = (await eventsOf(inst))[3]!;
    const copy = attackerCopy();
    copy.sqlite.prepare("UPDATE audit_events SET after = ? WHERE id = ?").run(JSON.stringify({ i: 999 }), target.id);
    await recomputeFrom(copy.sqlite, copy.db, inst, target.seq);
    expect(await verdictFor(inst, copy.db)).toMatchObject({ ok: false, brokenSeq: target.seq, brokenEventId: target.id, problem: expect.stringMatching(/HMAC mismatch/) });
    // Downgraded to unkeyed events to dodge the HMAC: the first one after keyed ones is named.
    copy.sqlite.prepare("UPDATE audit_events SET format = 1, key_id = NULL, mac = NULL WHERE chain = ? AND seq >= ?").run(inst, target.seq);
    expect(await verdictFor(inst, copy.db)).toMatchObject({ ok: false, brokenSeq: target.seq, problem: expect.stringMatching(/unkeyed event after keyed ones/) });
    copy.sqlite.close();
  });

  it("a truncated tail is found below the last checkpoint, even with the table's checkpoints removed too (the file keeps them)", async () => {
    const inst = await bankWith(6);
    await runAuditCheckpoints(new Date(NOW.getTime() + CHECKPOINT_EVERY_MS));
    const events = await eventsOf(inst);
    const copy = attackerCopy();
    copy.sqlite.prepare("DELETE FROM audit_events WHERE chain = ? AND seq > ?").run(inst, events.length - 3);
    copy.sqlite.prepare("DELETE FROM audit_checkpoints WHERE chain = ? AND seq > ?").run(inst, events.length - 3);
    expect(await verdictFor(inst, copy.db)).toMatchObject({ ok: false, brokenSeq: events.length - 2, brokenEventId: "", problem: expect.stringMatching(new RegExp(`missing tail: the checkpoint file .* covers event #${events.length}, but the chain ends at #${events.length - 3}`)) });
    copy.sqlite.close();
    const run = cli(copy.file);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`BROKEN  ${inst}: event #${events.length - 2} (missing): missing tail`);
  });

  it("a forged event appended with a valid plain hash is named, unkeyed or with a made-up HMAC", async () => {
    const inst = await bankWith(3);
    const last = (await eventsOf(inst)).at(-1)!;
    const forged: AuditRecord = { ...last, id: "forged-event", seq: last.seq + 1, action: "user.roles-changed", subjectType: "user", subjectId: "usr-x", before: null, after: { roles: ["admin"] }, reason: null };
    const hash = auditEventHash(last.hash, forged);
    for (const [format, keyId, mac] of [
      [1, null, null],
      [2, last.keyId, "ab".repeat(32)],
    ] as const) {
      const copy = attackerCopy();
      copy.sqlite
        .prepare("INSERT INTO audit_events (id, chain, seq, institution_id, actor_type, actor_id, action, subject_type, subject_id, before, after, reason, created_at, prev_hash, hash, format, key_id, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .run(forged.id, forged.chain, forged.seq, forged.institutionId, forged.actorType, forged.actorId, forged.action, forged.subjectType, forged.subjectId, null, JSON.stringify(forged.after), null, forged.createdAt, last.hash, hash, format, keyId, mac);
      expect(await verdictFor(inst, copy.db)).toMatchObject({ ok: false, brokenSeq: forged.seq, brokenEventId: "forged-event" });
      copy.sqlite.close();
    }
  });
});

describe("key rotation", () => {
  const NEW_KEY = "rotated-audit-key-0123456789-abcdefghijklmnopq";
  let original: string[];
  beforeEach(() => {
    original = getEnv().auditHmacKeys;
  });
  afterEach(() => {
    getEnv().auditHmacKeys = original;
  });

  it("signs with the newest key, verifies old events with the old one, and names events whose key was dropped", async () => {
    const inst = await bankWith(2);
    getEnv().auditHmacKeys = [NEW_KEY, ...original];
    await write({ institutionId: null }, async (tx) => appendAuditEvent(event(inst, 99, new Date(NOW.getTime() + CHECKPOINT_EVERY_MS)), tx));
    const events = await eventsOf(inst);
    expect(events.at(-1)!.keyId).toBe(auditKeyId(NEW_KEY));
    expect(events[0]!.keyId).toBe(auditKeyId(original[0]!));
    expect((await verifyInstitutionChain(inst, db())).ok).toBe(true);
    getEnv().auditHmacKeys = [NEW_KEY];
    expect(await verifyInstitutionChain(inst, db())).toMatchObject({ ok: false, brokenSeq: 1, problem: expect.stringMatching(/unknown audit key/) });
  });
});

describe("chains written before the migration (format 1)", () => {
  it("are marked format 1, verified the old way, and anchored by the first keyed event or checkpoint", async () => {
    // A database at migration 0004 with an unkeyed chain, as an existing deployment has it.
    const dir = path.resolve(process.cwd(), `.tmp/audit-legacy-${crypto.randomBytes(4).toString("hex")}`);
    const folder = path.join(dir, "migrations");
    fs.cpSync(migrationsFolder(), folder, { recursive: true });
    const journalFile = path.join(folder, "meta/_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: Array<{ idx: number }> };
    fs.writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx <= 4) }));
    const sqlite = openDatabase(`file:${path.join(dir, "legacy.db")}`);
    try {
      migrate(sqlite, folder);
      const chain = "inst_legacy";
      sqlite.prepare("INSERT INTO institutions (id, name, slug, created_at) VALUES (?, 'Banco Antiguo', 'banco-antiguo', ?)").run(chain, NOW.toISOString());
      let prev = GENESIS_HASH;
      for (let seq = 1; seq <= 3; seq++) {
        const r: AuditRecord = { id: `old-${seq}`, chain, seq, institutionId: chain, actorType: "system", actorId: null, action: "client.updated", subjectType: "client", subjectId: null, before: null, after: { seq }, reason: null, createdAt: NOW.toISOString() };
        const hash = auditEventHash(prev, r);
        sqlite.prepare("INSERT INTO audit_events (id, chain, seq, institution_id, actor_type, action, subject_type, after, created_at, prev_hash, hash) VALUES (?, ?, ?, ?, 'system', 'client.updated', 'client', ?, ?, ?, ?)").run(r.id, chain, seq, chain, JSON.stringify(r.after), r.createdAt, prev, hash);
        prev = hash;
      }
      // Now the keyed-chain migrations.
      fs.cpSync(migrationsFolder(), folder, { recursive: true });
      expect(migrate(sqlite, folder).applied).toEqual(["0005_mask_outbox_links", "0006_keyed-audit-chain", "0007_audit-insert-guard", "0008_notifications"]);
      const legacyDb = drizzle(sqlite, { schema }) as unknown as Tx;
      expect((await eventsOf(chain, legacyDb)).map((e) => [e.format, e.keyId, e.mac])).toEqual([
        [1, null, null],
        [1, null, null],
        [1, null, null],
      ]);
      // Unanchored: nothing keyed vouches for them yet (the background work anchors them within a minute).
      expect(await verifyInstitutionChain(chain, legacyDb)).toMatchObject({ ok: false, brokenSeq: 1, problem: expect.stringMatching(/never anchored/) });
      await appendAuditEvent(event(chain, 4), legacyDb);
      expect((await eventsOf(chain, legacyDb)).map((e) => e.format)).toEqual([1, 1, 1, 2]);
      expect(await verifyInstitutionChain(chain, legacyDb)).toMatchObject({ ok: true, count: 4 });
      // An old event edited with every hash recomputed now breaks at the first keyed event.
      sqlite.exec("DROP TRIGGER audit_events_no_update");
      sqlite.prepare("UPDATE audit_events SET after = ? WHERE id = 'old-2'").run(JSON.stringify({ seq: 20 }));
      await recomputeFrom(sqlite, legacyDb, chain, 2);
      expect(await verifyInstitutionChain(chain, legacyDb)).toMatchObject({ ok: false, brokenSeq: 4, problem: expect.stringMatching(/HMAC mismatch/) });
    } finally {
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
