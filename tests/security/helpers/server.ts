// A real production server for one test file: its own copy of the seeded template database and
// data directory, a free port on 127.0.0.1, NODE_ENV=production, started as `tsx scripts/server.ts`
// in its own process group (so kill -9 takes the whole server down at once).
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import Database from "better-sqlite3";
import { inject } from "vitest";
import type { Seed } from "./seed-types";

export type App = {
  port: number;
  origin: string;
  dir: string;
  dbFile: string;
  dataDir: string;
  env: Record<string, string>;
  seed: Seed;
  log: () => string;
  start: () => Promise<void>;
  stop: () => Promise<void>;
  kill9: () => Promise<void>;
  /** A read-only connection to the server's database (WAL: reads see committed writes). */
  db: () => Database.Database;
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(origin: string, child: ChildProcess, log: () => string, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log()}`);
    try {
      const r = await fetch(`${origin}/healthz`);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server not healthy within ${timeoutMs} ms:\n${log()}`);
}

export async function startApp(name: string, extraEnv: Record<string, string> = {}): Promise<App> {
  const { base, dbFile: templateDb, dataDir: templateData, secret, auditKey, seed } = inject("security");
  const dir = path.join(base, `${name}-${crypto.randomBytes(3).toString("hex")}`);
  fs.mkdirSync(dir, { recursive: true });
  const dbFile = path.join(dir, "app.db");
  const dataDir = path.join(dir, "data");
  fs.copyFileSync(templateDb, dbFile);
  fs.cpSync(templateData, dataDir, { recursive: true });
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    NODE_ENV: "production",
    DATABASE_URL: `file:${dbFile}`,
    DATA_DIR: dataDir,
    SESSION_SECRET: secret,
    AUDIT_HMAC_KEY: auditKey,
    AUDIT_CHECKPOINT_FILE: path.join(dataDir, "audit-checkpoints.jsonl"),
    PUBLIC_URL: origin,
    PORT: String(port),
    HOST: "127.0.0.1",
    // One worker process: the attacks target one instance (tests/security/multi-instance.test.ts runs two).
    WEB_CONCURRENCY: "1",
    ...extraEnv,
  };
  let child: ChildProcess | undefined;
  let output = "";
  const log = () => output.slice(-20_000);
  let dbConn: Database.Database | undefined;
  const app: App = {
    port,
    origin,
    dir,
    dbFile,
    dataDir,
    env,
    seed,
    log,
    async start() {
      const started = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/server.ts"], { env: env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
      child = started;
      started.stdout!.on("data", (d) => (output += String(d)));
      started.stderr!.on("data", (d) => (output += String(d)));
      await waitHealthy(origin, started, log);
    },
    async stop() {
      if (!child || child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((r) => child!.once("exit", r));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        return;
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // gone
        }
      }
    },
    async kill9() {
      if (!child || child.pid === undefined) return;
      const exited = new Promise((r) => child!.once("exit", r));
      process.kill(-child.pid, "SIGKILL");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    },
    db() {
      dbConn ??= new Database(dbFile, { readonly: true, fileMustExist: true });
      return dbConn;
    },
  };
  await app.start();
  return app;
}

/** Hashes every row of an institution, table by table (tables with an institution_id column). */
export function hashInstitution(db: Database.Database, institutionId: string, skip: string[] = []): Record<string, string> {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'").all() as Array<{ name: string }>).map((t) => t.name);
  const out: Record<string, string> = {};
  for (const table of tables) {
    if (skip.includes(table)) continue;
    const cols = (db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map((c) => c.name);
    if (!cols.includes("institution_id")) continue;
    const rows = db.prepare(`SELECT * FROM "${table}" WHERE institution_id = ? ORDER BY rowid`).all(institutionId);
    out[table] = crypto.createHash("sha256").update(JSON.stringify(rows)).digest("hex");
  }
  // Users belonging to the institution (name, language, active flag, password).
  const users = db.prepare("SELECT u.* FROM users u WHERE u.id IN (SELECT user_id FROM memberships WHERE institution_id = ?) ORDER BY u.id").all(institutionId);
  out.users = crypto.createHash("sha256").update(JSON.stringify(users)).digest("hex");
  return out;
}

export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
}
