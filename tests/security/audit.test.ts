// Audit tampering (issue 13, area 8; contract L4): on copies of the live server's database, an
// attacker with write access to the file (triggers dropped) edits an event, rewrites history and
// recomputes every later hash with the chain's public algorithm, deletes the tail, or appends a
// forged event with a valid hash. `npm run audit:verify` (scripts/audit-verify.ts, run with the
// server's own environment) must pass the untouched copy and fail every tampered one.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, test } from "vitest";
import { canonicalJson } from "../../app/domain/canonical-json";
import { signIn, Tally } from "./helpers/http";
import { startApp, type App } from "./helpers/server";

const run = promisify(execFile);
let app: App;
const tally = new Tally("audit");
beforeAll(async () => {
  app = await startApp("audit");
});
afterAll(async () => {
  tally.print();
  await app?.stop();
});

type Row = Record<string, unknown> & { id: string; chain: string; seq: number; prev_hash: string; hash: string };

/** The chain's unkeyed hash, as anyone reading the source can compute it. */
function publicHash(prev: string, r: Row): string {
  const parse = (v: unknown) => (v === null || v === undefined ? null : JSON.parse(String(v)));
  const content = canonicalJson({
    id: r.id,
    chain: r.chain,
    seq: r.seq,
    institutionId: r.institution_id ?? null,
    actorType: r.actor_type,
    actorId: r.actor_id ?? null,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id ?? null,
    before: parse(r.before),
    after: parse(r.after),
    reason: r.reason ?? null,
    createdAt: r.created_at,
  });
  return crypto.createHash("sha256").update(`${prev}\n${content}`).digest("hex");
}

async function copy(name: string): Promise<{ file: string; db: Database.Database }> {
  const file = path.join(app.dir, `audit-${name}.db`);
  await app.db().backup(file);
  const db = new Database(file);
  for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'").all() as Array<{ name: string }>) db.exec(`DROP TRIGGER "${t.name}"`);
  return { file, db };
}

async function auditVerify(file: string): Promise<{ code: number; out: string }> {
  return run(path.resolve("node_modules/.bin/tsx"), ["scripts/audit-verify.ts"], { env: { ...process.env, ...app.env, DATABASE_URL: `file:${file}` }, timeout: 30_000 }).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, out: `${e.stdout ?? ""}${e.stderr ?? ""}` }),
  );
}

test("audit:verify detects an edit, a rewritten history, a truncated tail and a forged appended event", async () => {
  // Some live activity first, so the chain has recent events.
  const rm = await signIn(app, app.seed.users.bRm, app.seed.password, tally);
  for (let i = 0; i < 3; i++) await rm.form("/app/clients/new", { name: `Audit Activity ${i} S.A.`, country: "PE", sector: "14", contactName: "A", contactEmail: `a${i}@example.test` });
  const chain = app.seed.institutions.b;
  const rowsOf = (db: Database.Database) => db.prepare("SELECT * FROM audit_events WHERE chain = ? ORDER BY seq").all(chain) as Row[];

  const base = await copy("untouched");
  base.db.close();
  const untouched = await auditVerify(base.file);
  expect(untouched.code, `audit:verify on the untouched copy:\n${untouched.out}`).toBe(0);

  const verdicts: Record<string, number> = {};
  // 1. Edit one event, nothing else.
  {
    const { file, db } = await copy("edit");
    const rows = rowsOf(db);
    const target = rows[Math.floor(rows.length / 2)]!;
    db.prepare("UPDATE audit_events SET reason = 'nothing to see here' WHERE id = ?").run(target.id);
    db.close();
    verdicts["edited event"] = (await auditVerify(file)).code;
  }
  // 2. Rewrite history: edit an event and recompute every later hash.
  {
    const { file, db } = await copy("rewrite");
    const rows = rowsOf(db);
    const from = Math.floor(rows.length / 3);
    const update = db.prepare("UPDATE audit_events SET reason = ?, prev_hash = ?, hash = ? WHERE id = ?");
    db.transaction(() => {
      let prev = rows[from - 1]?.hash ?? "0".repeat(64);
      for (let i = from; i < rows.length; i++) {
        const r = { ...rows[i]!, reason: i === from ? "rewritten by the attacker" : rows[i]!.reason };
        const h = publicHash(prev, r);
        update.run(r.reason ?? null, prev, h, r.id);
        prev = h;
      }
    })();
    db.close();
    verdicts["rewritten history with recomputed hashes"] = (await auditVerify(file)).code;
  }
  // 3. Truncate the tail.
  {
    const { file, db } = await copy("truncate");
    const rows = rowsOf(db);
    db.prepare("DELETE FROM audit_events WHERE chain = ? AND seq > ?").run(chain, rows[rows.length - 1]!.seq - 5);
    db.close();
    verdicts["truncated tail (last 5)"] = (await auditVerify(file)).code;
  }
  // 4. Append a forged event with a valid hash.
  {
    const { file, db } = await copy("forge");
    const rows = rowsOf(db);
    const last = rows[rows.length - 1]!;
    const forged: Row = { ...last, id: `${last.id.slice(0, -4)}frgd`, seq: last.seq + 1, action: "decision.approved", reason: "forged approval", created_at: new Date().toISOString(), prev_hash: last.hash, hash: "" };
    forged.hash = publicHash(last.hash, forged);
    const cols = Object.keys(forged);
    db.prepare(`INSERT INTO audit_events (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`).run(...cols.map((c) => forged[c] as never));
    db.close();
    verdicts["forged appended event"] = (await auditVerify(file)).code;
  }
  const undetected = Object.entries(verdicts).filter(([, code]) => code === 0).map(([k]) => k);
  tally.count("tampering cases", Object.keys(verdicts).length);
  tally.count("undetected", undetected.length);
  expect(undetected).toEqual([]);
  expect(tally.fiveXX).toEqual([]);
});
